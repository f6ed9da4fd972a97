// Number formats of the metrics UI (shared by charts, their text alternatives and sparklines).

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → "1.5 KiB" (powers of two: what illumos' caps and zfs sizes are made of) */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < IEC.length - 1) {
    v /= 1024;
    i++;
  }
  const s = i === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return `${n < 0 ? '-' : ''}${s} ${IEC[i]}`;
}

export function formatRate(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : `${formatBytes(n)}/s`;
}

export function formatPct(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return `${n >= 10 ? n.toFixed(0) : n.toFixed(1)}%`;
}

/** now (the last value), min and max of a series, skipping gaps */
export function summarize(values: readonly (number | null)[]): { now: number | null; min: number | null; max: number | null } {
  let min: number | null = null;
  let max: number | null = null;
  let now: number | null = null;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    now = v;
    min = min === null ? v : Math.min(min, v);
    max = max === null ? v : Math.max(max, v);
  }
  return { now, min, max };
}

/** How long a zone has been up, to the two largest units: "under a minute", "14 min",
 *  "2 h 14 min", "3 d 4 h". A boot time ahead of this browser's clock (a host clock ahead) reads
 *  as under a minute rather than a negative time. */
export function formatUptime(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / 60_000);
  if (min < 1) return 'under a minute';
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  if (d > 0) return h ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}
