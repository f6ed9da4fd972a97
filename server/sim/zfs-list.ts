// zfs list [-Hp] [-r|-d max] [-o property[,...]] [-s property]... [-S property]...
//          [-t type[,...]] [filesystem|volume|snapshot] ...
// (zfs_do_list() of zfs_main.c.) Exit status: 0; 1 when a named dataset does not exist; 2 on a
// usage error. Snapshots are listed only with -t snapshot or -t all.
import type { ToolIO } from './tool-io';
import { subUsage, zfsGetopt } from './zfs-common';
import { parentOf, simDatasets, type SimDataset } from './zfs-model';
import { canonicalProp, knownProp, propHeader, propValue, rightAligned } from './zfs-props';

/** how many levels below `top` a dataset is (a snapshot is one below its dataset) */
export function depthBelow(top: string, d: SimDataset): number | null {
  if (d.name === top) return 0;
  const base = d.type === 'snapshot' ? parentOf(d.name) : d.name;
  if (base !== top && !base.startsWith(top + '/')) return null;
  const levels = base === top ? 0 : base.slice(top.length + 1).split('/').length;
  return levels + (d.type === 'snapshot' ? 1 : 0);
}

/** zfs_for_each() over named datasets (or all), with -r / -d and a type set */
export function selectDatasets(io: ToolIO, all: SimDataset[], names: string[], depth: number, types: Set<string>, namedAnyType = false): { rows: SimDataset[]; status: number } {
  let status = 0;
  let rows: SimDataset[] = [];
  if (names.length === 0) rows = all;
  else {
    for (const name of names) {
      const d = all.find((x) => x.name === name);
      if (!d) {
        io.stderr(`cannot open '${name}': dataset does not exist\n`);
        status = 1;
        continue;
      }
      for (const x of all) {
        const lv = depthBelow(name, x);
        if (lv !== null && lv <= depth && !rows.includes(x)) rows.push(x);
      }
    }
  }
  // a snapshot named on the command line is listed even when -t did not ask for snapshots
  return { rows: rows.filter((d) => types.has(d.type) || (namedAnyType && names.includes(d.name))), status };
}

export function parseTypes(io: ToolIO, spec: string, allowSnap: boolean): Set<string> | null {
  const types = new Set<string>();
  for (const t of spec.split(',')) {
    if (t === 'filesystem' || t === 'volume' || t === 'snapshot' || t === 'bookmark') types.add(t);
    else if (t === 'snap' && allowSnap) types.add('snapshot');
    else if (t === 'all') for (const x of ['filesystem', 'volume', 'snapshot', 'bookmark']) types.add(x);
    else {
      io.stderr(`invalid type '${t}'\n`);
      return null;
    }
  }
  return types;
}

export async function listMain(args: string[], io: ToolIO): Promise<number> {
  const scan = zfsGetopt(io, 'list', args, 'HS:d:o:prs:t:');
  if (!scan) return 2;
  let fields = ['name', 'used', 'available', 'referenced', 'mountpoint'];
  let depth = 0;
  let types = new Set(['filesystem', 'volume']);
  let scripted = false;
  let literal = false;
  const sorts: { prop: string; desc: boolean }[] = [];
  for (const { c, arg } of scan.opts) {
    if (c === 'H') scripted = true;
    else if (c === 'p') literal = true;
    else if (c === 'r') depth = Infinity;
    else if (c === 'o') fields = arg!.split(',');
    else if (c === 'd') {
      if (!/^-?[0-9]+$/.test(arg!)) {
        io.stderr(`${arg} is not an integer\n`);
        return subUsage(io, 'list');
      }
      if (Number(arg) < 0) {
        io.stderr('Depth can not be negative.\n');
        return subUsage(io, 'list');
      }
      depth = Number(arg);
    } else if (c === 's' || c === 'S') {
      if (!knownProp(arg!)) {
        io.stderr(`invalid property '${arg}'\n`);
        return subUsage(io, 'list');
      }
      sorts.push({ prop: arg!, desc: c === 'S' });
    } else if (c === 't') {
      const t = parseTypes(io, arg!, true);
      if (!t) return subUsage(io, 'list');
      types = t;
    }
  }
  for (const f of fields) {
    if (!knownProp(f)) {
      io.stderr(`bad property list: invalid property '${f}'\n`);
      return subUsage(io, 'list');
    }
  }
  const all = await simDatasets(io.root);
  const typed = scan.opts.some((o) => o.c === 't');
  const { rows, status } = selectDatasets(io, all, scan.operands, depth, types, !typed);
  if (sorts.length) {
    const val = (d: SimDataset, p: string) => {
      const v = propValue(d, all, p, true);
      return v !== null && /^\d+$/.test(v) ? Number(v) : (v ?? '');
    };
    rows.sort((a, b) => {
      for (const s of sorts) {
        const x = val(a, s.prop);
        const y = val(b, s.prop);
        if (x !== y) return (x < y ? -1 : 1) * (s.desc ? -1 : 1);
      }
      return 0;
    });
  }
  const table = rows.map((d) => fields.map((f) => propValue(d, all, canonicalProp(f) === f ? f : f, literal) ?? '-'));
  if (scripted) {
    io.stdout(table.map((r) => r.join('\t') + '\n').join(''));
    return status;
  }
  if (rows.length === 0) {
    if (status === 0) io.stdout('no datasets available\n');
    return status;
  }
  const head = fields.map(propHeader);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => {
        const right = rightAligned(fields[i]!);
        if (i === r.length - 1 && !right) return v;
        return right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!);
      })
      .join('  ') + '\n';
  io.stdout(line(head) + table.map(line).join(''));
  return status;
}
