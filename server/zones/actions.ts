// From a verb on a zone to a planned task: check the verb against the zone's current state,
// then build the exact steps. A verb that is already satisfied is a no-op success, recorded
// like any other task so the history stays whole.
import { InvalidError, NotFoundError, RefusedError } from '../errors';
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
import { createdVnics } from './created-vnics';
import { listLinks } from './links';
import type { StepPlan } from './tasks';
import type { HostWatcher } from './watcher';

export interface ActionPlan {
  verb: ZoneVerb;
  title: string;
  steps: StepPlan[];
  /** set when the verb is already satisfied: nothing runs */
  noop: string | null;
  /** delete: the zone's VNICs it leaves in place, and why */
  kept: KeptVnic[];
}

/** A VNIC of the zone that its delete leaves on the host. */
export interface KeptVnic {
  link: string;
  reason: string;
  /** true when the operator may ask for it to be deleted too (no other zone names it) */
  canDelete: boolean;
}

export interface PlanOptions {
  /** delete: VNICs the dashboard did not create that the operator asked to delete as well */
  alsoDeleteVnics?: readonly string[];
}

const INSTALL_TIMEOUT_MS = 60 * 60_000;
const BOOT_TIMEOUT_MS = 5 * 60_000;

export async function planAction(host: Host, watcher: HostWatcher, zone: string, verb: ZoneVerb, opts: PlanOptions = {}): Promise<ActionPlan> {
  const snapshot = await watcher.snapshot();
  const row = snapshot.zones.find((z) => z.name === zone);
  if (!row) throw new NotFoundError(`zone '${zone}' does not exist on ${host.name}`);
  const cap = capability(verb, row.state);
  const title = `${verb} ${zone}`;
  if (cap.kind === 'refused') {
    throw new RefusedError(`cannot ${verb} ${zone}: ${cap.reason}`, cap.reason);
  }
  if (cap.kind === 'noop') return { verb, title, steps: [], noop: cap.reason, kept: [] };

  const step = (label: string, call: StepPlan['call'], timeoutMs = BOOT_TIMEOUT_MS): StepPlan => ({ label, call, timeoutMs });
  switch (verb) {
    case 'boot':
      return { verb, title, noop: null, kept: [], steps: [step(`Boot ${zone}`, zoneadmBoot(zone))] };
    case 'shutdown':
      return { verb, title, noop: null, kept: [], steps: [step(`Shut down ${zone} gracefully`, zoneadmShutdown(zone))] };
    case 'halt':
      return { verb, title, noop: null, kept: [], steps: [step(`Halt ${zone}`, zoneadmHalt(zone))] };
    case 'reboot':
      return { verb, title, noop: null, kept: [], steps: [step(`Reboot ${zone}`, zoneadmReboot(zone))] };
    case 'ready':
      return { verb, title, noop: null, kept: [], steps: [step(`Ready ${zone}`, zoneadmReady(zone))] };
    case 'install':
      return { verb, title, noop: null, kept: [], steps: [step(`Install ${zone}`, zoneadmInstall(zone), INSTALL_TIMEOUT_MS)] };
    case 'uninstall':
      return { verb, title, noop: null, kept: [], steps: [step(`Uninstall ${zone}`, zoneadmUninstall(zone), INSTALL_TIMEOUT_MS)] };
    case 'verify':
      return { verb, title, noop: null, kept: [], steps: [step(`Verify ${zone}`, zoneadmVerify(zone))] };
    case 'delete':
      return planDelete(host, watcher, zone, row.state, opts.alsoDeleteVnics ?? []);
  }
}

/**
 * The delete cascade: halt if the kernel knows the zone, uninstall if installed, delete the
 * configuration, then the VNICs the dashboard created for this zone (created_vnics) that no
 * other zone's configuration names. A VNIC the zone only borrowed (made by hand, given to the
 * wizard as "existing VNIC") is kept and listed, unless the operator asked for it by name.
 */
async function planDelete(host: Host, watcher: HostWatcher, zone: string, state: string, alsoDelete: readonly string[]): Promise<ActionPlan> {
  const steps: StepPlan[] = [];
  const title = `delete ${zone}`;
  if (['ready', 'running', 'down'].includes(state)) steps.push({ label: `Halt ${zone}`, call: zoneadmHalt(zone), timeoutMs: BOOT_TIMEOUT_MS });
  if (['ready', 'running', 'down', 'installed', 'incomplete'].includes(state)) {
    steps.push({ label: `Uninstall ${zone} (-F)`, call: zoneadmUninstall(zone), timeoutMs: INSTALL_TIMEOUT_MS });
  }
  steps.push({ label: `Delete the configuration of ${zone}`, call: zonecfgDelete(zone), timeoutMs: 30_000 });
  const { remove, kept } = await zoneVnics(host, watcher, zone);
  const asked = new Set(alsoDelete);
  const unknown = [...asked].filter((v) => !kept.some((k) => k.link === v && k.canDelete));
  if (unknown.length) {
    throw new InvalidError('vnics', `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a VNIC' : 'are not VNICs'} of ${zone} that its delete could remove`);
  }
  const records = createdVnics();
  for (const vnic of [...remove, ...kept.filter((k) => asked.has(k.link)).map((k) => k.link)]) {
    steps.push({
      label: `Delete VNIC ${vnic}`,
      call: dladmDeleteVnic(vnic),
      timeoutMs: 30_000,
      // once it is gone, the record that the dashboard made it goes too
      judge: (r) => {
        if (r.exitCode === 0) records.forget(host.name, vnic);
        return r.exitCode === 0;
      },
    });
  }
  return { verb: 'delete', title, steps, noop: null, kept: kept.filter((k) => !asked.has(k.link)) };
}

/** The VNICs a zone's configuration names: those its delete removes, and those it keeps. */
export async function zoneVnics(host: Host, watcher: HostWatcher, zone: string): Promise<{ remove: string[]; kept: KeptVnic[] }> {
  const config = await readZoneConfig(host, zone);
  const vnics = new Set((await listLinks(host)).filter((l) => l.class === 'vnic').map((l) => l.link));
  const mine = [...new Set(config.net.map((n) => n.physical).filter((p) => vnics.has(p)))];
  if (mine.length === 0) return { remove: [], kept: [] };
  const others = (await watcher.snapshot()).zones.filter((z) => z.name !== zone);
  const usedElsewhere = new Map<string, string>();
  for (const other of others) {
    const c = await readZoneConfig(host, other.name).catch(() => null);
    for (const n of c?.net ?? []) if (!usedElsewhere.has(n.physical)) usedElsewhere.set(n.physical, other.name);
  }
  const records = createdVnics();
  const remove: string[] = [];
  const kept: KeptVnic[] = [];
  for (const vnic of mine) {
    const other = usedElsewhere.get(vnic);
    if (other) kept.push({ link: vnic, reason: `the configuration of zone ${other} names it too`, canDelete: false });
    else if (records.get(host.name, vnic)?.zone === zone) remove.push(vnic);
    else kept.push({ link: vnic, reason: `lent to ${zone}: the dashboard did not create it`, canDelete: true });
  }
  return { remove, kept };
}
