'use client';
// Keeps the zone list in the query cache true: one subscription per page to the host's
// watcher, whose changes are written into the cached snapshot (only changed rows get new
// objects, so only they re-render).
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '@/components/trpc/client';
import type { InventorySnapshot } from '@/server/zones/watcher';
import { applyChanges } from './zone-changes';

export function useLiveZones(host?: string): { connected: boolean } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.zones.list.queryKey(host ? { host } : {});
  const sub = useSubscription(
    trpc.zones.watch.subscriptionOptions(host ? { host } : {}, {
      onData(message) {
        const m = message.data;
        if (m.kind === 'snapshot') {
          queryClient.setQueryData(key, m.snapshot);
          return;
        }
        queryClient.setQueryData(key, (prev: InventorySnapshot | undefined) => {
          if (!prev) return prev;
          const e = m.event;
          return {
            ...prev,
            version: e.version,
            zones: applyChanges(prev.zones, e.changes),
            fetchedAt: e.fetchedAt,
            error: e.error,
          };
        });
      },
    }),
  );
  return { connected: sub.status === 'pending' };
}
