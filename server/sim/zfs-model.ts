// The simulated host's ZFS datasets. Filesystems follow the zones: each zone past `configured`
// whose zonepath is under /zones has rpool/zones/<zone>; the boot-environment brands (ipkg,
// lipkg, sparse, pkgsrc, illumos) have ROOT and ROOT/zbe under it, as their install scripts make
// them, and keep the zone's files in ROOT/zbe; the other brands (lx, bhyve, kvm, emu) keep the
// zone root in the zonepath dataset itself. Datasets delegated to a zone exist too.
//
// What zfs(8) itself made lives in SIM_ROOT/zfs.json (under SIM_ROOT/zfs.lock): snapshots (with
// their creation txg, time, size and user properties), filesystems made by `zfs clone`, the
// origin of zone datasets that `zoneadm clone` made from a snapshot, and properties set on
// datasets. A snapshot of a dataset that holds a zone's files really captures them: the zone's
// root (SIM_ROOT/zones/<zone>/root) is copied to SIM_ROOT/zfs/snapshots/<id>, and a rollback
// copies it back exactly.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { hashString } from './clock';
import { readState, writeFileAtomic } from './store';
import type { SimState } from './store';
import type { SimZone } from './types';
import type { SimZoneX } from './zonecfg-model';
import { withFileLock, zoneRootDir } from './zoneos';

const MB = 1024 ** 2;
export const POOL_SIZE = 400 * 1024 ** 3;
const REFER_BY_BRAND: Record<string, number> = { lipkg: 640 * MB, ipkg: 610 * MB, sparse: 46 * MB, pkgsrc: 280 * MB, lx: 520 * MB, illumos: 300 * MB, bhyve: 2 * MB, kvm: 2 * MB };
/** brands whose zone root is a boot environment (ROOT/zbe), linked to the global zone's BE */
export const BE_BRANDS = new Set(['ipkg', 'lipkg', 'sparse', 'pkgsrc', 'illumos']);
/** zone states in which the zone's file systems are mounted and in use */
const MOUNTED_STATES = new Set(['ready', 'running', 'shutting_down', 'down', 'mounted']);

export interface SnapRec {
  name: string;
  /** creation transaction group: orders snapshots (rollback's "more recent") */
  txg: number;
  /** seconds since the epoch */
  creation: number;
  refer: number;
  user: Record<string, string>;
  /** directory under SIM_ROOT/zfs/snapshots holding the captured files, or null (no files) */
  store: string | null;
}

export interface CloneRec {
  name: string;
  origin: string;
  creation: number;
  refer: number;
  mountpoint: string;
}

export interface ZfsFile {
  props?: Record<string, { quota?: number; user?: Record<string, string> }>;
  snapshots?: SnapRec[];
  clones?: CloneRec[];
  /** zone datasets made by `zoneadm clone` → the snapshot they were cloned from */
  origins?: Record<string, string>;
  txg?: number;
}

export interface SimDataset {
  name: string;
  type: 'filesystem' | 'volume' | 'snapshot';
  /** bytes written in this dataset itself (REFER) */
  refer: number;
  mountpoint: string;
  quota: number;
  /** filled in by simDatasets(): REFER plus the children's USED; for a snapshot, its unique bytes */
  used: number;
  /** seconds since the epoch */
  creation: number;
  txg: number;
  /** the snapshot a clone came from, '' if none */
  origin: string;
  user: Record<string, string>;
  /** the host directory holding this dataset's files (a zone root), or null */
  filesDir: string | null;
  /** the zone whose root or zonepath this is, if any */
  zone: string | null;
  /** mounted and in use by a booted zone: cannot be unmounted without -f */
  busy: boolean;
  /** made by `zfs clone` (can be destroyed); zone datasets belong to zoneadm */
  standalone: boolean;
  /** snapshots: the directory of captured files */
  store: string | null;
}

export function zfsFilePath(root: string): string {
  return path.join(root, 'zfs.json');
}

export async function readZfsFile(root: string): Promise<ZfsFile> {
  try {
    return JSON.parse(await fsp.readFile(zfsFilePath(root), 'utf8')) as ZfsFile;
  } catch {
    return {};
  }
}

/** Read-modify-write of zfs.json, exclusive across the processes sharing SIM_ROOT. */
export async function updateZfsFile<T>(root: string, fn: (f: ZfsFile) => Promise<T> | T): Promise<T> {
  return withFileLock(path.join(root, 'zfs.lock'), async () => {
    const f = await readZfsFile(root);
    const out = await fn(f);
    await writeFileAtomic(zfsFilePath(root), JSON.stringify(f, null, 1));
    return out;
  });
}

export function parentOf(name: string): string {
  const at = name.indexOf('@');
  if (at >= 0) return name.slice(0, at);
  const i = name.lastIndexOf('/');
  return i === -1 ? '' : name.slice(0, i);
}

/** The dataset holding a zone's files: ROOT/zbe for boot-environment brands, else the zonepath's. */
export function zoneFilesDataset(z: Pick<SimZone, 'zonepath' | 'brand'>): string | null {
  if (!z.zonepath.startsWith('/zones/')) return null;
  const ds = `rpool${z.zonepath}`;
  return BE_BRANDS.has(z.brand) ? `${ds}/ROOT/zbe` : ds;
}

export function snapStoreDir(root: string, id: string): string {
  return path.join(root, 'zfs', 'snapshots', id);
}

async function treeFiles(dir: string, rel = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let ents: import('node:fs').Dirent[];
  try {
    ents = await fsp.readdir(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of ents) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of await treeFiles(dir, r)) out.set(k, v);
    else if (e.isFile()) out.set(r, await fsp.readFile(path.join(dir, r), 'latin1'));
    else if (e.isSymbolicLink()) out.set(r, `->${await fsp.readlink(path.join(dir, r))}`);
  }
  return out;
}

/**
 * A snapshot's USED is the space only it holds: what changed between it and the next state of
 * its dataset (the next newer snapshot, or the live files for the newest). Here, the bytes of
 * its files that differ there, plus a 1 KB block per changed file.
 */
async function uniqueBytes(snapDir: string, nextDir: string): Promise<number> {
  const a = await treeFiles(snapDir);
  const b = await treeFiles(nextDir);
  let n = 0;
  for (const [k, v] of a) if (b.get(k) !== v) n += v.length + 1024;
  return n;
}

/** Every dataset of the simulated host, parents before children, with USED summed up. */
export async function simDatasets(root: string, now = Date.now()): Promise<SimDataset[]> {
  const s = await readState(root);
  const f = await readZfsFile(root);
  return datasetsOf(root, s, f, now);
}

export async function datasetsOf(root: string, s: SimState, f: ZfsFile, now = Date.now()): Promise<SimDataset[]> {
  const props = f.props ?? {};
  const list: SimDataset[] = [];
  const bootSecs = Math.floor(now / 1000) - 86_400 * 30;
  const add = (name: string, refer: number, mountpoint: string, extra: Partial<SimDataset> = {}) => {
    if (list.some((d) => d.name === name)) return;
    list.push({
      name,
      type: 'filesystem',
      refer,
      mountpoint,
      quota: props[name]?.quota ?? 0,
      used: 0,
      creation: bootSecs,
      txg: 1,
      origin: f.origins?.[name] ?? '',
      user: { ...(props[name]?.user ?? {}) },
      filesDir: null,
      zone: null,
      busy: false,
      standalone: false,
      store: null,
      ...extra,
    });
  };
  add('rpool', 96 * 1024, '/rpool');
  add('rpool/ROOT', 96 * 1024, 'legacy');
  add('rpool/ROOT/omnios', 2100 * MB, '/', { busy: true });
  add('rpool/zones', 96 * 1024, '/zones');
  for (const z of s.zones) {
    if (z.name === 'global' || z.state === 'configured') continue;
    const filesDs = zoneFilesDataset(z);
    if (!filesDs) continue;
    const ds = `rpool${z.zonepath}`;
    const seed = hashString(z.name);
    const busy = MOUNTED_STATES.has(z.state);
    const created = typeof z.installedAt === 'string' ? Math.floor(Date.parse(z.installedAt) / 1000) : bootSecs + (seed % 86_400);
    // a booted zone writes a little (logs): about 1 KB a minute since its boot
    const booted = typeof z.bootedAt === 'string' ? Date.parse(z.bootedAt) : NaN;
    const growth = Number.isFinite(booted) ? Math.floor(Math.max(0, now - booted) / 60_000) * 1024 : 0;
    const base = z.state === 'incomplete' ? 12 * MB : (REFER_BY_BRAND[z.brand] ?? 300 * MB);
    const files = { filesDir: zoneRootDir(root, z.name), zone: z.name, busy };
    if (filesDs === ds) {
      add(ds, base + (seed % 4096) * 1024 + growth, z.zonepath, { ...files, creation: created });
    } else {
      add(ds, 96 * 1024, z.zonepath, { zone: z.name, busy, creation: created });
      add(`${ds}/ROOT`, 96 * 1024, 'legacy', { creation: created });
      add(filesDs, base + (seed % 4096) * 1024 + growth, `${z.zonepath}/root`, { ...files, creation: created });
    }
    for (const d of (z as SimZoneX).dataset ?? []) {
      if (!d.name.startsWith('rpool/')) continue;
      const parts = d.name.split('/');
      for (let i = 2; i < parts.length; i++) add(parts.slice(0, i).join('/'), 96 * 1024, `/${parts.slice(1, i).join('/')}`);
      add(d.name, 5 * MB + (seed % 1024) * 1024, `/${parts.slice(1).join('/')}`, { busy });
    }
  }
  for (const c of f.clones ?? []) {
    if (!list.some((d) => d.name === parentOf(c.name))) continue;
    add(c.name, c.refer, c.mountpoint, { creation: c.creation, origin: c.origin, standalone: true, txg: 0 });
  }
  // snapshots of datasets that are gone (a zone uninstalled by hand) are gone with them
  for (const sn of [...(f.snapshots ?? [])].sort((a, b) => a.txg - b.txg)) {
    const parent = list.find((d) => d.name === parentOf(sn.name) && d.type !== 'snapshot');
    if (!parent) continue;
    list.push({
      name: sn.name,
      type: 'snapshot',
      refer: sn.refer,
      mountpoint: '-',
      quota: 0,
      used: 0,
      creation: sn.creation,
      txg: sn.txg,
      origin: '',
      user: { ...sn.user },
      filesDir: null,
      zone: parent.zone,
      busy: false,
      standalone: false,
      store: sn.store,
    });
  }
  // snapshots sort after their dataset and before its children, in creation order (zfs list's order)
  const key = (d: SimDataset) => (d.type === 'snapshot' ? parentOf(d.name) : d.name);
  list.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    if (a.type !== b.type) return a.type === 'snapshot' ? 1 : -1;
    return a.txg - b.txg;
  });
  for (const d of list) {
    if (d.type !== 'snapshot' || !d.store) continue;
    const parent = list.find((p) => p.name === parentOf(d.name))!;
    const newer = list.find((x) => x.type === 'snapshot' && parentOf(x.name) === parent.name && x.txg > d.txg && x.store);
    const next = newer ? snapStoreDir(root, newer.store!) : parent.filesDir;
    d.used = next ? await uniqueBytes(snapStoreDir(root, d.store), next) : 0;
  }
  for (const d of [...list].reverse()) {
    if (d.type === 'snapshot') continue;
    const children = list.filter((c) => c.type !== 'snapshot' && parentOf(c.name) === d.name);
    const snaps = list.filter((c) => c.type === 'snapshot' && parentOf(c.name) === d.name);
    d.used = d.refer + children.reduce((n, c) => n + c.used, 0) + snaps.reduce((n, c) => n + c.used, 0);
  }
  return list;
}

/** Free space for a dataset: the pool's, bounded by any quota on it or an ancestor. */
export function availFor(d: SimDataset, all: SimDataset[]): number {
  const pool = all.find((x) => x.name === 'rpool');
  let a = POOL_SIZE - (pool?.used ?? 0);
  for (let x: SimDataset | undefined = d; x; x = all.find((p) => p.name === parentOf(x!.name))) {
    if (x.quota > 0) a = Math.min(a, Math.max(0, x.quota - x.used));
  }
  return a;
}

/** zfs_nicenum(): 1024-based, at most 5 characters ("640M", "1.20G", "96K"). */
export function nicenum(n: number): string {
  const units = ['', 'K', 'M', 'G', 'T', 'P', 'E'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  if (i === 0) return String(n);
  if (Number.isInteger(v)) return `${v}${units[i]}`;
  for (const digits of [2, 1, 0]) {
    const t = `${v.toFixed(digits)}${units[i]}`;
    if (t.length <= 5) return t;
  }
  return `${Math.round(v)}${units[i]}`;
}

/** zfs_prop_get(ZFS_PROP_CREATION) unless literal: strftime "%a %b %e %k:%M %Y" (the host's TZ is UTC) */
export function creationText(secs: number): string {
  const d = new Date(secs * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const sp2 = (n: number) => String(n).padStart(2, ' ');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${sp2(d.getUTCDate())} ${sp2(d.getUTCHours())}:${String(d.getUTCMinutes()).padStart(2, '0')} ${d.getUTCFullYear()}`;
}

// ---------------------------------------------------------------- changing the pool

/** Copies a directory tree exactly (symbolic links as links), replacing what is at dst. */
export async function copyTree(src: string, dst: string): Promise<void> {
  await fsp.rm(dst, { recursive: true, force: true });
  await fsp.mkdir(path.dirname(dst), { recursive: true });
  try {
    await fsp.cp(src, dst, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await fsp.mkdir(dst, { recursive: true });
  }
}

/** Takes snapshots (one txg for all, as zfs_snapshot_nvl does), capturing each dataset's files. */
export async function takeSnapshots(root: string, f: ZfsFile, all: SimDataset[], names: string[], user: Record<string, string>, now = Date.now()): Promise<void> {
  const txg = (f.txg ?? 100) + 1;
  f.txg = txg;
  for (const name of names) {
    const ds = all.find((d) => d.name === parentOf(name))!;
    let store: string | null = null;
    if (ds.filesDir) {
      store = randomBytes(8).toString('hex');
      await copyTree(ds.filesDir, snapStoreDir(root, store));
    }
    (f.snapshots ??= []).push({ name, txg, creation: Math.floor(now / 1000), refer: ds.refer, user: { ...user }, store });
  }
}

/** Forgets snapshots and their captured files. */
export async function dropSnapshots(root: string, f: ZfsFile, names: string[]): Promise<void> {
  const gone = (f.snapshots ?? []).filter((x) => names.includes(x.name));
  f.snapshots = (f.snapshots ?? []).filter((x) => !names.includes(x.name));
  for (const g of gone) if (g.store) await fsp.rm(snapStoreDir(root, g.store), { recursive: true, force: true });
}

/** Datasets cloned from a snapshot (zfs clone, or a zone made by zoneadm clone). */
export function dependentsOf(all: SimDataset[], snapshot: string): SimDataset[] {
  return all.filter((d) => d.type !== 'snapshot' && d.origin === snapshot);
}

/** When a zone is uninstalled, its datasets go, and their snapshots and recorded origins with them. */
export async function forgetZoneDatasets(root: string, zonepath: string): Promise<void> {
  if (!zonepath.startsWith('/zones/')) return;
  const ds = `rpool${zonepath}`;
  const mine = (n: string) => n === ds || n.startsWith(`${ds}/`) || n.startsWith(`${ds}@`);
  await updateZfsFile(root, async (f) => {
    await dropSnapshots(
      root,
      f,
      (f.snapshots ?? []).map((x) => x.name).filter(mine),
    );
    for (const k of Object.keys(f.origins ?? {})) if (mine(k)) delete f.origins![k];
  });
}
