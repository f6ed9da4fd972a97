// Simulated zfs(8), the part the dashboard reads today: `zfs list`. The datasets follow the
// zones: each zone past `configured` whose zonepath is under /zones has rpool/zones/<zone>
// with ROOT and ROOT/zbe under it (what the ipkg/lipkg/sparse brands create), plus the
// datasets delegated to it. Properties set later (quota, snapshots: the day-2 zfs issue) go in
// SIM_ROOT/zfs.json ({"props": {"<dataset>": {"quota": bytes}}}), so this file is where the
// other subcommands will be added.
//
//   zfs list [-rHp] [-d max] [-o property[,...]] [-s property]... [-S property]...
//            [-t type[,...]] [filesystem|volume|snapshot] ...
// Exit status: 0, 1 when a named dataset does not exist, 2 on a usage error.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ToolIO } from './tool-io';
import { getopt } from './getopt';
import { hashString } from './clock';
import { readState } from './store';
import type { SimZoneX } from './zonecfg-model';

const USAGE_LIST =
  'usage:\n' +
  '\tlist [-Hp] [-r|-d max] [-o property[,...]] [-s property]...\n' +
  '\t    [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ...\n';

const USAGE =
  'usage: zfs command args ...\n' +
  'where \'command\' is one of the following:\n\n' +
  '\tlist [-Hp] [-r|-d max] [-o property[,...]] [-s property]...\n' +
  '\t    [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ...\n\n' +
  'Each dataset is of the form: pool/[dataset/]*dataset[@name]\n\n' +
  'For the property list, run: zfs set|get\n\n' +
  'For the delegated permission list, run: zfs allow|unallow\n';

const MB = 1024 ** 2;
const POOL_SIZE = 400 * 1024 ** 3;
const REFER_BY_BRAND: Record<string, number> = { lipkg: 640 * MB, ipkg: 610 * MB, sparse: 46 * MB, pkgsrc: 280 * MB, lx: 520 * MB, illumos: 300 * MB, bhyve: 2 * MB, kvm: 2 * MB };

export interface SimDataset {
  name: string;
  type: 'filesystem' | 'volume' | 'snapshot';
  /** bytes written in this dataset itself (REFER) */
  refer: number;
  mountpoint: string;
  quota: number;
  /** filled in by datasets(): REFER plus the children's USED */
  used: number;
}

interface ZfsFile {
  props?: Record<string, { quota?: number }>;
}

async function zfsFile(root: string): Promise<ZfsFile> {
  try {
    return JSON.parse(await fsp.readFile(path.join(root, 'zfs.json'), 'utf8')) as ZfsFile;
  } catch {
    return {};
  }
}

/** Every dataset of the simulated host, parents before children, with USED summed up. */
export async function simDatasets(root: string, now = Date.now()): Promise<SimDataset[]> {
  const s = await readState(root);
  const props = (await zfsFile(root)).props ?? {};
  const list: SimDataset[] = [];
  const add = (name: string, refer: number, mountpoint: string, type: SimDataset['type'] = 'filesystem') => {
    if (list.some((d) => d.name === name)) return;
    list.push({ name, type, refer, mountpoint, quota: props[name]?.quota ?? 0, used: 0 });
  };
  add('rpool', 96 * 1024, '/rpool');
  add('rpool/ROOT', 96 * 1024, 'legacy');
  add('rpool/ROOT/omnios', 2100 * MB, '/');
  add('rpool/zones', 96 * 1024, '/zones');
  for (const z of s.zones) {
    if (z.name === 'global' || z.state === 'configured') continue;
    if (!z.zonepath.startsWith('/zones/')) continue;
    const ds = `rpool${z.zonepath}`;
    const seed = hashString(z.name);
    add(ds, 96 * 1024, z.zonepath);
    add(`${ds}/ROOT`, 96 * 1024, 'legacy');
    // a booted zone writes a little (logs): about 1 KB a minute since its boot
    const booted = typeof z.bootedAt === 'string' ? Date.parse(z.bootedAt) : NaN;
    const growth = Number.isFinite(booted) ? Math.floor(Math.max(0, now - booted) / 60_000) * 1024 : 0;
    const base = z.state === 'incomplete' ? 12 * MB : (REFER_BY_BRAND[z.brand] ?? 300 * MB);
    add(`${ds}/ROOT/zbe`, base + (seed % 4096) * 1024 + growth, `${z.zonepath}/root`);
    for (const d of (z as SimZoneX).dataset ?? []) {
      if (!d.name.startsWith('rpool/')) continue;
      const parts = d.name.split('/');
      for (let i = 2; i < parts.length; i++) add(parts.slice(0, i).join('/'), 96 * 1024, `/${parts.slice(1, i).join('/')}`);
      add(d.name, 5 * MB + (seed % 1024) * 1024, `/${parts.slice(1).join('/')}`);
    }
  }
  list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of [...list].reverse()) {
    d.used = d.refer + list.filter((c) => parentOf(c.name) === d.name).reduce((n, c) => n + c.used, 0);
  }
  return list;
}

function parentOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i === -1 ? '' : name.slice(0, i);
}

function avail(d: SimDataset, all: SimDataset[]): number {
  const pool = all.find((x) => x.name === 'rpool');
  let a = POOL_SIZE - (pool?.used ?? 0);
  // a quota on the dataset or any ancestor bounds what is left
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

const PROPS = ['name', 'type', 'used', 'avail', 'available', 'refer', 'referenced', 'quota', 'mountpoint'] as const;
type Prop = (typeof PROPS)[number];

function propValue(d: SimDataset, all: SimDataset[], prop: Prop, parsable: boolean): string {
  const num = (n: number) => (parsable ? String(n) : nicenum(n));
  switch (prop) {
    case 'name':
      return d.name;
    case 'type':
      return d.type;
    case 'used':
      return num(d.used);
    case 'avail':
    case 'available':
      return d.type === 'snapshot' ? '-' : num(avail(d, all));
    case 'refer':
    case 'referenced':
      return num(d.refer);
    case 'quota':
      return d.quota === 0 ? (parsable ? '0' : 'none') : num(d.quota);
    case 'mountpoint':
      return d.type === 'filesystem' ? d.mountpoint : '-';
  }
}

async function listMain(args: string[], io: ToolIO): Promise<number> {
  const g = getopt(args, { flags: 'Hpr', withArg: 'd o s S t' });
  if (g.error) {
    io.stderr(g.error.kind === 'unknown' ? `invalid option '${g.error.opt}'\n` : `missing argument for '${g.error.opt}' option\n`);
    io.stderr(USAGE_LIST);
    return 2;
  }
  const fields = (g.opts.o ?? 'name,used,avail,refer,mountpoint').split(',');
  for (const f of fields) {
    if (!(PROPS as readonly string[]).includes(f)) {
      io.stderr(`bad property list: invalid property '${f}'\n`);
      io.stderr(USAGE_LIST);
      return 2;
    }
  }
  let depth = g.flags.has('r') ? Infinity : 0;
  if (g.opts.d !== undefined) {
    if (!/^[0-9]+$/.test(g.opts.d)) {
      io.stderr(`invalid depth '${g.opts.d}'\n`);
      io.stderr(USAGE_LIST);
      return 2;
    }
    depth = Number(g.opts.d);
  }
  const types = new Set((g.opts.t ?? 'filesystem,volume').split(','));
  if (types.has('all')) for (const t of ['filesystem', 'volume', 'snapshot']) types.add(t);
  for (const t of types) {
    if (!['filesystem', 'volume', 'snapshot', 'snap', 'bookmark', 'all'].includes(t)) {
      io.stderr(`invalid type '${t}'\n`);
      io.stderr(USAGE_LIST);
      return 2;
    }
  }
  const all = await simDatasets(io.root);
  let rows: SimDataset[];
  let status = 0;
  if (g.rest.length === 0) {
    rows = all;
  } else {
    rows = [];
    for (const name of g.rest) {
      const d = all.find((x) => x.name === name);
      if (!d) {
        io.stderr(`cannot open '${name}': dataset does not exist\n`);
        status = 1;
        continue;
      }
      const level = name.split('/').length;
      for (const x of all) {
        if (x.name === name || (x.name.startsWith(name + '/') && x.name.split('/').length - level <= depth)) {
          if (!rows.includes(x)) rows.push(x);
        }
      }
    }
  }
  rows = rows.filter((d) => types.has(d.type) || (d.type === 'snapshot' && types.has('snap')));
  const parsable = g.flags.has('p');
  const table = rows.map((d) => fields.map((f) => propValue(d, all, f as Prop, parsable)));
  if (g.flags.has('H')) {
    io.stdout(table.map((r) => r.join('\t') + '\n').join(''));
    return status;
  }
  if (rows.length === 0) {
    if (g.rest.length === 0) io.stdout('no datasets available\n');
    return status;
  }
  const head = fields.map((f) => (f === 'available' ? 'AVAIL' : f === 'referenced' ? 'REFER' : f.toUpperCase()));
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => {
        const right = ['used', 'avail', 'available', 'refer', 'referenced', 'quota'].includes(fields[i]!);
        if (i === r.length - 1 && !right) return v;
        return right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!);
      })
      .join('  ') + '\n';
  io.stdout(line(head) + table.map(line).join(''));
  return status;
}

export async function zfsMain(args: string[], io: ToolIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) {
    io.stderr('missing command\n');
    io.stderr(USAGE);
    return 2;
  }
  if (sub === '-?' || sub === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (sub === 'list') return listMain(rest, io);
  io.stderr(`unrecognized command '${sub}'\n`);
  io.stderr(USAGE);
  return 2;
}
