// What the Doctor runs on a host and how it reads the answers (pure: argv builders and
// parsers, no I/O). The Doctor looks for what is left behind or stuck: it reads datasets, the
// host's clock and whether each tool runs with the privileges it has, and its fixes destroy
// datasets and recreate VNICs; snapshots are read and destroyed with ./zfs.ts, as the zone page
// does. Every name that reaches an argv is validated here again.
import { ParseError, outputLines, quoteLine } from './parseError';
import type { ToolCall, ToolName } from './types';
import { ValidationError, mustBe, validateLinkName, validateZoneName } from './validate';

// ---- datasets -------------------------------------------------------------------------------

/** A ZFS dataset name (pool/fs/...; no snapshot part): components of letters, digits, _ . : - */
const COMPONENT = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

export function validateDatasetName(value: unknown, what = 'dataset'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
    throw new ValidationError(what, `${what} must be a ZFS dataset name of 1 to 255 characters`);
  }
  if (!value.split('/').every((c) => COMPONENT.test(c))) {
    throw new ValidationError(what, `${JSON.stringify(value.slice(0, 60))} is not a ZFS dataset name (letters, digits, '_', '.', ':', '-' between '/')`);
  }
  return value;
}

export const DATASET_FIELDS = ['name', 'used', 'avail', 'mountpoint'] as const;

/** `zfs list -Hp -o name,used,avail,mountpoint`: every filesystem, to find the zones root. */
export function zfsListFilesystems(): ToolCall {
  return { tool: 'zfs', args: ['list', '-Hp', '-o', DATASET_FIELDS.join(',')] };
}

export interface DatasetRow {
  name: string;
  used: number;
  /** null when zfs prints '-' */
  avail: number | null;
  /** '-' for volumes, 'legacy' or 'none' when not mounted by zfs */
  mountpoint: string;
}

function bytes(v: string, field: string, n: number, what: string): number {
  if (!/^[0-9]{1,20}$/.test(v)) throw new ParseError(what, n, `${field} must be a byte count, got ${quoteLine(v)}`);
  return Number(v);
}

export function parseFilesystems(text: string, what = 'zfs list -Hp'): DatasetRow[] {
  return outputLines(text).map((line, i) => {
    const f = line.split('\t');
    if (f.length !== DATASET_FIELDS.length) {
      throw new ParseError(what, i + 1, `expected ${DATASET_FIELDS.length} TAB-separated fields (${DATASET_FIELDS.join(',')}), got ${f.length} in ${quoteLine(line)}`);
    }
    const [name, used, avail, mountpoint] = f as [string, string, string, string];
    if (name === '') throw new ParseError(what, i + 1, 'empty dataset name');
    return { name, used: bytes(used, 'used', i + 1, what), avail: avail === '-' ? null : bytes(avail, 'avail', i + 1, what), mountpoint };
  });
}

/**
 * The zones root: the dataset mounted where the zonepaths live (the directory most zonepaths
 * sit in, /zones when there are none, which is OmniOS's layout: rpool/zones at /zones).
 */
export function zonesRoot(datasets: readonly DatasetRow[], zonepaths: readonly string[]): DatasetRow | null {
  const parents = new Map<string, number>();
  for (const p of zonepaths) {
    const dir = p.slice(0, p.lastIndexOf('/')) || '/';
    parents.set(dir, (parents.get(dir) ?? 0) + 1);
  }
  const dirs = [...parents.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d);
  for (const dir of [...dirs, '/zones']) {
    const hit = datasets.find((d) => d.mountpoint === dir);
    if (hit) return hit;
  }
  return null;
}

/** The datasets one level under the root: where each zone's dataset lives. */
export function childrenOf(datasets: readonly DatasetRow[], root: string): DatasetRow[] {
  return datasets.filter((d) => d.name.startsWith(root + '/') && !d.name.slice(root.length + 1).includes('/'));
}

/** `zfs destroy -r DATASET`: only a dataset directly under the zones root, never the root. */
export function zfsDestroyZoneDataset(dataset: string, root: string): ToolCall {
  const ds = validateDatasetName(dataset);
  const r = validateDatasetName(root, 'zones root');
  if (!ds.startsWith(r + '/') || ds.slice(r.length + 1).includes('/')) {
    throw new ValidationError('dataset', `${ds} is not a dataset directly under the zones root ${r}`);
  }
  return { tool: 'zfs', args: ['destroy', '-r', ds] };
}

// ---- the host's clock -------------------------------------------------------------------

/** `kstat -p -T u unix:0:system_misc:boot_time`: the host's time (the -T u line) in one read. */
export function kstatClock(): ToolCall {
  return { tool: 'kstat', args: ['-p', '-T', 'u', 'unix:0:system_misc:boot_time'] };
}

/** The host's time in seconds since the epoch, from the -T u line. */
export function parseKstatClock(text: string, what = 'kstat -T u'): number {
  const line = outputLines(text).find((l) => /^[0-9]{1,12}$/.test(l));
  if (line === undefined) throw new ParseError(what, 0, 'no -T u timestamp line');
  return Number(line);
}

export interface ClockSkew {
  /** host minus dashboard, in seconds (the host's second is taken at its middle) */
  skewSeconds: number;
  /** how far off that figure may be: half the round trip plus the host's one-second resolution */
  uncertaintySeconds: number;
}

/** The host printed `hostSeconds` between `sentMs` and `receivedMs` of the dashboard's clock. */
export function clockSkew(hostSeconds: number, sentMs: number, receivedMs: number): ClockSkew {
  const middle = (sentMs + receivedMs) / 2 / 1000;
  return { skewSeconds: Math.round((hostSeconds + 0.5 - middle) * 10) / 10, uncertaintySeconds: Math.round(((receivedMs - sentMs) / 2000 + 0.5) * 10) / 10 };
}

// ---- tools and privileges ----------------------------------------------------------------

/** A read that needs no privilege, to learn whether each tool is there and runs. zlogin has no
 *  such read: with no zone it prints its usage and exits 2, which proves it is there. */
export function toolProbe(tool: ToolName): { call: ToolCall; okExit: number[] } | null {
  switch (tool) {
    case 'zoneadm':
      return { call: { tool, args: ['list', '-cp'] }, okExit: [0] };
    case 'zonecfg':
      return { call: { tool, args: ['-z', 'global', 'info'] }, okExit: [0] };
    case 'dladm':
      return { call: { tool, args: ['show-link', '-p', '-o', 'link'] }, okExit: [0] };
    case 'ipadm':
      return { call: { tool, args: ['show-if', '-p', '-o', 'ifname'] }, okExit: [0] };
    case 'zlogin':
      return { call: { tool, args: [] }, okExit: [2] };
    case 'kstat':
      return { call: kstatClock(), okExit: [0] };
    case 'zfs':
      return { call: zfsListFilesystems(), okExit: [0] };
    case 'uname':
      return { call: { tool, args: ['-v'] }, okExit: [0] };
    default:
      return null;
  }
}

export const PROBED_TOOLS: readonly ToolName[] = ['zoneadm', 'zonecfg', 'dladm', 'ipadm', 'zlogin', 'zfs', 'kstat', 'uname'];

/** How a tool that could not be started reads: the shell's 127/126, or the spawn error. */
export function toolMissing(exitCode: number, stderr: string): 'missing' | 'not-executable' | null {
  if (exitCode === 127 || /\bENOENT\b|not found|No such file or directory/.test(stderr.split('\n')[0] ?? '')) return exitCode === 0 ? null : 'missing';
  if (exitCode === 126 || /\bEACCES\b|Permission denied/.test(stderr.split('\n')[0] ?? '')) return exitCode === 0 ? null : 'not-executable';
  return null;
}

/**
 * The RBAC profile each tool's changes need on OmniOS (exec_attr: Zone Management runs zoneadm
 * and zlogin as euid 0; Zone Security zonecfg; Network Management dladm and ipadm; ZFS File
 * System Management zfs). Reads need none.
 */
export const TOOL_PROFILE: Partial<Record<ToolName, string>> = {
  zoneadm: 'Zone Management',
  zlogin: 'Zone Management',
  zonecfg: 'Zone Security',
  dladm: 'Network Management',
  ipadm: 'Network Management',
  zfs: 'ZFS File System Management',
};

/** `zoneadm -z Z verify`: a read that zoneadm's sanity_check() still refuses without all
 *  privileges ("only a privileged user may verify a zone.") or the solaris.zone.manage
 *  authorization, so it shows whether zoneadm's changes would run. */
export function zoneadmPrivilegeProbe(zone: string): ToolCall {
  return { tool: 'zoneadm', args: ['-z', mustBe('zone', validateZoneName(zone)), 'verify'] };
}

export type PrivilegeProblem = { kind: 'profile' } | { kind: 'authorization'; authorization: string };

/** What a tool's error says about missing privileges (the messages of zoneadm, zlogin,
 *  zonecfg, dladm and zfs when run without them); null when it says nothing of the kind. */
export function privilegeProblem(tool: ToolName, stderr: string): PrivilegeProblem | null {
  if (/is not authorized to/.test(stderr)) {
    return { kind: 'authorization', authorization: tool === 'zlogin' ? 'solaris.zone.login' : 'solaris.zone.manage' };
  }
  const patterns = [
    /only a privileged user may/,
    /lack sufficient privilege/,
    /read-only mode/,
    /you do not have write access/,
    /insufficient privileges/,
    /permission denied/i,
    /Not owner/,
  ];
  return patterns.some((p) => p.test(stderr)) ? { kind: 'profile' } : null;
}

// ---- VNICs --------------------------------------------------------------------------------

/** `dladm show-vnic -p -o link,over,zone` and `dladm show-link -p -o link,class,state,over`. */
export const VNIC_FIELDS = ['link', 'over', 'zone'] as const;
export const LINK_FIELDS = ['link', 'class', 'state', 'over'] as const;

/** `dladm create-vnic -l OVER NAME`: a VNIC a configuration names, made again. */
export function recreateVnic(over: string, name: string): ToolCall {
  return { tool: 'dladm', args: ['create-vnic', '-l', mustBe('over', validateLinkName(over)), mustBe('name', validateLinkName(name, 'VNIC name'))] };
}
