import { describe, expect, it } from 'vitest';
import { compareNames } from './sort';

describe('compareNames (issue 9 item 7)', () => {
  it('sorts case-insensitively with digits in numeric order', () => {
    const names = ['web10', 'Web2', 'app', 'web1', 'DB', 'web02b', 'web2', 'zone9', 'Zone10', 'a.b_c', 'a_b_c'];
    expect([...names].sort(compareNames)).toEqual(['a_b_c', 'a.b_c', 'app', 'DB', 'web1', 'Web2', 'web2', 'web02b', 'web10', 'zone9', 'Zone10']);
  });

  it('is a total order: names equal but for case keep one fixed order', () => {
    expect(compareNames('Web2', 'web2')).toBeLessThan(0);
    expect(compareNames('web2', 'Web2')).toBeGreaterThan(0);
    expect(compareNames('web2', 'web2')).toBe(0);
  });
});

describe('compareStates', () => {
  it('orders states by a zone\'s life, unknown states last', async () => {
    const { compareStates } = await import('./sort');
    const states = ['configured', 'installed', 'weird', 'running', 'incomplete', 'down', 'ready', 'shutting_down', 'mounted'];
    expect([...states].sort(compareStates)).toEqual(['running', 'ready', 'mounted', 'shutting_down', 'down', 'installed', 'incomplete', 'configured', 'weird']);
  });
});
