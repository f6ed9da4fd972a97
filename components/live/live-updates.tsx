'use client';
// The page's one live subscription (zones.watch): zone changes are patched into the cached
// zone list (unchanged rows keep their objects, so only changed rows re-render), task
// progress into the cached tasks, and live output is appended to open task logs. Mounted
// once in the layout; components read the cache and, if they care, the connection state.
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { applyChanges } from '@/components/zones/zone-changes';
import type { Task } from '@/server/zones/tasks';
import type { InventorySnapshot } from '@/server/zones/watcher';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';
const LiveContext = createContext<LiveStatus>('connecting');

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext);
}

export function LiveUpdates({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zonesKey = trpc.zones.list.queryKey({});
  const sub = useSubscription(
    trpc.zones.watch.subscriptionOptions(
      {},
      {
        onData(message) {
          const m = message.data;
          if (m.kind === 'snapshot') {
            queryClient.setQueryData(zonesKey, m.snapshot);
            // Task events are not replayed after a reconnect: read the tasks again.
            void queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
          } else if (m.kind === 'event') {
            const e = m.event;
            queryClient.setQueryData(zonesKey, (prev: InventorySnapshot | undefined) => {
              if (!prev) return prev;
              // The cache may already be newer than this event (a refetch of zones.list landed
              // first): its changes are in it, only the host's freshness is news.
              if (e.version <= prev.version) return { ...prev, fetchedAt: e.fetchedAt ?? prev.fetchedAt, error: e.error };
              return { ...prev, version: e.version, zones: applyChanges(prev.zones, e.changes), fetchedAt: e.fetchedAt, error: e.error };
            });
          } else if (m.event.type === 'task') {
            const task = m.event.task;
            queryClient.setQueryData(trpc.tasks.get.queryKey({ id: task.id }), task);
            void queryClient.invalidateQueries({ queryKey: trpc.tasks.list.queryKey() });
          } else {
            const { taskId, idx, stream, text } = m.event;
            queryClient.setQueryData(trpc.tasks.get.queryKey({ id: taskId }), (prev: Task | undefined) =>
              prev ? { ...prev, steps: prev.steps.map((s) => (s.idx === idx ? { ...s, [stream]: s[stream] + text } : s)) } : prev,
            );
          }
        },
      },
    ),
  );
  const status: LiveStatus = sub.status === 'pending' ? 'live' : sub.status === 'connecting' && sub.data ? 'reconnecting' : 'connecting';
  return <LiveContext.Provider value={status}>{children}</LiveContext.Provider>;
}
