'use client';
// The zone table's sign that a running zone's configuration has changes waiting for its next
// boot (server: config.pendingAll, one query for the whole table).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { usePendingLive } from './pending-live';

export function PendingBadge({ host, zone }: { host: string; zone: string }) {
  const trpc = useTRPC();
  usePendingLive();
  const all = useQuery({ ...trpc.config.pendingAll.queryOptions(), staleTime: 30_000 });
  const count = all.data?.find((p) => p.host === host && p.zone === zone)?.count ?? 0;
  if (count === 0) return null;
  const text = `${count} change${count === 1 ? '' : 's'} take${count === 1 ? 's' : ''} effect at the next boot`;
  return (
    <span
      title={text}
      className="ml-1.5 inline-flex shrink-0 items-center rounded-full border border-amber-300 bg-amber-50 px-1.5 text-[11px] font-medium text-amber-800 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-300"
    >
      {count} pending
      <span className="sr-only">: {text}</span>
    </span>
  );
}
