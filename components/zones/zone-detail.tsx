'use client';
// One zone: live state with its actions, the configuration zonecfg reports, the VNICs it
// uses, its task history, and the commands that show the same on the host.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import Link from 'next/link';
import { ZoneConsoleSection } from '@/components/console/zone-console-section';
import { ZoneMetricsLazy } from '@/components/metrics/zone-metrics-lazy';
import { paths } from '@/components/paths';
import { useTRPC } from '@/components/trpc/client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ZoneConfig } from '@/server/illumos/types';
import { busyReason, CONCERN_TEXT, concernsOf, failureReason } from './attention';
import { reasonNot, useCapabilities } from './capabilities';
import { Notices } from './notices';
import { StateBadge } from './state-badge';
import { useActivities } from './use-activity';
import { ZoneActivityBanner } from './zone-activity';
import { useZoneActions } from './use-zone-actions';
import { VerbButtons } from './verb-buttons';
import { ZoneResources } from './zone-resources';
import { PendingChanges } from './pending-changes';
import { ZoneEditSection } from './zone-edit';
import { ZoneSnapshots } from './zone-snapshots';

export function ZoneDetail({ host, zone }: { host: string; zone: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.zones.list.queryOptions({}));
  const row = list.data?.zones.find((z) => z.host === host && z.name === zone);
  const detail = useQuery({ ...trpc.zones.get.queryOptions({ host, zone }), retry: false });
  const links = useQuery(trpc.links.list.queryOptions({ host }));
  const history = useQuery(trpc.tasks.list.queryOptions({ host, zone, limit: 20 }));
  const can = useCapabilities();
  const actions = useZoneActions();
  const { activities, dismiss } = useActivities();
  const activity = activities.get(`${host}/${zone}`) ?? null;
  // the live list no longer has the zone: deleted (here or on the host) while the page was open
  // (state adjusted while rendering, React's pattern for remembering an earlier render)
  const [seen, setSeen] = useState(false);
  if (row && !seen) setSeen(true);
  const gone = list.data !== undefined && !row && seen;

  if (gone) {
    return (
      <article className="space-y-3" aria-labelledby="zone-heading">
        <h1 id="zone-heading" className="text-2xl font-semibold tracking-tight break-all">{zone}</h1>
        <Alert tone="info" title={`${zone} was deleted`}>
          <p>{host} no longer has a zone named {zone}: its configuration, state and actions are gone with it.</p>
          <Link href={paths.zones()} className="mt-2 inline-block underline">Back to all zones</Link>
        </Alert>
        {actions.dialog}
      </article>
    );
  }

  if (detail.error && !row) {
    return (
      <div role="alert" className="space-y-2">
        <h1 className="text-xl font-semibold">{zone}</h1>
        <p className="text-sm text-red-700 dark:text-red-400">{detail.error.message}</p>
        <Link href={paths.zones()} className="text-sm underline">Back to all zones</Link>
      </div>
    );
  }
  const state = row?.state ?? 'unknown';
  const config = detail.data?.config;
  const nets = new Set(config?.net.map((n) => n.physical) ?? []);
  const vnics = (links.data ?? []).filter((l) => l.class === 'vnic' && nets.has(l.link));
  const cleanup = can('uninstall', state);
  const busy = activity?.kind === 'running';
  // what the banners below do not already say (a failed task and incomplete have their own)
  const concerns = concernsOf({ state, autoboot: config?.autoboot }, activity).filter((c) => c === 'down' || c === 'not-booted');

  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
        <Link href={paths.zones()} className="hover:underline">Zones</Link> <span aria-hidden="true">/</span> {host} <span aria-hidden="true">/</span> {zone}
      </nav>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight break-all">{zone}</h1>
        <StateBadge state={state} busy={busy} />
        <span className="text-sm text-zinc-500">on {host}</span>
      </header>
      {/* a task started from this page is followed by its notice below: not said twice */}
      {!actions.notices.some((n) => n.taskId === activity?.taskId) && <ZoneActivityBanner activity={activity} onDismiss={dismiss} />}
      {concerns.length > 0 && (
        <p className="text-sm text-amber-900 dark:text-amber-200">
          <span className="font-medium">Needs attention:</span> {concerns.map((c) => CONCERN_TEXT[c]).join('; ')}.
        </p>
      )}

      {state === 'incomplete' && !busy && (
        <Alert tone="warning" title="This zone is incomplete: an install or uninstall did not finish.">
          <p>Nothing was cleaned up automatically. Uninstalling it (<code className="font-mono">zoneadm -z {zone} uninstall -F</code>) returns it to configured.</p>
          <Button
            className="mt-2"
            disabledReason={reasonNot(cleanup)}
            onClick={() => actions.request([{ host, name: zone }], 'uninstall')}
          >
            Clean up (uninstall)…
          </Button>
        </Alert>
      )}

      <VerbButtons
        label={`Actions for ${zone}`}
        capabilityOf={(verb) => {
          const wait = busyReason(activity);
          return wait ? { kind: 'refused', reason: wait } : can(verb, state);
        }}
        onAction={(verb) => actions.request([{ host, name: zone }], verb)}
      />
      <Notices notices={actions.notices} onDismiss={actions.dismiss} />
      <ZoneConsoleSection host={host} zone={zone} />

      {config ? <Properties config={config} row={row} /> : <p role="status" className="text-sm text-zinc-500">Reading the configuration…</p>}
      {config && <ZoneResources config={config} />}
      {state === 'running' && <PendingChanges host={host} zone={zone} />}
      {config && <ZoneEditSection host={host} zone={zone} />}
      <ZoneMetricsLazy host={host} zone={zone} />
      {config && state !== 'configured' && <ZoneSnapshots host={host} zone={zone} />}

      <section aria-labelledby="vnics-heading">
        <h2 id="vnics-heading" className="text-base font-semibold">VNICs</h2>
        {vnics.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-500">This zone uses no VNIC of the host.</p>
        ) : (
          <table className="mt-2 text-sm">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr><th className="pr-6">Link</th><th className="pr-6">Over</th><th className="pr-6">MAC address</th><th className="pr-6">VLAN</th><th>In use by</th></tr>
            </thead>
            <tbody>
              {vnics.map((v) => (
                <tr key={v.link}>
                  <td className="pr-6 font-mono">{v.link}</td>
                  <td className="pr-6 font-mono">{v.over}</td>
                  <td className="pr-6 font-mono">{v.vnic?.macaddress}</td>
                  <td className="pr-6">{v.vnic?.vid || '—'}</td>
                  <td>{v.vnic?.zone || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-base font-semibold">Task history</h2>
        {!history.data?.length ? (
          <p className="mt-1 text-sm text-zinc-500">No task has run on this zone from the dashboard.</p>
        ) : (
          <ul className="mt-2 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {history.data.map((t) => (
              <li key={t.id} className="flex items-baseline gap-3 py-1.5">
                <Link href={paths.task(t.id)} className="shrink-0 font-medium hover:underline">{t.title}</Link>
                <TaskStatus status={t.status} />
                {(t.status === 'failed' || t.status === 'interrupted') && (
                  <span className="min-w-0 truncate font-mono text-xs text-red-800 dark:text-red-300" title={failureReason(t)}>{failureReason(t)}</span>
                )}
                <time className="ml-auto shrink-0 text-zinc-500" dateTime={new Date(t.createdAt).toISOString()}>{new Date(t.createdAt).toLocaleString()}</time>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="cli-heading">
        <h2 id="cli-heading" className="text-base font-semibold">The same on the host</h2>
        <pre className="mt-2 overflow-x-auto rounded-md bg-zinc-900 p-3 font-mono text-xs text-zinc-100">
{`zoneadm -z ${zone} list -p
zonecfg -z ${zone} info
dladm show-vnic${vnics.length ? ' ' + vnics.map((v) => v.link).join(' ') : ''}`}
        </pre>
      </section>
      {actions.dialog}
    </article>
  );
}

/** A task's outcome in the history: a failure in red, work under way in sky, success plain. */
function TaskStatus({ status }: { status: string }) {
  const tone =
    status === 'failed' || status === 'interrupted'
      ? 'font-medium text-red-700 dark:text-red-400'
      : status === 'running'
        ? 'text-sky-800 dark:text-sky-300'
        : 'text-zinc-600 dark:text-zinc-400';
  return <span className={`shrink-0 ${tone}`}>{status}</span>;
}

function Properties({ config, row }: { config: ZoneConfig; row?: { id: number | null; uuid: string } }) {
  const props: [string, string][] = [
    ['zonepath', config.zonepath],
    ['brand', config.brand],
    ['autoboot', String(config.autoboot)],
    ['ip-type', config.ipType],
    ['zone id', row?.id != null ? String(row.id) : '—'],
    ['uuid', row?.uuid || '—'],
  ];
  for (const [k, v] of [
    ['bootargs', config.bootargs],
    ['pool', config.pool],
    ['limitpriv', config.limitpriv],
    ['scheduling-class', config.schedulingClass],
    ['hostid', config.hostid],
    ['fs-allowed', config.fsAllowed],
    ['cpu-shares', config.cpuShares],
    ['max-lwps', config.maxLwps],
    ['max-processes', config.maxProcesses],
  ] as const) {
    if (v) props.push([k, v]);
  }
  return (
    <section aria-labelledby="props-heading">
      <h2 id="props-heading" className="text-base font-semibold">Configuration</h2>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        {props.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-zinc-500">{k}</dt>
            <dd className="font-mono">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
