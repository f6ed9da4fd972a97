// A zone's ZFS snapshots: list them, take one, roll the zone back to one, delete one. The zone's
// dataset is the one mounted at its zonepath (as zadm finds it); snapshots are taken with -r so
// they hold the zone's boot environment and delegated datasets too, and tagged with
// org.zonedash:made so the Doctor can tell the dashboard's from anyone else's.
//
// Rollback is refused for boot-environment brands, as zadm refuses it: their root is a BE under
// ROOT/ linked to the global zone's, and beadm (inside the zone) is the way to go back. For the
// others it is one task: halt the zone if it runs, `zfs rollback` (-r only when the operator
// agreed to destroy the newer snapshots, which are listed before), boot it again if it ran.
import { InvalidError, NotFoundError, RefusedError, ToolFailedError } from '../errors';
import type { Host } from '../hosts/registry';
import {
  datasetMountedAt,
  defaultSnapshotName,
  parseZfsMountpoints,
  parseZfsSnapshotList,
  validateSnapshotShortName,
  zfsDestroySnapshot,
  zfsListMountpoints,
  zfsListSnapshots,
  zfsRollback,
  zfsSnapshot,
} from '../illumos/zfs';
import { zoneadmBoot, zoneadmHalt } from '../illumos/zoneadm';
import type { ToolCall } from '../illumos/types';
import { taskManager, watcherFor } from '../services';
import { readZoneConfig } from './config';
import { describeToolFailure } from './errors';
import { BRAND_INFO } from './provision-spec';
import type { StepPlan, Task } from './tasks';

/** brands whose zone root is a boot environment (zadm's "BE-aware" brands) */
export const BE_BRANDS = new Set(['ipkg', 'lipkg', 'sparse', 'pkgsrc', 'illumos', 'nlipkg']);
const TOOL_TIMEOUT_MS = 60_000;
const BOOT_TIMEOUT_MS = 5 * 60_000;

export interface ZoneSnapshot {
  /** the part after '@' */
  name: string;
  dataset: string;
  used: number;
  refer: number;
  createdAt: string;
  /** taken by the dashboard (it carries org.zonedash:made) */
  madeByDashboard: boolean;
}

export interface SnapshotsView {
  zone: string;
  brand: string;
  state: string | null;
  dataset: string;
  snapshots: ZoneSnapshot[];
  /** why rollback is not offered for this zone (a boot-environment brand), or null */
  rollbackRefusal: string | null;
  /** why a clone cannot start from this zone now, or null */
  cloneRefusal: string | null;
}

/** What a person reads when rollback is refused for a boot-environment brand (after zadm). */
export function beRollbackRefusal(brand: string): string {
  return (
    `Rollback is not offered for ${brand} zones: their root file system is a boot environment (ROOT/zbe) linked to the global zone's, ` +
    `and rolling it back with zfs would fight beadm (zadm refuses it too: "rollback is not supported on BE-aware brands"). ` +
    `Inside the zone, beadm does it: \`beadm create zbe@<snapshot>\` takes a snapshot of the boot environment, ` +
    `\`beadm rollback zbe@<snapshot>\` goes back to it, then reboot the zone. Snapshots here still serve to clone the zone.`
  );
}

async function run(host: Host, call: ToolCall, what: string): Promise<string> {
  const r = await host.runner.run(call, { timeoutMs: TOOL_TIMEOUT_MS });
  if (r.exitCode !== 0) throw new ToolFailedError(describeToolFailure(what, r));
  return r.stdout;
}

/** The dataset mounted at the zone's zonepath, with the zone's brand. */
export async function zoneDataset(host: Host, zone: string): Promise<{ dataset: string; brand: string }> {
  const config = await readZoneConfig(host, zone);
  const rows = parseZfsMountpoints(await run(host, zfsListMountpoints(), 'zfs list'));
  const dataset = datasetMountedAt(rows, config.zonepath);
  if (!dataset) throw new NotFoundError(`no ZFS dataset is mounted at ${config.zonepath}, the zonepath of ${zone}: it is not installed, or its zonepath is not a dataset of its own`);
  return { dataset, brand: config.brand };
}

/** The zone's snapshots, oldest first (the function the Doctor uses too). */
export async function listSnapshots(host: Host, zone: string): Promise<ZoneSnapshot[]> {
  const { dataset } = await zoneDataset(host, zone);
  return snapshotsOf(host, dataset);
}

async function snapshotsOf(host: Host, dataset: string): Promise<ZoneSnapshot[]> {
  const rows = parseZfsSnapshotList(await run(host, zfsListSnapshots(dataset), 'zfs list -t snapshot'));
  return rows
    .map((r) => ({ name: r.name, dataset: r.dataset, used: r.used, refer: r.refer, createdAt: r.createdAt, madeByDashboard: r.made !== null }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function zoneState(host: Host, zone: string): Promise<string | null> {
  const snap = await watcherFor(host).snapshot();
  return snap.zones.find((z) => z.name === zone)?.state ?? null;
}

export async function snapshotsView(host: Host, zone: string): Promise<SnapshotsView> {
  const state = await zoneState(host, zone);
  if (state === null) throw new NotFoundError(`zone '${zone}' does not exist on ${host.name}`);
  const { dataset, brand } = await zoneDataset(host, zone);
  return {
    zone,
    brand,
    state,
    dataset,
    snapshots: await snapshotsOf(host, dataset),
    rollbackRefusal: BE_BRANDS.has(brand) ? beRollbackRefusal(brand) : null,
    cloneRefusal: cloneSourceRefusal(zone, state) ?? (BRAND_INFO[brand]?.unsupported ? `the dashboard cannot set up ${brand} zones: ${BRAND_INFO[brand]!.unsupported}` : null),
  };
}

/** zoneadm clone copies an installed zone that does not run (clone_func: "installed is required"). */
export function cloneSourceRefusal(zone: string, state: string): string | null {
  if (state === 'installed') return null;
  if (['running', 'ready', 'shutting_down', 'down'].includes(state)) return `${zone} is ${state}: zoneadm clones only a halted (installed) zone, so halt it first`;
  return `${zone} is ${state}: only an installed zone can be cloned`;
}

export interface SnapshotPlan {
  title: string;
  steps: StepPlan[];
}

const step = (label: string, call: ToolCall, timeoutMs = TOOL_TIMEOUT_MS): StepPlan => ({ label, call, timeoutMs });

/** `zfs snapshot -r -o org.zonedash:made=… DS@NAME`, NAME given or zd-YYYYMMDD-HHMMSS. */
export async function planCreate(host: Host, zone: string, name: string | null, now = new Date()): Promise<SnapshotPlan & { name: string }> {
  const snap = name ?? defaultSnapshotName(now);
  const v = validateSnapshotShortName(snap);
  if (!v.ok) throw new InvalidError('name', v.message);
  const { dataset } = await zoneDataset(host, zone);
  const existing = await snapshotsOf(host, dataset);
  if (existing.some((s) => s.name === snap)) throw new RefusedError(`${zone} already has a snapshot called ${snap}`);
  return { name: snap, title: `snapshot ${zone} as ${snap}`, steps: [step(`Snapshot ${dataset} and the datasets below it as ${snap}`, zfsSnapshot(dataset, snap, now))] };
}

export interface RollbackPlan extends SnapshotPlan {
  /** snapshots newer than the target, which the rollback destroys (needs destroyNewer) */
  newer: string[];
  /** the zone runs now: it is halted first and booted after */
  wasRunning: boolean;
}

/** The rollback task's steps, refused for boot-environment brands and without consent to -r. */
export async function planRollback(host: Host, zone: string, name: string, opts: { destroyNewer: boolean }): Promise<RollbackPlan> {
  const state = await zoneState(host, zone);
  if (state === null) throw new NotFoundError(`zone '${zone}' does not exist on ${host.name}`);
  const { dataset, brand } = await zoneDataset(host, zone);
  if (BE_BRANDS.has(brand)) throw new RefusedError(beRollbackRefusal(brand));
  const all = await snapshotsOf(host, dataset);
  const target = all.find((s) => s.name === name);
  if (!target) throw new NotFoundError(`${zone} has no snapshot called ${name}`);
  const newer = all.filter((s) => s.createdAt > target.createdAt || (s.createdAt === target.createdAt && all.indexOf(s) > all.indexOf(target))).map((s) => s.name);
  if (newer.length && !opts.destroyNewer) {
    throw new RefusedError(`rolling ${zone} back to ${name} destroys the newer snapshot${newer.length === 1 ? '' : 's'} ${newer.join(', ')}: confirm that to go on`);
  }
  const wasRunning = ['running', 'ready'].includes(state);
  const steps: StepPlan[] = [];
  if (wasRunning) steps.push(step(`Halt ${zone} (its file systems must be unmounted)`, zoneadmHalt(zone), BOOT_TIMEOUT_MS));
  steps.push(step(`Roll ${dataset} back to ${name}${newer.length ? `, destroying ${newer.join(', ')}` : ''}`, zfsRollback(dataset, name, { destroyNewer: newer.length > 0 })));
  if (wasRunning) steps.push(step(`Boot ${zone} again`, zoneadmBoot(zone), BOOT_TIMEOUT_MS));
  return { title: `roll ${zone} back to ${name}`, steps, newer, wasRunning };
}

/** `zfs destroy -r DS@NAME`: refused by zfs itself while a clone depends on it (its message shows). */
export async function planDestroy(host: Host, zone: string, name: string): Promise<SnapshotPlan> {
  const v = validateSnapshotShortName(name);
  if (!v.ok) throw new InvalidError('name', v.message);
  const { dataset } = await zoneDataset(host, zone);
  if (!(await snapshotsOf(host, dataset)).some((s) => s.name === name)) throw new NotFoundError(`${zone} has no snapshot called ${name}`);
  return { title: `delete snapshot ${name} of ${zone}`, steps: [step(`Destroy ${dataset}@${name} and its namesakes below`, zfsDestroySnapshot(dataset, name))] };
}

/** Runs a snapshot plan as a task on the zone (one task per zone at a time, audited by the router). */
export function startSnapshotTask(host: Host, zone: string, kind: string, plan: SnapshotPlan, user: string): Task {
  const watcher = watcherFor(host);
  return taskManager().start({ kind, title: plan.title, user, host, zone, steps: plan.steps, afterStep: () => void watcher.refresh() });
}

/** The argv of a plan's steps, as a person would type them (shown before anything runs). */
export function planCommands(plan: SnapshotPlan): { label: string; argv: string[] }[] {
  return plan.steps.map((s) => ({ label: s.label, argv: [s.call.tool, ...s.call.args] }));
}
