import type { Metadata } from 'next';
import { Suspense } from 'react';
import { HydrateClient, trpc, getQueryClient } from '@/components/trpc/server';
import { ZoneTable } from '@/components/zones/zone-table';

export const metadata: Metadata = { title: 'Zones' };

export default async function ZonesPage() {
  // Server-render the table from the inventory snapshot; the client keeps it fresh.
  await getQueryClient().prefetchQuery(trpc.zones.list.queryOptions({}));
  return (
    <HydrateClient>
      <Suspense>
        <ZoneTable />
      </Suspense>
    </HydrateClient>
  );
}
