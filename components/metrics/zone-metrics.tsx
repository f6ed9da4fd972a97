'use client';
// A zone's resource usage on its page: CPU (% of the host, and of its cap when it has one),
// memory and swap against their caps, network in/out per VNIC, disk used against its quota,
// over 15 min / 1 h (the sampler's live hour) or 24 h / 7 d (SQLite's downsampled history).
// Every chart is drawn by uPlot and has a text alternative: now, min and max.
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import type { MetricRange, ZoneMetrics as ZoneMetricsData } from '@/server/trpc/routers/metrics';
import { formatBytes, formatPct, formatRate, formatUptime, summarize } from './format';
import { UplotChart, type ChartSeries } from './uplot-chart';

const RANGE_MS: Record<MetricRange, number> = { '15m': 15 * 60_000, '1h': 3600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

const RANGES: { range: MetricRange; label: string; refetchMs: number }[] = [
  // the live hour is read from memory: every 2.5 s keeps a 5-second sample at most ~3 s old
  { range: '15m', label: '15 min', refetchMs: 2500 },
  { range: '1h', label: '1 hour', refetchMs: 2500 },
  { range: '24h', label: '24 hours', refetchMs: 60_000 },
  { range: '7d', label: '7 days', refetchMs: 600_000 },
];

const COLORS = { host: '#2563eb', cap: '#dc2626', rss: '#7c3aed', swap: '#0d9488', rx: '#2563eb', tx: '#ea580c', disk: '#7c3aed' };

export function ZoneMetrics({ host, zone }: { host: string; zone: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<MetricRange>('15m');
  const spec = RANGES.find((r) => r.range === range)!;
  const q = useQuery({ ...trpc.metrics.zone.queryOptions({ host, zone, range }), refetchInterval: spec.refetchMs, placeholderData: (prev) => prev });
  const d = q.data;
  return (
    <section aria-labelledby="usage-heading" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="usage-heading" className="text-base font-semibold">Resource usage</h2>
        <div role="group" aria-label="Time range" className="inline-flex overflow-hidden rounded-md border border-zinc-300 text-xs dark:border-zinc-700">
          {RANGES.map((r) => (
            <button
              key={r.range}
              type="button"
              aria-pressed={r.range === range}
              onClick={() => setRange(r.range)}
              className="px-2.5 py-1 aria-pressed:bg-zinc-900 aria-pressed:text-white dark:aria-pressed:bg-zinc-100 dark:aria-pressed:text-zinc-900"
            >
              {r.label}
            </button>
          ))}
        </div>
        {d?.upMs != null && d.bootedAt != null && (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {/* at the latest sample: as fresh as the range's refetch (2.5 s live, 1 and 10 min beyond) */}
            Up {formatUptime(d.upMs)}{' '}
            <span className="whitespace-nowrap">(booted {new Date(d.bootedAt).toLocaleString()}, host clock)</span>
          </p>
        )}
        {q.error && <span role="alert" className="text-xs text-red-700 dark:text-red-400">{q.error.message}</span>}
      </div>
      {!d ? (
        <p role="status" className="text-sm text-zinc-500">Reading usage…</p>
      ) : d.t.length === 0 && d.disk.t.length === 0 ? (
        <p className="text-sm text-zinc-500">No samples yet for this range: the zone has not run while the dashboard was sampling.</p>
      ) : (
        <WindowContext.Provider value={[q.dataUpdatedAt - RANGE_MS[d.range], q.dataUpdatedAt]}>
          <div className="grid gap-4 lg:grid-cols-2">
            <CpuChart d={d} />
            <MemoryChart d={d} />
            <NetworkChart d={d} />
            <DiskChart d={d} />
          </div>
        </WindowContext.Provider>
      )}
    </section>
  );
}

/** the time window every chart of the section shows: the range, up to the last read */
const WindowContext = createContext<[number, number] | undefined>(undefined);

function Chart(props: Omit<React.ComponentProps<typeof UplotChart>, 'window' | 'height'>) {
  return <UplotChart {...props} height={160} window={useContext(WindowContext)} />;
}

function Figure({ title, summary, children }: { title: string; summary: string; children: React.ReactNode }) {
  const id = `chart-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <figure aria-labelledby={id} className="min-w-0 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <figcaption id={id} className="text-sm font-medium">{title}</figcaption>
      {children}
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{summary}</p>
    </figure>
  );
}

function range3(values: (number | null)[], f: (v: number | null) => string): string {
  const s = summarize(values);
  return `now ${f(s.now)}, min ${f(s.min)}, max ${f(s.max)}`;
}

function CpuChart({ d }: { d: ZoneMetricsData }) {
  const series: ChartSeries[] = [{ label: '% of host', color: COLORS.host, values: d.cpuHostPct }];
  if (d.cpuCap) series.push({ label: '% of cap', color: COLORS.cap, values: d.cpuCapPct });
  const cpus = summarize(d.cpu).now;
  const summary =
    `CPU of the host (${d.ncpus ?? '?'} CPUs): ${range3(d.cpuHostPct, formatPct)}` +
    (cpus !== null ? ` (${cpus.toFixed(2)} CPU now)` : '') +
    (d.cpuCap ? `. Of its cap of ${d.cpuCap} CPU: ${range3(d.cpuCapPct, formatPct)}` : '. No CPU cap') +
    '.';
  return (
    <Figure title="CPU" summary={summary}>
      <Chart t={d.t} series={series} format={(v) => formatPct(v)} />
    </Figure>
  );
}

function MemoryChart({ d }: { d: ZoneMetricsData }) {
  const physcap = summarize(d.physcap).now;
  const swapcap = summarize(d.swapcap).now;
  const series: ChartSeries[] = [{ label: 'RSS', color: COLORS.rss, values: d.rss }];
  if (physcap !== null) series.push({ label: 'RSS cap', color: COLORS.rss, dashed: true, values: d.physcap });
  series.push({ label: 'swap', color: COLORS.swap, values: d.swap });
  if (swapcap !== null) series.push({ label: 'swap cap', color: COLORS.swap, dashed: true, values: d.swapcap });
  const summary =
    `Memory (RSS): ${range3(d.rss, formatBytes)}; ${physcap !== null ? `cap ${formatBytes(physcap)}` : 'no cap'}. ` +
    `Swap: ${range3(d.swap, formatBytes)}; ${swapcap !== null ? `cap ${formatBytes(swapcap)}` : 'no cap'}.`;
  return (
    <Figure title="Memory" summary={summary}>
      <Chart t={d.t} series={series} format={formatBytes} />
    </Figure>
  );
}

const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#db2777', '#0891b2', '#ca8a04'];

function NetworkChart({ d }: { d: ZoneMetricsData }) {
  const names = Object.keys(d.vnics);
  if (names.length === 0) {
    return (
      <Figure title="Network" summary="No VNIC of this zone carries traffic the host counts.">
        <div className="h-10" />
      </Figure>
    );
  }
  // the VNICs may have been sampled at slightly different moments: chart on the first one's times
  const first = d.vnics[names[0]!]!;
  const series: ChartSeries[] = names.flatMap((n, i) => [
    { label: `${n} in`, color: PALETTE[(2 * i) % PALETTE.length]!, values: align(first.t, d.vnics[n]!.t, d.vnics[n]!.rx) },
    { label: `${n} out`, color: PALETTE[(2 * i + 1) % PALETTE.length]!, values: align(first.t, d.vnics[n]!.t, d.vnics[n]!.tx) },
  ]);
  const summary = names.map((n) => `${n} in: ${range3(d.vnics[n]!.rx, formatRate)}; out: ${range3(d.vnics[n]!.tx, formatRate)}`).join('. ') + '.';
  return (
    <Figure title="Network" summary={summary}>
      <Chart t={first.t} series={series} format={formatRate} />
    </Figure>
  );
}

function align(target: number[], t: number[], v: (number | null)[]): (number | null)[] {
  const at = new Map(t.map((x, i) => [x, v[i] ?? null]));
  return target.map((x) => at.get(x) ?? null);
}

function DiskChart({ d }: { d: ZoneMetricsData }) {
  const quota = summarize(d.disk.quota).now;
  const series: ChartSeries[] = [{ label: 'used', color: COLORS.disk, values: d.disk.used }];
  if (quota !== null) series.push({ label: 'quota', color: COLORS.cap, dashed: true, values: d.disk.quota });
  const summary = d.disk.t.length
    ? `Disk used by the zone's dataset: ${range3(d.disk.used, formatBytes)}; ${quota !== null ? `quota ${formatBytes(quota)}` : 'no quota'}.`
    : 'Disk: not read yet (zfs list runs once a minute).';
  return (
    <Figure title="Disk" summary={summary}>
      <Chart t={d.disk.t} series={series} format={formatBytes} />
    </Figure>
  );
}
