// Every host's zones as one list, for the one live subscription of a page. Each host keeps
// its own watcher (one `zoneadm list` per host per interval, however many pages are open);
// the fleet forwards their changes in one numbered sequence, adds each host's connection
// state, and follows hosts as they are added, removed or replaced. A host that stops
// answering keeps its last known zones, marked stale, and never holds up the others.
import { EventEmitter } from 'node:events';
import type { Host, HostRegistry, HostState } from '../hosts/registry';
import { startGate } from '../hosts/ssh-start-gate';
import type { TaskManager } from './tasks';
import type { HostWatcher, WatchEvent, ZoneChange, ZoneRow } from './watcher';

export interface HostView {
  name: string;
  kind: Host['kind'];
  description: string;
  /** the connection, in the Hosts page's words; built-in hosts are always `connected` */
  state: HostState;
  /** the zones shown are the last the host reported, not what it says now */
  stale: boolean;
  /** when the host last answered a zone list (ms since epoch), null if it never did */
  fetchedAt: number | null;
  /** why the host is stale, in words */
  error: string | null;
}

export interface FleetSnapshot {
  version: number;
  hosts: HostView[];
  /** every host's zones except global zones, host by host in the registry's order */
  zones: ZoneRow[];
}

export interface FleetEvent {
  version: number;
  host: string;
  changes: ZoneChange[];
  /** the host as it is now; null when it is gone (its rows go with it) */
  view: HostView | null;
}

const HISTORY = 1000;
/** A page waits this long at most for hosts that have not answered yet (just started or
 *  just added); they are shown as not yet heard from, and fill in live. */
const FIRST_LOAD_WAIT_MS = 2500;
/** Background work over SSH (metrics, release reads) waits until the first table with every
 *  host's zones has been served, or this long after the fleet is made: the tools it starts
 *  and the samples it reads compete with that first answer (on the fleet bench's shared cores:
 *  60 tool starts landing while Next served its first request), and nobody is looking at
 *  metrics before the table. */
const FIRST_TABLE_HOLD_MS = 10_000;
/** …and a moment more once it is served, for the answer to leave and a page to render it: let
 *  go at the instant the table was computed, 60 tool starts delayed the answer itself by
 *  0.7–1.1 s on the bench's 2 cores. */
const FIRST_TABLE_GRACE_MS = 1000;

export class Fleet {
  private version = 0;
  private history: FleetEvent[] = [];
  private readonly emitter = new EventEmitter();
  private readonly attached = new Map<string, { watcher: HostWatcher; off: () => void }>();
  private tableServed = false;

  constructor(
    private readonly registry: HostRegistry,
    private readonly watcherOf: (host: Host) => HostWatcher,
  ) {
    this.emitter.setMaxListeners(0);
    startGate().begin(this);
    setTimeout(() => startGate().end(this), FIRST_TABLE_HOLD_MS).unref();
    for (const host of registry.hosts) this.attach(host);
    registry.onHostsChange((hosts) => this.follow(hosts));
    registry.onStatusChange((name, status) => {
      const host = this.registry.get(name);
      if (!host) return;
      this.record({ host: name, changes: [], view: this.view(host) });
      // reconnected: read the zones at once rather than at the next interval. At the first
      // connection the watcher's first list is already waiting for it: a refresh now would
      // only queue a second list behind it (one more tool run per host while a start is
      // busiest: 20 hosts' worth measured in bench/fleet-ssh-start.ts)
      const watcher = this.watcherOf(host);
      if (status.state === 'connected' && watcher.loaded) void watcher.refresh();
    });
  }

  /** Every host's zones; waits (briefly) for hosts that have not answered yet. */
  async snapshot(): Promise<FleetSnapshot> {
    const pending = this.registry.hosts.map((h) => this.watcherOf(h)).filter((w) => !w.loaded);
    if (pending.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(pending.map((w) => w.snapshot().catch(() => undefined))),
        new Promise((r) => (timer = setTimeout(r, FIRST_LOAD_WAIT_MS))),
      ]);
      clearTimeout(timer);
    }
    const snapshot = this.current();
    // the first full table is on its way to a page: background work may start shortly
    if (!this.tableServed && this.registry.hosts.every((h) => this.watcherOf(h).loaded)) {
      this.tableServed = true;
      setTimeout(() => startGate().end(this), FIRST_TABLE_GRACE_MS).unref();
    }
    return snapshot;
  }

  current(): FleetSnapshot {
    const hosts = this.registry.hosts;
    return {
      version: this.version,
      hosts: hosts.map((h) => this.view(h)),
      zones: hosts.flatMap((h) => this.watcherOf(h).current().zones),
    };
  }

  /** Events after `version`, or null when they are no longer kept (the caller resyncs). */
  eventsSince(version: number): FleetEvent[] | null {
    if (version === this.version) return [];
    if (version > this.version) return null;
    const first = this.history[0];
    if (!first || first.version > version + 1) return null;
    return this.history.filter((e) => e.version > version);
  }

  /** Every event: recorded ones (with changes) and heartbeats (a host answered; version
   *  unchanged), so a page can say how fresh each host is. */
  subscribe(listener: (e: FleetEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  get subscriberCount(): number {
    return this.emitter.listenerCount('event');
  }

  view(host: Host): HostView {
    const snap = this.watcherOf(host).current();
    const status = this.registry.status(host.name);
    const state = status?.state ?? 'connected';
    const error = state !== 'connected' ? (status?.error ?? `the host is ${state}`) : snap.error;
    return {
      name: host.name,
      kind: host.kind,
      description: host.description,
      state,
      stale: state !== 'connected' || snap.error !== null,
      fetchedAt: snap.fetchedAt,
      error,
    };
  }

  private attach(host: Host): void {
    const watcher = this.watcherOf(host);
    const off = watcher.subscribe((e: WatchEvent) => {
      // a watcher replaced since (the host's settings changed) no longer speaks for it
      if (this.attached.get(host.name)?.watcher !== watcher) return;
      const event = { host: host.name, changes: e.changes, view: this.view(host) };
      if (e.changes.length === 0 && !this.errorChanged(e)) {
        this.emitter.emit('event', { ...event, version: this.version });
        return;
      }
      this.record(event);
    });
    this.attached.set(host.name, { watcher, off });
  }

  private lastErrors = new Map<string, string | null>();
  private errorChanged(e: WatchEvent): boolean {
    const before = this.lastErrors.get(e.host) ?? null;
    this.lastErrors.set(e.host, e.error);
    return before !== e.error;
  }

  private follow(hosts: Host[]): void {
    for (const [name, entry] of this.attached) {
      const now = hosts.find((h) => h.name === name);
      if (now && entry.watcher.host === now) continue;
      entry.off();
      this.attached.delete(name);
      this.lastErrors.delete(name);
      // gone, or replaced by a host with new settings: its rows go, and come back from the
      // new connection's first list
      this.record({ host: name, changes: [], view: null });
    }
    for (const host of hosts) if (!this.attached.has(host.name)) {
      this.attach(host);
      this.record({ host: host.name, changes: [], view: this.view(host) });
    }
  }

  private record(e: Omit<FleetEvent, 'version'>): void {
    this.version++;
    const event: FleetEvent = { ...e, version: this.version };
    this.history.push(event);
    if (this.history.length > HISTORY) this.history.shift();
    this.emitter.emit('event', event);
  }
}

/** A host that answers again after its connection dropped: each task cut off there learns
 *  its zone's real state, read by the first full list after the reconnection. */
export function reconcileTasksOnReturn(fleet: Fleet, tasks: TaskManager): () => void {
  return fleet.subscribe((e) => {
    if (!e.view || e.view.stale || e.view.state !== 'connected' || !tasks.awaiting(e.host)) return;
    const zones = fleet.current().zones.filter((z) => z.host === e.host);
    tasks.reconcile(e.host, (zone) => zones.find((z) => z.name === zone)?.state ?? null);
  });
}
