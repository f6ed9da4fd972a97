// zfs(8) for zone snapshots: argv builders from validated names, and parsers of what zfs prints
// (list -Hp, get -Hp, rollback's refusal). Names follow zfs_namecheck.c: a snapshot name is
// letters, digits and - _ . : (newer zfs also takes a space; refused here so a name works on
// every host and in every shell a person copies a command to), starting with a letter or digit
// (stricter than zfs), the whole `dataset@name` under 256 characters. Snapshots the dashboard takes carry the user property org.zonedash:made (the
// ISO time): that is how the Doctor and the list tell them from anyone else's.
import { outputLines, ParseError, quoteLine } from './parseError';
import type { ToolCall } from './types';
import { mustBe, ValidationError, type Validation } from './validate';

/** the user property the dashboard sets on the snapshots it takes */
export const MADE_PROP = 'org.zonedash:made';
/** ZFS_MAX_DATASET_NAME_LEN: a full name (dataset@snapshot) is shorter than this */
export const ZFS_MAX_NAME = 256;
/** a short snapshot name the dashboard accepts: what every zfs version takes */
const SNAP_CHAR = /^[A-Za-z0-9_.:-]$/;
const DATASET_COMPONENT = /^[A-Za-z0-9_.:-]+$/;

const zfs = (args: string[]): ToolCall => ({ tool: 'zfs', args });

/** The part after '@': zfs's characters, at least one, not '.' or '..' (they read as paths). */
export function validateSnapshotShortName(value: unknown): Validation<string> {
  if (typeof value !== 'string') return { ok: false, message: 'A snapshot name must be a string' };
  if (value === '') return { ok: false, message: 'A snapshot name cannot be empty' };
  if (value.length > 200) return { ok: false, message: `A snapshot name is ${value.length} characters long; at most 200 are allowed` };
  for (const ch of value) {
    if (!SNAP_CHAR.test(ch)) {
      const what = ch === ' ' ? 'a space' : ch === '@' ? "'@' (it separates the dataset from the snapshot)" : ch === '/' ? "'/'" : /[\x00-\x1f\x7f]/.test(ch) ? 'a control character' : `'${ch}'`;
      return { ok: false, message: `A snapshot name may hold letters, digits, '_', '.', ':' and '-', not ${what}` };
    }
  }
  // zfs takes '-x' or '.x' after '@'; the dashboard wants a letter or digit first, so a name
  // never reads as an option or a path when a person copies it into another command
  if (!/^[A-Za-z0-9]/.test(value)) return { ok: false, message: `A snapshot name starts with a letter or a digit, not '${value[0]}'` };
  return { ok: true, value };
}

/** A file system name: pool/path components of zfs's characters, no '@'. */
export function validateFilesystemName(value: unknown): Validation<string> {
  if (typeof value !== 'string' || value === '') return { ok: false, message: 'A dataset name cannot be empty' };
  if (value.length >= ZFS_MAX_NAME) return { ok: false, message: 'A dataset name is too long for zfs' };
  const parts = value.split('/');
  if (!/^[A-Za-z]/.test(value) || parts.some((p) => !DATASET_COMPONENT.test(p))) {
    return { ok: false, message: `${JSON.stringify(value.slice(0, 80))} is not a ZFS file system name` };
  }
  return { ok: true, value };
}

/** `dataset@name`, both halves validated, shorter than ZFS_MAX_DATASET_NAME_LEN. */
export function snapshotFullName(dataset: string, name: string): string {
  const ds = mustBe('dataset', validateFilesystemName(dataset));
  const snap = mustBe('snapshot', validateSnapshotShortName(name));
  const full = `${ds}@${snap}`;
  if (full.length >= ZFS_MAX_NAME) throw new ValidationError('snapshot', `${full.length} characters is too long for a snapshot name on ${ds}`);
  return full;
}

/** The default name of a snapshot the dashboard takes: zd-YYYYMMDD-HHMMSS (UTC). */
export function defaultSnapshotName(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `zd-${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}-${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
}

// ---- builders ---------------------------------------------------------------------------------

/** `zfs list -H -o name,mountpoint -t filesystem`: to find the dataset mounted at a zonepath. */
export function zfsListMountpoints(): ToolCall {
  return zfs(['list', '-H', '-o', 'name,mountpoint', '-t', 'filesystem']);
}

export const SNAPSHOT_FIELDS = ['name', 'used', 'refer', 'creation', MADE_PROP] as const;

/**
 * The snapshots of one dataset, exact numbers: `zfs list -H -p -t snapshot -o
 * name,used,refer,creation,org.zonedash:made -d 1 DS`. -d 1 (as zadm lists them) rather than -r:
 * a recursive snapshot of a zone also names each dataset below (ROOT@x, ROOT/zbe@x), which are
 * the same snapshot to a person. Never `zfs list -t snapshot` of the whole pool on a poll: on a
 * busy host that takes minutes (vectors-next/real-zfs-list-snapshot-timing-smartos.txt).
 */
export function zfsListSnapshots(dataset: string): ToolCall {
  const ds = mustBe('dataset', validateFilesystemName(dataset));
  return zfs(['list', '-H', '-p', '-t', 'snapshot', '-o', SNAPSHOT_FIELDS.join(','), '-d', '1', ds]);
}

/** `zfs snapshot -r -o org.zonedash:made=ISO DS@NAME`: the dataset and everything below it, at once. */
export function zfsSnapshot(dataset: string, name: string, madeAt: Date): ToolCall {
  const full = snapshotFullName(dataset, name);
  return zfs(['snapshot', '-r', '-o', `${MADE_PROP}=${madeAt.toISOString()}`, full]);
}

/** `zfs rollback [-r] DS@NAME`: -r destroys the snapshots newer than NAME (asked for, never assumed). */
export function zfsRollback(dataset: string, name: string, opts: { destroyNewer: boolean }): ToolCall {
  return zfs(['rollback', ...(opts.destroyNewer ? ['-r'] : []), snapshotFullName(dataset, name)]);
}

/** `zfs destroy -r DS@NAME`: the snapshot and its namesakes below (what `snapshot -r` made). */
export function zfsDestroySnapshot(dataset: string, name: string): ToolCall {
  return zfs(['destroy', '-r', snapshotFullName(dataset, name)]);
}

/** `zfs get -H -p -o name,property,value,source PROP[,...] DS...` */
export function zfsGet(props: readonly string[], datasets: readonly string[]): ToolCall {
  if (!props.length) throw new ValidationError('props', 'zfs get needs a property');
  for (const p of props) if (!/^[a-z0-9_.:-]+$/.test(p)) throw new ValidationError('props', `not a property name: ${JSON.stringify(p.slice(0, 40))}`);
  const names = datasets.map((d) => {
    const at = d.indexOf('@');
    return at < 0 ? mustBe('dataset', validateFilesystemName(d)) : snapshotFullName(d.slice(0, at), d.slice(at + 1));
  });
  return zfs(['get', '-H', '-p', '-o', 'name,property,value,source', props.join(','), ...names]);
}

// ---- parsers ----------------------------------------------------------------------------------

export interface ZfsSnapshotRow {
  /** the full name, dataset@snapshot */
  fullName: string;
  dataset: string;
  /** the part after '@' */
  name: string;
  used: number;
  refer: number;
  /** ISO time of creation */
  createdAt: string;
  /** the org.zonedash:made value, or null when zfs printed '-' (someone else's snapshot) */
  made: string | null;
}

function bytes(v: string, field: string, line: number, what: string): number {
  if (!/^\d{1,19}$/.test(v)) throw new ParseError(what, line, `${field} is not a number of bytes: ${quoteLine(v)}`);
  return Number(v);
}

/** Output of zfsListSnapshots(): five TAB-separated fields a line. */
export function parseZfsSnapshotList(text: string, what = 'zfs list -t snapshot'): ZfsSnapshotRow[] {
  return outputLines(text).map((line, i) => {
    const f = line.split('\t');
    if (f.length !== SNAPSHOT_FIELDS.length) throw new ParseError(what, i + 1, `expected ${SNAPSHOT_FIELDS.length} fields, got ${f.length}: ${quoteLine(line)}`);
    const [fullName, used, refer, creation, made] = f as [string, string, string, string, string];
    const at = fullName.indexOf('@');
    if (at <= 0 || !validateSnapshotShortNameLoose(fullName.slice(at + 1))) throw new ParseError(what, i + 1, `not a snapshot name: ${quoteLine(fullName)}`);
    const secs = bytes(creation, 'creation', i + 1, what);
    return {
      fullName,
      dataset: fullName.slice(0, at),
      name: fullName.slice(at + 1),
      used: bytes(used, 'used', i + 1, what),
      refer: bytes(refer, 'refer', i + 1, what),
      createdAt: new Date(secs * 1000).toISOString(),
      made: made === '-' ? null : made,
    };
  });
}

/** what zfs itself accepts after '@' (a space included): a snapshot someone else made may have one */
function validateSnapshotShortNameLoose(s: string): boolean {
  return s !== '' && !/[^A-Za-z0-9_.: -]/.test(s);
}

export interface ZfsMountRow {
  name: string;
  mountpoint: string;
}

/** Output of zfsListMountpoints(). */
export function parseZfsMountpoints(text: string, what = 'zfs list -o name,mountpoint'): ZfsMountRow[] {
  return outputLines(text).map((line, i) => {
    const f = line.split('\t');
    if (f.length !== 2) throw new ParseError(what, i + 1, `expected 2 fields, got ${f.length}: ${quoteLine(line)}`);
    return { name: f[0]!, mountpoint: f[1]! };
  });
}

/** The dataset mounted at a zone's zonepath (zadm's getMntDs), or null. */
export function datasetMountedAt(rows: readonly ZfsMountRow[], zonepath: string): string | null {
  const want = zonepath.replace(/\/+$/, '');
  return rows.find((r) => r.mountpoint === want)?.name ?? null;
}

export interface ZfsGetRow {
  name: string;
  property: string;
  value: string;
  source: string;
}

/** Output of zfsGet(): four TAB-separated fields a line. */
export function parseZfsGet(text: string, what = 'zfs get'): ZfsGetRow[] {
  return outputLines(text).map((line, i) => {
    const f = line.split('\t');
    if (f.length !== 4) throw new ParseError(what, i + 1, `expected 4 fields, got ${f.length}: ${quoteLine(line)}`);
    return { name: f[0]!, property: f[1]!, value: f[2]!, source: f[3]! };
  });
}

/**
 * rollback_check()'s refusal: "cannot rollback to 'X': more recent snapshots or bookmarks exist"
 * (older zfs: "more recent snapshots exist"), then "use '-r' to force deletion of the following
 * ...:" and one name a line. The names it lists, or null when stderr is something else.
 */
export function parseRollbackNewer(stderr: string): string[] | null {
  const lines = outputLines(stderr);
  const head = lines.findIndex((l) => /^cannot rollback to '.*': more recent snapshots (or bookmarks )?exist$/.test(l));
  if (head < 0 || !/^use '-r' to force deletion of the following snapshots( and bookmarks)?:$/.test(lines[head + 1] ?? '')) return null;
  return lines.slice(head + 2).filter((l) => /^[A-Za-z0-9_.:/ -]+[@#][A-Za-z0-9_.: -]+$/.test(l));
}
