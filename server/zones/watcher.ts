// One watcher per host (never per browser tab): it keeps the host's zone list from
// `zoneadm list -cp`, refreshed on an interval, right after every action the dashboard runs
// (poke), and on the host's own change events where it has them. Each refresh is diffed
// against the last snapshot; a change bumps the version and is published to subscribers.
// Reads are served from the snapshot, so a page view never spawns a tool.
import { EventEmitter } from 'node:events';
import type { Host } from '../hosts/registry';
import { parseZoneadmList } from '../illumos/parse';
import type { ZoneListEntry } from '../illumos/types';
import { zoneadmList } from '../illumos/zoneadm';
import { describeToolFailure } from './errors';

export interface ZoneRow extends ZoneListEntry {
  host: string;
}

export interface InventorySnapshot {
  host: string;
  version: number;
  /** every zone except the global zone, in the host's index order */
  zones: ZoneRow[];
  /** when the host last answered (ms since epoch), null if it never did */
  fetchedAt: number | null;
  /** why the last refresh failed; the zones are then those the host last reported */
  error: string | null;
}

export type ZoneChange =
  | { kind: 'upsert'; zone: ZoneRow }
  | { kind: 'remove'; name: string }
  | { kind: 'order'; names: string[] };

export interface WatchEvent {
  host: string;
  version: number;
  changes: ZoneChange[];
  fetchedAt: number | null;
  error: string | null;
}

const HISTORY = 500;
const LIST_TIMEOUT_MS = 10_000;

export class HostWatcher {
  private zones: ZoneRow[] = [];
  private version = 0;
  private fetchedAt: number | null = null;
  private error: string | null = null;
  private history: WatchEvent[] = [];
  private inflight: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopEvents: (() => void) | null = null;
  private readonly emitter = new EventEmitter();
  /** settles when the first list has been read (or has failed): not the coalesced run it
   *  belongs to, which may go on with another list asked for meanwhile */
  private readonly firstLoad: Promise<void>;
  private firstLoaded!: () => void;
  /** when the last list ended (ms since the epoch), and whether the interval asked for it */
  private listedAt = 0;
  private lastListByTick = false;
  private tickPending = false;

  constructor(
    readonly host: Host,
    private readonly intervalMs: number,
  ) {
    this.emitter.setMaxListeners(0);
    this.firstLoad = new Promise((resolve) => (this.firstLoaded = resolve));
  }

  /** Whether a refresh has completed since start (the fleet serves hosts that never answered
   *  without waiting for them). */
  get loaded(): boolean {
    return this.fetchedAt !== null || this.error !== null;
  }

  start(): void {
    if (this.timer) return;
    // A tick while the first list is still on its way (or still waiting for the host's first
    // connection) has nothing to add: that list will be fresh. Nor has a tick right after a
    // list the interval did not ask for (the first one, which may have waited for the
    // connection most of an interval, or an action's): at a start that is one tool run per host
    // fewer while the host is busiest. After the interval's own lists the next tick always
    // lists, however long they took (a slow host is not polled less often).
    this.timer = setInterval(() => {
      if (this.inflight && !this.loaded) return;
      if (!this.inflight && !this.lastListByTick && Date.now() - this.listedAt < this.intervalMs / 2) return;
      // (during a list the interval's own runs follow one another, as before: under load a list
      // may take longer than the interval, and a tick dropped then would poll less often)
      this.tickPending = true;
      void this.refresh();
    }, this.intervalMs);
    this.timer.unref();
    this.stopEvents = this.host.runner.watchHostEvents?.(() => void this.refresh()) ?? null;
    // a failure to run the list at all leaves the host unloaded; snapshot() does not wait on it
    this.refresh().catch((e: unknown) => console.error(`zones: ${this.host.name}: the first list failed:`, e));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopEvents?.();
    this.stopEvents = null;
  }

  /** The snapshot, after the first load has finished. */
  async snapshot(): Promise<InventorySnapshot> {
    this.start();
    await this.firstLoad;
    return this.current();
  }

  current(): InventorySnapshot {
    return { host: this.host.name, version: this.version, zones: this.zones, fetchedAt: this.fetchedAt, error: this.error };
  }

  /** Refresh now (after an action). Concurrent calls coalesce: at most one list runs at a
   *  time, and a call made during a run causes exactly one more run afterwards. */
  refresh(): Promise<void> {
    if (this.inflight) {
      this.again = true;
      return this.inflight;
    }
    // inflight is cleared in the same step as the last check of `again`: a call in between
    // (a `.finally` callback runs a turn later) would be answered by a run already over
    this.inflight = (async () => {
      try {
        do {
          this.again = false;
          await this.load();
        } while (this.again);
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }

  /** Events after `version`, or null when they are no longer kept (the caller resyncs). */
  eventsSince(version: number): WatchEvent[] | null {
    if (version === this.version) return [];
    if (version > this.version) return null;
    const first = this.history[0];
    if (!first || first.version > version + 1) return null;
    return this.history.filter((e) => e.version > version);
  }

  subscribe(listener: (e: WatchEvent) => void): () => void {
    this.start();
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  get subscriberCount(): number {
    return this.emitter.listenerCount('event');
  }

  private async load(): Promise<void> {
    this.lastListByTick = this.tickPending;
    this.tickPending = false;
    try {
      await this.list();
    } finally {
      this.listedAt = Date.now();
      this.firstLoaded();
    }
  }

  private async list(): Promise<void> {
    const result = await this.host.runner.run(zoneadmList(), { timeoutMs: LIST_TIMEOUT_MS });
    let next: ZoneRow[] | null = null;
    let error: string | null = null;
    if (result.exitCode !== 0) {
      error = describeToolFailure('zoneadm list', result);
    } else {
      try {
        next = parseZoneadmList(result.stdout)
          .filter((z) => z.name !== 'global')
          .map((z) => ({ ...z, host: this.host.name }));
      } catch (e) {
        error = `the host's zoneadm list output could not be read: ${(e as Error).message}`;
      }
    }
    const changes = next ? diffZones(this.zones, next) : [];
    if (next) {
      this.zones = next;
      this.fetchedAt = Date.now();
    }
    const errorChanged = error !== this.error;
    this.error = error;
    if (changes.length === 0 && !errorChanged) {
      // Nothing to record, but subscribers still learn that the host answered.
      this.emitter.emit('event', this.event([]));
      return;
    }
    this.version++;
    const event = this.event(changes);
    this.history.push(event);
    if (this.history.length > HISTORY) this.history.shift();
    this.emitter.emit('event', event);
  }

  private event(changes: ZoneChange[]): WatchEvent {
    return { host: this.host.name, version: this.version, changes, fetchedAt: this.fetchedAt, error: this.error };
  }
}

/** What changed from one list to the next: new or changed rows, removed names, and the new
 *  order of names when it changed (a zone created or deleted, which is rare). */
export function diffZones(before: ZoneRow[], after: ZoneRow[]): ZoneChange[] {
  const old = new Map(before.map((z) => [z.name, z]));
  const changes: ZoneChange[] = [];
  for (const z of after) {
    const prev = old.get(z.name);
    if (!prev || !sameRow(prev, z)) changes.push({ kind: 'upsert', zone: z });
    old.delete(z.name);
  }
  for (const name of old.keys()) changes.push({ kind: 'remove', name });
  const sameOrder = before.length === after.length && before.every((z, i) => after[i]?.name === z.name);
  if (!sameOrder) changes.push({ kind: 'order', names: after.map((z) => z.name) });
  return changes;
}

function sameRow(a: ZoneRow, b: ZoneRow): boolean {
  return (
    a.state === b.state &&
    a.id === b.id &&
    a.zonepath === b.zonepath &&
    a.uuid === b.uuid &&
    a.brand === b.brand &&
    a.ipType === b.ipType &&
    a.debugid === b.debugid
  );
}

// One watcher per host, kept by the composition root.
export { watcherFor } from '../services';
