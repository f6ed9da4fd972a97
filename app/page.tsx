import type { Metadata } from 'next';
import { Suspense } from 'react';
import { HydrateClient, trpc, getQueryClient } from '@/components/trpc/server';
import { ZoneTable } from '@/components/zones/zone-table';
import { DoctorCount } from '@/components/doctor/doctor-count';

export const metadata: Metadata = { title: 'Zones' };

export default async function ZonesPage() {
  // Server-render the table from the inventory snapshot, with each zone's latest task (a
  // failure shows on the first paint); the client keeps both fresh.
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.zones.list.queryOptions({})), qc.prefetchQuery(trpc.tasks.latest.queryOptions({}))]);
  return (
    <HydrateClient>
      <div className="mb-2 flex justify-end empty:hidden"><DoctorCount /></div>
      <Suspense>
        <ZoneTable />
      </Suspense>
    </HydrateClient>
  );
}
