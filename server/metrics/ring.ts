// Fixed-size in-memory history of one series set: columns of Float64Array (NaN = no value),
// so an hour of 5-second points for 100 zones is a few MB however long the dashboard runs.

export class ColumnRing<K extends string> {
  private readonly cols: Record<K, Float64Array>;
  private readonly times: Float64Array;
  private next = 0;
  private count = 0;

  constructor(
    readonly keys: readonly K[],
    readonly capacity: number,
  ) {
    this.times = new Float64Array(capacity);
    this.cols = Object.fromEntries(keys.map((k) => [k, new Float64Array(capacity)])) as Record<K, Float64Array>;
  }

  push(t: number, values: Partial<Record<K, number | null>>): void {
    this.times[this.next] = t;
    for (const k of this.keys) {
      const v = values[k];
      this.cols[k][this.next] = v === null || v === undefined || !Number.isFinite(v) ? NaN : v;
    }
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  get size(): number {
    return this.count;
  }

  get lastTime(): number | null {
    return this.count ? this.times[(this.next - 1 + this.capacity) % this.capacity]! : null;
  }

  /** Points with t >= since, oldest first; NaN becomes null (JSON-friendly). */
  since(since: number): { t: number[] } & Record<K, (number | null)[]> {
    const out = { t: [] as number[] } as { t: number[] } & Record<K, (number | null)[]>;
    for (const k of this.keys) (out as Record<K, (number | null)[]>)[k] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const j = (start + i) % this.capacity;
      const t = this.times[j]!;
      if (t < since) continue;
      out.t.push(t);
      for (const k of this.keys) {
        const v = this.cols[k][j]!;
        (out as Record<K, (number | null)[]>)[k].push(Number.isNaN(v) ? null : v);
      }
    }
    return out;
  }

  /** Mean of each column over [from, to) (NaN skipped), or null when no point falls there. */
  mean(from: number, to: number): Record<K, number | null> | null {
    const sums = new Map<K, { s: number; n: number }>(this.keys.map((k) => [k, { s: 0, n: 0 }]));
    let any = false;
    for (let i = 0; i < this.count; i++) {
      const t = this.times[i]!;
      if (t < from || t >= to) continue;
      any = true;
      for (const k of this.keys) {
        const v = this.cols[k][i]!;
        if (Number.isNaN(v)) continue;
        const a = sums.get(k)!;
        a.s += v;
        a.n++;
      }
    }
    if (!any) return null;
    return Object.fromEntries(this.keys.map((k) => {
      const a = sums.get(k)!;
      return [k, a.n ? a.s / a.n : null];
    })) as Record<K, number | null>;
  }
}
