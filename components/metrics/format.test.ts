import { describe, expect, it } from 'vitest';
import { formatUptime } from './format';

describe('formatUptime', () => {
  it('says the two largest units, and never a negative time', () => {
    const min = 60_000;
    expect([-5 * min, 0, 59_999, min, 14 * min + 59_000, 60 * min, 134 * min, 1440 * min, 1440 * min + 59 * min, 3 * 1440 * min + 4 * 60 * min + 7 * min].map(formatUptime)).toEqual([
      'under a minute',
      'under a minute',
      'under a minute',
      '1 min',
      '14 min',
      '1 h',
      '2 h 14 min',
      '1 d',
      '1 d',
      '3 d 4 h',
    ]);
  });
});
