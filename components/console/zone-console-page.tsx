'use client';
// A zone's console page: the zone's state and its power buttons (each runs as a task, like
// everywhere else), and the console filling the rest of the window.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { paths } from '@/components/paths';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { VERBS, reasonNot, useCapabilities, type ZoneVerb } from '@/components/zones/capabilities';
import { Notices } from '@/components/zones/notices';
import { StateBadge } from '@/components/zones/state-badge';
import { useZoneActions } from '@/components/zones/use-zone-actions';
import type { ViewerMode } from '@/server/console/protocol';
import { ConsolePane } from './console-pane';

const POWER: ZoneVerb[] = ['boot', 'shutdown', 'reboot', 'halt'];

export function ZoneConsolePage({ host, zone, mode }: { host: string; zone: string; mode: ViewerMode }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.zones.list.queryOptions({}));
  const row = list.data?.zones.find((z) => z.host === host && z.name === zone);
  const state = row?.state ?? (list.data ? 'unknown' : '…');
  const can = useCapabilities();
  const actions = useZoneActions();
  const zoneHref = paths.zone(host, zone);

  return (
    <article className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
        <Link href={paths.zones()} className="hover:underline">Zones</Link> <span aria-hidden="true">/</span> {host}{' '}
        <span aria-hidden="true">/</span> <Link href={zoneHref} className="hover:underline">{zone}</Link>{' '}
        <span aria-hidden="true">/</span> console
      </nav>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">
          {zone} <span className="font-normal text-zinc-500">console</span>
        </h1>
        <StateBadge state={state} />
        <div role="toolbar" aria-label={`Power for ${zone}`} className="ml-auto flex flex-wrap gap-2">
          {POWER.map((verb) => {
            const meta = VERBS.find((v) => v.verb === verb)!;
            const c = can(verb, state);
            return (
              <Button
                key={verb}
                disabledReason={c.kind === 'refused' ? c.reason : mode === 'ro' ? 'Read-only view' : reasonNot(c)}
                onClick={() => actions.request([{ host, name: zone }], verb)}
              >
                {meta.label}
              </Button>
            );
          })}
        </div>
      </header>
      <Notices notices={actions.notices} onDismiss={actions.dismiss} />
      <ConsolePane host={host} zone={zone} mode={mode} heightClass="h-[calc(100vh-19rem)] min-h-72" />
      {actions.dialog}
    </article>
  );
}
