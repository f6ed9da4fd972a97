// A zone's configuration (from `zonecfg -z SRC export` or an export pasted by a person) turned
// into wizard answers: what the steps edit goes into their fields, the rest is carried
// unchanged into the new zone's command file. What cannot belong to two zones at once (the
// source's VNIC, a pinned address, a delegated dataset, a hostid) is not copied from a live
// zone, and every such decision is said in a warning the review shows.
import type { ZoneConfig } from '../illumos/types';
import { zonecfgConflict } from '../illumos/validate';
import { aliasedLimit, CAPPED_MEMORY_RCTLS, CPU_CAP_RCTL } from '../illumos/zonecfgRctl';
import type { CarriedConfig, WizardAnswers } from './provision-spec';

export interface ImportPatch {
  basics: Pick<WizardAnswers['basics'], 'brand' | 'autoboot' | 'zonepath'>;
  network: Partial<WizardAnswers['network']>;
  resources: WizardAnswers['resources'];
  carried: CarriedConfig | null;
  warnings: string[];
}

export interface ImportContext {
  /** 'clone': copying a zone of this host; 'import': a pasted export */
  kind: 'clone' | 'import';
  /** what the review says the carried settings came from */
  from: string;
  /** VNICs on the host and the link each sits on, to keep a clone on the same network */
  vnics?: { link: string; over: string; vid: number }[];
}

/** rctls the wizard shows as fields, with the alias action zonecfg gives them. */
const FIELD_RCTLS: Record<string, string> = {
  'zone.cpu-shares': 'none',
  'zone.max-processes': 'deny',
  'zone.max-lwps': 'deny',
  [CPU_CAP_RCTL]: 'deny',
  ...Object.fromEntries(CAPPED_MEMORY_RCTLS.map((a) => [a.rctl, a.action])),
};

export function importConfig(config: ZoneConfig, ctx: ImportContext): ImportPatch {
  const warnings: string[] = [];
  const clone = ctx.kind === 'clone';
  const source = clone ? config.zonename || 'the source zone' : 'the export';

  // ---- network: the first net resource
  const [net, ...otherNets] = config.net;
  const network: Partial<WizardAnswers['network']> = {};
  if (otherNets.length) {
    warnings.push(`${source} has ${config.net.length} network interfaces; the wizard sets up the first one only (${otherNets.map((n) => n.physical).join(', ')} left out)`);
  }
  if (config.ipType === 'shared') {
    network.mode = 'shared';
    network.sharedLink = net?.physical ?? '';
    network.sharedAddress = clone ? '' : net?.address ?? '';
    network.defrouter = net?.defrouter ?? '';
    if (clone && net?.address) warnings.push(`the address ${net.address} of ${source} was not copied: two zones cannot hold the same address; give the new zone its own`);
  } else {
    network.mode = 'new-vnic';
    network.vnicName = '';
    network.mac = '';
    const vnic = net ? ctx.vnics?.find((v) => v.link === net.physical) : undefined;
    if (vnic) {
      network.over = vnic.over;
      network.vlanId = vnic.vid > 0 ? String(vnic.vid) : '';
    } else {
      network.vlanId = net?.vlanId ?? '';
    }
    if (clone && (net?.allowedAddress || net?.defrouter)) {
      warnings.push(`the allowed address ${net.allowedAddress ?? ''}${net.defrouter ? ` and default router ${net.defrouter}` : ''} of ${source} were not copied: two zones cannot hold the same address`);
      network.allowedAddress = '';
      network.defrouter = '';
    } else {
      network.allowedAddress = net?.allowedAddress ?? '';
      network.defrouter = net?.defrouter ?? '';
    }
    if (net && (net.globalNic || net.macAddr || net.properties.length)) {
      warnings.push(`the global-nic, mac-addr and property settings of ${net.physical} were left out: the wizard creates the VNIC itself`);
    }
  }
  if (net) warnings.push(`${source} used the link ${net.physical}; the new zone gets its own (see Network)`);

  // ---- resources the wizard edits; their rctls are then not carried twice
  const rctl = config.rctl.filter((r) => {
    const action = FIELD_RCTLS[r.name];
    return action === undefined || aliasedLimit(config.rctl, r.name, action) === null;
  });
  const fieldBacked = (name: string) => !rctl.some((r) => r.name === name);
  const mounts: WizardAnswers['resources']['mounts'] = [];
  const carriedFs: CarriedConfig['fs'] = [];
  for (const fs of config.fs) {
    if (fs.type === 'lofs' && !fs.raw && fs.options.every((o) => o === 'ro')) {
      mounts.push({ special: fs.special, dir: fs.dir, readOnly: fs.options.includes('ro') });
    } else {
      carriedFs.push(fs);
    }
  }
  let datasets = config.dataset.map((d) => d.name);
  if (clone && datasets.length) {
    warnings.push(`the delegated dataset${datasets.length > 1 ? 's' : ''} ${datasets.join(', ')} of ${source} ${datasets.length > 1 ? 'were' : 'was'} not copied: a dataset is delegated to one zone only`);
    datasets = [];
  }
  const resources: WizardAnswers['resources'] = {
    memory: fieldBacked('zone.max-physical-memory') ? config.cappedMemory?.physical ?? '' : '',
    swap: fieldBacked('zone.max-swap') ? config.cappedMemory?.swap ?? '' : '',
    cpuCap: fieldBacked(CPU_CAP_RCTL) ? config.cappedCpu?.ncpus ?? '' : '',
    cpuShares: fieldBacked('zone.cpu-shares') ? config.cpuShares ?? '' : '',
    maxProcesses: fieldBacked('zone.max-processes') ? config.maxProcesses ?? '' : '',
    maxLwps: fieldBacked('zone.max-lwps') ? config.maxLwps ?? '' : '',
    mounts,
    datasets,
  };

  // ---- everything else goes along as it is
  const carried: CarriedConfig = {
    from: ctx.from,
    fs: carriedFs,
    device: config.device,
    rctl,
    attr: config.attr,
    admin: config.admin,
  };
  const copy = ['bootargs', 'pool', 'limitpriv', 'schedulingClass', 'fsAllowed', 'maxShmMemory', 'maxShmIds', 'maxMsgIds', 'maxSemIds', 'zfsIoPriority'] as const;
  for (const key of copy) if (config[key] !== undefined) carried[key] = config[key];
  if (config.hostid) {
    if (clone) warnings.push(`the hostid ${config.hostid} of ${source} was not copied: each zone should have its own`);
    else carried.hostid = config.hostid;
  }
  if (config.cappedMemory?.locked && fieldBacked('zone.max-locked-memory')) carried.lockedMemory = config.cappedMemory.locked;
  if (config.dedicatedCpu) carried.dedicatedCpu = config.dedicatedCpu;
  const conflict = zonecfgConflict(config);
  if (conflict) warnings.push(`${source} cannot be created as it is: ${conflict}`);
  if (config.securityFlags) carried.securityFlags = config.securityFlags;
  const empty =
    carried.fs.length + carried.device.length + carried.rctl.length + carried.attr.length + carried.admin.length === 0 &&
    Object.keys(carried).filter((k) => !['from', 'fs', 'device', 'rctl', 'attr', 'admin'].includes(k)).length === 0;

  return {
    basics: { brand: config.brand, autoboot: config.autoboot, zonepath: '' },
    network,
    resources,
    carried: empty ? null : carried,
    warnings,
  };
}

/** A short list of what a carried configuration holds, for the review. */
export function describeCarried(c: CarriedConfig): string[] {
  const out: string[] = [];
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  if (c.fs.length) out.push(`${plural(c.fs.length, 'file system')}: ${c.fs.map((f) => `${f.dir} (${f.type})`).join(', ')}`);
  if (c.device.length) out.push(`${plural(c.device.length, 'device')}: ${c.device.map((d) => d.match).join(', ')}`);
  if (c.attr.length) out.push(`${plural(c.attr.length, 'attr')}: ${c.attr.map((a) => `${a.name}=${a.value}`).join(', ')}`);
  if (c.rctl.length) out.push(`${plural(c.rctl.length, 'resource control')}: ${c.rctl.map((r) => r.name).join(', ')}`);
  if (c.admin.length) out.push(`admin: ${c.admin.map((a) => `${a.user} (${a.auths})`).join(', ')}`);
  if (c.dedicatedCpu) out.push(`dedicated CPUs: ${c.dedicatedCpu.ncpus}`);
  if (c.securityFlags) out.push('security flags');
  for (const [key, label] of [
    ['bootargs', 'boot arguments'],
    ['pool', 'pool'],
    ['limitpriv', 'privilege limit'],
    ['schedulingClass', 'scheduling class'],
    ['hostid', 'hostid'],
    ['fsAllowed', 'fs-allowed'],
    ['maxShmMemory', 'max-shm-memory'],
    ['maxShmIds', 'max-shm-ids'],
    ['maxMsgIds', 'max-msg-ids'],
    ['maxSemIds', 'max-sem-ids'],
    ['zfsIoPriority', 'zfs-io-priority'],
    ['lockedMemory', 'locked memory cap'],
  ] as const) {
    const v = c[key];
    if (v) out.push(`${label}: ${v}`);
  }
  return out;
}
