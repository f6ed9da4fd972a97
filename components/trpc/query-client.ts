import { defaultShouldDehydrateQuery, QueryClient, replaceEqualDeep } from '@tanstack/react-query';
import { keepNewerHosts } from '@/components/zones/zone-changes';
import type { FleetSnapshot } from '@/server/zones/fleet';

export function makeQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: { staleTime: 1000, refetchOnWindowFocus: true },
      dehydrate: {
        // Stream pending queries from server components to the browser too.
        shouldDehydrateQuery: (q) => defaultShouldDehydrateQuery(q) || q.state.status === 'pending',
      },
    },
  });
  // The zone list is patched live by the page's subscription: an answer read before a patch
  // must not put the old rows back (keepNewerHosts). Unchanged rows keep their objects as
  // TanStack's own structural sharing would, so only changed rows re-render.
  client.setQueryDefaults([['zones', 'list']], {
    structuralSharing: (old: unknown, next: unknown) => replaceEqualDeep(old, keepNewerHosts(old as FleetSnapshot | undefined, next as FleetSnapshot)),
  });
  return client;
}
