'use client';
// The zone table of the default host, from the server's inventory snapshot.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc/client';
import { StateBadge } from './state-badge';
import { HostFreshness } from './host-freshness';
import { useLiveZones } from './use-live-zones';

export function ZoneTable() {
  const trpc = useTRPC();
  const { data, error, isPending } = useQuery(trpc.zones.list.queryOptions({}));
  useLiveZones();

  if (isPending) {
    return <p className="text-sm text-zinc-500" role="status">Loading zones…</p>;
  }
  if (!data) {
    return (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
        <p className="font-medium">The zone list could not be loaded.</p>
        <p className="mt-1 font-mono text-xs">{error?.message}</p>
      </div>
    );
  }

  const counts = new Map<string, number>();
  for (const z of data.zones) counts.set(z.state, (counts.get(z.state) ?? 0) + 1);

  return (
    <section aria-labelledby="zones-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 id="zones-heading" className="text-xl font-semibold tracking-tight">
            Zones <span className="font-normal text-zinc-500">on {data.host}</span>
          </h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {data.zones.length} {data.zones.length === 1 ? 'zone' : 'zones'}
            {[...counts].map(([state, n]) => ` · ${n} ${state}`).join('')}
          </p>
        </div>
        <HostFreshness fetchedAt={data.fetchedAt} error={data.error} />
      </div>

      {data.error && (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          <p className="font-medium">The host did not answer the last refresh; showing what it last said.</p>
          <p className="mt-1 whitespace-pre-wrap font-mono text-xs">{data.error}</p>
        </div>
      )}

      {data.zones.length === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          <p className="font-medium">No zones on {data.host} yet</p>
          <p className="mt-1 text-sm text-zinc-500">
            Only the global zone exists. Zones configured with <code className="font-mono">zonecfg</code> appear here.
          </p>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Zones on {data.host}</caption>
            <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">Name</th>
                <th scope="col" className="px-4 py-2.5 font-medium">State</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Brand</th>
                <th scope="col" className="px-4 py-2.5 font-medium">IP type</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Zonepath</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Host</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {data.zones.map((z) => (
                <tr key={`${z.host}/${z.name}`} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                  <th scope="row" className="px-4 py-2.5 font-medium">
                    <Link
                      href={`/zones/${encodeURIComponent(z.host)}/${encodeURIComponent(z.name)}`}
                      className="text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-100"
                    >
                      {z.name}
                    </Link>
                  </th>
                  <td className="px-4 py-2.5"><StateBadge state={z.state} /></td>
                  <td className="px-4 py-2.5 text-zinc-700 dark:text-zinc-300">{z.brand}</td>
                  <td className="px-4 py-2.5 text-zinc-700 dark:text-zinc-300">{z.ipType === 'excl' ? 'exclusive' : 'shared'}</td>
                  <td className="px-4 py-2.5 font-mono text-xs text-zinc-600 dark:text-zinc-400">{z.zonepath}</td>
                  <td className="px-4 py-2.5 text-zinc-700 dark:text-zinc-300">{z.host}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
