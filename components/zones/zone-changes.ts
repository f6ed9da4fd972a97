// Applying the watcher's changes to the zone list held in the browser's query cache.
import type { ZoneChange, ZoneRow } from '@/server/zones/watcher';

/** Applies a watch event's changes to a list of rows (the browser does this to its cache).
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
