'use client';
// The page's one live subscription (zones.watch): every host's zone changes and connection
// state are patched into the cached fleet list (unchanged rows keep their objects, so only changed rows re-render), task
// progress into the cached tasks, and live output is appended to open task logs. Mounted
// once in the layout; components read the cache and, if they care, the connection state.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { appendLive, type SparklinesData } from '@/components/metrics/sparkline-data';
import { applyFleetEvent } from '@/components/zones/zone-changes';
import { mergeLatest } from '@/components/zones/attention';
import type { Task, TaskBrief } from '@/server/zones/tasks';
import type { LiveMetrics } from '@/server/metrics/live';
import type { FleetSnapshot } from '@/server/zones/fleet';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** Where the latest sample of a host's CPU and memory is kept (only the subscription fills it). */
const hostLiveKey = (host: string) => ['hostLive', host] as const;

/** A host's latest CPU and memory, live; null until its first sample arrives. */
export function useHostLive(host: string): LiveMetrics | null {
  const { data } = useQuery<LiveMetrics | null>({ queryKey: hostLiveKey(host), queryFn: () => null, enabled: false, staleTime: Infinity });
  return data ?? null;
}
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
            // Task events and samples are not replayed after a reconnect: read them again.
            void queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.metrics.sparklines.pathKey() });
          } else if (m.kind === 'metrics') {
            const live = m.metrics;
            queryClient.setQueryData(trpc.metrics.sparklines.queryKey({ host: live.host }), (prev: SparklinesData | undefined) => appendLive(prev, live));
            queryClient.setQueryData(hostLiveKey(live.host), live);
          } else if (m.kind === 'event') {
            queryClient.setQueryData(zonesKey, (prev: FleetSnapshot | undefined) => (prev ? applyFleetEvent(prev, m.event) : prev));
          } else if (m.event.type === 'task') {
            const task = m.event.task;
            queryClient.setQueryData(trpc.tasks.get.queryKey({ id: task.id }), task);
            queryClient.setQueryData(trpc.tasks.latest.queryKey({}), (prev: TaskBrief[] | undefined) => mergeLatest(prev, task));
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
