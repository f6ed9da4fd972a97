// What the simulated zfs subcommands share, as zfs_main.c and libzfs have it: the usage lines
// (get_usage() of illumos-gate's zfs_main.c), getopt's own complaint before zfs's, zfs_open()'s
// checks and messages ("cannot open '<name>': dataset does not exist"), and dataset name rules
// (zfs_namecheck.c as libzfs's zfs_validate_name() reports them).
import type { ToolIO } from './tool-io';
import { scanOptions, type Scan } from './getopt';
import type { SimDataset } from './zfs-model';

export const SUB_USAGE = {
  clone: '\tclone [-p] [-o property=value] ... <snapshot> <filesystem|volume>\n',
  destroy: '\tdestroy [-fnpRrv] <filesystem|volume>\n\tdestroy [-dnpRrv] <filesystem|volume>@<snap>[%<snap>][,...]\n\tdestroy <filesystem|volume>#<bookmark>\n',
  get: '\tget [-rHp] [-d max] [-o "all" | field[,...]]\n\t    [-t type[,...]] [-s source[,...]]\n\t    <"all" | property[,...]> [filesystem|volume|snapshot|bookmark] ...\n',
  list: '\tlist [-Hp] [-r|-d max] [-o property[,...]] [-s property]...\n\t    [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ...\n',
  rollback: '\trollback [-rRf] <snapshot>\n',
  snapshot: '\tsnapshot [-r] [-o property=value] ... <filesystem|volume>@<snap> ...\n',
} as const;
export type ZfsSub = keyof typeof SUB_USAGE;

const FOOTER = '\nFor the property list, run: zfs set|get\n\nFor the delegated permission list, run: zfs allow|unallow\n';

/**
 * usage(B_FALSE) inside a command: its lines on stderr, exit 2. (For get and list, zfs then
 * prints its table of properties; the simulator stops after the usage lines.)
 */
export function subUsage(io: ToolIO, sub: ZfsSub): number {
  io.stderr('usage:\n' + SUB_USAGE[sub] + (sub === 'get' || sub === 'list' ? '' : FOOTER));
  return 2;
}

/** usage(B_FALSE) with no command: every command the simulator has, then the footer. */
export function mainUsage(): string {
  return (
    "usage: zfs command args ...\nwhere 'command' is one of the following:\n\n" +
    SUB_USAGE.snapshot +
    SUB_USAGE.rollback +
    SUB_USAGE.clone +
    SUB_USAGE.destroy +
    '\n' +
    SUB_USAGE.list +
    '\n' +
    SUB_USAGE.get +
    '\nEach dataset is of the form: pool/[dataset/]*dataset[@name]\n' +
    FOOTER
  );
}

/**
 * getopt(3C) over a subcommand's words. illumos's getopt prints its own line first unless the
 * optstring starts with ':' ("zfs: illegal option -- x"), then zfs prints "invalid option 'x'".
 * Returns null after printing usage (the caller exits 2).
 */
export function zfsGetopt(io: ToolIO, sub: ZfsSub, args: string[], optstring: string): Scan | null {
  const scan = scanOptions(args, optstring);
  if (!scan.error) return scan;
  const silent = optstring.startsWith(':');
  const c = scan.error.opt;
  if (scan.error.kind === 'missing') {
    if (silent) io.stderr(`missing argument for '${c}' option\n`);
    else io.stderr(`zfs: option requires an argument -- ${c}\ninvalid option '${c}'\n`);
  } else {
    if (!silent) io.stderr(`zfs: illegal option -- ${c}\n`);
    io.stderr(`invalid option '${c}'\n`);
  }
  subUsage(io, sub);
  return null;
}

/** modern zfs_namecheck.c valid_char(): letters, digits, - _ . : and space */
const validChar = (c: string) => /^[A-Za-z0-9\-_.: ]$/.test(c);
/** ZFS_MAX_DATASET_NAME_LEN */
export const MAX_NAME = 256;

export type TypeMask = { fs?: boolean; snap?: boolean };

/** zfs_validate_name(): the reason a name is refused, or null. */
export function nameError(name: string, types: TypeMask): string | null {
  if (!types.snap && name.includes('@')) return "snapshot delimiter '@' is not expected here";
  if (types.snap && !types.fs && !name.includes('@')) return "missing '@' delimiter in snapshot name";
  if (name.length >= MAX_NAME) return 'name is too long';
  if (name.startsWith('/')) return 'leading slash in name';
  if (name === '') return 'empty component in name';
  const [ds, ...snap] = name.split('@');
  if (snap.length > 1) return "multiple '@' and/or '#' delimiters in name";
  if (ds!.endsWith('/')) return 'trailing slash in name';
  for (const comp of [...ds!.split('/'), ...snap]) {
    if (comp === '') return 'empty component in name';
    for (const ch of comp) if (!validChar(ch)) return `invalid character '${ch}' in name`;
  }
  if (!/^[A-Za-z]/.test(name)) return "pool doesn't begin with a letter";
  return null;
}

/**
 * zfs_open(): the dataset of that name and one of those types, or null after
 * "cannot open '<name>': <why>" on stderr.
 */
export function openDataset(io: ToolIO, all: SimDataset[], name: string, types: TypeMask): SimDataset | null {
  const why = nameError(name, types);
  if (why) {
    io.stderr(`cannot open '${name}': ${why}\n`);
    return null;
  }
  const d = all.find((x) => x.name === name);
  if (!d) {
    io.stderr(`cannot open '${name}': dataset does not exist\n`);
    return null;
  }
  const ok = d.type === 'snapshot' ? types.snap : types.fs;
  if (!ok) {
    io.stderr(`cannot open '${name}': operation not applicable to datasets of this type\n`);
    return null;
  }
  return d;
}

/**
 * parseprop(): "name=value" into props; false after "missing '=' for property=value argument"
 * or "property 'x' specified multiple times".
 */
export function parseProp(io: ToolIO, props: Map<string, string>, arg: string): boolean {
  const eq = arg.indexOf('=');
  if (eq < 0) {
    io.stderr("missing '=' for property=value argument\n");
    return false;
  }
  const name = arg.slice(0, eq);
  if (props.has(name)) {
    io.stderr(`property '${name}' specified multiple times\n`);
    return false;
  }
  props.set(name, arg.slice(eq + 1));
  return true;
}

/** zfs_prop_user(): a user property has a colon and only lower-case letters, digits and - _ . : */
export function isUserProp(name: string): boolean {
  return name.includes(':') && /^[a-z0-9\-_.:]+$/.test(name);
}

/** ZAP_MAXNAMELEN and ZFS_MAXPROPLEN */
export const MAX_PROP_NAME = 256;
export const MAX_PROP_VALUE = 8192;

/** zfs_valid_proplist() for user properties given with -o: the complaint, or null. */
export function userPropError(name: string, value: string): string | null {
  if (!isUserProp(name)) return `invalid property '${name}'`;
  if (name.length >= MAX_PROP_NAME) return `property name '${name}' is too long`;
  if (value.length >= MAX_PROP_VALUE) return `property value '${value}' is too long`;
  return null;
}
