// Since when each zone has been in its state, as far as this dashboard knows: neither zoneadm
// nor the watcher says when a state began, so the Doctor keeps its own first-seen map, fed by
// the host's watcher (every state change it publishes) and by each Doctor run. After a restart
// the times start again from the first look, so "stuck for at least N minutes" never overstates.
// In memory, in the process slots (one map per process, whichever module copy asks).
import type { Host, HostRegistry } from '../hosts/registry';
import { processSlot } from '../process-slots';
import type { HostWatcher } from '../zones/watcher';

interface Seen {
  state: string;
  since: number;
}

export class StateSince {
  private readonly seen = new Map<string, Seen>();
  private readonly following = new Map<string, { watcher: HostWatcher; off: () => void }>();

  /** The zone is in `state` now: returns since when (the first time it was seen so). */
  note(host: string, zone: string, state: string, at = Date.now()): number {
    const key = `${host}\0${zone}`;
    const prev = this.seen.get(key);
    if (prev && prev.state === state) return prev.since;
    this.seen.set(key, { state, since: at });
    return at;
  }

  /** Zones no longer on the host are forgotten (a zone created again later starts afresh). */
  keepOnly(host: string, zones: readonly string[]): void {
    const keep = new Set(zones.map((z) => `${host}\0${z}`));
    for (const key of this.seen.keys()) if (key.startsWith(`${host}\0`) && !keep.has(key)) this.seen.delete(key);
  }

  /** Follows the host's watcher, so a state change between two Doctor runs is dated when it
   *  happened rather than at the next run. */
  follow(host: Host, watcher: HostWatcher): void {
    const cur = this.following.get(host.name);
    if (cur?.watcher === watcher) return;
    cur?.off();
    const off = watcher.subscribe((e) => {
      for (const c of e.changes) if (c.kind === 'upsert') this.note(e.host, c.zone.name, c.zone.state);
    });
    this.following.set(host.name, { watcher, off });
  }
}

export function stateSince(): StateSince {
  return processSlot('doctor.stateSince', () => new StateSince());
}

/** From the server's start: every host's watcher feeds the map (hosts added later too), so a
 *  zone stuck since before the first Doctor look is dated from the start, not from that look. */
export function followZoneStates(registry: HostRegistry, watcherFor: (host: Host) => HostWatcher): void {
  const followAll = (hosts: readonly Host[]) => {
    for (const h of hosts) stateSince().follow(h, watcherFor(h));
  };
  followAll(registry.hosts);
  registry.onHostsChange(followAll);
}
