// zonecfg's rctl aliases (libzonecfg `aliases[]`, zonecfg.c info_aliased_rctl/bytes_to_units):
// `cpu-shares`, `max-lwps`, capped-memory `swap` and the like are shorthands for one `zone.*`
// rctl with a single privileged value. `info` prints them; `export` prints only the rctl.
// The parser derives the aliases from the rctls the same way zonecfg does, and the writer
// uses this to avoid writing an alias and its rctl twice.
import type { ZoneRctl, ZoneRctlAliases } from './types';

export interface RctlAlias {
  /** the zonecfg property name */
  prop: string;
  rctl: string;
  action: 'none' | 'deny';
  /** memory aliases are shown with a K/M/G/T suffix */
  memory: boolean;
}

/** Global aliases, in the order `zonecfg info` prints them. */
export const GLOBAL_RCTL_ALIASES: ReadonlyArray<RctlAlias & { key: keyof ZoneRctlAliases }> = [
  { key: 'maxLwps', prop: 'max-lwps', rctl: 'zone.max-lwps', action: 'deny', memory: false },
  { key: 'maxProcesses', prop: 'max-processes', rctl: 'zone.max-processes', action: 'deny', memory: false },
  { key: 'maxShmMemory', prop: 'max-shm-memory', rctl: 'zone.max-shm-memory', action: 'deny', memory: true },
  { key: 'maxShmIds', prop: 'max-shm-ids', rctl: 'zone.max-shm-ids', action: 'deny', memory: false },
  { key: 'maxMsgIds', prop: 'max-msg-ids', rctl: 'zone.max-msg-ids', action: 'deny', memory: false },
  { key: 'maxSemIds', prop: 'max-sem-ids', rctl: 'zone.max-sem-ids', action: 'deny', memory: false },
  { key: 'cpuShares', prop: 'cpu-shares', rctl: 'zone.cpu-shares', action: 'none', memory: false },
  // SmartOS
  { key: 'zfsIoPriority', prop: 'zfs-io-priority', rctl: 'zone.zfs-io-priority', action: 'none', memory: false },
];

/** capped-memory properties that are rctl aliases (physical only on SmartOS; upstream uses rcapd). */
export const CAPPED_MEMORY_RCTLS: ReadonlyArray<RctlAlias & { key: 'physical' | 'swap' | 'locked' }> = [
  { key: 'physical', prop: 'physical', rctl: 'zone.max-physical-memory', action: 'deny', memory: true },
  { key: 'swap', prop: 'swap', rctl: 'zone.max-swap', action: 'deny', memory: true },
  { key: 'locked', prop: 'locked', rctl: 'zone.max-locked-memory', action: 'deny', memory: true },
];

/** capped-cpu ncpus is zone.cpu-cap divided by 100. */
export const CPU_CAP_RCTL = 'zone.cpu-cap';

/**
 * The limit an alias stands for, or null when zonecfg would not show the alias: there must
 * be exactly one rctl of that name with exactly one value, privileged, with the alias's action.
 */
export function aliasedLimit(rctls: readonly ZoneRctl[], rctl: string, action: string): string | null {
  const matching = rctls.filter((r) => r.name === rctl);
  const only = matching.length === 1 ? matching[0] : undefined;
  const value = only?.values.length === 1 ? only.values[0] : undefined;
  if (!value || value.priv !== 'privileged' || value.action !== action || !/^[0-9]+$/.test(value.limit)) return null;
  return value.limit;
}

/** zonecfg's bytes_to_units: 1073741824 → "1G", 1610612736 → "1.5G", 1000 → "1000". */
export function bytesToUnits(bytes: string): string {
  let num = BigInt(bytes);
  if (num < 1024n) return num.toString();
  const units = 'BKMGT';
  let up = 0;
  let save = 0n;
  while (num >= 1024n && units[up] !== 'T') {
    up++;
    save = num;
    num = (num + 512n) >> 10n;
  }
  const unit = units[up] ?? 'T';
  if (save % 1024n !== 0n && save >> 10n < 10n) {
    // "%2.1f" of save/1024, rounding ties to even as printf does
    let tenths = (save * 10n) / 1024n;
    const rest = (save * 10n) % 1024n;
    if (rest * 2n > 1024n || (rest * 2n === 1024n && tenths % 2n === 1n)) tenths++;
    return `${tenths / 10n}.${tenths % 10n}${unit}`;
  }
  return `${num}${unit}`;
}

/** "1.5G" → 1610612736n (fractions of a byte dropped); null when it is not a size. */
export function unitsToBytes(size: string): bigint | null {
  const m = /^([0-9]+)(?:\.([0-9]+))?([KMGTkmgt])?$/.exec(size);
  if (!m?.[1]) return null;
  const scale = 1024n ** BigInt('BKMGT'.indexOf((m[3] ?? 'B').toUpperCase()));
  const frac = m[2] ?? '';
  return (BigInt(m[1] + frac) * scale) / 10n ** BigInt(frac.length);
}

/** zone.cpu-cap limit → capped-cpu ncpus as info prints it ("%.2f" of a float). */
export function cpuCapToNcpus(limit: string): string {
  return Math.fround(Math.fround(Number(limit)) / 100).toFixed(2);
}

/** How an alias value looks once derived from its rctl limit. */
export function aliasDisplay(alias: RctlAlias, limit: string): string {
  return alias.memory ? bytesToUnits(limit) : limit;
}
