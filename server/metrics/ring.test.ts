import { describe, expect, it } from 'vitest';
import { ColumnRing } from './ring';

describe('ColumnRing', () => {
  it('keeps the last `capacity` points in order across the wrap, NaN and null as null', () => {
    const r = new ColumnRing(['a', 'b'] as const, 3);
    for (let i = 1; i <= 5; i++) r.push(i * 1000, { a: i, b: i % 2 ? null : i });
    expect(r.size).toBe(3);
    expect(r.lastTime).toBe(5000);
    expect(r.since(0)).toEqual({ t: [3000, 4000, 5000], a: [3, 4, 5], b: [null, 4, null] });
    expect(r.since(4000).t).toEqual([4000, 5000]);
  });

  it('means over a window skip gaps; an empty window is null', () => {
    const r = new ColumnRing(['v'] as const, 4);
    for (let i = 0; i < 6; i++) r.push(i * 1000, { v: i === 4 ? Number.NaN : i });
    // kept: t 2000..5000 with v 2, 3, NaN, 5
    expect(r.mean(2000, 6000)).toEqual({ v: (2 + 3 + 5) / 3 });
    expect(r.mean(4000, 5000)).toEqual({ v: null });
    expect(r.mean(10_000, 20_000)).toBeNull();
  });
});
