// The zone list in the browser's cache against the race between a refetch and the live
// subscription: a zones.list answer read on the server before a change, landing after the
// subscription has patched that change in, must not put the old row back. Run through a real
// QueryClient (TanStack's own fetch and structural sharing), not a model of it.
import { describe, expect, it } from 'vitest';
import { applyFleetEvent, keepNewerHosts } from '@/components/zones/zone-changes';
import type { FleetSnapshot, HostView } from '@/server/zones/fleet';
import type { ZoneRow } from '@/server/zones/watcher';
import { makeQueryClient } from './query-client';

const KEY = [['zones', 'list'], { input: {}, type: 'query' }];
const view = (name: string, fetchedAt: number | null): HostView => ({ name, kind: 'ssh', description: '', state: 'connected', stale: false, fetchedAt, error: null });
const row = (host: string, name: string, state: ZoneRow['state'], id: number | null = null): ZoneRow => ({
  host,
  name,
  state,
  id,
  zonepath: `/zones/${name}`,
  uuid: '',
  brand: 'sparse',
  ipType: 'excl',
  debugid: null,
});

function fleet(version: number, at: Record<string, number | null>, zones: ZoneRow[]): FleetSnapshot {
  return { version, hosts: Object.entries(at).map(([h, t]) => view(h, t)), zones };
}

describe('keepNewerHosts', () => {
  const before = fleet(5, { a: 1000, b: 1000 }, [row('a', 'web', 'installed'), row('b', 'db', 'running', 3)]);

  it('takes the answer when the cache has nothing newer', () => {
    const answer = fleet(6, { a: 2000, b: 2000 }, [row('a', 'web', 'running', 4), row('b', 'db', 'running', 3)]);
    expect(keepNewerHosts(before, answer)).toBe(answer);
    expect(keepNewerHosts(undefined, answer)).toBe(answer);
  });

  it("keeps a host's rows and view the cache heard of after the answer was read, the other hosts from the answer", () => {
    const cached = fleet(7, { a: 3000, b: 1000 }, [row('a', 'web', 'running', 4), row('b', 'db', 'running', 3)]);
    const answer = fleet(6, { a: 2000, b: 2500 }, [row('a', 'web', 'installed'), row('b', 'db', 'installed')]);
    const kept = keepNewerHosts(cached, answer);
    expect(kept.zones.map((z) => `${z.host}/${z.name}:${z.state}`)).toEqual(['a/web:running', 'b/db:installed']);
    expect(kept.hosts.map((h) => h.fetchedAt)).toEqual([3000, 2500]);
    expect(kept.version).toBe(6);
  });

  it('a host the cache never heard from comes from the answer; one the answer never heard from keeps the cache rows', () => {
    const cached = fleet(7, { a: null, b: 3000 }, [row('b', 'db', 'running', 3)]);
    const answer = fleet(6, { a: 2000, b: null }, [row('a', 'web', 'installed')]);
    // b: the answer says it never answered (the server restarted and has not listed it yet)
    // while the cache holds its rows from 3000: those are the newer word
    expect(keepNewerHosts(cached, answer).zones.map((z) => `${z.host}/${z.name}`)).toEqual(['a/web', 'b/db']);
  });
});

describe('the zone list in a QueryClient', () => {
  it('a refetch read before a live change does not undo it when it lands after', async () => {
    const client = makeQueryClient();
    client.setQueryData(KEY, fleet(5, { a: 1000 }, [row('a', 'web', 'installed'), row('a', 'db', 'running', 3)]));
    // the request leaves; the server answers with what it has now (web installed, read at 1000)
    let answer!: (s: FleetSnapshot) => void;
    const refetch = client.fetchQuery({ queryKey: KEY, queryFn: () => new Promise<FleetSnapshot>((r) => (answer = r)), staleTime: 0 });
    await Promise.resolve();
    // meanwhile the subscription brings web's boot (listed at 2000)
    client.setQueryData<FleetSnapshot>(KEY, (prev) =>
      applyFleetEvent(prev!, { version: 6, host: 'a', changes: [{ kind: 'upsert', zone: row('a', 'web', 'running', 4) }], view: view('a', 2000) }),
    );
    const db = client.getQueryData<FleetSnapshot>(KEY)!.zones[1];
    answer(fleet(5, { a: 1000 }, [row('a', 'web', 'installed'), row('a', 'db', 'running', 3)]));
    await refetch;
    const now = client.getQueryData<FleetSnapshot>(KEY)!;
    expect(now.zones.map((z) => `${z.name}:${z.state}`)).toEqual(['web:running', 'db:running']);
    // unchanged rows keep their objects (only changed rows re-render)
    expect(now.zones[1]).toBe(db);
  });

  it('a newer answer replaces the cache, keeping the objects of rows that did not change', async () => {
    const client = makeQueryClient();
    client.setQueryData(KEY, fleet(5, { a: 1000 }, [row('a', 'web', 'installed'), row('a', 'db', 'running', 3)]));
    const db = client.getQueryData<FleetSnapshot>(KEY)!.zones[1];
    await client.fetchQuery({ queryKey: KEY, queryFn: async () => fleet(9, { a: 4000 }, [row('a', 'web', 'running', 5), row('a', 'db', 'running', 3)]), staleTime: 0 });
    const now = client.getQueryData<FleetSnapshot>(KEY)!;
    expect(now.version).toBe(9);
    expect(now.zones.map((z) => `${z.name}:${z.state}`)).toEqual(['web:running', 'db:running']);
    expect(now.zones[1]).toBe(db);
  });

  it('without the rule, the same race loses the change (the test sees the defect it guards against)', async () => {
    const client = makeQueryClient();
    client.setQueryDefaults([['zones', 'list']], { structuralSharing: true });
    client.setQueryData(KEY, fleet(5, { a: 1000 }, [row('a', 'web', 'installed')]));
    let answer!: (s: FleetSnapshot) => void;
    const refetch = client.fetchQuery({ queryKey: KEY, queryFn: () => new Promise<FleetSnapshot>((r) => (answer = r)), staleTime: 0 });
    await Promise.resolve();
    client.setQueryData<FleetSnapshot>(KEY, (prev) =>
      applyFleetEvent(prev!, { version: 6, host: 'a', changes: [{ kind: 'upsert', zone: row('a', 'web', 'running', 4) }], view: view('a', 2000) }),
    );
    answer(fleet(5, { a: 1000 }, [row('a', 'web', 'installed')]));
    await refetch;
    expect(client.getQueryData<FleetSnapshot>(KEY)!.zones[0]!.state).toBe('installed');
  });
});
