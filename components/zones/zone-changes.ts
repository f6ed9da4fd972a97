// Applying the fleet's live events to the zone list held in the browser's query cache.
import type { FleetEvent, FleetSnapshot } from '@/server/zones/fleet';
import type { ZoneChange, ZoneRow } from '@/server/zones/watcher';

/** Applies one host's changes to that host's rows (the browser does this to its cache).
 *  Unchanged rows keep their identity, so only changed rows re-render. */
export function applyChanges(zones: ZoneRow[], changes: ZoneChange[]): ZoneRow[] {
  if (changes.length === 0) return zones;
  const byName = new Map(zones.map((z) => [z.name, z]));
  let order = zones.map((z) => z.name);
  for (const c of changes) {
    if (c.kind === 'upsert') {
      if (!byName.has(c.zone.name)) order.push(c.zone.name);
      byName.set(c.zone.name, c.zone);
    } else if (c.kind === 'remove') {
      byName.delete(c.name);
      order = order.filter((n) => n !== c.name);
    } else {
      order = c.names;
    }
  }
  // Each name once, whatever the order of the changes: a zone is never shown twice.
  const seen = new Set<string>();
  return order.flatMap((n) => {
    const z = byName.get(n);
    if (!z || seen.has(n)) return [];
    seen.add(n);
    return [z];
  });
}

/** The fleet after one event: the host's rows changed, its view replaced (or the host and
 *  its rows gone), the other hosts' rows untouched (same objects). An event the cache already
 *  has (a refetch landed first) only refreshes the host's view. */
export function applyFleetEvent(prev: FleetSnapshot, e: FleetEvent): FleetSnapshot {
  const already = e.version <= prev.version;
  const hosts = e.view
    ? prev.hosts.some((h) => h.name === e.host)
      ? prev.hosts.map((h) => (h.name === e.host ? e.view! : h))
      : [...prev.hosts, e.view]
    : prev.hosts.filter((h) => h.name !== e.host);
  if (already) return { ...prev, hosts };
  let zones = prev.zones;
  if (!e.view) zones = zones.filter((z) => z.host !== e.host);
  else if (e.changes.length > 0) {
    const mine = applyChanges(zones.filter((z) => z.host === e.host), e.changes);
    // keep the fleet's order: hosts in the registry's order, each host's rows in its own
    const order = hosts.map((h) => h.name);
    const byHost = new Map<string, ZoneRow[]>();
    for (const z of zones) if (z.host !== e.host) (byHost.get(z.host) ?? byHost.set(z.host, []).get(z.host)!).push(z);
    byHost.set(e.host, mine);
    zones = order.flatMap((h) => byHost.get(h) ?? []);
  }
  return { version: e.version, hosts, zones };
}

/**
 * What the cache keeps when a zones.list answer lands (a refetch on mount or focus): the
 * answer, except for each host the cache has heard from later than the answer was read. The
 * live subscription may patch the cache while a request is on its way; without this, the
 * answer, read before that change, would put the old rows back, and nothing would correct them
 * until the zone changed again (a zone shown installed that is running). "Later" is the host's
 * own fetchedAt (when its watcher last listed), which heartbeats keep fresh and which, unlike
 * the fleet's version, survives a server restart. The answer's version is kept: events after it
 * that the cache already holds re-apply to the same rows.
 */
export function keepNewerHosts(cached: FleetSnapshot | undefined, fetched: FleetSnapshot): FleetSnapshot {
  if (!cached) return fetched;
  const cachedHost = new Map(cached.hosts.map((h) => [h.name, h]));
  const newer = new Set(
    fetched.hosts
      .filter((f) => {
        const c = cachedHost.get(f.name)?.fetchedAt ?? null;
        return c !== null && (f.fetchedAt === null || f.fetchedAt < c);
      })
      .map((f) => f.name),
  );
  if (newer.size === 0) return fetched;
  const rowsOf = (s: FleetSnapshot, host: string) => s.zones.filter((z) => z.host === host);
  return {
    version: fetched.version,
    hosts: fetched.hosts.map((h) => (newer.has(h.name) ? cachedHost.get(h.name)! : h)),
    zones: fetched.hosts.flatMap((h) => rowsOf(newer.has(h.name) ? cached : fetched, h.name)),
  };
}
