// The creation wizard's answers: what the browser keeps (plain strings, '' for "default" or
// "none", so a form maps onto it one field to one value), and their validation into a
// ProvisionSpec the planner turns into steps. Every value goes through the tools' own rules
// (server/illumos/validate.ts); each problem is reported against the field it belongs to, in
// words, so the wizard can show it next to that field. Host facts (zones and links that
// exist) are checked separately in provision.ts, after this pass has refused hostile input.
import { z } from 'zod';
import { proposeVnicName } from '../illumos/dladm';
import type {
  ZoneAdmin,
  ZoneAttr,
  ZoneCreateSpec,
  ZoneDevice,
  ZoneFs,
  ZoneNet,
  ZoneRctl,
} from '../illumos/types';
import {
  ValidationError,
  validateBrandName,
  validateCidr,
  validateCpuCap,
  validateDatasetName,
  validateDefrouter,
  validateDnsServer,
  validateDomainName,
  validateHostname,
  validateIPv6Cidr,
  validateLinkName,
  validateMacAddress,
  validateMemorySize,
  validateMountPath,
  validateSshPublicKey,
  validateVlanId,
  validateWholeNumber,
  validateZoneName,
  validateZonepath,
  type Validation,
} from '../illumos/validate';
import { writeZonecfgCommands } from '../illumos/zonecfgFile';

// ---- what the browser sends -------------------------------------------------------------

export type NetworkMode = 'new-vnic' | 'existing-vnic' | 'shared';
export type AddressMode = 'dhcp' | 'static';
/** IPv6 at first boot: none, router advertisements (addrconf), or a static address */
export type Ipv6Mode = 'none' | 'addrconf' | 'static';

export interface MountAnswer {
  /** the directory in the global zone (zonecfg `special`) */
  special: string;
  /** where it appears inside the zone (zonecfg `dir`) */
  dir: string;
  readOnly: boolean;
}

/** Parts of a copied or imported configuration that the wizard's steps do not edit. */
export interface CarriedConfig {
  /** where they came from, for the review ("zone www", "the pasted export") */
  from: string;
  bootargs?: string;
  pool?: string;
  limitpriv?: string;
  schedulingClass?: string;
  hostid?: string;
  fsAllowed?: string;
  maxShmMemory?: string;
  maxShmIds?: string;
  maxMsgIds?: string;
  maxSemIds?: string;
  zfsIoPriority?: string;
  lockedMemory?: string;
  fs: ZoneFs[];
  device: ZoneDevice[];
  rctl: ZoneRctl[];
  attr: ZoneAttr[];
  admin: ZoneAdmin[];
  dedicatedCpu?: { ncpus: string; importance?: string };
  securityFlags?: { lower?: string; default?: string; upper?: string };
}

export interface WizardAnswers {
  basics: { name: string; brand: string; zonepath: string; autoboot: boolean };
  network: {
    mode: NetworkMode;
    /** new VNIC: the link it sits on, its name ('' = proposed from the zone name), VLAN, MAC */
    over: string;
    vnicName: string;
    vlanId: string;
    mac: string;
    /** existing VNIC */
    existingVnic: string;
    /** shared IP: the physical link and the zone's address on it */
    sharedLink: string;
    sharedAddress: string;
    /** exclusive IP: the address the global zone pins on the link (zonecfg allowed-address) */
    allowedAddress: string;
    /** zonecfg defrouter (exclusive: needs allowed-address; shared: optional) */
    defrouter: string;
  };
  resources: {
    memory: string;
    swap: string;
    cpuCap: string;
    cpuShares: string;
    maxProcesses: string;
    maxLwps: string;
    mounts: MountAnswer[];
    datasets: string[];
  };
  firstBoot: {
    address: AddressMode;
    staticAddress: string;
    gateway: string;
    ipv6: Ipv6Mode;
    /** IPv6 address/prefix when ipv6 is 'static' */
    staticV6: string;
    /** '' = `<host>-<zone>` */
    hostname: string;
    /** comma- or blank-separated, up to 3 */
    nameservers: string;
    search: string;
    nsswitchDns: boolean;
    sshKey: string;
  };
  carried: CarriedConfig | null;
}

// ---- what the planner gets ----------------------------------------------------------------

export type LinkPlan =
  | { kind: 'new-vnic'; vnic: string; over: string; vlanId?: number; mac?: string }
  | { kind: 'existing-vnic'; vnic: string }
  | { kind: 'shared'; physical: string };

export type AddressPlan =
  | { kind: 'dhcp'; iface: string }
  | { kind: 'static'; iface: string; cidr: string; gateway?: string }
  /** exclusive IP with allowed-address: the global zone configures it at boot (`<if>/_a`) */
  | { kind: 'from-gz'; iface: string; cidr: string }
  /** shared IP: the address lives on the global zone's link */
  | { kind: 'shared'; iface: string; cidr: string };

/** How the zone gets its files: installed from packages (the default), or cloned from a
 *  snapshot of another zone of the host (`zoneadm clone -s`, server/zones/clone.ts), the
 *  snapshot taken first when `take` is set. */
export interface InstallFrom {
  kind: 'clone';
  source: string;
  snapshot: string;
  take?: { dataset: string; madeAt: string };
}

export interface ProvisionSpec {
  zone: string;
  /** absent: `zoneadm install` */
  installFrom?: InstallFrom;
  /** the zonecfg configuration, complete */
  config: ZoneCreateSpec;
  link: LinkPlan;
  firstBoot: {
    address: AddressPlan;
    /** IPv6 on the exclusive link (`<if>/v6`), besides the IPv4 address */
    ipv6?: { kind: 'addrconf'; iface: string } | { kind: 'static'; iface: string; cidr: string };
    /** null: the host's default (`<host>-<zone>`) is filled in by the planner */
    hostname: string | null;
    nameservers: string[];
    search: string[];
    nsswitchDns: boolean;
    sshKey?: string;
  };
}

/** field path ('basics.name', 'resources.mounts.0.dir') → what is wrong with it */
export type FieldErrors = Record<string, string>;

/** What the wizard calls each field: messages name fields the way the form labels them. */
const FIELD_LABELS: Record<string, string> = {
  'basics.name': 'Zone name',
  'basics.brand': 'Brand',
  'basics.zonepath': 'Zonepath',
  'basics.autoboot': 'Boot with the host',
  'network.mode': 'Network',
  'network.over': 'Physical link',
  'network.vnicName': 'VNIC name',
  'network.vlanId': 'VLAN id',
  'network.mac': 'MAC address',
  'network.existingVnic': 'Existing VNIC',
  'network.sharedLink': 'Shared link',
  'network.sharedAddress': 'Address on the shared link',
  'network.allowedAddress': 'Allowed address',
  'network.defrouter': 'Default router',
  'resources.memory': 'Memory cap',
  'resources.swap': 'Swap cap',
  'resources.cpuCap': 'CPU cap',
  'resources.cpuShares': 'CPU shares',
  'resources.maxProcesses': 'Max processes',
  'resources.maxLwps': 'Max LWPs',
  'firstBoot.address': 'Address',
  'firstBoot.staticAddress': 'Static address',
  'firstBoot.gateway': 'Gateway',
  'firstBoot.ipv6': 'IPv6',
  'firstBoot.staticV6': 'IPv6 address',
  'firstBoot.hostname': 'Host name',
  'firstBoot.nameservers': 'DNS servers',
  'firstBoot.search': 'Search domains',
  'firstBoot.nsswitchDns': 'Look host names up in DNS',
  'firstBoot.sshKey': "root's SSH key",
  carried: 'Copied settings',
};

/** The label of a field path as a person reads it ('resources.mounts.0.dir' → 'Mount 1, directory in the zone'). */
export function fieldLabel(path: string): string {
  const direct = FIELD_LABELS[path];
  if (direct) return direct;
  const mount = /^resources\.mounts\.(\d+)\.(special|dir)$/.exec(path);
  if (mount) return `Mount ${Number(mount[1]) + 1}, ${mount[2] === 'dir' ? 'directory in the zone' : 'global zone directory'}`;
  const ds = /^resources\.datasets\.(\d+)$/.exec(path);
  if (ds) return `Dataset ${Number(ds[1]) + 1}`;
  return 'Answer';
}

/** Field errors as one message, each line led by its field's label. */
export function describeFieldErrors(errors: FieldErrors): string {
  return Object.entries(errors).map(([path, message]) => `${fieldLabel(path)}: ${message}`).join('\n');
}

export type AnswersResult = { ok: true; spec: ProvisionSpec; errors: FieldErrors } | { ok: false; errors: FieldErrors };

// ---- the brands the wizard can provision ------------------------------------------------

/** One line on each OmniOS brand; `wizard` is false for brands whose first boot is not ours to script. */
export const BRAND_INFO: Record<string, { description: string; unsupported?: string }> = {
  sparse: { description: 'Linked to the global zone, with /usr, /lib and /sbin shared read-only: the smallest and quickest to install.' },
  lipkg: { description: "Linked image: its packages are kept in step with the global zone's (the OmniOS default)." },
  ipkg: { description: 'Whole root: its own complete, independent package image.' },
  pkgsrc: { description: "A sparse zone bootstrapped with Joyent's pkgsrc packages." },
  illumos: { description: "Its own illumos userland, independent of the global zone's packages." },
  lx: {
    description: 'A Linux userland running on the illumos kernel.',
    unsupported: 'needs a Linux image to install from and Linux first-boot commands, which this wizard does not set up',
  },
  bhyve: {
    description: 'A hardware virtual machine (bhyve) inside a zone.',
    unsupported: 'a virtual machine needs a boot disk and a guest OS; its network is set up by the guest, not by zlogin',
  },
  kvm: {
    description: 'A hardware virtual machine (KVM) inside a zone.',
    unsupported: 'a virtual machine needs a boot disk and a guest OS; its network is set up by the guest, not by zlogin',
  },
  emu: {
    description: 'A QEMU emulation of a foreign architecture inside a zone.',
    unsupported: 'an emulated machine needs a disk image and a guest OS, which this wizard does not set up',
  },
};

export const DEFAULT_BRAND = 'sparse';

/** The zonepath a zone gets when none is given. */
export const defaultZonepath = (zone: string) => `/zones/${zone}`;

/** `flake1` + `web01` → `flake1-web01`: the host's name and the zone's, made a valid host name. */
export function defaultHostname(hostName: string, zone: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  const label = [clean(hostName), clean(zone)].filter(Boolean).join('-').slice(0, 63).replace(/-$/, '');
  return label || 'zone';
}

// ---- validation ---------------------------------------------------------------------------

const blank = (s: string) => s.trim() === '';

/** Splits a list typed as "a, b c" into its items. */
export function listItems(text: string): string[] {
  return text.split(/[\s,]+/).filter((x) => x !== '');
}

class Collector {
  readonly errors: FieldErrors = {};
  /** The value when valid; otherwise records the message under `path` and returns undefined. */
  take<T>(path: string, r: Validation<T>): T | undefined {
    if (r.ok) return r.value;
    this.fail(path, r.message);
    return undefined;
  }
  fail(path: string, message: string): void {
    this.errors[path] ??= message;
  }
  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}

/** What the host says that changes the spec itself (not only whether it is acceptable). */
export interface AnswersContext {
  /** link names in use or claimed by a zone's configuration: a proposed VNIC name avoids them */
  takenLinks?: ReadonlySet<string>;
}

/**
 * Validates answers: shapes, the tools' rules, and the rules between fields (a default router
 * needs an allowed address...). Never runs anything; what the host says comes in `ctx`.
 */
export function validateAnswers(a: WizardAnswers, ctx: AnswersContext = {}): AnswersResult {
  const c = new Collector();

  // ---- basics
  const zone = c.take('basics.name', validateZoneName(a.basics.name));
  const brand = c.take('basics.brand', validateBrandName(a.basics.brand));
  if (brand && BRAND_INFO[brand]?.unsupported) {
    c.fail('basics.brand', `The wizard cannot create ${brand} zones: ${BRAND_INFO[brand]?.unsupported}`);
  }
  let zonepath: string | undefined;
  if (blank(a.basics.zonepath)) zonepath = zone ? defaultZonepath(zone) : undefined;
  else zonepath = c.take('basics.zonepath', validateZonepath(a.basics.zonepath));

  // ---- network
  const n = a.network;
  let link: LinkPlan | undefined;
  const net: ZoneNet = { physical: '', properties: [] };
  const exclusive = n.mode !== 'shared';
  if (n.mode === 'new-vnic') {
    const over = c.take('network.over', validateLinkName(n.over, 'Physical link'));
    let vnic: string | undefined;
    if (blank(n.vnicName)) {
      if (zone) {
        try {
          vnic = proposeVnicName(zone, ctx.takenLinks);
        } catch (e) {
          c.fail('network.vnicName', (e as Error).message);
        }
      }
    } else {
      vnic = c.take('network.vnicName', validateLinkName(n.vnicName, 'VNIC name'));
    }
    const vlanId = blank(n.vlanId) ? undefined : c.take('network.vlanId', validateVlanId(n.vlanId.trim()));
    const mac = blank(n.mac) ? undefined : c.take('network.mac', validateMacAddress(n.mac.trim()));
    if (vnic && over && vnic === over) c.fail('network.vnicName', `The VNIC cannot have the name of the link it sits on (${over})`);
    if (over && vnic) {
      link = { kind: 'new-vnic', vnic, over, ...(vlanId !== undefined ? { vlanId } : {}), ...(mac !== undefined ? { mac } : {}) };
      net.physical = vnic;
    }
  } else if (n.mode === 'existing-vnic') {
    const vnic = c.take('network.existingVnic', validateLinkName(n.existingVnic, 'VNIC'));
    if (vnic) {
      link = { kind: 'existing-vnic', vnic };
      net.physical = vnic;
    }
  } else if (n.mode === 'shared') {
    const physical = c.take('network.sharedLink', validateLinkName(n.sharedLink, 'Physical link'));
    const address = c.take('network.sharedAddress', validateCidr(n.sharedAddress.trim()));
    if (physical && address) {
      link = { kind: 'shared', physical };
      net.physical = physical;
      net.address = address;
    }
  } else {
    c.fail('network.mode', 'Choose how the zone reaches the network');
  }
  let allowedAddress: string | undefined;
  if (exclusive && !blank(n.allowedAddress)) {
    allowedAddress = c.take('network.allowedAddress', validateCidr(n.allowedAddress.trim()));
    if (allowedAddress) net.allowedAddress = allowedAddress;
  }
  if (!blank(n.defrouter)) {
    const router = c.take('network.defrouter', validateDefrouter(n.defrouter.trim()));
    if (router && exclusive && blank(n.allowedAddress)) {
      c.fail('network.defrouter', 'A default router set from the global zone needs an allowed address; give one, or set the gateway under First boot instead');
    } else if (router) net.defrouter = router;
  }

  // ---- resources
  const r = a.resources;
  const config: ZoneCreateSpec = {
    zonename: zone ?? '',
    zonepath: zonepath ?? '',
    brand: brand ?? '',
    autoboot: a.basics.autoboot === true,
    ipType: exclusive ? 'exclusive' : 'shared',
    net: [net],
  };
  const memory = blank(r.memory) ? undefined : c.take('resources.memory', validateMemorySize(r.memory.trim()));
  const swap = blank(r.swap) ? undefined : c.take('resources.swap', validateMemorySize(r.swap.trim()));
  if (memory || swap || a.carried?.lockedMemory) {
    config.cappedMemory = {
      ...(memory ? { physical: memory } : {}),
      ...(swap ? { swap } : {}),
      ...(a.carried?.lockedMemory ? { locked: a.carried.lockedMemory } : {}),
    };
  }
  if (!blank(r.cpuCap)) {
    const ncpus = c.take('resources.cpuCap', validateCpuCap(r.cpuCap.trim()));
    if (ncpus) config.cappedCpu = { ncpus };
  }
  const counted = [
    ['cpuShares', 'CPU shares', 1, 65535],
    ['maxProcesses', 'Max processes', 100, 2 ** 31 - 1],
    ['maxLwps', 'Max LWPs', 100, 2 ** 31 - 1],
  ] as const;
  for (const [key, what, min, max] of counted) {
    if (blank(r[key])) continue;
    const v = c.take(`resources.${key}`, validateWholeNumber(r[key].trim(), what, min, max));
    if (v) config[key] = v;
  }
  const fs: ZoneFs[] = [];
  const dirs = new Set<string>();
  r.mounts.forEach((m, i) => {
    const special = c.take(`resources.mounts.${i}.special`, validateMountPath(m.special, 'Global zone directory'));
    const dir = c.take(`resources.mounts.${i}.dir`, validateMountPath(m.dir, 'Directory in the zone'));
    if (dir && dirs.has(dir)) c.fail(`resources.mounts.${i}.dir`, `${dir} is mounted twice; each directory in the zone can hold one mount`);
    if (dir) dirs.add(dir);
    if (special && dir) fs.push({ dir, special, type: 'lofs', options: m.readOnly ? ['ro'] : [] });
  });
  const datasets = new Set<string>();
  r.datasets.forEach((d, i) => {
    const name = c.take(`resources.datasets.${i}`, validateDatasetName(d.trim()));
    if (name && datasets.has(name)) c.fail(`resources.datasets.${i}`, `${name} is listed twice`);
    if (name) datasets.add(name);
  });

  // ---- carried over from a copied or imported configuration
  const k = a.carried;
  if (k) {
    for (const d of k.fs) {
      if (dirs.has(d.dir)) c.fail('carried', `The copied configuration already mounts ${d.dir}; remove one of the two mounts`);
      dirs.add(d.dir);
    }
    const carriedProps = ['bootargs', 'pool', 'limitpriv', 'schedulingClass', 'hostid', 'fsAllowed', 'maxShmMemory', 'maxShmIds', 'maxMsgIds', 'maxSemIds', 'zfsIoPriority'] as const;
    for (const p of carriedProps) if (k[p] !== undefined) config[p] = k[p];
    if (k.dedicatedCpu) config.dedicatedCpu = k.dedicatedCpu;
    if (k.securityFlags) config.securityFlags = k.securityFlags;
    config.device = k.device;
    config.rctl = k.rctl;
    config.attr = k.attr;
    config.admin = k.admin;
  }
  config.fs = [...fs, ...(k?.fs ?? [])];
  config.dataset = [...datasets].map((name) => ({ name }));

  // ---- first boot
  const f = a.firstBoot;
  let address: AddressPlan | undefined;
  if (link?.kind === 'shared' && net.address) {
    address = { kind: 'shared', iface: link.physical, cidr: net.address };
  } else if (allowedAddress && net.physical) {
    address = { kind: 'from-gz', iface: net.physical, cidr: allowedAddress };
  } else if (f.address === 'static') {
    const cidr = c.take('firstBoot.staticAddress', validateCidr(f.staticAddress.trim()));
    const gateway = blank(f.gateway) ? undefined : c.take('firstBoot.gateway', validateDefrouter(f.gateway.trim()));
    if (cidr && gateway && cidr.includes(':') !== gateway.includes(':')) {
      c.fail('firstBoot.gateway', 'The gateway must be of the same IP version as the address');
    }
    if (cidr && net.physical) address = { kind: 'static', iface: net.physical, cidr, ...(gateway ? { gateway } : {}) };
  } else if (f.address === 'dhcp') {
    if (net.physical) address = { kind: 'dhcp', iface: net.physical };
  } else {
    c.fail('firstBoot.address', 'Choose DHCP or a static address');
  }
  let ipv6: ProvisionSpec['firstBoot']['ipv6'];
  const v6 = f.ipv6 ?? 'none';
  if (v6 !== 'none') {
    if (!exclusive) c.fail('firstBoot.ipv6', 'IPv6 inside the zone needs an exclusive IP link; a shared-IP zone gets its addresses from the global zone');
    else if (v6 === 'addrconf') {
      if (net.physical) ipv6 = { kind: 'addrconf', iface: net.physical };
    } else if (v6 === 'static') {
      const cidr = c.take('firstBoot.staticV6', validateIPv6Cidr((f.staticV6 ?? '').trim()));
      if (cidr && net.physical) ipv6 = { kind: 'static', iface: net.physical, cidr };
    } else c.fail('firstBoot.ipv6', 'Choose no IPv6, automatic (addrconf) or a static IPv6 address');
  }
  const hostname = blank(f.hostname) ? null : c.take('firstBoot.hostname', validateHostname(f.hostname.trim())) ?? null;
  const nameservers: string[] = [];
  for (const s of listItems(f.nameservers)) {
    const v = c.take('firstBoot.nameservers', validateDnsServer(s));
    if (v) nameservers.push(v);
  }
  if (nameservers.length > 3) c.fail('firstBoot.nameservers', `Give at most 3 DNS servers (the resolver reads no more); ${nameservers.length} were given`);
  const search: string[] = [];
  for (const d of listItems(f.search)) {
    const v = c.take('firstBoot.search', validateDomainName(d));
    if (v) search.push(v);
  }
  if (search.length > 6 || search.join(' ').length > 256) c.fail('firstBoot.search', 'At most 6 search domains, 256 characters in all');
  if (search.length > 0 && nameservers.length === 0) c.fail('firstBoot.search', 'A search domain needs at least one DNS server');
  if (f.nsswitchDns && nameservers.length === 0 && !c.errors['firstBoot.nameservers']) {
    c.fail('firstBoot.nsswitchDns', 'Looking host names up in DNS needs at least one DNS server; give one above, or leave this off');
  }
  const sshKey = blank(f.sshKey) ? undefined : c.take('firstBoot.sshKey', validateSshPublicKey(f.sshKey));

  // ---- the zonecfg file as a whole: catches what only the writer knows (carried values,
  // an alias that disagrees with a carried rctl)
  if (c.ok) {
    try {
      writeZonecfgCommands(config);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      c.fail(fieldOfConfigError(e.field, r.mounts.length), e.message);
    }
  }

  if (!c.ok || !zone || !link || !address) return { ok: false, errors: c.errors };
  return {
    ok: true,
    errors: {},
    spec: {
      zone,
      config,
      link,
      firstBoot: { address, ...(ipv6 ? { ipv6 } : {}), hostname, nameservers, search, nsswitchDns: f.nsswitchDns === true, ...(sshKey ? { sshKey } : {}) },
    },
  };
}

/** Where in the wizard a field of the zonecfg writer lives. */
function fieldOfConfigError(field: string, wizardMounts: number): string {
  const direct: Record<string, string> = {
    zonepath: 'basics.zonepath',
    brand: 'basics.brand',
    'cappedMemory.physical': 'resources.memory',
    'cappedMemory.swap': 'resources.swap',
    'cappedCpu.ncpus': 'resources.cpuCap',
    cpuShares: 'resources.cpuShares',
    maxProcesses: 'resources.maxProcesses',
    maxLwps: 'resources.maxLwps',
  };
  if (direct[field]) return direct[field];
  const fs = /^fs\[(\d+)\]\.(dir|special)$/.exec(field);
  if (fs && Number(fs[1]) < wizardMounts) return `resources.mounts.${fs[1]}.${fs[2]}`;
  const ds = /^dataset\[(\d+)\]/.exec(field);
  if (ds) return `resources.datasets.${ds[1]}`;
  if (field.startsWith('net[0].')) return 'network.mode';
  return 'carried';
}

// ---- the wire schema ----------------------------------------------------------------------

const str = (max = 4096) => z.string().max(max, `at most ${max} characters`);
const props = z.array(z.object({ name: str(256), value: str(2048) })).max(64);

const carriedSchema = z.object({
  from: str(256),
  bootargs: str(256).optional(),
  pool: str(256).optional(),
  limitpriv: str(1024).optional(),
  schedulingClass: str(32).optional(),
  hostid: str(16).optional(),
  fsAllowed: str(1024).optional(),
  maxShmMemory: str(32).optional(),
  maxShmIds: str(32).optional(),
  maxMsgIds: str(32).optional(),
  maxSemIds: str(32).optional(),
  zfsIoPriority: str(32).optional(),
  lockedMemory: str(32).optional(),
  fs: z.array(z.object({ dir: str(1024), special: str(1024), raw: str(1024).optional(), type: str(64), options: z.array(str(256)).max(32) })).max(64),
  device: z.array(z.object({ match: str(1024), properties: props })).max(64),
  rctl: z.array(z.object({ name: str(256), values: z.array(z.object({ priv: str(32), limit: str(32), action: str(64) })).max(16) })).max(64),
  attr: z.array(z.object({ name: str(256), type: str(32), value: str(2048) })).max(64),
  admin: z.array(z.object({ user: str(64), auths: str(256) })).max(64),
  dedicatedCpu: z.object({ ncpus: str(32), importance: str(32).optional() }).optional(),
  securityFlags: z.object({ lower: str(256).optional(), default: str(256).optional(), upper: str(256).optional() }).optional(),
});

/** The shape of the answers (lengths bounded); values are judged by validateAnswers. */
export const wizardAnswersShape = z.object({
  basics: z.object({ name: str(), brand: str(256), zonepath: str(), autoboot: z.boolean() }),
  network: z.object({
    mode: z.enum(['new-vnic', 'existing-vnic', 'shared']),
    over: str(256),
    vnicName: str(256),
    vlanId: str(64),
    mac: str(64),
    existingVnic: str(256),
    sharedLink: str(256),
    sharedAddress: str(256),
    allowedAddress: str(256),
    defrouter: str(256),
  }),
  resources: z.object({
    memory: str(64),
    swap: str(64),
    cpuCap: str(64),
    cpuShares: str(64),
    maxProcesses: str(64),
    maxLwps: str(64),
    mounts: z.array(z.object({ special: str(), dir: str(), readOnly: z.boolean() })).max(32),
    datasets: z.array(str(512)).max(32),
  }),
  firstBoot: z.object({
    address: z.enum(['dhcp', 'static']),
    staticAddress: str(256),
    gateway: str(256),
    ipv6: z.enum(['none', 'addrconf', 'static']),
    staticV6: str(256),
    hostname: str(),
    nameservers: str(1024),
    search: str(1024),
    nsswitchDns: z.boolean(),
    sshKey: str(16384),
  }),
  carried: carriedSchema.nullable(),
}) satisfies z.ZodType<WizardAnswers>;

/** tRPC input: the answers, refused with one message per field unless they make a valid spec. */
export const provisionAnswersSchema = wizardAnswersShape.transform((raw, ctx) => {
  const r = validateAnswers(raw);
  if (r.ok) return { answers: raw, spec: r.spec };
  for (const [path, message] of Object.entries(r.errors)) {
    ctx.issues.push({ code: 'custom', message: `${fieldLabel(path)}: ${message}`, path: path.split('.'), input: raw });
  }
  return z.NEVER;
});
