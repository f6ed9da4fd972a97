// zfs get [-rHp] [-d max] [-o "all" | field[,...]] [-t type[,...]] [-s source[,...]]
//         <"all" | property[,...]> [filesystem|volume|snapshot] ...
// (zfs_do_get() and get_callback() of zfs_main.c.) Columns name, property, value, source
// (received is accepted and always '-'); a property that does not apply prints '-' with source
// '-', except under "all", where it is left out. Exit status 0, 1 for a missing dataset, 2 on a
// usage error.
import type { ToolIO } from './tool-io';
import { subUsage, zfsGetopt } from './zfs-common';
import { simDatasets, type SimDataset } from './zfs-model';
import { knownProp, NATIVE_PROPS, propValue } from './zfs-props';
import { parseTypes, selectDatasets } from './zfs-list';

const COLUMNS = ['name', 'property', 'value', 'received', 'source'] as const;
type Column = (typeof COLUMNS)[number];
const HEADERS: Record<Column, string> = { name: 'NAME', property: 'PROPERTY', value: 'VALUE', received: 'RECEIVED', source: 'SOURCE' };
/** the order `zfs get all` lists native properties in */
const ALL_ORDER = ['type', 'creation', 'used', 'available', 'referenced', 'compressratio', 'mounted', 'origin', 'quota', 'reservation', 'mountpoint', 'zoned'];
const SOURCES = ['local', 'default', 'inherited', 'received', 'temporary', 'none'];

/** where a value comes from, as zprop_print_one_property() words it */
function sourceOf(d: SimDataset, prop: string, value: string | null): { kind: string; text: string } {
  if (value === null) return { kind: 'none', text: '-' };
  if (prop.includes(':')) return { kind: 'local', text: 'local' };
  switch (prop) {
    case 'quota':
      return d.quota > 0 ? { kind: 'local', text: 'local' } : { kind: 'default', text: 'default' };
    case 'reservation':
      return { kind: 'default', text: 'default' };
    case 'mountpoint':
      return d.name === 'rpool' ? { kind: 'default', text: 'default' } : { kind: 'local', text: 'local' };
    case 'zoned':
      return value === 'on' ? { kind: 'local', text: 'local' } : { kind: 'default', text: 'default' };
    default:
      return { kind: 'none', text: '-' };
  }
}

export async function getMain(args: string[], io: ToolIO): Promise<number> {
  const scan = zfsGetopt(io, 'get', args, ':d:o:s:rt:Hp');
  if (!scan) return 2;
  let columns: Column[] = ['name', 'property', 'value', 'source'];
  let depth = 0;
  let types = new Set(['filesystem', 'volume', 'snapshot', 'bookmark']);
  let sources: Set<string> | null = null;
  let scripted = false;
  let literal = false;
  for (const { c, arg } of scan.opts) {
    if (c === 'p') literal = true;
    else if (c === 'H') scripted = true;
    else if (c === 'r') depth = Infinity;
    else if (c === 'd') {
      if (!/^-?[0-9]+$/.test(arg!)) {
        io.stderr(`${arg} is not an integer\n`);
        return subUsage(io, 'get');
      }
      if (Number(arg) < 0) {
        io.stderr('Depth can not be negative.\n');
        return subUsage(io, 'get');
      }
      depth = Number(arg);
    } else if (c === 'o') {
      columns = [];
      for (const w of arg!.split(',')) {
        if (w === 'all') {
          if (columns.length > 0) {
            io.stderr('"all" conflicts with specific fields given to -o option\n');
            return subUsage(io, 'get');
          }
          columns = [...COLUMNS];
        } else if ((COLUMNS as readonly string[]).includes(w)) {
          if (columns.length === COLUMNS.length) {
            io.stderr('too many fields given to -o option\n');
            return subUsage(io, 'get');
          }
          columns.push(w as Column);
        } else {
          io.stderr(`invalid column name '${w}'\n`);
          return subUsage(io, 'get');
        }
      }
    } else if (c === 's') {
      sources = new Set();
      for (const w of arg!.split(',')) {
        if (!SOURCES.includes(w)) {
          io.stderr(`invalid source '${w}'\n`);
          return subUsage(io, 'get');
        }
        sources.add(w);
      }
    } else if (c === 't') {
      const t = parseTypes(io, arg!, false);
      if (!t) return subUsage(io, 'get');
      types = t;
    }
  }
  const [propArg, ...names] = scan.operands;
  if (propArg === undefined) {
    io.stderr('missing property argument\n');
    return subUsage(io, 'get');
  }
  const every = propArg === 'all';
  const props = every ? [] : propArg.split(',');
  for (const p of props) {
    if (!knownProp(p) || p === 'name') {
      io.stderr(`bad property list: invalid property '${p}'\n`);
      return subUsage(io, 'get');
    }
  }
  const all = await simDatasets(io.root);
  const { rows: datasets, status } = selectDatasets(io, all, names, names.length ? depth : Infinity, types);
  const lines: string[][] = [];
  for (const d of datasets) {
    const list = every ? [...ALL_ORDER.filter((p) => NATIVE_PROPS[p]), ...Object.keys(d.user).sort()] : props;
    for (const p of list) {
      const value = propValue(d, all, p, literal);
      if (every && value === null) continue;
      const src = sourceOf(d, p, value);
      if (sources && !sources.has(src.kind)) continue;
      const cell: Record<Column, string> = { name: d.name, property: p, value: value ?? '-', received: '-', source: src.text };
      lines.push(columns.map((c) => cell[c]));
    }
  }
  if (scripted) {
    io.stdout(lines.map((l) => l.join('\t') + '\n').join(''));
    return status;
  }
  const head = columns.map((c) => HEADERS[c]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (l: string[]) => l.map((v, i) => (i === l.length - 1 ? v : v.padEnd(widths[i]!))).join('  ') + '\n';
  io.stdout(fmt(head) + lines.map(fmt).join(''));
  return status;
}
