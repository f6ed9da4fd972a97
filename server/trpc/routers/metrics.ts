// Resource usage of zones and hosts: live points from the host's one sampler (server/metrics),
// an hour in memory at the sampling interval, and SQLite's downsampled history beyond it.
// Reads never spawn a tool: the sampler is the only thing that runs kstat on a host.
import { z } from 'zod';
import { database } from '../../db/database';
import { MINUTE, MetricsHistory, TEN_MINUTES } from '../../metrics/history';
import { metricsInterval, samplerFor } from '../../metrics/registry';
import { watcherFor } from '../../zones/watcher';
import { hostInput, hostNameSchema } from '../inputs';
import { zoneNameSchema } from '../../illumos/validate';
import { procedure, requireHost, router } from '../init';

export const METRIC_RANGES = ['15m', '1h', '24h', '7d'] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];
const RANGE_MS: Record<MetricRange, number> = { '15m': 15 * 60_000, '1h': 3600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

type Col = (number | null)[];

export interface ZoneMetrics {
  range: MetricRange;
  /** seconds between points */
  resolution: number;
  ncpus: number | null;
  t: number[];
  cpu: Col;
  cpuHostPct: Col;
  cpuCapPct: Col;
  cpuCap: number | null;
  rss: Col;
  physcap: Col;
  swap: Col;
  swapcap: Col;
  vnics: Record<string, { t: number[]; rx: Col; tx: Col }>;
  disk: { t: number[]; used: Col; quota: Col; avail: Col };
  /** when the running zone booted (ms since the epoch, by the host's clock), from the latest
   *  sample; null when the latest sample does not have the zone running */
  bootedAt: number | null;
  /** how long it had been up at that sample (both times by the host's clock: no skew) */
  upMs: number | null;
}

export const metricsRouter = router({
  /** One zone's CPU, memory, network and disk over a range. */
  zone: procedure
    .input(z.object({ host: hostNameSchema, zone: zoneNameSchema, range: z.enum(METRIC_RANGES) }))
    .query(async ({ input }): Promise<ZoneMetrics> => {
      const host = await requireHost(input.host);
      const sampler = samplerFor(host);
      sampler.start();
      const since = Date.now() - RANGE_MS[input.range];
      const ncpus = sampler.latest()?.ncpus ?? null;
      const live = sampler.zoneSeries(input.zone, since);
      const cap = live.series?.cpuCap.at(-1) ?? null;
      const latest = sampler.latest();
      const bootTime = latest?.zones.find((p) => p.zone === input.zone)?.bootTime ?? null;
      const bootedAt = latest && bootTime !== null && bootTime > 0 ? bootTime * 1000 : null;
      const upMs = latest && bootedAt !== null ? Math.max(0, latest.t - bootedAt) : null;
      if (input.range === '15m' || input.range === '1h') {
        const s = live.series;
        const empty = { t: [], cpu: [], cpuHostPct: [], cpuCapPct: [], cpuCap: [], rss: [], physcap: [], swap: [], swapcap: [] };
        const { cpuCap: _caps, rx: _rx, tx: _tx, ...cols } = s ?? { ...empty, rx: [], tx: [] };
        return {
          range: input.range,
          resolution: metricsInterval(),
          ncpus,
          ...cols,
          cpuCap: cap,
          vnics: live.vnics,
          disk: live.disk ?? { t: [], used: [], quota: [], avail: [] },
          bootedAt,
          upMs,
        };
      }
      const res = input.range === '24h' ? MINUTE : TEN_MINUTES;
      const rows = new MetricsHistory(database()).query(host.name, input.zone, res, since);
      const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k] as number | null);
      const cpu = col('cpu');
      return {
        range: input.range,
        resolution: res,
        ncpus,
        t: rows.map((r) => r.t),
        cpu,
        cpuHostPct: cpu.map((v) => (v !== null && ncpus ? (v / ncpus) * 100 : null)),
        cpuCapPct: cpu.map((v) => (v !== null && cap ? (v / cap) * 100 : null)),
        cpuCap: cap,
        rss: col('rss'),
        physcap: col('physcap'),
        swap: col('swap'),
        swapcap: col('swapcap'),
        // per-VNIC history is not kept: the zone's total, under one name
        vnics: rows.length ? { all: { t: rows.map((r) => r.t), rx: col('rx'), tx: col('tx') } } : {},
        disk: { t: rows.map((r) => r.t), used: col('diskUsed'), quota: col('diskQuota'), avail: rows.map(() => null) },
        bootedAt,
        upMs,
      };
    }),

  /** The host at a glance: CPU and memory now (and over the last hour), zones by state. */
  host: procedure.input(hostInput).query(async ({ input }) => {
    const host = await requireHost(input.host);
    const sampler = samplerFor(host);
    sampler.start();
    const latest = sampler.latest();
    const snapshot = await watcherFor(host).snapshot();
    const byState: Record<string, number> = {};
    for (const zone of snapshot.zones) byState[zone.state] = (byState[zone.state] ?? 0) + 1;
    return {
      host: host.name,
      t: latest?.t ?? null,
      ncpus: latest?.ncpus ?? null,
      cpuPct: latest?.cpuPct ?? null,
      memUsed: latest?.memUsed ?? null,
      memTotal: latest?.memTotal ?? null,
      zonesByState: byState,
      series: sampler.hostSeries(Date.now() - 3600_000),
    };
  }),

  /** The last five minutes of every zone's CPU and memory, for the zone table. */
  sparklines: procedure.input(hostInput).query(async ({ input }) => {
    const host = await requireHost(input.host);
    const sampler = samplerFor(host);
    sampler.start();
    return { host: host.name, zones: sampler.sparklines(Date.now() - 5 * 60_000) };
  }),
});
