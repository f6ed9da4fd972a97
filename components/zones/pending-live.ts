'use client';
// Keeps "what waits for the next boot" current without a reload: the page's one live
// subscription writes every task's progress into the tasks.get cache (components/live); when
// a task ends, or a zone's row changes (a reboot elsewhere), the pending queries and the zone's
// configuration (zones.get) are read again.
// One listener per query client, however many badges use it.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '@/components/trpc/client';
import type { Task } from '@/server/zones/tasks';

const following = new WeakSet<QueryClient>();

export function usePendingLive(): void {
  const trpc = useTRPC();
  const client = useQueryClient();
  useEffect(() => {
    if (following.has(client)) return;
    following.add(client);
    const tasksGet = JSON.stringify(trpc.tasks.get.pathKey()[0]);
    const zonesList = JSON.stringify(trpc.zones.list.queryKey({}));
    // never config.editForm or config.plan: an open form keeps the configuration it was opened with
    const keys = [trpc.config.pending.pathKey(), trpc.config.pendingAll.pathKey(), trpc.zones.get.pathKey()];
    let timer: ReturnType<typeof setTimeout> | null = null;
    // several events of one change (a task's last step and its end) make one refetch
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = null;
        for (const queryKey of keys) void client.invalidateQueries({ queryKey });
      }, 150);
    };
    const seenStatus = new Map<string, string>();
    const seenStates = new Map<string, string>();
    client.getQueryCache().subscribe((e) => {
      if (e.type !== 'updated' || e.action.type !== 'success') return;
      const key = e.query.queryKey;
      if (JSON.stringify(key[0]) === tasksGet) {
        const task = e.query.state.data as Task | undefined;
        if (!task || task.status === 'running' || seenStatus.get(task.id) === task.status) return;
        seenStatus.set(task.id, task.status);
        refresh();
      } else if (JSON.stringify(key) === zonesList) {
        const data = e.query.state.data as { zones: { host: string; name: string; state: string; id: number | null }[] } | undefined;
        let changed = false;
        for (const z of data?.zones ?? []) {
          const k = `${z.host}/${z.name}`;
          const v = `${z.state}:${z.id}`;
          if (seenStates.get(k) !== v) {
            if (seenStates.has(k)) changed = true;
            seenStates.set(k, v);
          }
        }
        if (changed) refresh();
      }
    });
  }, [client, trpc]);
}
