// The zone table's sparkline data (metrics.sparklines) kept current from the live
// subscription: each LiveMetrics message appends one point per zone and drops what fell out
// of the window. Pure, so the cache update in the subscription handler stays one line:
//   queryClient.setQueryData(trpc.metrics.sparklines.queryKey({ host: m.host }), (prev) => appendLive(prev, m))
import type { LiveMetrics } from '@/server/metrics/live';

export interface SparklinesData {
  host: string;
  zones: Record<string, { t: number[]; cpu: (number | null)[]; rss: (number | null)[]; physcap: number | null }>;
}

export const SPARKLINE_WINDOW_MS = 5 * 60_000;

export function appendLive(prev: SparklinesData | undefined, m: LiveMetrics, windowMs = SPARKLINE_WINDOW_MS): SparklinesData | undefined {
  if (!prev || prev.host !== m.host) return prev;
  const from = m.t - windowMs;
  const zones: SparklinesData['zones'] = {};
  for (const [name, z] of Object.entries(m.zones)) {
    const old = prev.zones[name] ?? { t: [], cpu: [], rss: [], physcap: null };
    if (old.t.at(-1) === m.t) {
      zones[name] = old; // already there (a refetch raced the message)
      continue;
    }
    let i = 0;
    while (i < old.t.length && old.t[i]! < from) i++;
    zones[name] = { t: [...old.t.slice(i), m.t], cpu: [...old.cpu.slice(i), z.cpu], rss: [...old.rss.slice(i), z.rss], physcap: z.physcap };
  }
  return { host: prev.host, zones };
}
