'use client';
// A host at a glance: its CPUs and memory now (with the last hour as a sparkline) and how
// many of its zones are in each state.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { formatBytes, formatPct } from './format';
import { SparklineLazy } from './sparkline-lazy';

const STATE_ORDER = ['running', 'ready', 'shutting_down', 'down', 'mounted', 'installed', 'incomplete', 'configured', 'unknown'];

export function HostSummary({ host }: { host: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.metrics.host.queryOptions({ host }), refetchInterval: 5000 });
  const d = q.data;
  const states = Object.entries(d?.zonesByState ?? {}).sort((a, b) => STATE_ORDER.indexOf(a[0]) - STATE_ORDER.indexOf(b[0]));
  return (
    <section aria-label={`Host ${host}`} className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
      <span className="font-medium">{host}</span>
      <span className="flex items-center gap-2">
        <span className="text-zinc-500">CPU</span>
        {d?.series ? (
          <SparklineLazy t={d.series.t} values={d.series.cpuPct} label={`CPU of ${host}`} format={formatPct} max={100} />
        ) : (
          <span>—</span>
        )}
        {d?.ncpus ? <span className="text-xs text-zinc-500">of {d.ncpus} CPUs</span> : null}
      </span>
      <span>
        <span className="text-zinc-500">Memory</span> {formatBytes(d?.memUsed)} <span className="text-zinc-500">of</span> {formatBytes(d?.memTotal)}
      </span>
      <span>
        <span className="text-zinc-500">Zones</span>{' '}
        {states.length === 0 ? '—' : states.map(([s, n]) => `${n} ${s.replace('_', ' ')}`).join(', ')}
      </span>
      {q.error && <span role="alert" className="text-red-700 dark:text-red-400">{q.error.message}</span>}
    </section>
  );
}
