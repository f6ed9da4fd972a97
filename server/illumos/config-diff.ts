// What differs between two configurations of one zone, field by field, as an operator reads
// it ("capped-memory physical: 1G → 2G", "net net1: added"). Used for the edit form's preview,
// for the conflict refusal (opened vs now) and for "changes that take effect at the next boot"
// (booted vs now).
//
// zonecfg info reports an rctl alias twice: as the alias (`[cpu-shares: 4]`, capped-memory
// swap) and as the `zone.*` rctl behind it. normalizeConfig() keeps only the alias, so a change
// is reported (and written) once.
import type { ZoneAttr, ZoneConfig, ZoneDataset, ZoneFs, ZoneNet, ZoneRctl } from './types';
import { CAPPED_MEMORY_RCTLS, CPU_CAP_RCTL, GLOBAL_RCTL_ALIASES, aliasedLimit, bytesToUnits, cpuCapToNcpus, unitsToBytes } from './zonecfgRctl';

/** The fields the edit form changes; everything else of a zone's configuration is kept. */
export const EDITABLE_KEYS = [
  'autoboot',
  'bootargs',
  'pool',
  'limitpriv',
  'schedulingClass',
  'hostid',
  'fsAllowed',
  'cpuShares',
  'maxLwps',
  'maxProcesses',
  'maxShmMemory',
  'maxShmIds',
  'maxMsgIds',
  'maxSemIds',
  'cappedMemory',
  'cappedCpu',
  'net',
  'fs',
  'dataset',
  'attr',
] as const satisfies readonly (keyof ZoneConfig)[];

export type EditableConfig = Pick<ZoneConfig, (typeof EDITABLE_KEYS)[number]>;

/** The editable part of a configuration. */
export function editableOf(config: ZoneConfig): EditableConfig {
  const n = normalizeConfig(config);
  const out: Record<string, unknown> = {};
  for (const k of EDITABLE_KEYS) if (n[k] !== undefined) out[k] = n[k];
  return out as EditableConfig;
}

/** A configuration with the editable fields replaced by the form's. */
export function withEdits(current: ZoneConfig, edits: EditableConfig): ZoneConfig {
  const base = normalizeConfig(current);
  const out: ZoneConfig = { ...base };
  for (const k of EDITABLE_KEYS) {
    const v = edits[k];
    if (v === undefined) delete (out as Partial<ZoneConfig>)[k];
    else (out as unknown as Record<string, unknown>)[k] = v;
  }
  // lists are always present in a ZoneConfig
  out.net ??= [];
  out.fs ??= [];
  out.dataset ??= [];
  out.attr ??= [];
  return out;
}

/**
 * The configuration with every rctl that an alias present in it stands for taken out (the
 * alias says the same thing, and zonecfg writes and clears it through the alias).
 */
export function normalizeConfig(config: ZoneConfig): ZoneConfig {
  const aliased = new Set<string>();
  for (const a of GLOBAL_RCTL_ALIASES) {
    if (config[a.key] !== undefined && aliasedLimit(config.rctl, a.rctl, a.action) !== null) aliased.add(a.rctl);
  }
  for (const a of CAPPED_MEMORY_RCTLS) {
    if (config.cappedMemory?.[a.key] !== undefined && aliasedLimit(config.rctl, a.rctl, a.action) !== null) aliased.add(a.rctl);
  }
  if (config.cappedCpu && aliasedLimit(config.rctl, CPU_CAP_RCTL, 'deny') !== null) aliased.add(CPU_CAP_RCTL);
  const cappedMemory = config.cappedMemory && Object.values(config.cappedMemory).some((v) => v !== undefined) ? config.cappedMemory : undefined;
  const out: ZoneConfig = { ...config, rctl: config.rctl.filter((r) => !aliased.has(r.name)) };
  if (cappedMemory) out.cappedMemory = cappedMemory;
  else delete out.cappedMemory;
  return out;
}

/** A size as `zonecfg info` shows it once set ("2048M" → "2G"); anything else unchanged. */
function asInfoShowsSize(v: string): string {
  const bytes = unitsToBytes(v);
  return bytes === null ? v : bytesToUnits(bytes.toString());
}

/** capped-cpu ncpus as info shows it ("1.5" → "1.50"); anything else unchanged. */
function asInfoShowsNcpus(v: string): string {
  return /^[0-9]+(\.[0-9]+)?$/.test(v) ? cpuCapToNcpus(String(Math.round(Number(v) * 100))) : v;
}

/** Keys whose values are sizes (K/M/G/T). */
const MEMORY_KEYS = new Set([
  ...CAPPED_MEMORY_RCTLS.map((a) => `cappedMemory.${a.key}`),
  ...GLOBAL_RCTL_ALIASES.filter((a) => a.memory).map((a) => String(a.key)),
]);

export interface ConfigChange {
  /** stable key: 'autoboot', 'cpuShares', 'cappedMemory.physical', 'net:net1', 'fs:/data' */
  key: string;
  /** as zonecfg names it: 'autoboot', 'cpu-shares', 'capped-memory physical', 'net net1' */
  label: string;
  /** the value as zonecfg shows it; null when absent */
  before: string | null;
  after: string | null;
}

const GLOBALS: readonly [keyof ZoneConfig, string][] = [
  ['zonepath', 'zonepath'],
  ['brand', 'brand'],
  ['autoboot', 'autoboot'],
  ['bootargs', 'bootargs'],
  ['pool', 'pool'],
  ['limitpriv', 'limitpriv'],
  ['schedulingClass', 'scheduling-class'],
  ['ipType', 'ip-type'],
  ['hostid', 'hostid'],
  ['fsAllowed', 'fs-allowed'],
  ...GLOBAL_RCTL_ALIASES.map((a) => [a.key, a.prop] as [keyof ZoneConfig, string]),
];

const shown = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));

/** Text of a resource as `zonecfg info` would list its properties, on one line. */
export function describeNet(n: ZoneNet): string {
  return props([
    ['address', n.address],
    ['allowed-address', n.allowedAddress],
    ['physical', n.physical],
    ['defrouter', n.defrouter],
    ['global-nic', n.globalNic],
    ['mac-addr', n.macAddr],
    ['vlan-id', n.vlanId],
    ...n.properties.map((p) => [`property ${p.name}`, p.value] as [string, string]),
  ]);
}

export function describeFs(f: ZoneFs): string {
  return props([
    ['dir', f.dir],
    ['special', f.special],
    ['raw', f.raw],
    ['type', f.type],
    ['options', f.options.length ? `[${f.options.join(',')}]` : undefined],
  ]);
}

const describeAttr = (a: ZoneAttr) => props([['name', a.name], ['type', a.type], ['value', a.value]]);
const describeDataset = (d: ZoneDataset) => props([['name', d.name]]);
const describeRctl = (r: ZoneRctl) => r.values.map((v) => `(priv=${v.priv},limit=${v.limit},action=${v.action})`).join(',');

function props(pairs: [string, string | undefined][]): string {
  return pairs.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${v}`).join(' ');
}

/** Every difference from `before` to `after`, globals first, then resources in info's order. */
export function diffConfigs(before: ZoneConfig, after: ZoneConfig): ConfigChange[] {
  const a = normalizeConfig(before);
  const b = normalizeConfig(after);
  const changes: ConfigChange[] = [];
  // sizes and CPU counts compare as info shows them once set: "2048M" is "2G", "1.5" is "1.50"
  const canonical = (key: string, v: string | null) =>
    v === null ? v : MEMORY_KEYS.has(key) ? asInfoShowsSize(v) : key === 'cappedCpu.ncpus' ? asInfoShowsNcpus(v) : v;
  const push = (key: string, label: string, x: string | null, y: string | null) => {
    if (canonical(key, x) !== canonical(key, y)) changes.push({ key, label, before: x, after: y });
  };
  for (const [key, label] of GLOBALS) push(String(key), label, shown(a[key]), shown(b[key]));
  keyed(changes, 'fs', a.fs, b.fs, (f) => f.dir, describeFs);
  keyed(changes, 'net', a.net, b.net, (n) => n.physical, describeNet);
  keyed(changes, 'device', a.device, b.device, (d) => d.match, (d) => props([['match', d.match], ...d.properties.map((p) => [`property ${p.name}`, p.value] as [string, string])]));
  for (const p of ['physical', 'swap', 'locked'] as const) {
    push(`cappedMemory.${p}`, `capped-memory ${p}`, shown(a.cappedMemory?.[p]), shown(b.cappedMemory?.[p]));
  }
  push('cappedCpu.ncpus', 'capped-cpu ncpus', shown(a.cappedCpu?.ncpus), shown(b.cappedCpu?.ncpus));
  push('dedicatedCpu', 'dedicated-cpu', a.dedicatedCpu ? props([['ncpus', a.dedicatedCpu.ncpus], ['importance', a.dedicatedCpu.importance]]) : null, b.dedicatedCpu ? props([['ncpus', b.dedicatedCpu.ncpus], ['importance', b.dedicatedCpu.importance]]) : null);
  keyed(changes, 'rctl', a.rctl, b.rctl, (r) => r.name, describeRctl);
  keyed(changes, 'attr', a.attr, b.attr, (x) => x.name, describeAttr);
  keyed(changes, 'dataset', a.dataset, b.dataset, (d) => d.name, describeDataset);
  keyed(changes, 'admin', a.admin, b.admin, (x) => x.user, (x) => props([['user', x.user], ['auths', x.auths]]));
  const sf = (c: ZoneConfig) => (c.securityFlags ? props([['lower', c.securityFlags.lower], ['default', c.securityFlags.default], ['upper', c.securityFlags.upper]]) || null : null);
  push('securityFlags', 'security-flags', sf(a), sf(b));
  return changes;
}

/** A list resource compared by its key property: added, removed, or changed in place. */
function keyed<T>(out: ConfigChange[], type: string, a: readonly T[], b: readonly T[], keyOf: (t: T) => string, text: (t: T) => string): void {
  const before = new Map(a.map((t) => [keyOf(t), text(t)]));
  const after = new Map(b.map((t) => [keyOf(t), text(t)]));
  for (const [k, x] of before) {
    const y = after.get(k) ?? null;
    if (x !== y) out.push({ key: `${type}:${k}`, label: `${type} ${k}`, before: x, after: y });
  }
  for (const [k, y] of after) if (!before.has(k)) out.push({ key: `${type}:${k}`, label: `${type} ${k}`, before: null, after: y });
}

/** Stable text of a configuration for comparing two reads of it (key order fixed). */
export function configFingerprint(config: ZoneConfig): string {
  return JSON.stringify(sorted(normalizeConfig(config)));
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([p], [q]) => (p < q ? -1 : 1)).map(([k, x]) => [k, sorted(x)]));
  }
  return v;
}
