// What the page's one live subscription carries for metrics: per sample of a host, its CPU and
// memory and each zone's, small enough to send every 5 s to every open page (the table's
// sparklines append it; the zone page re-reads its own series).
import type { Host } from '../hosts/registry';
import { samplerFor } from './registry';
import type { SampleEvent } from './sampler';

export interface LiveMetrics {
  host: string;
  t: number;
  ncpus: number | null;
  /** % of all the host's CPUs */
  cpuPct: number | null;
  memUsed: number | null;
  memTotal: number | null;
  /** per zone: CPUs in use, RSS and its cap (bytes, null = none) */
  zones: Record<string, { cpu: number | null; rss: number | null; physcap: number | null }>;
}

export function liveMetrics(e: SampleEvent): LiveMetrics {
  const p = e.point;
  return {
    host: e.host,
    t: p.t,
    ncpus: p.ncpus,
    cpuPct: p.cpuPct,
    memUsed: p.memUsed,
    memTotal: p.memTotal,
    zones: Object.fromEntries(p.zones.map((z) => [z.zone, { cpu: z.cpu, rss: z.rss, physcap: z.physcap }])),
  };
}

/** Every host's samples as LiveMetrics (starting the hosts' samplers); returns the unsubscribe. */
export function subscribeMetrics(hosts: readonly Host[], listener: (m: LiveMetrics) => void): () => void {
  const offs = hosts.map((h) => samplerFor(h).subscribe((e) => listener(liveMetrics(e))));
  return () => offs.forEach((off) => off());
}
