// What a host's zones look like right now, from `zoneadm list -cp`. Reads are served from a
// snapshot: a page view never spawns a tool. A snapshot older than MAX_AGE_MS is refreshed
// on demand, and concurrent readers share one refresh, so the host sees at most one
// `zoneadm list` per interval however many people look.
import { parseZoneadmList } from '../illumos/parse';
import type { ZoneListEntry } from '../illumos/types';
import { zoneadmList } from '../illumos/zoneadm';
import type { Host } from '../hosts/registry';
import { describeToolFailure } from './errors';

export interface ZoneRow extends ZoneListEntry {
  host: string;
}

export interface InventorySnapshot {
  host: string;
  /** every zone except the global zone, in the host's index order */
  zones: ZoneRow[];
  /** when the host last answered (ms since epoch), null if it never did */
  fetchedAt: number | null;
  /** why the last refresh failed, when it did; the zones are then those of fetchedAt */
  error: string | null;
}

const MAX_AGE_MS = 1000;
const LIST_TIMEOUT_MS = 10_000;

export class HostInventory {
  private snapshot: InventorySnapshot;
  private inflight: Promise<InventorySnapshot> | null = null;
  private checkedAt = 0;

  constructor(private readonly host: Host) {
    this.snapshot = { host: host.name, zones: [], fetchedAt: null, error: null };
  }

  /** The current snapshot, refreshed first if it is older than MAX_AGE_MS. */
  async read(): Promise<InventorySnapshot> {
    if (Date.now() - this.checkedAt < MAX_AGE_MS) return this.snapshot;
    return this.refresh();
  }

  refresh(): Promise<InventorySnapshot> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async load(): Promise<InventorySnapshot> {
    const result = await this.host.runner.run(zoneadmList(), { timeoutMs: LIST_TIMEOUT_MS });
    this.checkedAt = Date.now();
    if (result.exitCode !== 0) {
      this.snapshot = { ...this.snapshot, error: describeToolFailure('zoneadm list', result) };
      return this.snapshot;
    }
    try {
      const zones = parseZoneadmList(result.stdout)
        .filter((z) => z.name !== 'global')
        .map((z) => ({ ...z, host: this.host.name }));
      this.snapshot = { host: this.host.name, zones, fetchedAt: this.checkedAt, error: null };
    } catch (e) {
      this.snapshot = {
        ...this.snapshot,
        error: `the host's zoneadm list output could not be read: ${(e as Error).message}`,
      };
    }
    return this.snapshot;
  }
}

const KEY = Symbol.for('zonedash.inventories');
type Holder = { [KEY]?: Map<string, HostInventory> };

/** One inventory per host for the whole process (custom server and Next routes alike). */
export function inventoryFor(host: Host): HostInventory {
  const holder = globalThis as Holder;
  const map = (holder[KEY] ??= new Map());
  let inv = map.get(host.name);
  if (!inv) {
    inv = new HostInventory(host);
    map.set(host.name, inv);
  }
  return inv;
}
