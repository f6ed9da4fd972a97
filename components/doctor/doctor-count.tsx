'use client';
// How many Doctor findings a host has (or all hosts together), as a link to the Doctor page;
// nothing shows while there are none. Reads the Doctor's kept reports (a host is read again at
// most every ten minutes for these, or after a task ran there).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { paths } from '@/components/paths';
import { useTRPC } from '@/components/trpc/client';

export function DoctorCount({ host }: { host?: string }) {
  const trpc = useTRPC();
  const counts = useQuery(trpc.doctor.counts.queryOptions(undefined, { refetchInterval: 60_000 }));
  const rows = (counts.data ?? []).filter((c) => host === undefined || c.host === host);
  const n = rows.reduce((sum, c) => sum + c.count, 0);
  if (n === 0) return null;
  return (
    <Link
      href={paths.doctor()}
      className="inline-flex items-center gap-1 rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 hover:bg-amber-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
    >
      Doctor: <span className="tabular-nums">{n}</span> finding{n === 1 ? '' : 's'}
      {host && <span className="sr-only"> on {host}</span>}
    </Link>
  );
}
