import { describe, expect, it } from 'vitest';
import { appendLive, type SparklinesData } from './sparkline-data';

const live = (t: number, zones: Record<string, number>) => ({
  host: 'sim',
  t,
  ncpus: 8,
  cpuPct: 1,
  memUsed: 1,
  memTotal: 2,
  zones: Object.fromEntries(Object.entries(zones).map(([k, v]) => [k, { cpu: v, rss: v * 10, physcap: null }])),
});

describe('appendLive', () => {
  it('appends a point per zone, drops points out of the window, adds and forgets zones', () => {
    const prev: SparklinesData = { host: 'sim', zones: { a: { t: [1000, 2000], cpu: [0.1, 0.2], rss: [1, 2], physcap: null }, gone: { t: [1000], cpu: [1], rss: [1], physcap: null } } };
    const next = appendLive(prev, live(3000, { a: 0.3, b: 0.5 }), 1500)!;
    expect(next.zones.a).toEqual({ t: [2000, 3000], cpu: [0.2, 0.3], rss: [2, 3], physcap: null });
    expect(next.zones.b).toEqual({ t: [3000], cpu: [0.5], rss: [5], physcap: null });
    expect(next.zones.gone).toBeUndefined();
    // the same message twice (a refetch raced it) adds nothing
    expect(appendLive(next, live(3000, { a: 0.3, b: 0.5 }), 1500)!.zones.a!.t).toEqual([2000, 3000]);
  });

  it('leaves another host or an empty cache alone', () => {
    expect(appendLive(undefined, live(1, {}))).toBeUndefined();
    const other: SparklinesData = { host: 'sim2', zones: {} };
    expect(appendLive(other, live(1, { a: 1 }))).toBe(other);
  });
});
