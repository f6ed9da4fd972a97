// Typed shapes of what the illumos zone tools print and accept. Pure types: the parsers in
// parse.ts produce them, the builders and the zonecfg writer consume them.

/** The eight states zoneadm prints (REFERENCE §1.1). */
export const ZONE_STATES = [
  'configured',
  'incomplete',
  'installed',
  'ready',
  'running',
  'shutting_down',
  'down',
  'mounted',
] as const;

export type KnownZoneState = (typeof ZONE_STATES)[number];

/**
 * zoneadm prints `unknown` for a state number it has no name for; the parser also maps any
 * state string it does not know to 'unknown', so the union stays closed for callers.
 */
export type ZoneState = KnownZoneState | 'unknown';

/** One line of `zoneadm list -p` / `-cp` / `-ip`. */
export interface ZoneListEntry {
  /** kernel zone id; null (printed `-`) when the kernel does not know the zone */
  id: number | null;
  name: string;
  state: ZoneState;
  /** `\:` already turned back into `:` */
  zonepath: string;
  /** '' for the global zone and for zones never installed */
  uuid: string;
  brand: string;
  ipType: 'shared' | 'excl';
  /** the 8th field (OmniOS, SmartOS); null when the build prints 7 fields or leaves it empty */
  debugid: string | null;
}

/** One row of `zoneadm list -v` / `-cv` (no uuid or debugid in that format). */
export interface ZoneListVerboseEntry {
  id: number | null;
  name: string;
  state: ZoneState;
  zonepath: string;
  brand: string;
  ipType: 'shared' | 'excl';
}

// ---- zonecfg ----------------------------------------------------------------------------

export interface ZoneFs {
  dir: string;
  special: string;
  raw?: string;
  type: string;
  options: string[];
}

/** A `(name=..,value=..)` property of a net or device resource. */
export interface ZoneResourceProperty {
  name: string;
  value: string;
}

export interface ZoneNet {
  address?: string;
  allowedAddress?: string;
  physical: string;
  defrouter?: string;
  globalNic?: string;
  macAddr?: string;
  vlanId?: string;
  properties: ZoneResourceProperty[];
}

export interface ZoneDevice {
  match: string;
  properties: ZoneResourceProperty[];
}

export interface ZoneRctlValue {
  priv: string;
  limit: string;
  action: string;
}

export interface ZoneRctl {
  name: string;
  values: ZoneRctlValue[];
}

export interface ZoneAttr {
  name: string;
  type: string;
  value: string;
}

export interface ZoneDataset {
  name: string;
}

export interface ZoneAdmin {
  user: string;
  /** comma list as zonecfg keeps it, e.g. 'login,manage' */
  auths: string;
}

/**
 * The global properties that zonecfg shows as aliases of `zone.*` rctls. Values are the
 * strings zonecfg prints (`[max-shm-memory: 1G]`, `[cpu-shares: 2]`).
 */
export interface ZoneRctlAliases {
  cpuShares?: string;
  maxLwps?: string;
  maxProcesses?: string;
  maxMsgIds?: string;
  maxSemIds?: string;
  maxShmIds?: string;
  maxShmMemory?: string;
  zfsIoPriority?: string;
}

export interface ZoneConfig extends ZoneRctlAliases {
  zonename: string;
  /** '' only when the configuration has none (a template) */
  zonepath: string;
  brand: string;
  autoboot: boolean;
  bootargs?: string;
  pool?: string;
  limitpriv?: string;
  schedulingClass?: string;
  ipType: 'shared' | 'exclusive';
  hostid?: string;
  fsAllowed?: string;
  /** SmartOS only */
  uuid?: string;
  fs: ZoneFs[];
  net: ZoneNet[];
  device: ZoneDevice[];
  rctl: ZoneRctl[];
  attr: ZoneAttr[];
  dataset: ZoneDataset[];
  dedicatedCpu?: { ncpus: string; importance?: string };
  /** alias of the zone.cpu-cap rctl (ncpus × 100) */
  cappedCpu?: { ncpus: string };
  cappedMemory?: { physical?: string; swap?: string; locked?: string };
  admin: ZoneAdmin[];
  securityFlags?: { lower?: string; default?: string; upper?: string };
}

/**
 * What the creation wizard hands to the zonecfg writer: a ZoneConfig where only the name,
 * zonepath, brand and ip-type are required. Missing lists are empty and autoboot defaults to
 * false, as in zonecfg's blank template.
 */
export type ZoneCreateSpec = Pick<ZoneConfig, 'zonename' | 'zonepath' | 'brand' | 'ipType'> &
  Partial<Omit<ZoneConfig, 'zonename' | 'zonepath' | 'brand' | 'ipType'>>;

// ---- dladm / ipadm ----------------------------------------------------------------------

/** `T | (string & {})`: known values autocomplete, values from newer builds still fit. */
type Open<T extends string> = T | (string & {});

export type DladmLinkClass = Open<
  | 'phys'
  | 'vnic'
  | 'etherstub'
  | 'aggr'
  | 'vlan'
  | 'simnet'
  | 'bridge'
  | 'iptun'
  | 'part'
  | 'overlay'
  | 'misc'
>;

export type DladmLinkState = Open<'up' | 'down' | 'unknown'>;

/** `dladm show-link -p -o link,class,mtu,state,bridge,over` */
export interface DladmLink {
  link: string;
  class: DladmLinkClass;
  mtu: number;
  state: DladmLinkState;
  bridge: string;
  /** '' for a physical link or an etherstub */
  over: string;
}

/** `dladm show-phys -p -o link,media,state,speed,duplex,device` */
export interface DladmPhys {
  link: string;
  media: string;
  state: DladmLinkState;
  /** Mb/s, 0 when unknown */
  speed: number;
  duplex: string;
  device: string;
}

/** `dladm show-vnic -p -o link,over,speed,macaddress,macaddrtype,vid,zone` */
export interface DladmVnic {
  link: string;
  over: string;
  speed: number;
  /** as dladm prints it: lower case, no zero padding (2:8:20:5f:84:ff) */
  macaddress: string;
  macaddrtype: Open<'random' | 'fixed' | 'factory' | 'vrrp' | 'auto'>;
  /** 0 when the VNIC has no VLAN */
  vid: number;
  /** '' when not assigned to a zone */
  zone: string;
}

export type IpadmAddrType = Open<'static' | 'dhcp' | 'addrconf' | 'from-gz'>;
export type IpadmAddrState = Open<
  'ok' | 'tentative' | 'duplicate' | 'down' | 'disabled' | 'inaccessible'
>;

/** One row of `ipadm show-addr` (human) or `ipadm show-addr -p -o addrobj,type,state,addr`. */
export interface IpadmAddr {
  /** `<interface>/<tag>` */
  addrobj: string;
  interface: string;
  tag: string;
  type: IpadmAddrType;
  state: IpadmAddrState;
  /** address/prefix as printed (`10.0.0.5/24`, `::1/128`), '' when there is none */
  addr: string;
}

// ---- argv -------------------------------------------------------------------------------

export type ToolName = 'zoneadm' | 'zonecfg' | 'dladm' | 'zlogin' | 'ipadm' | 'kstat' | 'zfs' | 'uname' | 'prctl';

/** A validated command line. `args` excludes the tool itself: the host runner maps `tool` to its path. */
export interface ToolCall {
  tool: ToolName;
  args: string[];
}
