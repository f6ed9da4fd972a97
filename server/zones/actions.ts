// From a verb on a zone to a planned task: check the verb against the zone's current state,
// then build the exact steps. A verb that is already satisfied is a no-op success, recorded
// like any other task so the history stays whole.
import { NotFoundError, RefusedError } from '../errors';
import type { Host } from '../hosts/registry';
import { dladmDeleteVnic } from '../illumos/dladm';
import {
  zoneadmBoot,
  zoneadmHalt,
  zoneadmInstall,
  zoneadmReady,
  zoneadmReboot,
  zoneadmShutdown,
  zoneadmUninstall,
  zoneadmVerify,
} from '../illumos/zoneadm';
import { zonecfgDelete } from '../illumos/zonecfg';
import { capability, type ZoneVerb } from './capabilities';
import { readZoneConfig } from './config';
import { listLinks } from './links';
import type { StepPlan } from './tasks';
import type { HostWatcher } from './watcher';

export interface ActionPlan {
  verb: ZoneVerb;
  title: string;
  steps: StepPlan[];
  /** set when the verb is already satisfied: nothing runs */
  noop: string | null;
}

const INSTALL_TIMEOUT_MS = 60 * 60_000;
const BOOT_TIMEOUT_MS = 5 * 60_000;

export async function planAction(host: Host, watcher: HostWatcher, zone: string, verb: ZoneVerb): Promise<ActionPlan> {
  const snapshot = await watcher.snapshot();
  const row = snapshot.zones.find((z) => z.name === zone);
  if (!row) throw new NotFoundError(`zone '${zone}' does not exist on ${host.name}`);
  const cap = capability(verb, row.state);
  const title = `${verb} ${zone}`;
  if (cap.kind === 'refused') {
    throw new RefusedError(`cannot ${verb} ${zone}: ${cap.reason}`, cap.reason);
  }
  if (cap.kind === 'noop') return { verb, title, steps: [], noop: cap.reason };

  const step = (label: string, call: StepPlan['call'], timeoutMs = BOOT_TIMEOUT_MS): StepPlan => ({ label, call, timeoutMs });
  switch (verb) {
    case 'boot':
      return { verb, title, noop: null, steps: [step(`Boot ${zone}`, zoneadmBoot(zone))] };
    case 'shutdown':
      return { verb, title, noop: null, steps: [step(`Shut down ${zone} gracefully`, zoneadmShutdown(zone))] };
    case 'halt':
      return { verb, title, noop: null, steps: [step(`Halt ${zone}`, zoneadmHalt(zone))] };
    case 'reboot':
      return { verb, title, noop: null, steps: [step(`Reboot ${zone}`, zoneadmReboot(zone))] };
    case 'ready':
      return { verb, title, noop: null, steps: [step(`Ready ${zone}`, zoneadmReady(zone))] };
    case 'install':
      return { verb, title, noop: null, steps: [step(`Install ${zone}`, zoneadmInstall(zone), INSTALL_TIMEOUT_MS)] };
    case 'uninstall':
      return { verb, title, noop: null, steps: [step(`Uninstall ${zone}`, zoneadmUninstall(zone), INSTALL_TIMEOUT_MS)] };
    case 'verify':
      return { verb, title, noop: null, steps: [step(`Verify ${zone}`, zoneadmVerify(zone))] };
    case 'delete':
      return planDelete(host, watcher, zone, row.state);
  }
}

/** The delete cascade: halt if the kernel knows the zone, uninstall if installed, delete the
 *  configuration, then the VNICs it used that no other zone's configuration names. */
async function planDelete(host: Host, watcher: HostWatcher, zone: string, state: string): Promise<ActionPlan> {
  const steps: StepPlan[] = [];
  const title = `delete ${zone}`;
  if (['ready', 'running', 'down'].includes(state)) steps.push({ label: `Halt ${zone}`, call: zoneadmHalt(zone), timeoutMs: BOOT_TIMEOUT_MS });
  if (['ready', 'running', 'down', 'installed', 'incomplete'].includes(state)) {
    steps.push({ label: `Uninstall ${zone} (-F)`, call: zoneadmUninstall(zone), timeoutMs: INSTALL_TIMEOUT_MS });
  }
  steps.push({ label: `Delete the configuration of ${zone}`, call: zonecfgDelete(zone), timeoutMs: 30_000 });
  for (const vnic of await vnicsOnlyUsedBy(host, watcher, zone)) {
    steps.push({ label: `Delete VNIC ${vnic}`, call: dladmDeleteVnic(vnic), timeoutMs: 30_000 });
  }
  return { verb: 'delete', title, steps, noop: null };
}

export async function vnicsOnlyUsedBy(host: Host, watcher: HostWatcher, zone: string): Promise<string[]> {
  const config = await readZoneConfig(host, zone);
  const vnics = new Set((await listLinks(host)).filter((l) => l.class === 'vnic').map((l) => l.link));
  const mine = config.net.map((n) => n.physical).filter((p) => vnics.has(p));
  if (mine.length === 0) return [];
  const others = (await watcher.snapshot()).zones.filter((z) => z.name !== zone);
  const usedElsewhere = new Set<string>();
  for (const other of others) {
    const c = await readZoneConfig(host, other.name).catch(() => null);
    for (const n of c?.net ?? []) usedElsewhere.add(n.physical);
  }
  return [...new Set(mine)].filter((v) => !usedElsewhere.has(v));
}
