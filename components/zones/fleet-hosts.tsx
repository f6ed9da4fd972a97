'use client';
// The hosts above the zone table: each host's connection in the Hosts page's words, how
// fresh its zones are, and its zones by state. A click filters the table to that host. A host
// that stops answering says so here, and its rows are marked as last known.
import type { HostView } from '@/server/zones/fleet';
import type { ZoneRow } from '@/server/zones/watcher';
import { useHostLive } from '@/components/live/live-updates';
import { formatBytes, formatPct } from '@/components/metrics/format';
import { HostFreshness } from './host-freshness';

const STATE_STYLE: Record<HostView['state'], string> = {
  connected: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  connecting: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  unreachable: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  'auth-failed': 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
  'host-key-mismatch': 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
};

export function FleetHosts({
  hosts,
  zones,
  selected,
  onSelect,
}: {
  hosts: HostView[];
  zones: ZoneRow[];
  selected: string;
  onSelect: (host: string | null) => void;
}) {
  const byHost = new Map<string, Map<string, number>>();
  for (const z of zones) {
    const m = byHost.get(z.host) ?? byHost.set(z.host, new Map()).get(z.host)!;
    m.set(z.state, (m.get(z.state) ?? 0) + 1);
  }
  return (
    <ul aria-label="Hosts" className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
      {hosts.map((h) => {
        const counts = byHost.get(h.name) ?? new Map<string, number>();
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        const active = selected === h.name;
        return (
          <li
            key={h.name}
            data-host={h.name}
            className={`min-w-0 rounded-md border p-3 text-sm ${active ? 'border-sky-500' : 'border-zinc-200 dark:border-zinc-800'} ${h.stale ? 'bg-amber-50/60 dark:bg-amber-950/20' : 'bg-white dark:bg-zinc-900'}`}
          >
            <div className="flex min-w-0 items-center gap-2">
              <button
                type="button"
                aria-pressed={active}
                onClick={() => onSelect(active ? null : h.name)}
                className="min-w-0 truncate font-medium underline-offset-2 hover:underline"
                title={active ? `Show every host's zones` : `Show only ${h.name}'s zones`}
              >
                {h.name}
              </button>
              <span className={`shrink-0 rounded px-1.5 py-0.5 text-xs font-medium ${STATE_STYLE[h.state]}`}>{h.state}</span>
            </div>
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              {total} {total === 1 ? 'zone' : 'zones'}
              {[...counts].map(([state, n]) => ` · ${n} ${state.replace('_', ' ')}`).join('')}
            </p>
            <HostUsage host={h.name} />
            <HostFreshness fetchedAt={h.fetchedAt} error={h.state === 'connected' ? h.error : null} />
            {h.stale && h.error && (
              <p role="alert" className="mt-1 break-words text-xs text-amber-800 dark:text-amber-300">
                {h.state === 'connected' ? 'The host is not answering; its zones are shown as last reported: ' : 'Its zones are shown as last reported: '}
                <span className="font-mono">{h.error}</span>
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The host's CPU and memory now, from its latest sample (kstat, every few seconds). */
function HostUsage({ host }: { host: string }) {
  const m = useHostLive(host);
  if (!m || m.cpuPct === null) return null;
  return (
    <p className="text-xs text-zinc-600 dark:text-zinc-400">
      CPU {formatPct(m.cpuPct)}
      {m.ncpus ? ` of ${m.ncpus} CPUs` : ''} · memory {formatBytes(m.memUsed)}
      {m.memTotal ? ` of ${formatBytes(m.memTotal)}` : ''}
    </p>
  );
}
