// Simulated prctl(1) for zones, as usr/src/cmd/prctl/prctl.c prints it: the dashboard's
// "Apply now" changes a running zone's resource controls with it (`prctl -n zone.cpu-shares
// -t privileged -r -v 60 -i zone web01`), and a person can look at them (`prctl -n
// zone.cpu-shares -i zone web01`, `-P` for the parseable form).
//
// Only `-i zone` targets exist here (a process, task or project id finds no process to grab).
// A zone's resource controls start, at each boot, from its configuration's rctls (what
// zoneadmd sets when it readies the zone; zoneadm's boot keeps them, rctlsAtBoot) over the
// kernel's defaults; prctl changes them for that boot only: the next boot starts from the
// configuration again, as on illumos.
//
// Faithful details of prctl.c: warn() there prints no program name (prctl calls libc's
// setprogname(), not utils.c's setpname(), so utils.c's pname stays NULL); errors found after
// the zone's process was grabbed are preceded by that process's "pid:\tpsargs" line; a bad
// command line prints the usage and exits 2; any other failure exits 1.
import { scanOptions } from './getopt';
import { findZone, readState, updateState } from './store';
import type { ToolIO } from './tool-io';
import type { SimZone } from './types';
import { configFromZone, type RctlRes } from './zonecfg-model';

const USAGE =
  'usage:\n' +
  '    Report resource control values and actions:\n' +
  '\tprctl [-P] [-t [basic | privileged | system]\n' +
  '\t[-n name] [-i process | task | project | zone] id ...\n' +
  '\t-P space delimited output\n' +
  '\t-t privilege level of rctl values to get\n' +
  '\t-n name of resource control values to get\n' +
  '\t-i idtype of operand list\n' +
  '    Manipulate resource control values:\n' +
  '\tprctl [-t [basic | privileged | system]\n' +
  '\t-n name [-srx] [-v value] [-p pid ] [-e | -d action]\n' +
  '\t[-i process | task | project | zone] id ...\n' +
  '\t-t privilege level of rctl value to set/replace/delete/modify\n' +
  '\t-n name of resource control to set/replace/delete/modify\n' +
  '\t-s set new resource control value\n' +
  '\t-r replace first rctl value of matching privilege\n' +
  '\t-x delete first rctl value of matching privilege, value, and \n' +
  '\t   recipient pid\n' +
  '\t-v value of rctl to set/replace/delete/modify\n' +
  '\t-p recipient pid of rctl to set/replace/delete/modify\n' +
  '\t-e enable action of first rctl value of matching privilege,\n' +
  '\t   value, and recipient pid\n' +
  '\t-d disable action of first rctl value of matching privilege,\n' +
  '\t   value, and recipient pid\n' +
  '\t-i idtype of operand list\n';

const UINT64_MAX = 18446744073709551615n;
const INT_MAX = 2147483647n;

type Unit = '' | 'B';
type Priv = 'basic' | 'privileged' | 'system';

/** A zone.* rctl as the kernel registers it (uts/common/os/zone.c rctl_register calls). */
interface RctlDef {
  name: string;
  unit: Unit;
  max: bigint;
  /** RCTL_GLOBAL_INFINITE: the system value prints "inf", not "max" */
  infinite: boolean;
  /** RCTL_GLOBAL_DENY_ALWAYS (deny added to every value) / RCTL_GLOBAL_DENY_NEVER */
  deny: 'always' | 'never' | 'allowed';
  /** a privileged value every zone has from boot (zone.cpu-shares: 1) */
  initial?: bigint;
}

const ZONE_RCTLS: RctlDef[] = [
  { name: 'zone.cpu-cap', unit: '', max: 4294967295n, infinite: true, deny: 'always' },
  { name: 'zone.cpu-shares', unit: '', max: 65535n, infinite: false, deny: 'never', initial: 1n },
  { name: 'zone.max-locked-memory', unit: 'B', max: UINT64_MAX, infinite: false, deny: 'always' },
  { name: 'zone.max-lwps', unit: '', max: INT_MAX, infinite: false, deny: 'allowed' },
  { name: 'zone.max-msg-ids', unit: '', max: 65536n, infinite: false, deny: 'always' },
  { name: 'zone.max-physical-memory', unit: 'B', max: UINT64_MAX, infinite: false, deny: 'always' },
  { name: 'zone.max-processes', unit: '', max: INT_MAX, infinite: false, deny: 'allowed' },
  { name: 'zone.max-sem-ids', unit: '', max: 65536n, infinite: false, deny: 'always' },
  { name: 'zone.max-shm-ids', unit: '', max: 65536n, infinite: false, deny: 'always' },
  { name: 'zone.max-shm-memory', unit: 'B', max: UINT64_MAX, infinite: false, deny: 'always' },
  { name: 'zone.max-swap', unit: 'B', max: UINT64_MAX, infinite: false, deny: 'always' },
];

interface LiveValue {
  priv: Priv;
  limit: string;
  /** 'none' | 'deny' */
  action: string;
}

/** What prctl changed for the boot it was changed in (the zone's bootedAt). */
export interface LiveRctls {
  boot: string;
  rctls: Record<string, LiveValue[]>;
}

type ZoneWithLive = SimZone & { liveRctls?: LiveRctls };

const bootOf = (z: SimZone) => (typeof z.bootedAt === 'string' ? z.bootedAt : String(z.id ?? ''));

/**
 * The values the kernel takes from the configuration when zoneadmd readies the zone: zoneadm's
 * boot keeps them on the zone (a later zonecfg change does not touch the running zone).
 */
export function rctlsAtBoot(z: SimZone): LiveRctls {
  const rctls: Record<string, LiveValue[]> = {};
  for (const r of configFromZone(z).rctl) {
    if (ZONE_RCTLS.some((d) => d.name === r.name)) rctls[r.name] = r.values.map((v) => ({ priv: v.priv as Priv, limit: v.limit, action: v.action }));
  }
  return { boot: bootOf(z), rctls };
}

/** The privileged and basic values a zone has now: as booted (or changed by prctl since), else
 *  (a zone booted before the boot kept them) its configuration's. */
function zoneValues(z: SimZone, def: RctlDef): LiveValue[] {
  const live = (z as ZoneWithLive).liveRctls;
  const initial: LiveValue[] = def.initial !== undefined ? [{ priv: 'privileged', limit: String(def.initial), action: 'none' }] : [];
  if (live && live.boot === bootOf(z)) return live.rctls[def.name] ?? initial;
  const configured: RctlRes | undefined = configFromZone(z).rctl.find((r) => r.name === def.name);
  if (configured) return configured.values.map((v) => ({ priv: v.priv as Priv, limit: v.limit, action: v.action }));
  return initial;
}

/**
 * The limit of a zone's privileged value of an rctl as the kernel holds it now, for the other
 * simulated tools (kstat's caps); null when it has none.
 */
export function liveLimit(z: SimZone, rctl: string): bigint | null | undefined {
  const live = (z as ZoneWithLive).liveRctls;
  if (!live || live.boot !== bootOf(z)) return undefined;
  const v = (live.rctls[rctl] ?? []).find((x) => x.priv === 'privileged');
  return v ? BigInt(v.limit) : null;
}

/** What `usage` prints: what the zone uses now (a plausible, steady figure). */
function usageOf(z: SimZone, def: RctlDef): bigint {
  switch (def.name) {
    case 'zone.cpu-shares': {
      const v = zoneValues(z, def).find((x) => x.priv === 'privileged');
      return v ? BigInt(v.limit) : 1n;
    }
    case 'zone.max-lwps':
      return 64n;
    case 'zone.max-processes':
      return 31n;
    case 'zone.max-swap':
      return 190n * 1024n * 1024n;
    case 'zone.max-physical-memory':
      return 150n * 1024n * 1024n;
    default:
      return 0n;
  }
}

// ---- uint64toscaled (cmd/prctl/utils.c), as print_rctls calls it: width 4, max "E", no padding

const METRIC = { mods: ['K', 'M', 'G', 'T', 'P', 'E'], base: 1000n };
const BINARY = { mods: ['K', 'M', 'G', 'T', 'P', 'E'], base: 1024n };

export function scaled(v: bigint, unit: Unit): string {
  const scale = unit === 'B' ? BINARY : METRIC;
  const scales = scale.mods.map((_, i) => scale.base ** BigInt(i + 1));
  if (v < scales[0]!) return v.toString();
  let index = 0;
  for (; index + 1 < scale.mods.length; index++) {
    if (v >= scales[index]! && v < scales[index + 1]!) break;
  }
  const value = Number(v) / Number(scales[index]!);
  let count = value.toFixed(0).length;
  let decimals = 0;
  while (count < 4) {
    decimals++;
    count = value.toFixed(decimals).length;
    if (count > 4) {
      decimals--;
      break;
    }
  }
  return value.toFixed(decimals) + scale.mods[index]!;
}

function flagOf(def: RctlDef, priv: Priv): string {
  return priv === 'system' ? (def.infinite ? 'inf' : 'max') : '-';
}

/** scaledtouint64 for -v: an integer, or a decimal with a K/M/G… modifier (and the unit). */
function parseValue(text: string, def: RctlDef): bigint | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return BigInt(text);
  const m = /^([0-9]+(?:\.[0-9]*)?)([KMGTPEkmgtpe])?([bB])?$/.exec(text);
  if (!m) return null;
  if (m[3] && def.unit !== 'B') return null;
  if (!m[2]) return m[1]!.includes('.') ? null : BigInt(m[1]!);
  const scale = def.unit === 'B' ? BINARY : METRIC;
  const mult = scale.base ** BigInt(scale.mods.indexOf(m[2].toUpperCase()) + 1);
  const n = Number(m[1]) * Number(mult);
  return n > Number(UINT64_MAX) ? null : BigInt(Math.floor(n));
}

interface Options {
  parseable: boolean;
  name: string | null;
  priv: Priv | null;
  value: string | null;
  op: 's' | 'r' | 'x' | null;
  action: string | null;
  idtype: 'process' | 'task' | 'project' | 'zone';
}

export async function prctlMain(args: string[], io: ToolIO): Promise<number> {
  const usage = () => {
    io.stderr(USAGE);
    return 2;
  };
  const warn = (msg: string) => io.stderr(`${msg}\n`);
  const scan = scanOptions(args, 'sPp:Fd:e:i:n:rt:v:x');
  const o: Options = { parseable: false, name: null, priv: null, value: null, op: null, action: null, idtype: 'process' };
  let errflg = false;
  const ops = new Set<string>();
  for (const opt of scan.opts) {
    switch (opt.c) {
      case 'i': {
        const t = opt.arg!;
        if (t === 'process' || t === 'pid') o.idtype = 'process';
        else if (t === 'project' || t === 'projid') o.idtype = 'project';
        else if (t === 'task' || t === 'taskid') o.idtype = 'task';
        else if (t === 'zone' || t === 'zoneid') o.idtype = 'zone';
        else {
          warn(`unknown idtype ${t}`);
          errflg = true;
        }
        break;
      }
      case 'n':
        o.name = opt.arg!;
        break;
      case 't':
        if (opt.arg === 'basic') o.priv = 'basic';
        else if (opt.arg === 'privileged' || opt.arg === 'priv') o.priv = 'privileged';
        else if (opt.arg === 'system') o.priv = 'system';
        else {
          warn(`unknown privilege ${opt.arg}`);
          errflg = true;
        }
        break;
      case 'v':
        o.value = opt.arg!;
        break;
      case 's':
      case 'r':
      case 'x':
        ops.add(opt.c);
        break;
      case 'e':
      case 'd':
        ops.add(opt.c);
        o.action = opt.arg!;
        break;
      case 'P':
        o.parseable = true;
        break;
      case 'p':
      case 'F':
        break;
    }
  }
  if (scan.error) {
    // getopt(3C) names the option itself, then prctl's default case
    io.stderr(scan.error.kind === 'unknown' ? `prctl: illegal option -- ${scan.error.opt}\n` : `prctl: option requires an argument -- ${scan.error.opt}\n`);
    warn('unknown option');
    return usage();
  }
  if (errflg) return usage();
  const operands = scan.operands;
  if (operands.length < 1) {
    warn('no arguments specified');
    return usage();
  }
  // -v without -r, -x, -d or -e means -s
  if (o.value !== null && !['r', 'x', 'd', 'e'].some((c) => ops.has(c))) ops.add('s');
  const manipulating = ops.size > 0;
  if (manipulating && o.name === null) {
    warn('-n is required with -s, -r, -x, -e, or -d');
    return usage();
  }
  if (ops.has('e') && ops.has('d')) {
    warn('options -d and -e are exclusive');
    return usage();
  }
  if (['s', 'r', 'x'].filter((c) => ops.has(c)).length > 1) {
    warn('options -s, -r, and -x are exclusive');
    return usage();
  }
  if (ops.has('r') && o.value === null) {
    warn('option -r requires use of option -v');
    return usage();
  }
  if (ops.has('s') && o.value === null) {
    warn('option -s requires use of option -v');
    return usage();
  }
  const def = o.name ? ZONE_RCTLS.find((d) => d.name === o.name) : undefined;
  let value: bigint | null = null;
  if (manipulating) {
    if (o.parseable) {
      warn('-P not valid when manipulating resource control values');
      return usage();
    }
    if (!def) {
      // getrctl(2) of an unknown name: EINVAL
      warn(`failed to get resource control for ${o.name}: Invalid argument`);
      return usage();
    }
    if (o.value !== null) {
      value = parseValue(o.value, def);
      if (value === null) {
        warn(`invalid -v value ${o.value}`);
        return usage();
      }
      if (value > def.max) {
        warn(`-v value ${o.value} exceeds system limit for resource control: ${o.name}`);
        return usage();
      }
    }
    if (o.priv === 'system') {
      warn('cannot modify system values');
      return usage();
    }
    if (o.priv === 'basic') {
      // every zone.* rctl is RCTL_GLOBAL_NOBASIC
      warn(`basic values not allowed on rctl ${o.name}`);
      return usage();
    }
    if (o.action && o.action !== 'deny' && o.action !== 'all' && !/^(signal|sig)(=.*)?$/.test(o.action)) {
      warn('action invalid');
      return usage();
    }
    if (ops.has('s') && o.priv === null) {
      // -s defaults to basic, and a basic zone rctl needs -p
      warn('-p pid required when setting or replacing task or project rctl');
      return usage();
    }
  }

  let status = 0;
  let printed = false;
  for (const id of operands) {
    if (o.idtype !== 'zone') {
      // the simulated host has no process the dashboard could name
      warn(o.idtype === 'process' ? `${id}: cannot examine: no such process` : `${id}: No controllable process found in task, project, or zone.`);
      status = 1;
      continue;
    }
    const state = await readState(io.root);
    const z = state.zones.find((x) => x.name === id || (x.id !== null && String(x.id) === id));
    const running = z && z.id !== null && ['running', 'ready', 'shutting_down', 'down', 'mounted'].includes(z.state);
    if (!z || !running) {
      warn(`${id}: unknown zone`);
      status = 1;
      continue;
    }
    if (z.name === 'global') {
      warn(`${id}: No controllable process found in task, project, or zone.`);
      status = 1;
      continue;
    }
    // zone init is the process prctl grabs
    const grabbed = `${1000 + (z.id ?? 0) * 7}:\t/sbin/init\n`;
    if (!manipulating) {
      if (o.name !== null && !def) {
        // getrctl(2) of a name the kernel does not have: EINVAL, reported after the grab
        if (printed) io.stdout('\n');
        warn(`failed to get resource control for ${o.name}: Invalid argument`);
        return 1;
      }
      if (printed) io.stdout('\n');
      io.stdout(listing(z, o));
      printed = true;
      continue;
    }
    const err = await manipulate(io.root, z.name, def!, o, ops, value);
    if (err) {
      io.stderr(grabbed);
      warn(err);
      return 1;
    }
  }
  return status;
}

/** Applies -s/-r/-x to the zone's values for this boot; an error message, or null. */
async function manipulate(root: string, zone: string, def: RctlDef, o: Options, ops: Set<string>, value: bigint | null): Promise<string | null> {
  return updateState(root, (s) => {
    const z = findZone(s, zone) as ZoneWithLive | undefined;
    if (!z) return `${zone}: unknown zone`;
    const values = zoneValues(z, def).map((v) => ({ ...v }));
    const matches = (v: LiveValue, withValue: boolean) =>
      (o.priv === null || v.priv === o.priv) && (!withValue || value === null || BigInt(v.limit) === value);
    const denyFor = (action: string) => (def.deny === 'always' ? 'deny' : def.deny === 'never' ? 'none' : action);
    if (ops.has('x')) {
      const i = values.findIndex((v) => v.priv !== 'system' && matches(v, true));
      if (i < 0) return 'no matching resource control found for deletion';
      values.splice(i, 1);
    } else if (ops.has('s')) {
      if (values.some((v) => matches(v, true))) return 'resource control already exists';
      const action = o.action === 'deny' || o.action === 'all' ? 'deny' : 'none';
      values.push({ priv: o.priv ?? 'basic', limit: String(value), action: denyFor(action) });
      values.sort((a, b) => (BigInt(a.limit) < BigInt(b.limit) ? -1 : 1));
    } else if (ops.has('r')) {
      // the first value of the privilege (any privilege without -t: the system value, which
      // prctl_setrctl then refuses)
      const i = values.findIndex((v) => matches(v, false));
      if (i < 0) {
        if (o.priv === null) return 'cannot modify system values';
        return 'no matching resource control to replace';
      }
      const old = values[i]!;
      if (values.some((v, j) => j !== i && v.priv === old.priv && BigInt(v.limit) === value)) return 'replacement resource control already exists';
      const action = ops.has('e') && o.action === 'deny' ? 'deny' : ops.has('d') && o.action === 'deny' ? 'none' : old.action;
      values[i] = { priv: old.priv, limit: String(value), action: denyFor(action) };
    } else {
      // -e/-d alone: change the action of the first matching value
      const i = values.findIndex((v) => v.priv !== 'system' && matches(v, true));
      if (i < 0) return 'no matching resource control found';
      if (o.action === 'deny') values[i]!.action = denyFor(ops.has('e') ? 'deny' : 'none');
    }
    const boot = bootOf(z);
    const live: LiveRctls = z.liveRctls && z.liveRctls.boot === boot ? z.liveRctls : { boot, rctls: {} };
    live.rctls[def.name] = values;
    z.liveRctls = live;
    return null;
  });
}

/** print_rctls: the heading, then each rctl with its usage and values. */
function listing(z: SimZone, o: Options): string {
  const defs = ZONE_RCTLS.filter((d) => o.name === null || d.name === o.name);
  let out = '';
  for (const def of defs) {
    const system: LiveValue = { priv: 'system', limit: def.max.toString(), action: def.deny === 'never' ? 'none' : 'deny' };
    const values = [...zoneValues(z, def), system].filter((v) => o.priv === null || v.priv === o.priv);
    if (values.length === 0) continue;
    const usage = usageOf(z, def);
    if (!o.parseable) {
      out += `${def.name}\n`;
      out += `${''.padEnd(8)}${'usage'.padEnd(16)}${scaled(usage, def.unit).padStart(5)}${def.unit.padEnd(4)}\n`;
    } else {
      out += `${def.name} usage ${usage} - - -\n`;
    }
    for (const v of values) {
      const limit = BigInt(v.limit);
      if (o.parseable) {
        out += `${def.name} ${v.priv} ${limit} ${flagOf(def, v.priv)} ${v.action} -\n`;
      } else {
        out += `${''.padEnd(8)}${v.priv.padEnd(16)}${scaled(limit, def.unit).padStart(5)}${def.unit.padEnd(4)}${flagOf(def, v.priv).padStart(4)}${''.padEnd(3)}${v.action.padEnd(28)}${'-'.padStart(10)}\n`;
      }
    }
  }
  // print_rctls prints its heading with the first rctl that has values to show: none, nothing
  if (out === '') return '';
  const heading = `zone: ${z.id}: ${z.name.slice(0, 70)}\n`;
  return o.parseable ? heading + out : `${heading}${'NAME'.padEnd(8)}${'PRIVILEGE'.padEnd(16)}${'VALUE'.padEnd(9)}${'FLAG'.padEnd(7)}${'ACTION'.padEnd(28)}${'RECIPIENT'.padStart(10)}\n${out}`;
}
