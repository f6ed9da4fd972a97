import { describe, expect, it } from 'vitest';
import { stepDuration } from './step-duration';

describe('stepDuration (issue 9 item 7)', () => {
  it('shows how long a finished step took', () => {
    expect(stepDuration({ startedAt: 1_000, finishedAt: 3_500 }, 'succeeded')).toBe('2.5 s');
    expect(stepDuration({ startedAt: 1_000, finishedAt: 1_200 }, 'failed')).toBe('0.2 s');
  });

  it('shows none for an interrupted step (its end is the restart, not the step) or one not finished', () => {
    expect(stepDuration({ startedAt: 1_000, finishedAt: 3_600_000 }, 'interrupted')).toBeNull();
    expect(stepDuration({ startedAt: 1_000, finishedAt: null }, 'running')).toBeNull();
    expect(stepDuration(undefined, 'not-run')).toBeNull();
  });
});
