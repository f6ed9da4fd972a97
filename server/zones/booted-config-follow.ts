// Keeps the booted-configuration records (booted-config.ts) in step with the fleet, and says
// what waits for each running zone's next boot.
//
// One follower per process: a succeeded boot or reboot task records the configuration then;
// a zone seen running under a kernel id its record does not have (booted elsewhere, or first
// seen) is recorded as it is now; a zone that stops running, or goes, loses its record.
//
// The zone table's badge reads counts kept here (pendingCounts), never the host: a page view
// spawns no tool. A count is set whenever a zone's pending changes are computed: on its zone
// page, after any task on it ends, and for every running zone when the follower starts. A
// change made by hand on the host shows once one of those happens.
import type { Host, HostRegistry } from '../hosts/registry';
import { diffConfigs, type ConfigChange } from '../illumos/config-diff';
import { liveSteps } from '../illumos/prctl';
import type { ZoneConfig } from '../illumos/types';
import { startGate } from '../hosts/ssh-start-gate';
import { processSlot } from '../process-slots';
import { database, fleetOf, hostReads, hostRegistry, taskManager } from '../services';
import { BootedConfigs, type BootSource, type BootedRecord } from './booted-config';
import { readZoneConfig } from './config';
import type { ZoneRow } from './watcher';

export function bootedConfigs(): BootedConfigs {
  return processSlot('booted-configs', () => new BootedConfigs(database()));
}

/** The zone's configuration now, through the page reads' cache (`background`: the follower's
 *  read, which yields to the zone lists and actions on the host's connection). */
export function currentConfig(host: Host, zone: string, background = false): Promise<ZoneConfig> {
  return hostReads().get(host, `config:${zone}`, () => readZoneConfig(host, zone, { background }));
}

/** Which boot a row is in: the kernel zone id while the zone runs, else null. */
const bootOf = (row: ZoneRow | undefined): string | null => (row && row.state === 'running' && row.id !== null ? String(row.id) : null);

/** Records being made now, by host/zone/boot: the follower and a page asking at once read once. */
const making = () => processSlot('booted-configs-making', () => new Map<string, Promise<BootedRecord>>());

/**
 * The zone's record, made now (`fresh`) from its configuration if missing or of another boot.
 * Forced (a boot the dashboard ran), it is made again whatever it says.
 */
async function ensureRecord(host: Host, row: ZoneRow, source: BootSource, force = false, background = false): Promise<{ rec: BootedRecord; fresh: boolean } | null> {
  const boot = bootOf(row);
  if (!boot) return null;
  const store = bootedConfigs();
  const rec = store.get(host.name, row.name);
  if (rec && rec.boot === boot && !force) return { rec, fresh: false };
  const key = `${host.name}/${row.name}/${boot}/${force}`;
  let p = making().get(key);
  if (!p) {
    // a fresh read: the cache may hold the configuration from before a change
    p = readZoneConfig(host, row.name, { background })
      .then((config) => store.put(host.name, row.name, boot, config, source))
      .finally(() => making().delete(key));
    making().set(key, p);
  }
  return { rec: await p, fresh: true };
}

export interface PendingChanges {
  host: string;
  zone: string;
  changes: ConfigChange[];
  /** the changes prctl can make on the running zone, with the exact argv */
  live: { key: string; label: string; argv: string[] }[];
  source: BootSource;
  recordedAt: number;
}

/** How many changes wait for each running zone's next boot, by "host/zone", as last computed. */
function counts(): Map<string, number> {
  return processSlot('booted-configs-counts', () => new Map<string, number>());
}

/** Counts being computed now (after a task): the badge's read waits for them. */
function computing(): Set<Promise<unknown>> {
  return processSlot('booted-configs-computing', () => new Set<Promise<unknown>>());
}

/**
 * The zone table's badges: the last computed counts (no tool runs, not even the zone list: a
 * zone that stops running or goes loses its count in the follower).
 */
export async function pendingCounts(): Promise<{ host: string; zone: string; count: number }[]> {
  await Promise.all([...computing()]);
  return [...counts()].flatMap(([k, n]) => {
    const slash = k.indexOf('/');
    return n > 0 ? [{ host: k.slice(0, slash), zone: k.slice(slash + 1), count: n }] : [];
  });
}

/** What waits for the zone's next boot; null when it does not run. `background`: computed by
 *  the follower, not for a page that waits (its reads yield on the host's connection). */
export async function pendingFor(host: Host, row: ZoneRow | undefined, background = false): Promise<PendingChanges | null> {
  if (row && !bootOf(row)) counts().delete(`${host.name}/${row.name}`);
  if (!row || !bootOf(row)) return null;
  const made = await ensureRecord(host, row, 'first-seen', false, background);
  if (!made) return null;
  const { rec, fresh } = made;
  // a record made just now is the configuration now: nothing waits
  const changes = fresh ? [] : diffConfigs(rec.config, await currentConfig(host, row.name, background));
  const live = liveSteps(row.name, changes).map((s) => ({ key: s.key, label: s.label, argv: [s.call.tool, ...s.call.args] }));
  counts().set(`${host.name}/${row.name}`, changes.length);
  return { host: host.name, zone: row.name, changes, live, source: rec.source, recordedAt: rec.recordedAt };
}

/** Before a configuration edit: the zone's booted configuration must be known first. */
export async function recordBeforeEdit(host: Host, row: ZoneRow | undefined): Promise<void> {
  if (row) await ensureRecord(host, row, 'first-seen');
}

/** How long the follower's first reads wait for the hosts' first zone lists at a start. */
const START_HOLD_MAX_MS = 10_000;

/** Starts the process's follower (once); every entry point of the feature calls it. */
export function followBoots(): void {
  processSlot('booted-configs-follower', () => {
    void start();
    return true;
  });
}

async function start(): Promise<void> {
  const registry: HostRegistry = await hostRegistry();
  const fleet = await fleetOf();
  const store = bootedConfigs();
  const rows = new Map<string, ZoneRow>();
  const key = (host: string, zone: string) => `${host}/${zone}`;
  /** Computes a zone's pending count in the background; the badge's read waits for it. */
  const recount = (host: Host, row: ZoneRow) => {
    // at a start, the hosts' first zone lists go first (a configuration read per running zone
    // would compete with them): the same process-wide gate the metrics' reads wait on
    const p = startGate()
      .wait(START_HOLD_MAX_MS)
      .then(() => pendingFor(host, row, true))
      .catch(() => undefined);
    computing().add(p);
    void p.finally(() => computing().delete(p));
  };
  const seen = (row: ZoneRow) => {
    rows.set(key(row.host, row.name), row);
    const host = registry.get(row.host);
    if (!host) return;
    if (!bootOf(row)) {
      store.forget(row.host, row.name);
      counts().delete(key(row.host, row.name));
    } else recount(host, row);
  };
  fleet.subscribe((e) => {
    for (const c of e.changes) {
      if (c.kind === 'upsert') seen(c.zone);
      else if (c.kind === 'remove') {
        rows.delete(key(e.host, c.name));
        store.forget(e.host, c.name);
        counts().delete(key(e.host, c.name));
      }
    }
  });
  taskManager().subscribe((e) => {
    if (e.type !== 'task' || e.task.status === 'running') return;
    const host = registry.get(e.task.host);
    if (!host) return;
    const booted = e.task.status === 'succeeded' && ['boot', 'reboot'].includes(e.task.kind);
    // any task may have changed the configuration or the zone; the watcher refreshes after
    // it, and a boot's new id comes with that
    const p = fleet
      .snapshot()
      .then(async (s) => {
        const row = s.zones.find((z) => z.host === e.task.host && z.name === e.task.zone);
        if (!row) return;
        if (booted) await ensureRecord(host, row, 'boot', true, true);
        await pendingFor(host, row, true);
      })
      .catch(() => undefined);
    computing().add(p);
    void p.finally(() => computing().delete(p));
  });
  for (const row of (await fleet.snapshot()).zones) seen(row);
}
