'use client';
// One subscription per page to every task's progress; it refreshes the task queries in the
// cache (the drawer's list, an open task page) and appends live output to open logs.
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '@/components/trpc/client';
import type { Task } from '@/server/zones/tasks';

export function useLiveTasks(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription(
    trpc.tasks.watch.subscriptionOptions(undefined, {
      onData(message) {
        const e = message.data;
        if (e.type === 'task') {
          queryClient.setQueryData(trpc.tasks.get.queryKey({ id: e.task.id }), e.task);
          void queryClient.invalidateQueries({ queryKey: trpc.tasks.list.queryKey() });
          return;
        }
        queryClient.setQueryData(trpc.tasks.get.queryKey({ id: e.taskId }), (prev: Task | undefined) => {
          if (!prev) return prev;
          return {
            ...prev,
            steps: prev.steps.map((s) => (s.idx === e.idx ? { ...s, [e.stream]: s[e.stream] + e.text } : s)),
          };
        });
      },
    }),
  );
}
