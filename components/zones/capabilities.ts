'use client';
// The server's table of which verb is valid in which state, fetched once per page.
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { roleReason, useSession } from '@/components/auth/session';
import { useTRPC } from '@/components/trpc/client';
import type { Capability, ZoneVerb } from '@/server/zones/capabilities';

export type { Capability, ZoneVerb };

/** `destructive`: confirmed first. `danger`: destroys what cannot be had back (the zone's
 *  root file system, the zone itself), drawn in the danger style; stopping a zone is
 *  confirmed but not drawn as danger, so Delete stands out. */
export const VERBS: { verb: ZoneVerb; label: string; destructive: boolean; danger: boolean }[] = [
  { verb: 'boot', label: 'Boot', destructive: false, danger: false },
  { verb: 'shutdown', label: 'Shut down', destructive: true, danger: false },
  { verb: 'reboot', label: 'Reboot', destructive: true, danger: false },
  { verb: 'halt', label: 'Halt', destructive: true, danger: false },
  { verb: 'ready', label: 'Ready', destructive: false, danger: false },
  { verb: 'install', label: 'Install', destructive: false, danger: false },
  { verb: 'uninstall', label: 'Uninstall', destructive: true, danger: true },
  { verb: 'verify', label: 'Verify', destructive: false, danger: false },
  { verb: 'delete', label: 'Delete', destructive: true, danger: true },
];

/** What may run: the zone's state allows it (the server's table) and the signed-in user's
 *  role does (a verb the role lacks is refused with "needs the operator role"). */
export function useCapabilities(): (verb: ZoneVerb, state: string) => Capability {
  const trpc = useTRPC();
  const session = useSession();
  const { data } = useQuery({ ...trpc.zones.capabilities.queryOptions(), staleTime: Infinity });
  const verbs = session?.permissions.verbs;
  // Stable while the table and the session are, so memoized rows don't re-render for them.
  return useCallback(
    (verb: ZoneVerb, state: string) => {
      const role = roleReason(verbs ? verbs[verb] : 'viewer');
      if (role) return { kind: 'refused', reason: role };
      return data?.[state]?.[verb] ?? data?.unknown?.[verb] ?? { kind: 'refused', reason: 'loading…' };
    },
    [data, verbs],
  );
}

/** A verb over several zones is offered when it is valid for every one of them and at least
 *  one has something to do; it then runs on `zones`, those with something to do (a zone
 *  where the verb is already satisfied gets no task: the UI never records a no-op). */
export function bulkCapability<Z extends { name: string; state: string }>(
  can: (verb: ZoneVerb, state: string) => Capability,
  verb: ZoneVerb,
  zones: Z[],
): { capability: Capability; zones: Z[] } {
  const todo: Z[] = [];
  let satisfied: { zone: Z; reason: string } | null = null;
  for (const z of zones) {
    const c = can(verb, z.state);
    // a missing role is the same for every zone: said once, without a zone's name
    if (c.kind === 'refused') return { capability: { kind: 'refused', reason: c.reason.startsWith('needs the ') ? c.reason : `${z.name}: ${c.reason}` }, zones: [] };
    if (c.kind === 'noop') satisfied ??= { zone: z, reason: c.reason };
    else todo.push(z);
  }
  if (todo.length === 0 && satisfied) {
    return { capability: { kind: 'noop', reason: zones.length === 1 ? satisfied.reason : `nothing to do (${satisfied.zone.name}: ${satisfied.reason})` }, zones: [] };
  }
  return { capability: { kind: 'ok' }, zones: todo };
}

/** The reason an action cannot be offered now ('nothing to do' included), or null. */
export function reasonNot(c: Capability): string | null {
  return c.kind === 'ok' ? null : c.reason;
}
