import type { Metadata } from 'next';
import { HydrateClient, trpc, getQueryClient } from '@/components/trpc/server';
import { ZoneTable } from '@/components/zones/zone-table';
import { DoctorCount } from '@/components/doctor/doctor-count';

export const metadata: Metadata = { title: 'Zones' };

export default async function ZonesPage() {
  // Server-render the table from the inventory snapshot, with each zone's latest task (a
  // failure shows on the first paint); the client keeps both fresh.
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.zones.list.queryOptions({})), qc.prefetchQuery(trpc.tasks.latest.queryOptions({}))]);
  // No Suspense boundary around the table: with one, the table was streamed after the shell
  // (useSearchParams suspends on the server) and sat in a hidden placeholder until revealed;
  // a live update reaching the boundary before that made React render the table again on the
  // client, and a second, hidden copy of the rows could stay in the page. The page is dynamic
  // (it reads the session), so the table simply comes with the shell.
  return (
    <HydrateClient>
      <div className="mb-2 flex justify-end empty:hidden"><DoctorCount /></div>
      <ZoneTable />
    </HydrateClient>
  );
}
