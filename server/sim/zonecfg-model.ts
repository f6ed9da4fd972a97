// Zone configuration as zonecfg/libzonecfg keep it (the /etc/zones/NAME.xml of the simulated
// host), its templates, rctl aliases, error strings, and the SimZone <-> config mapping.
import type { SimNet, SimZone } from './types';

export interface FsRes {
  dir: string;
  special: string;
  raw: string;
  type: string;
  options: string[];
}
export interface ResAttr {
  name: string;
  value: string;
}
export interface NetRes {
  address: string;
  allowedAddress: string;
  physical: string;
  defrouter: string;
  globalNic: string;
  macAddr: string;
  vlanId: string;
  props: ResAttr[];
}
export interface DevRes {
  match: string;
  props: ResAttr[];
}
export interface RctlVal {
  priv: string;
  limit: string;
  action: string;
}
export interface RctlRes {
  name: string;
  values: RctlVal[];
}
export interface AttrRes {
  name: string;
  type: string;
  value: string;
}
export interface DsRes {
  name: string;
}
export interface PsetRes {
  ncpuMin: string;
  ncpuMax: string;
  importance: string;
}
export interface AdminRes {
  user: string;
  auths: string;
}
export interface SecflagsRes {
  default: string;
  lower: string;
  upper: string;
}

export interface ZoneConfig {
  name: string;
  zonepath: string;
  brand: string;
  autoboot: boolean;
  bootargs: string;
  pool: string;
  limitpriv: string;
  sched: string;
  ipType: 'shared' | 'exclusive';
  /** '' when unset */
  hostid: string;
  fsAllowed: string;
  fs: FsRes[];
  net: NetRes[];
  device: DevRes[];
  rctl: RctlRes[];
  attr: AttrRes[];
  dataset: DsRes[];
  pset: PsetRes | null;
  admin: AdminRes[];
  secflags: SecflagsRes | null;
}

/** Extra fields store.ts keeps on a SimZone for its configuration. */
export interface SimZoneX extends SimZone {
  bootargs?: string;
  pool?: string;
  limitpriv?: string;
  schedulingClass?: string;
  hostid?: string;
  fsAllowed?: string;
  fs?: FsRes[];
  device?: DevRes[];
  rctl?: RctlRes[];
  attr?: AttrRes[];
  dataset?: DsRes[];
  dedicatedCpu?: PsetRes | null;
  admin?: AdminRes[];
  securityFlags?: SecflagsRes | null;
}

export const OMNIOS_BRANDS = ['ipkg', 'lipkg', 'sparse', 'pkgsrc', 'illumos', 'lx', 'bhyve', 'kvm', 'emu'] as const;

export function emptyNet(): NetRes {
  return { address: '', allowedAddress: '', physical: '', defrouter: '', globalNic: '', macAddr: '', vlanId: '', props: [] };
}

export function blankConfig(name: string, brand: string): ZoneConfig {
  return {
    name,
    zonepath: '',
    brand,
    autoboot: false,
    bootargs: '',
    pool: '',
    limitpriv: '',
    sched: '',
    ipType: 'shared',
    hostid: '',
    fsAllowed: '',
    fs: [],
    net: [],
    device: [],
    rctl: [],
    attr: [],
    dataset: [],
    pset: null,
    admin: [],
    secflags: null,
  };
}

/** /etc/zones/<template>.xml on an OmniOS host. */
export function templateConfig(template: string, name: string): ZoneConfig | null {
  if (template === 'SUNWdefault') return blankConfig(name, 'lipkg');
  if (template === 'SUNWblank') return blankConfig(name, 'ipkg');
  if (template === 'SUNWipkg') return blankConfig(name, 'ipkg');
  const m = /^OMNI(.+)$/.exec(template);
  if (m) {
    const t = m[1]!;
    const brand = t === 'lx26' ? 'lx' : t;
    if (!['bhyve', 'emu', 'illumos', 'kvm', 'lipkg', 'lx', 'lx26', 'pkgsrc', 'sparse'].includes(t)) return null;
    const c = blankConfig(name, brand);
    c.ipType = 'exclusive';
    if (t === 'lx26') c.attr.push({ name: 'kernel-version', type: 'string', value: '2.6.32' });
    return c;
  }
  return null;
}

export function cloneConfig(c: ZoneConfig): ZoneConfig {
  return JSON.parse(JSON.stringify(c)) as ZoneConfig;
}

export function configFromZone(z: SimZone): ZoneConfig {
  const x = z as SimZoneX;
  return cloneConfig({
    name: z.name,
    zonepath: z.zonepath,
    brand: z.brand,
    autoboot: z.autoboot,
    bootargs: x.bootargs ?? '',
    pool: x.pool ?? '',
    limitpriv: x.limitpriv ?? '',
    sched: x.schedulingClass ?? '',
    ipType: z.ipType,
    hostid: x.hostid ?? '',
    fsAllowed: x.fsAllowed ?? '',
    fs: x.fs ?? [],
    net: z.net.map(
      (n): NetRes => ({
        address: n.address ?? '',
        allowedAddress: n.allowedAddress ?? '',
        physical: n.physical,
        defrouter: n.defrouter ?? '',
        globalNic: n.globalNic ?? '',
        macAddr: n.macAddr ?? '',
        vlanId: n.vlanId ?? '',
        props: n.properties ?? [],
      }),
    ),
    device: x.device ?? [],
    rctl: x.rctl ?? [],
    attr: x.attr ?? [],
    dataset: x.dataset ?? [],
    pset: x.dedicatedCpu ?? null,
    admin: x.admin ?? [],
    secflags: x.securityFlags ?? null,
  });
}

export function applyConfig(z: SimZone, cfg: ZoneConfig): void {
  const c = cloneConfig(cfg);
  const x = z as SimZoneX;
  z.name = c.name;
  z.zonepath = c.zonepath;
  z.brand = c.brand;
  z.autoboot = c.autoboot;
  z.ipType = c.ipType;
  z.net = c.net.map((n) => {
    const sn: SimNet = { physical: n.physical };
    if (n.address) sn.address = n.address;
    if (n.allowedAddress) sn.allowedAddress = n.allowedAddress;
    if (n.defrouter) sn.defrouter = n.defrouter;
    if (n.globalNic) sn.globalNic = n.globalNic;
    if (n.macAddr) sn.macAddr = n.macAddr;
    if (n.vlanId) sn.vlanId = n.vlanId;
    if (n.props.length) sn.properties = n.props;
    return sn;
  });
  x.bootargs = c.bootargs;
  x.pool = c.pool;
  x.limitpriv = c.limitpriv;
  x.schedulingClass = c.sched;
  x.hostid = c.hostid;
  x.fsAllowed = c.fsAllowed;
  x.fs = c.fs;
  x.device = c.device;
  x.rctl = c.rctl;
  x.attr = c.attr;
  x.dataset = c.dataset;
  x.dedicatedCpu = c.pset;
  x.admin = c.admin;
  x.securityFlags = c.secflags;
}

// ------------------------------------------------------------------ rctl aliases

export interface Alias {
  alias: string;
  realname: string;
  action: string;
  low: number;
}

export const ALIASES: Alias[] = [
  { alias: 'max-lwps', realname: 'zone.max-lwps', action: 'deny', low: 100 },
  { alias: 'max-shm-memory', realname: 'zone.max-shm-memory', action: 'deny', low: 0 },
  { alias: 'max-shm-ids', realname: 'zone.max-shm-ids', action: 'deny', low: 0 },
  { alias: 'max-msg-ids', realname: 'zone.max-msg-ids', action: 'deny', low: 0 },
  { alias: 'max-sem-ids', realname: 'zone.max-sem-ids', action: 'deny', low: 0 },
  { alias: 'cpu-shares', realname: 'zone.cpu-shares', action: 'none', low: 0 },
  { alias: 'cpu-cap', realname: 'zone.cpu-cap', action: 'deny', low: 0 },
  { alias: 'physical-memory', realname: 'zone.max-physical-memory', action: 'deny', low: 0 },
  { alias: 'locked-memory', realname: 'zone.max-locked-memory', action: 'deny', low: 0 },
  { alias: 'max-swap', realname: 'zone.max-swap', action: 'deny', low: 0 },
  { alias: 'max-processes', realname: 'zone.max-processes', action: 'deny', low: 100 },
  { alias: 'zfs-io-priority', realname: 'zone.zfs-io-priority', action: 'none', low: 0 },
];

export function aliasOf(alias: string): Alias {
  const a = ALIASES.find((x) => x.alias === alias);
  if (!a) throw new Error(`unknown rctl alias ${alias}`);
  return a;
}

export type AliasResult = { ok: true; limit: bigint } | { ok: false; err: 'noent' | 'disallow' };

/** zonecfg_get_aliased_rctl */
export function getAliased(c: ZoneConfig, alias: string): AliasResult {
  const a = aliasOf(alias);
  const r = c.rctl.find((x) => x.name === a.realname);
  if (!r) return { ok: false, err: 'noent' };
  if (r.values.length !== 1 || r.values[0]!.priv !== 'privileged') return { ok: false, err: 'disallow' };
  try {
    return { ok: true, limit: BigInt(r.values[0]!.limit) };
  } catch {
    return { ok: false, err: 'disallow' };
  }
}

/** zonecfg_aliased_rctl_ok */
export function aliasOk(c: ZoneConfig, alias: string): boolean {
  const a = aliasOf(alias);
  const r = c.rctl.find((x) => x.name === a.realname);
  if (!r) return true;
  return r.values.length === 1 && r.values[0]!.priv === 'privileged' && r.values[0]!.action === a.action;
}

export function setAliased(c: ZoneConfig, alias: string, limit: bigint): void {
  const a = aliasOf(alias);
  const v: RctlVal = { priv: 'privileged', limit: limit.toString(), action: a.action };
  const r = c.rctl.find((x) => x.name === a.realname);
  if (r) r.values = [v];
  else c.rctl.push({ name: a.realname, values: [v] });
}

export function rmAliased(c: ZoneConfig, alias: string): void {
  const a = aliasOf(alias);
  c.rctl = c.rctl.filter((x) => x.name !== a.realname);
}

/** zonecfg_valid_memlimit: a number with a K/M/G/T suffix */
export function parseMemLimit(s: string): bigint | null {
  const m = /^([0-9]+)([kKmMgGtT])?$/.exec(s);
  if (!m) return null;
  const n = BigInt(m[1]!);
  const mult: Record<string, bigint> = { k: 1024n, m: 1024n ** 2n, g: 1024n ** 3n, t: 1024n ** 4n };
  if (!m[2]) return null;
  return n * mult[m[2].toLowerCase()]!;
}

/** bytes_to_units() of zonecfg.c */
export function bytesToUnits(v: bigint): string {
  if (v < 1024n) return v.toString();
  const units = 'BKMGT';
  let up = 0;
  let num = v;
  let save = 0n;
  while (num >= 1024n && units[up] !== 'T') {
    up++;
    save = num;
    num = (num + 512n) >> 10n;
  }
  if (save % 1024n !== 0n && save >> 10n < 10n) {
    const f = Number(save) / 1024;
    return `${f.toFixed(1)}${units[up]}`;
  }
  return `${num}${units[up]}`;
}

// ------------------------------------------------------------------ libzonecfg errors

export const Z = {
  OK: 0,
  NO_ZONE: 'No such zone configured',
  BOGUS_ZONE_NAME: 'Bogus zone name',
  REQD_RESOURCE_MISSING: 'Required resource missing',
  REQD_PROPERTY_MISSING: 'Required property missing',
  INVAL: 'Invalid argument',
  ACCES: 'Permission denied',
  BAD_ZONE_STATE: 'Zone state is invalid for the requested operation',
  NAME_IN_USE: 'Zone name already in use',
  INSUFFICIENT_SPEC: 'Insufficient specification',
  NO_RESOURCE_TYPE: 'No such resource type',
  NO_PROPERTY_TYPE: 'No such property type',
  NO_RESOURCE_ID: 'No such resource with that id',
  INCOMPATIBLE: 'Incompatible settings',
  BAD_PROPERTY: 'Specified property is invalid',
  INVALID_PROPERTY: 'Specified property is invalid',
  INVALID_DOCUMENT: 'Invalid document',
  BRAND_ERROR: 'Brand-specific error',
  CLEAR_DISALLOW: 'Cannot clear property',
  ALIAS_DISALLOW: 'Resource control alias cannot be used with resource control resource',
  NO_ENTRY: 'No such resource with that id',
  TOO_BIG: 'Argument list too long',
} as const;

export function validZoneName(name: string): boolean {
  return name !== 'global' && name.length < 64 && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name);
}

/** the privilege names of illumos (for limitpriv) */
export const PRIVILEGES = [
  'contract_event', 'contract_identity', 'contract_observer', 'cpc_cpu', 'dtrace_kernel', 'dtrace_proc',
  'dtrace_user', 'file_chown', 'file_chown_self', 'file_dac_execute', 'file_dac_read', 'file_dac_search',
  'file_dac_write', 'file_downgrade_sl', 'file_flag_set', 'file_link_any', 'file_owner', 'file_read',
  'file_setid', 'file_upgrade_sl', 'file_write', 'graphics_access', 'graphics_map', 'ipc_dac_read',
  'ipc_dac_write', 'ipc_owner', 'net_access', 'net_bindmlp', 'net_icmpaccess', 'net_mac_aware',
  'net_mac_implicit', 'net_observability', 'net_privaddr', 'net_rawaccess', 'proc_audit', 'proc_chroot',
  'proc_clock_highres', 'proc_exec', 'proc_fork', 'proc_info', 'proc_lock_memory', 'proc_owner',
  'proc_prioctl', 'proc_priocntl', 'proc_secflags', 'proc_session', 'proc_setid', 'proc_taskid',
  'proc_zone', 'sys_acct', 'sys_admin', 'sys_audit', 'sys_config', 'sys_devices', 'sys_dl_config',
  'sys_fs_import', 'sys_ip_config', 'sys_iptun_config', 'sys_ipc_config', 'sys_linkdir', 'sys_mount',
  'sys_iptun_config', 'sys_net_config', 'sys_nfs', 'sys_ppp_config', 'sys_res_bind', 'sys_res_config',
  'sys_resource', 'sys_share', 'sys_smb', 'sys_suser_compat', 'sys_time', 'sys_trans_label',
  'virt_manage', 'win_colormap', 'win_config', 'win_dac_read', 'win_dac_write', 'win_devices', 'win_dga',
  'win_downgrade_sl', 'win_fontpath', 'win_mac_read', 'win_mac_write', 'win_selection', 'win_upgrade_sl',
  'xvm_control', 'all', 'zone', 'default', 'basic', 'none',
];
