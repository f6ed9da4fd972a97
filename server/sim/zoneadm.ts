// Simulated zoneadm(8) and the parts of zoneadmd it drives: list, install, uninstall, boot,
// halt, shutdown, reboot, ready, clone, verify, move, detach, attach, mark, mount, unmount.
// Texts follow REFERENCE.md §1-2 and zoneadm.c. Long operations take the per-zone operation
// lock (a record in the state, recovered when its holder process is dead) and sleep with the
// state lock released, so other tools see the intermediate states (incomplete, ready,
// shutting_down).
import { randomBytes } from 'node:crypto';
import type { ToolIO } from './tool-io';
import type { SimZone, SimZoneState } from './types';
import { findZone, myOpLock, opLockAlive, readState, updateState, type SimOpLock, type SimState } from './store';
import { simSleep, SimAborted, hashString, seededRandom } from './clock';
import { readFaults, takeFault } from './faults';
import { scanOptions } from './getopt';
import { configFromZone, type ZoneConfig } from './zonecfg-model';
import { autoCreateZoneVnics, removeAutoVnics } from './dladm';
import { installZoneRoot, removeZoneRoot, consoleNotice, zoneBooted, zoneShuttingDown, zoneStopped } from './zoneos';
import { cloneSnapshotFor, cloneZoneFiles, forgetZoneDatasets } from './zoneadm-clone';
import { rctlsAtBoot } from './prctl';

const Z_OK = 0;
const Z_ERR = 1;
const Z_USAGE = 2;

const STATE_NUM: Record<SimZoneState, number> = {
  configured: 0,
  incomplete: 1,
  installed: 2,
  ready: 3,
  running: 4,
  shutting_down: 5,
  down: 6,
  mounted: 7,
};
const KERNEL = new Set<SimZoneState>(['ready', 'running', 'shutting_down', 'down', 'mounted']);

type Cmd =
  | 'help'
  | 'boot'
  | 'halt'
  | 'ready'
  | 'shutdown'
  | 'reboot'
  | 'list'
  | 'verify'
  | 'install'
  | 'uninstall'
  | 'mount'
  | 'umount'
  | 'unmount'
  | 'clone'
  | 'move'
  | 'detach'
  | 'attach'
  | 'mark'
  | 'apply'
  | 'sysboot';

const SHELP: [Cmd, string][] = [
  ['help', 'help'],
  ['boot', 'boot [-- boot_arguments]'],
  ['halt', 'halt'],
  ['ready', 'ready'],
  ['shutdown', 'shutdown [-r [-- boot_arguments]]'],
  ['reboot', 'reboot [-- boot_arguments]'],
  ['list', 'list [-cinpv]'],
  ['verify', 'verify'],
  ['install', 'install [brand-specific args]'],
  ['uninstall', 'uninstall [-F] [brand-specific args]'],
  ['clone', 'clone [-m method] [-s <ZFS snapshot>] [brand-specific args] zonename'],
  ['move', 'move zonepath'],
  ['detach', 'detach [-n] [brand-specific args]'],
  ['attach', 'attach [-F] [-n <path>] [brand-specific args]'],
  ['mark', 'mark incomplete'],
];
const shelp = (c: Cmd) => SHELP.find((x) => x[0] === c)?.[1] ?? c;

function longHelp(c: Cmd): string {
  switch (c) {
    case 'help':
      return 'Print usage message.';
    case 'boot':
      return 'Activates (boots) specified zone.  See zoneadm(8) for valid boot\n\targuments.';
    case 'halt':
      return 'Halts specified zone, bypassing shutdown scripts and removing runtime\n\tresources of the zone.';
    case 'ready':
      return 'Prepares a zone for running applications but does not start any user\n\tprocesses in the zone.';
    case 'shutdown':
      return "Gracefully shutdown the zone or reboot if the '-r' option is specified.\n\tSee zoneadm(8) for valid boot arguments.";
    case 'reboot':
      return 'Restarts the zone (equivalent to a halt / boot sequence).\n\tFails if the zone is not active.  See zoneadm(8) for valid boot\n\targuments.';
    case 'list':
      return 'Lists the current zones, or a specific zone if indicated.  By default,\n\tall running zones are listed, though this can be expanded to all\n\tinstalled zones with the -i option or all configured zones with the\n\t-c option.  When used with the general -z <zone> and/or -u <uuid-match>\n\toptions, lists only the specified matching zone, but lists it\n\tregardless of its state, and the -i and -c options are disallowed.  The\n\t-v option can be used to display verbose information: zone name, id,\n\tcurrent state, root directory and options.  The -p option can be used\n\tto request machine-parsable output.  The -v and -p options are mutually\n\texclusive.  If neither -v nor -p is used, just the zone name is listed.';
    case 'verify':
      return 'Check to make sure the configuration can safely be instantiated\n\ton the machine: physical network interfaces exist, etc.';
    case 'install':
      return 'Install the configuration on to the system.  All arguments are passed to the brand installation function;\n\tsee brands(5) for more information.';
    case 'uninstall':
      return 'Uninstall the configuration from the system.  The -F flag can be used\n\tto force the action.  All other arguments are passed to the brand\n\tuninstall function; see brands(5) for more information.';
    case 'clone':
      return "Clone the installation of another zone.  The -m option can be used to\n\tspecify 'copy' which forces a copy of the source zone.  The -s option\n\tcan be used to specify the name of a ZFS snapshot that was taken from\n\ta previous clone command.  The snapshot will be used as the source\n\tinstead of creating a new ZFS snapshot.  All other arguments are passed\n\tto the brand clone function; see brands(5) for more information.";
    case 'move':
      return 'Move the zone to a new zonepath.';
    case 'detach':
      return "Detach the zone from the system. The zone state is changed to\n\t'configured' (but the files under the zonepath are untouched).\n\tThe zone can subsequently be attached, or can be moved to another\n\tsystem and attached there.  The -n option can be used to specify\n\t'no-execute' mode.  When -n is used, the information needed to attach\n\tthe zone is sent to standard output but the zone is not actually\n\tdetached.  All other arguments are passed to the brand detach function;\n\tsee brands(5) for more information.";
    case 'attach':
      return "Attach the zone to the system.  The zone state must be 'configured'\n\tprior to attach; upon successful completion, the zone state will be\n\t'installed'.  The system software on the current system must be\n\tcompatible with the software on the zone's original system.\n\tSpecify -F to force the attach and skip software compatibility tests.\n\tThe -n option can be used to specify 'no-execute' mode.  When -n is\n\tused, the information needed to attach the zone is read from the\n\tspecified path and the configuration is only validated.  The path can\n\tbe '-' to specify standard input.  The -F and -n options are mutually\n\texclusive.  All other arguments are passed to the brand attach\n\tfunction; see brands(5) for more information.";
    case 'mark':
      return "Set the state of the zone.  This can be used to force the zone\n\tstate to 'incomplete' administratively if some activity has rendered\n\tthe zone permanently unusable.  The only valid state that may be\n\tspecified is 'incomplete'.";
    default:
      return '';
  }
}

/** usage(): explicit (help) goes to stdout with the long help; otherwise stderr. */
export function zoneadmUsage(explicit: boolean): string {
  let o = 'usage:\tzoneadm help\n';
  o += '\tzoneadm [-z <zone>] [-u <uuid-match>] list\n';
  o += '\tzoneadm {-z <zone>|-u <uuid-match>} <subcommand>\n';
  o += '\nSubcommands:\n\n';
  for (const [c, s] of SHELP) {
    o += s + '\n';
    if (explicit) o += `\t${longHelp(c)}\n\n`;
  }
  if (!explicit) o += '\n';
  return o;
}

// ------------------------------------------------------------------ timing (host seconds)

const INSTALL_SECONDS: Record<string, number> = {
  sparse: 68.616,
  pkgsrc: 71.886,
  lipkg: 94.512,
  ipkg: 163.204,
  illumos: 112.43,
  lx: 34.2,
  bhyve: 1.3,
  kvm: 1.3,
  emu: 1.4,
};
const T = {
  bootReady: 0.5,
  bootRunning: 1.4,
  haltShuttingDown: 0.6,
  haltDown: 0.4,
  shutdown: 7.5,
  shutdownVm: 11,
  ready: 0.7,
  uninstall: 2.4,
  uninstallVm: 0.8,
  clone: 4.2,
  detach: 1.4,
  attach: 6.3,
  move: 2.2,
  verify: 0.15,
  list: 0,
};

// ------------------------------------------------------------------ helpers

class Fail extends Error {
  constructor(
    readonly code: number,
    readonly text = '',
  ) {
    super(text);
  }
}

interface Ctx {
  io: ToolIO;
  zone: string | null;
  brand: string;
  lockToken?: string;
}

function zerror(ctx: Ctx, msg: string) {
  ctx.io.stderr(ctx.zone !== null ? `zoneadm: zone '${ctx.zone}': ${msg}\n` : `zoneadm: ${msg}\n`);
}

function subUsage(ctx: Ctx, c: Cmd) {
  ctx.io.stderr(`usage:\t${shelp(c)}\n\t${longHelp(c)}\n`);
}

function newUuid(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function ipStr(z: SimZone): string {
  const t = KERNEL.has(z.state) && z.kernelIpType ? (z.kernelIpType as string) : z.ipType;
  return t === 'exclusive' ? 'excl' : 'shared';
}

function userOf(io: ToolIO): string {
  return (io as ToolIO & { user?: string }).user ?? 'root';
}

function inZoneOf(io: ToolIO): string | null {
  const z = (io as ToolIO & { zonename?: string }).zonename;
  return z && z !== 'global' ? z : null;
}

interface Getopt {
  flags: Set<string>;
  opts: Map<string, string>;
  rest: string[];
  bad: string | null;
}

/**
 * getopt(3C) as zoneadm's subcommands use it (argv[0] is the subcommand name, POSIX order);
 * bad is the unknown letter, or ':' and the letter whose value is missing
 */
function getopt(args: string[], optstring: string): Getopt {
  const scan = scanOptions(args, optstring);
  const res: Getopt = { flags: new Set(), opts: new Map(), rest: scan.operands, bad: null };
  for (const { c, arg } of scan.opts) {
    if (arg === undefined) res.flags.add(c);
    else res.opts.set(c, arg);
  }
  if (scan.error) res.bad = (scan.error.kind === 'missing' ? ':' : '') + scan.error.opt;
  return res;
}

/** the illegal-option diagnostics getopt(3C) prints (opterr is on in zoneadm) */
function getoptDiag(ctx: Ctx, bad: string) {
  if (bad === '?') return;
  if (bad.startsWith(':')) ctx.io.stderr(`zoneadm: option requires an argument -- ${bad.slice(1)}\n`);
  else ctx.io.stderr(`zoneadm: illegal option -- ${bad}\n`);
}

async function state(io: ToolIO): Promise<SimState> {
  return readState(io.root);
}

async function zoneNow(ctx: Ctx): Promise<SimZone> {
  const z = findZone(await state(ctx.io), ctx.zone!);
  if (!z) throw new Fail(Z_ERR, `zoneadm: ${ctx.zone}: No such zone configured\n`);
  return z;
}

/** sanity_check() of zoneadm.c, in its order */
async function sanityCheck(ctx: Ctx, cmd: Cmd, running: boolean, unsafeWhenRunning: boolean, force: boolean) {
  const inZone = inZoneOf(ctx.io);
  if (inZone) {
    if (cmd === 'halt') zerror(ctx, 'use halt(1M) to halt this zone.');
    else if (cmd === 'shutdown') zerror(ctx, 'use shutdown(1M) to shutdown this zone.');
    else if (cmd === 'reboot') zerror(ctx, 'use reboot(1M) to reboot this zone.');
    else zerror(ctx, `must be in the global zone to ${cmd} a zone.`);
    throw new Fail(Z_ERR);
  }
  if (userOf(ctx.io) !== 'root') {
    zerror(ctx, `only a privileged user may ${cmd} a zone.`);
    throw new Fail(Z_ERR);
  }
  const zone = ctx.zone!;
  if (zone === 'global') {
    zerror(ctx, `${cmd} operation is invalid for the global zone.`);
    throw new Fail(Z_ERR);
  }
  if (zone.startsWith('SUNW')) {
    zerror(ctx, `${cmd} operation is invalid for zones starting with SUNW.`);
    throw new Fail(Z_ERR);
  }
  const z = await zoneNow(ctx);
  const inKernel = KERNEL.has(z.state);
  if (running && !force) {
    if (!inKernel) {
      zerror(ctx, 'not running');
      throw new Fail(Z_ERR);
    }
    return z;
  }
  if (unsafeWhenRunning && inKernel) {
    zerror(ctx, `${cmd} operation is invalid for ${z.state} zones.`);
    throw new Fail(Z_ERR);
  }
  const st = STATE_NUM[z.state];
  switch (cmd) {
    case 'uninstall':
      if (z.state === 'configured') {
        zerror(ctx, "is already in state 'configured'.");
        throw new Fail(Z_ERR);
      }
      break;
    case 'attach':
      if (z.state === 'installed') {
        zerror(ctx, 'is already installed.');
        throw new Fail(Z_ERR);
      } else if (z.state === 'incomplete' && !force) {
        zerror(ctx, 'zone is incomplete; uninstall required.');
        throw new Fail(Z_ERR);
      }
      break;
    case 'clone':
    case 'install':
      if (z.state === 'installed') {
        zerror(ctx, 'is already installed.');
        throw new Fail(Z_ERR);
      } else if (z.state === 'incomplete') {
        zerror(ctx, 'zone is incomplete; uninstall required.');
        throw new Fail(Z_ERR);
      }
      break;
    case 'detach':
    case 'move':
    case 'ready':
    case 'boot':
    case 'mount':
    case 'mark': {
      const min: SimZoneState =
        (cmd === 'boot' || cmd === 'mount') && force ? 'incomplete' : cmd === 'mark' ? 'configured' : 'installed';
      if (st < STATE_NUM[min]) {
        zerror(ctx, `must be ${min} before ${cmd}.`);
        throw new Fail(Z_ERR);
      }
      break;
    }
    case 'verify':
      if (z.state === 'incomplete') {
        zerror(ctx, 'zone is incomplete; uninstall required.');
        throw new Fail(Z_ERR);
      }
      break;
    case 'unmount':
      if (z.state !== 'mounted') {
        zerror(ctx, `must be mounted before ${cmd}.`);
        throw new Fail(Z_ERR);
      }
      break;
    default:
      break;
  }
  return z;
}

// ------------------------------------------------------------------ the per-zone operation lock

function lockOf(z: SimZone): (SimOpLock & { token?: string }) | undefined {
  return z.opLock as (SimOpLock & { token?: string }) | undefined;
}

/** zoneadm's lock (/var/run/zones/Z.zoneadm.lock): fail at once when another live process holds it */
async function grabLock(ctx: Ctx, op: string): Promise<void> {
  const token = randomBytes(8).toString('hex');
  const ok = await updateState(ctx.io.root, (s) => {
    const z = findZone(s, ctx.zone!);
    if (!z) return true;
    const l = lockOf(z);
    if (l && opLockAlive(l)) return false;
    z.opLock = { ...myOpLock(op), token };
    return true;
  });
  if (!ok) {
    zerror(ctx, 'another zoneadm may have an operation in progress.');
    throw new Fail(Z_ERR);
  }
  ctx.lockToken = token;
}

const ZONEADMD_OPS = new Set(['boot', 'halt', 'ready', 'shutdown', 'reboot']);

/**
 * zoneadmd serializes requests per zone: wait for another boot/halt/... to finish. While an
 * install-class operation (install, uninstall, clone, ...) runs, go on without the lock: the
 * zone's state (incomplete, configured) makes the request fail as zoneadmd would.
 */
async function waitLock(ctx: Ctx, op: string): Promise<void> {
  const token = randomBytes(8).toString('hex');
  for (;;) {
    const ok = await updateState(ctx.io.root, (s): boolean | 'skip' => {
      const z = findZone(s, ctx.zone!);
      if (!z) return 'skip';
      const l = lockOf(z);
      if (l && opLockAlive(l)) return ZONEADMD_OPS.has(l.op) ? false : 'skip';
      z.opLock = { ...myOpLock(op), token };
      return true;
    });
    if (ok === 'skip') return;
    if (ok) {
      ctx.lockToken = token;
      return;
    }
    if (ctx.io.signal?.aborted) throw new SimAborted();
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function releaseLock(ctx: Ctx): Promise<void> {
  const token = ctx.lockToken;
  if (!token) return;
  ctx.lockToken = undefined;
  await updateState(ctx.io.root, (s) => {
    for (const z of s.zones) if (lockOf(z)?.token === token) delete z.opLock;
  });
}

async function setZone(ctx: Ctx, fn: (z: SimZone, s: SimState) => void): Promise<SimZone> {
  return updateState(ctx.io.root, (s) => {
    const z = findZone(s, ctx.zone!);
    if (!z) throw new Fail(Z_ERR, `zoneadm: ${ctx.zone}: No such zone configured\n`);
    fn(z, s);
    return JSON.parse(JSON.stringify(z)) as SimZone;
  });
}

const sleep = (ctx: Ctx, s: number) => simSleep(ctx.io, s);

function bootargsOf(args: string[]): string {
  return args.join(' ');
}

// ------------------------------------------------------------------ list

function printZone(z: SimZone, verbose: boolean, parsable: boolean, first: { v: boolean }): string {
  let o = '';
  if (first.v && verbose) {
    first.v = false;
    o += `${'ID'.padStart(4)} ${'NAME'.padEnd(16)} ${'STATUS'.padEnd(10)} ${'PATH'.padEnd(30)} ${'BRAND'.padEnd(8)} ${'IP'.padEnd(6)}\n`;
  }
  const id = z.id === null ? '-' : String(z.id);
  if (!verbose) {
    if (!parsable) return o + `${z.name}\n`;
    const path = z.zonepath.replace(/:/g, '\\:');
    const debugid = z.debugid === null || z.debugid === undefined ? '' : String(z.debugid);
    return o + `${id}:${z.name}:${z.state}:${path}:${z.uuid}:${z.brand}:${ipStr(z)}:${debugid}\n`;
  }
  return (
    o +
    `${id.padStart(4)} ${z.name.padEnd(16)} ${z.state.padEnd(10)} ${z.zonepath.padEnd(30)} ${z.brand.padEnd(8)} ${ipStr(z).padEnd(6)}\n`
  );
}

function kernelOrder(s: SimState): SimZone[] {
  return s.zones.filter((z) => KERNEL.has(z.state) && z.id !== null).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

async function listFunc(ctx: Ctx, args: string[]): Promise<number> {
  const io = ctx.io;
  const s = await state(io);
  let verbose = false;
  let parsable = false;
  let noGlobal = false;
  let minState: SimZoneState = 'running';
  const first = { v: true };
  const inZone = inZoneOf(io);
  if (ctx.zone === null) {
    const g = getopt(args, 'cinpv');
    if (g.bad !== null) {
      getoptDiag(ctx, g.bad);
      subUsage(ctx, 'list');
      return g.bad === '?' ? Z_OK : Z_USAGE;
    }
    if (g.flags.has('c')) minState = 'configured';
    if (g.flags.has('i') && !g.flags.has('c')) minState = 'installed';
    parsable = g.flags.has('p');
    verbose = g.flags.has('v');
    noGlobal = g.flags.has('n');
    // list_func() checks for operands only when a zone was named (-z): without one, words
    // after the options are ignored and the list is printed (zoneadm.c list_func)
    if (parsable && verbose) {
      zerror(ctx, 'list -p and -v are mutually exclusive.');
      return Z_ERR;
    }
    let o = '';
    if (inZone) {
      const z = findZone(s, inZone);
      if (z) o += printZone({ ...z, zonepath: '/' }, verbose, parsable, first);
      io.stdout(o);
      return Z_OK;
    }
    const kern = kernelOrder(s);
    for (const z of kern) if (!(noGlobal && z.name === 'global')) o += printZone(z, verbose, parsable, first);
    if (STATE_NUM[minState] < STATE_NUM.running) {
      for (const z of s.zones) {
        if (kern.includes(z)) continue;
        if (STATE_NUM[z.state] >= STATE_NUM[minState]) o += printZone(z, verbose, parsable, first);
      }
    }
    io.stdout(o);
    return Z_OK;
  }
  const g = getopt(args, 'pv');
  if (g.bad !== null) {
    getoptDiag(ctx, g.bad);
    subUsage(ctx, 'list');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  parsable = g.flags.has('p');
  verbose = g.flags.has('v');
  if (parsable && verbose) {
    zerror(ctx, 'list -p and -v are mutually exclusive.');
    return Z_ERR;
  }
  if (g.rest.length) {
    subUsage(ctx, 'list');
    return Z_USAGE;
  }
  const z = findZone(s, ctx.zone);
  if (!z) return Z_ERR;
  io.stdout(printZone(inZone ? { ...z, zonepath: '/' } : z, verbose, parsable, first));
  return Z_OK;
}

// ------------------------------------------------------------------ install

function pkgUrl(s: SimState): string {
  const x = s as SimState & { publisherUrl?: string; release?: string };
  return x.publisherUrl ?? `https://pkg.omnios.org/${x.release ?? 'r151050'}/core/`;
}

interface PkgNumbers {
  pkgs: number;
  files: number;
  mb: string;
  speed: string;
  actions: number;
  mediators: number;
  services: number;
}

const PKG_NUMBERS: Record<string, PkgNumbers> = {
  sparse: { pkgs: 186, files: 1448, mb: '4.8', speed: '212k/s', actions: 5497, mediators: 2, services: 5 },
  pkgsrc: { pkgs: 197, files: 1292, mb: '4.5', speed: '204k/s', actions: 5638, mediators: 3, services: 5 },
  lipkg: { pkgs: 418, files: 9764, mb: '67.2', speed: '1.9M/s', actions: 29213, mediators: 3, services: 6 },
  ipkg: { pkgs: 431, files: 10112, mb: '69.8', speed: '1.8M/s', actions: 30078, mediators: 3, services: 6 },
  illumos: { pkgs: 402, files: 9230, mb: '61.4', speed: '1.7M/s', actions: 27910, mediators: 3, services: 6 },
};

function installSeconds(brand: string, zone: string): number {
  const base = INSTALL_SECONDS[brand] ?? 30;
  if (brand === 'sparse' || brand === 'pkgsrc') return base; // the documented OmniOS timings
  const r = seededRandom(hashString(zone))();
  return Math.round((base * (0.92 + 0.16 * r)) * 1000) / 1000;
}

type Step = { at: number; out?: string; err?: string; fail?: boolean };

function ipkgInstallScript(s: SimState, z: SimZone, secs: number): Step[] {
  const n = PKG_NUMBERS[z.brand] ?? PKG_NUMBERS.lipkg!;
  const dl = 'Completed' + `${n.pkgs}/${n.pkgs}`.padStart(35) + `${n.files}/${n.files}`.padStart(14) + `${n.mb}/${n.mb}`.padStart(13) + n.speed.padStart(8);
  const phase = (label: string, v: string) => label + v.padStart(52 - label.length);
  const steps: Step[] = [
    { at: 0.02, out: 'A ZFS file system has been created for this zone.\n' },
    { at: 0.03, out: `\n       Image: Preparing at ${z.zonepath}/root.\n` },
    { at: 0.06, out: "Sanity Check: Looking for 'entire' incorporation.\n" },
    { at: 0.08, out: `   Publisher: Using omnios (${pkgUrl(s)}).\n` },
    { at: 0.09, out: '       Cache: Using /var/pkg/publisher.\n' },
    { at: 0.1, out: '  Installing: Packages (output follows)\n' },
    {
      at: 0.2,
      out: `${'Packages to install:'.padStart(20)}${String(n.pkgs).padStart(4)}\n${'Mediators to change:'.padStart(20)}${String(n.mediators).padStart(4)}\n${'Services to change:'.padStart(20)}${String(n.services).padStart(4)}\n\n`,
    },
    { at: 0.35, fail: true },
    { at: 0.62, out: 'DOWNLOAD                                PKGS         FILES    XFER (MB)   SPEED\n' + dl + '\n\n' },
    { at: 0.88, out: 'PHASE                                          ITEMS\n' + phase('Installing new actions', `${n.actions}/${n.actions}`) + '\n' },
    { at: 0.9, out: phase('Updating package state database', 'Done') + '\n' },
    { at: 0.91, out: phase('Updating package cache', '0/0') + '\n' },
    { at: 0.92, out: phase('Updating image state', 'Done') + '\n' },
    { at: 0.93, out: phase('Creating fast lookup database', 'Done') + '\n' },
    { at: 0.97, out: ' Postinstall: Copying SMF seed repository ... done.\n' },
  ];
  if (z.brand === 'pkgsrc') steps.push({ at: 0.985, out: 'Installing pkgsrc bootstrap...\n' });
  steps.push({ at: 1, out: `        Done: Installation completed in ${secs.toFixed(3)} seconds.\n\n` });
  return steps;
}

function vmInstallScript(): Step[] {
  return [
    { at: 0.1, out: 'A ZFS file system has been created for this zone.\n' },
    { at: 0.5, fail: true },
    { at: 1 },
  ];
}

const INSTALL_FAIL_ERR = [
  '',
  'pkg install: Unable to contact valid package repository: https://pkg.omnios.org/',
  'Encountered the following error(s):',
  'Transport errors encountered when trying to contact repository.',
  'Reported the following errors:',
  'Framework error: code: 28 reason: Operation timed out after 30000 milliseconds with 0 bytes received',
  '',
  'ERROR: Could not install packages.',
  '',
].join('\n');

async function runScript(ctx: Ctx, steps: Step[], secs: number, failing: boolean): Promise<boolean> {
  let t = 0;
  for (const st of steps) {
    const at = st.at * secs;
    if (at > t) await sleep(ctx, at - t);
    t = Math.max(t, at);
    if (st.fail) {
      if (failing) return false;
      continue;
    }
    if (st.out) ctx.io.stdout(st.out);
    if (st.err) ctx.io.stderr(st.err);
  }
  return true;
}

async function installFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'x:c:k:P:e:a:d:psvu');
  if (g.bad === '?') {
    subUsage(ctx, 'install');
    return Z_OK;
  }
  await sanityCheck(ctx, 'install', false, true, false);
  await grabLock(ctx, 'install');
  try {
    const s = await state(ctx.io);
    const z0 = findZone(s, ctx.zone!)!;
    if (z0.state !== 'configured') {
      if (z0.state === 'installed') zerror(ctx, 'is already installed.');
      else zerror(ctx, 'zone is incomplete; uninstall required.');
      return Z_ERR;
    }
    const z = await setZone(ctx, (zz) => {
      zz.state = 'incomplete';
      if (!zz.uuid) zz.uuid = newUuid();
    });
    const fault = await takeFault(ctx.io.root, 'install-fail', z.name);
    const vm = !PKG_NUMBERS[z.brand];
    const secs = installSeconds(z.brand, z.name);
    const ok = await runScript(ctx, vm ? vmInstallScript() : ipkgInstallScript(s, z, secs), secs, !!fault);
    if (!ok) {
      ctx.io.stderr(INSTALL_FAIL_ERR.replace('https://pkg.omnios.org/', pkgUrl(s)));
      return Z_ERR; // the zone stays 'incomplete', as after a failed brand install
    }
    const done = await setZone(ctx, (zz) => {
      zz.state = 'installed';
    });
    await installZoneRoot(ctx.io.root, done);
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

// ------------------------------------------------------------------ uninstall

async function readAnswer(io: ToolIO): Promise<string | null> {
  const ext = io as ToolIO & { readLine?: () => Promise<string | null> };
  if (ext.readLine) return ext.readLine();
  if (io.stdin === null) return null;
  const nl = io.stdin.indexOf('\n');
  return nl < 0 ? io.stdin : io.stdin.slice(0, nl);
}

async function uninstallFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'Fh');
  let force = false;
  if (g.bad === '?' || g.flags.has('h')) {
    subUsage(ctx, 'uninstall');
    return Z_OK;
  }
  if (g.flags.has('F')) force = true;
  await sanityCheck(ctx, 'uninstall', false, true, false);
  if (!force) {
    if (!ctx.io.isTTY) {
      zerror(ctx, 'Input not from terminal and -F not specified: uninstall not done.');
      return Z_ERR;
    }
    ctx.io.stdout(`Are you sure you want to uninstall zone ${ctx.zone} (y/[n])? `);
    const line = await readAnswer(ctx.io);
    if (!line || line[0]!.toLowerCase() !== 'y') return Z_OK;
  }
  await grabLock(ctx, 'uninstall');
  try {
    const z = await setZone(ctx, (zz) => {
      zz.state = 'incomplete';
    });
    await consoleNotice(ctx.io.root, z.name, 'NOTICE: Zone is being uninstalled.  Disconnecting...');
    await sleep(ctx, PKG_NUMBERS[z.brand] ? T.uninstall : T.uninstallVm);
    await removeZoneRoot(ctx.io.root, z.name);
    await forgetZoneDatasets(ctx.io.root, z.zonepath);
    await setZone(ctx, (zz) => {
      zz.state = 'configured';
      zz.uuid = '';
    });
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

// ------------------------------------------------------------------ boot / halt / ready / shutdown / reboot

async function zoneadmdUnmanageable(ctx: Ctx, z: SimZone): Promise<number> {
  ctx.io.stderr(`cannot manage a zone which is in state '${z.state}'\n`);
  ctx.io.stderr(`zone '${z.name}': could not start zoneadmd\n`);
  return Z_ERR;
}

/** MAX_ZONEID (sys/zone.h): zone IDs run from 1 (0 is the global zone) to 9999. */
const MAX_ZONEID = 9999;

/**
 * A kernel zone ID, as zone_create() gets one: id_alloc(zoneid_space) (uts/common/os/zone.c),
 * where id_alloc() asks vmem for VM_NEXTFIT (uts/common/os/id_space.c): the first free ID at or
 * after the one following the last allocation, wrapping past MAX_ZONEID. So a zone gets a new,
 * usually higher, ID at every boot, and an ID is not reused soon after its zone went down.
 * s.nextZoneId is that rotor.
 */
export function allocZoneId(s: SimState): number {
  const used = new Set(s.zones.filter((z) => z.id !== null && z.id !== undefined).map((z) => z.id));
  const start = s.nextZoneId >= 1 && s.nextZoneId <= MAX_ZONEID ? s.nextZoneId : 1;
  for (let k = 0; k < MAX_ZONEID; k++) {
    const id = ((start - 1 + k) % MAX_ZONEID) + 1;
    if (!used.has(id)) {
      s.nextZoneId = id + 1;
      return id;
    }
  }
  throw new Error('no free zone ID');
}

/**
 * zoneadmd: bring an installed zone to ready. zone_ready() creates the kernel zone, and with it a
 * new zone ID, each time: readying, booting and rebooting (which halts the kernel zone first) all
 * come here without one.
 */
async function doReady(ctx: Ctx): Promise<void> {
  await setZone(ctx, (z, s) => {
    z.state = 'ready';
    if (z.id === null) z.id = allocZoneId(s);
    z.kernelIpType = z.ipType;
    autoCreateZoneVnics(s, z);
  });
}

async function doBoot(ctx: Ctx, bootargs: string, notice: boolean): Promise<number> {
  const z0 = await zoneNow(ctx);
  if (notice)
    await consoleNotice(
      ctx.io.root,
      z0.name,
      bootargs ? `NOTICE: Zone booting up with arguments: ${bootargs}` : 'NOTICE: Zone booting up',
    );
  if (z0.state !== 'ready') {
    await sleep(ctx, T.bootReady);
    await doReady(ctx);
  }
  const fault = await takeFault(ctx.io.root, 'boot-fail', z0.name);
  if (fault) {
    await sleep(ctx, T.haltDown);
    await consoleNotice(ctx.io.root, z0.name, 'NOTICE: Zone boot failed');
    await doHaltKernel(ctx, 'halt', false);
    zerror(ctx, 'call to zoneadmd failed');
    return Z_ERR;
  }
  await sleep(ctx, T.bootRunning - T.bootReady);
  const z = await setZone(ctx, (zz) => {
    zz.state = 'running';
    zz.bootargsRuntime = bootargs;
    zz.bootedAt = new Date().toISOString();
    zz.liveRctls = rctlsAtBoot(zz);
  });
  await zoneBooted(ctx.io.root, z, bootargs, { timeScale: ctx.io.timeScale });
  return Z_OK;
}

/** take a kernel zone down to installed */
async function doHaltKernel(ctx: Ctx, how: 'halt' | 'shutdown', notice: boolean, toReady = false): Promise<void> {
  const z0 = await zoneNow(ctx);
  if (z0.state === 'running') {
    await setZone(ctx, (z) => {
      z.state = 'shutting_down';
    });
    if (how === 'shutdown') await zoneShuttingDown(ctx.io.root, z0.name);
    await sleep(ctx, how === 'shutdown' ? (PKG_NUMBERS[z0.brand] ? T.shutdown : T.shutdownVm) : T.haltShuttingDown);
  }
  if (z0.state !== 'ready') {
    await setZone(ctx, (z) => {
      z.state = 'down';
    });
    await sleep(ctx, T.haltDown);
  }
  await setZone(ctx, (z, s) => {
    z.state = toReady ? 'ready' : 'installed';
    // zoneadmd's reboot and `ready` of a running zone are zone_halt() then zone_ready(): the
    // kernel zone is destroyed and created again, under a new ID
    z.id = null;
    if (toReady) z.id = allocZoneId(s);
    else {
      delete z.kernelIpType;
      removeAutoVnics(s, z.name);
    }
    delete z.bootargsRuntime;
    delete z.bootedAt;
  });
  await zoneStopped(ctx.io.root, z0.name, how);
  if (notice) await consoleNotice(ctx.io.root, z0.name, 'NOTICE: Zone halted');
}

async function bootFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'fsX');
  if (g.bad !== null) {
    getoptDiag(ctx, g.bad);
    subUsage(ctx, 'boot');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  let bootargs = g.flags.has('s') ? '-s' : '';
  const rest = bootargsOf(g.rest);
  bootargs = bootargs && rest ? bootargs + rest : bootargs || rest;
  if (bootargs.length >= 256) {
    zerror(ctx, 'Boot argument list too long');
    return Z_ERR;
  }
  const force = g.flags.has('f');
  await sanityCheck(ctx, 'boot', false, false, force);
  await waitLock(ctx, 'boot');
  try {
    const z = await zoneNow(ctx);
    if (z.state === 'running') {
      ctx.io.stderr(`zone '${z.name}': zone is already booted\n`);
      return Z_OK;
    }
    if (STATE_NUM[z.state] < STATE_NUM.installed && !(force && z.state === 'incomplete')) {
      zerror(ctx, 'must be installed before boot.');
      return Z_ERR;
    }
    if (z.state === 'shutting_down' || z.state === 'down' || z.state === 'mounted') {
      ctx.io.stderr(`zone '${z.name}': boot operation is invalid for zones in state '${z.state}'\n`);
      zerror(ctx, 'call to zoneadmd failed');
      return Z_ERR;
    }
    return await doBoot(ctx, bootargs, true);
  } finally {
    await releaseLock(ctx);
  }
}

async function haltFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'X');
  if (g.bad !== null || g.rest.length) {
    if (g.bad) getoptDiag(ctx, g.bad);
    subUsage(ctx, 'halt');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  await sanityCheck(ctx, 'halt', false, false, false);
  await waitLock(ctx, 'halt');
  try {
    const z = await zoneNow(ctx);
    if (z.state === 'installed') {
      ctx.io.stderr(`zone '${z.name}': zone is already halted\n`);
      return Z_OK;
    }
    if (z.state === 'configured' || z.state === 'incomplete') return await zoneadmdUnmanageable(ctx, z);
    await doHaltKernel(ctx, 'halt', true);
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

async function readyFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'X');
  if (g.bad !== null || g.rest.length) {
    if (g.bad) getoptDiag(ctx, g.bad);
    subUsage(ctx, 'ready');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  await sanityCheck(ctx, 'ready', false, false, false);
  await waitLock(ctx, 'ready');
  try {
    const z = await zoneNow(ctx);
    if (z.state === 'ready') {
      ctx.io.stderr(`zone '${z.name}': zone is already ready\n`);
      return Z_OK;
    }
    if (z.state === 'running' || z.state === 'shutting_down' || z.state === 'down') {
      await doHaltKernel(ctx, 'halt', false, true);
    } else {
      await sleep(ctx, T.ready);
      await doReady(ctx);
    }
    await consoleNotice(ctx.io.root, z.name, 'NOTICE: Zone readied');
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

async function shutdownFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'r');
  if (g.bad !== null) {
    getoptDiag(ctx, g.bad);
    subUsage(ctx, 'shutdown');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  const reboot = g.flags.has('r');
  const bootargs = bootargsOf(g.rest);
  if (bootargs.length >= 256) {
    zerror(ctx, 'Boot argument list too long');
    return Z_ERR;
  }
  await sanityCheck(ctx, 'shutdown', true, false, false);
  await waitLock(ctx, 'shutdown');
  try {
    let z = await zoneNow(ctx);
    if (!KERNEL.has(z.state)) {
      zerror(ctx, 'not running');
      return Z_ERR;
    }
    await doHaltKernel(ctx, 'shutdown', true);
    if (reboot) {
      z = await zoneNow(ctx);
      return await doBoot(ctx, bootargs, true);
    }
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

async function rebootFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'X');
  if (g.bad !== null) {
    getoptDiag(ctx, g.bad);
    subUsage(ctx, 'reboot');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  const bootargs = bootargsOf(g.rest);
  if (bootargs.length >= 256) {
    zerror(ctx, 'Boot argument list too long');
    return Z_ERR;
  }
  await sanityCheck(ctx, 'reboot', true, false, false);
  await waitLock(ctx, 'reboot');
  try {
    const z = await zoneNow(ctx);
    if (!KERNEL.has(z.state)) {
      ctx.io.stderr(`zone '${z.name}': reboot operation is invalid for zones in state '${z.state}'\n`);
      return Z_ERR;
    }
    await consoleNotice(
      ctx.io.root,
      z.name,
      bootargs ? `NOTICE: Zone rebooting with arguments: ${bootargs}` : 'NOTICE: Zone rebooting',
    );
    await doHaltKernel(ctx, 'halt', false, true);
    return await doBoot(ctx, bootargs, false);
  } finally {
    await releaseLock(ctx);
  }
}

// ------------------------------------------------------------------ verify

const MODE_BITS: [number, boolean, string][] = [
  [0o400, true, 'owner readable'],
  [0o200, true, 'owner writable'],
  [0o100, true, 'owner executable'],
  [0o040, false, 'group readable'],
  [0o020, false, 'group writable'],
  [0o010, false, 'group executable'],
  [0o004, false, 'world readable'],
  [0o002, false, 'world writable'],
  [0o001, false, 'world executable'],
];

/** validate_zonepath() for CMD_VERIFY; true when fine */
async function verifyZonepath(ctx: Ctx, z: SimZone): Promise<boolean> {
  const path = z.zonepath;
  const faults = await readFaults(ctx.io.root);
  const hostMode = faults.paths[path];
  const exists = hostMode !== undefined || z.state !== 'configured';
  if (!exists) {
    ctx.io.stderr(
      `WARNING: ${path} does not exist, so it could not be verified.\nWhen 'zoneadm install' is run, 'install' will try to create\n${path}, and 'verify' will be tried again,\nbut the 'verify' may fail if:\nthe parent directory of ${path} is group- or other-writable\nor\n${path} overlaps with any other installed zones.\n`,
    );
    return true;
  }
  const mode = hostMode !== undefined ? parseInt(hostMode, 8) : 0o700;
  let bad = false;
  for (const [bit, on, str] of MODE_BITS) {
    if ((mode & bit) === (on ? 0 : bit)) {
      ctx.io.stderr(on ? `${path} must be ${str}.\n` : `${path} must not be ${str}.\n`);
      bad = true;
    }
  }
  if (bad) {
    ctx.io.stderr(`could not verify zonepath ${path} because of the above errors.\n`);
    return false;
  }
  return true;
}

async function verifyFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, '');
  if (g.bad !== null || g.rest.length) {
    if (g.bad) getoptDiag(ctx, g.bad);
    subUsage(ctx, 'verify');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  const z = await sanityCheck(ctx, 'verify', false, false, false);
  await sleep(ctx, T.verify);
  if (!(await verifyZonepath(ctx, z))) {
    ctx.io.stderr(`zoneadm: zone ${z.name} failed to verify\n`);
    return Z_ERR;
  }
  return Z_OK;
}

// ------------------------------------------------------------------ clone, move, detach, attach, mark

const IPKG_FAMILY = new Set(['ipkg', 'lipkg', 'sparse', 'pkgsrc']);

/**
 * clone_func() of zoneadm.c, in its order: the target's sanity checks, then the source: not the
 * global zone, not SUNW*, not known to the kernel ("clone operation is invalid for <state>
 * zones."), present (zone_get_state() fails with zperror2: "zoneadm: SRC: could not get state:
 * No such zone configured"), installed; then validate_clone() → valid_brand_clone() ("zoneadm:
 * Zones 'SRC' and 'TGT' have different brand types."). Only then is the target marked
 * incomplete and the brand's clone hook run; a hook that fails leaves it incomplete, as on a
 * real host. -m, -s and unknown options are not zoneadm's business: they go to the hook.
 */
async function cloneFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'm:s:');
  if (g.bad === '?') {
    // `clone -?`: the usage, then the brand's help (the ipkg hook prints none), exit 0
    subUsage(ctx, 'clone');
    return Z_OK;
  }
  if (g.bad !== null || g.rest.length !== 1) {
    subUsage(ctx, 'clone');
    return Z_USAGE;
  }
  const method = g.opts.get('m');
  const src = g.rest[0]!;
  const target = await sanityCheck(ctx, 'clone', false, true, false);
  if (src === 'global') {
    zerror(ctx, 'clone operation is invalid for the global zone.');
    return Z_ERR;
  }
  if (src.startsWith('SUNW')) {
    zerror(ctx, 'clone operation is invalid for zones starting with SUNW.');
    return Z_ERR;
  }
  const s = await state(ctx.io);
  const sz = findZone(s, src);
  if (sz && KERNEL.has(sz.state)) {
    zerror(ctx, `clone operation is invalid for ${sz.state} zones.`);
    return Z_ERR;
  }
  if (!sz) {
    ctx.io.stderr(`zoneadm: ${src}: could not get state: No such zone configured\n`);
    return Z_ERR;
  }
  if (sz.state !== 'installed') {
    ctx.io.stderr(`zoneadm: zone ${src} is ${sz.state}; installed is required.\n`);
    return Z_ERR;
  }
  if (sz.brand !== target.brand) {
    ctx.io.stderr(`zoneadm: Zones '${src}' and '${target.name}' have different brand types.\n`);
    return Z_ERR;
  }
  await grabLock(ctx, 'clone');
  try {
    await setZone(ctx, (z) => {
      z.state = 'incomplete';
      if (!z.uuid) z.uuid = newUuid();
    });
    if (method !== undefined) {
      if (IPKG_FAMILY.has(target.brand)) {
        // the ipkg/lipkg/sparse/pkgsrc clone hook takes only the source zone; its usage exit
        // makes zoneadm print the clone usage too (vectors/real-zoneadm-clone-error-omnios.txt)
        ctx.io.stderr(`/usr/lib/brand/ipkg/clone: -m: unknown option\n\nbrand-specific usage: clone {sourcezone}\n`);
        subUsage(ctx, 'clone');
        return Z_ERR;
      }
      if (method !== 'copy') {
        // the built-in clone knows only "copy": usage, and the target stays incomplete
        subUsage(ctx, 'clone');
        return Z_ERR;
      }
    }
    if (method === 'copy') ctx.io.stdout(`Copying ${sz.zonepath}...`);
    // the source's files come from a ZFS snapshot: the one -s names, or one taken now
    const from = method === 'copy' ? null : await cloneSnapshot(ctx, sz, target.name, g.opts.get('s'));
    if (from === 'failed') {
      await setZone(ctx, (z) => {
        z.state = 'configured';
      });
      return Z_ERR;
    }
    await sleep(ctx, method === 'copy' ? T.clone * 6 : T.clone);
    if (method === 'copy') ctx.io.stdout('\n');
    const done = await setZone(ctx, (z) => {
      z.state = 'installed';
    });
    await cloneZoneFiles(ctx.io.root, sz, done, from);
    await installZoneRoot(ctx.io.root, done);
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

/** The snapshot a clone copies (see zoneadm-clone.ts); its errors go to stderr. */
async function cloneSnapshot(ctx: Ctx, src: SimZone, target: string, s: string | undefined): Promise<string | null | 'failed'> {
  const r = await cloneSnapshotFor(ctx.io.root, src, target, s);
  if ('error' in r) {
    ctx.io.stderr(r.error);
    return 'failed';
  }
  return r.snapshot;
}

async function moveFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, '');
  if (g.bad !== null || g.rest.length !== 1) {
    if (g.bad) getoptDiag(ctx, g.bad);
    subUsage(ctx, 'move');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  const newPath = g.rest[0]!;
  const z = await sanityCheck(ctx, 'move', false, true, false);
  if (!newPath.startsWith('/')) {
    ctx.io.stderr(`${newPath} is not an absolute path.\n`);
    return Z_ERR;
  }
  const norm = newPath.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  const s = await state(ctx.io);
  for (const o of s.zones) {
    if (o.name === z.name || o.name === 'global' || STATE_NUM[o.state] < STATE_NUM.installed) continue;
    const a = norm + '/';
    const b = o.zonepath + '/';
    if (a.startsWith(b) || b.startsWith(a)) {
      ctx.io.stderr(`${z.name} zonepath (${norm}) and ${o.name} zonepath (${o.zonepath}) overlap.\n`);
      return Z_ERR;
    }
  }
  await grabLock(ctx, 'move');
  try {
    await sleep(ctx, T.move);
    await setZone(ctx, (zz) => {
      zz.zonepath = norm;
    });
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

function detachManifest(z: SimZone): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE zone PUBLIC "-//Sun Microsystems Inc//DTD Zones//EN" "file:///usr/share/lib/xml/dtd/zonecfg.dtd.1">',
    '<!--',
    '    DO NOT EDIT THIS FILE.  Use zonecfg(8) instead.',
    '-->',
    `<zone name="${z.name}" zonepath="${z.zonepath}" autoboot="${z.autoboot}" brand="${z.brand}" ip-type="${z.ipType}">`,
    ...z.net.map((n) => `  <network physical="${n.physical}"${n.allowedAddress ? ` allowed-address="${n.allowedAddress}"` : ''}/>`),
    '</zone>',
    '',
  ].join('\n');
}

async function detachFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'n');
  if (g.bad !== null) {
    getoptDiag(ctx, g.bad);
    subUsage(ctx, 'detach');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  const z = await sanityCheck(ctx, 'detach', false, true, false);
  if (g.flags.has('n')) {
    ctx.io.stdout(detachManifest(z));
    return Z_OK;
  }
  await grabLock(ctx, 'detach');
  try {
    await sleep(ctx, T.detach);
    await setZone(ctx, (zz, s) => {
      const det = ((s as SimState & { detached?: Record<string, ZoneConfig> }).detached ??= {});
      det[zz.zonepath] = configFromZone(zz);
      zz.state = 'configured';
      zz.uuid = '';
    });
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

async function attachFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'Fn:uc:k:P:e:');
  if (g.bad !== null) {
    getoptDiag(ctx, g.bad);
    subUsage(ctx, 'attach');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  const force = g.flags.has('F');
  if (force && g.opts.has('n')) {
    subUsage(ctx, 'attach');
    return Z_USAGE;
  }
  const z = await sanityCheck(ctx, 'attach', false, true, force);
  const s = await state(ctx.io);
  const det = (s as SimState & { detached?: Record<string, ZoneConfig> }).detached?.[z.zonepath];
  if (!det) {
    ctx.io.stderr(`ERROR: no detached zone found in ${z.zonepath}\n`);
    return Z_ERR;
  }
  if (g.opts.has('n')) return Z_OK;
  await grabLock(ctx, 'attach');
  try {
    await setZone(ctx, (zz) => {
      zz.state = 'incomplete';
      if (!zz.uuid) zz.uuid = newUuid();
    });
    await sleep(ctx, force ? T.attach / 3 : T.attach);
    const done = await setZone(ctx, (zz, st) => {
      zz.state = 'installed';
      const d = (st as SimState & { detached?: Record<string, ZoneConfig> }).detached;
      if (d) delete d[zz.zonepath];
    });
    await installZoneRoot(ctx.io.root, done);
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

async function markFunc(ctx: Ctx, args: string[]): Promise<number> {
  const g = getopt(args, 'F');
  if (g.bad !== null) {
    getoptDiag(ctx, g.bad);
    subUsage(ctx, 'mark');
    return g.bad === '?' ? Z_OK : Z_USAGE;
  }
  if (g.rest.length !== 1 || g.rest[0] !== 'incomplete') return Z_USAGE;
  await sanityCheck(ctx, 'mark', false, true, false);
  await grabLock(ctx, 'mark');
  try {
    await setZone(ctx, (z) => {
      z.state = 'incomplete';
      if (!z.uuid) z.uuid = newUuid();
    });
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

async function mountFunc(ctx: Ctx, args: string[], mount: boolean): Promise<number> {
  const g = getopt(args, 'f');
  if (g.bad !== null) return Z_USAGE;
  await sanityCheck(ctx, mount ? 'mount' : 'unmount', false, mount, g.flags.has('f'));
  await grabLock(ctx, mount ? 'mount' : 'unmount');
  try {
    await sleep(ctx, 0.5);
    await setZone(ctx, (z, s) => {
      if (mount) {
        z.state = 'mounted';
        z.id = allocZoneId(s);
      } else {
        z.state = 'installed';
        z.id = null;
      }
    });
    return Z_OK;
  } finally {
    await releaseLock(ctx);
  }
}

function helpFunc(ctx: Ctx, args: string[]): number {
  if (args.length === 0) {
    ctx.io.stdout(zoneadmUsage(true));
    return Z_OK;
  }
  for (const a of args) {
    const c = SHELP.find((x) => x[0] === a);
    if (!c) {
      subUsage(ctx, 'help');
      return Z_USAGE;
    }
    subUsage(ctx, c[0]);
  }
  return Z_OK;
}

// ------------------------------------------------------------------ main

export async function zoneadmMain(args: string[], io: ToolIO): Promise<number> {
  const ctx: Ctx = { io, zone: null, brand: '' };
  let uuid: string | null = null;
  // main()'s getopt("?z:u:R:"): each option acts in order, so an earlier bad -R wins
  const scan = scanOptions(args, '?z:u:R:');
  for (const { c, arg } of scan.opts) {
    if (c === '?') {
      io.stdout(zoneadmUsage(true));
      return Z_USAGE;
    }
    if (c === 'z') ctx.zone = arg!;
    else if (c === 'u') uuid = arg!;
    else if (!arg!.startsWith('/')) {
      zerror(ctx, 'root path must be absolute.');
      return Z_ERR;
    }
  }
  if (scan.error) {
    const { kind, opt } = scan.error;
    io.stderr(kind === 'missing' ? `zoneadm: option requires an argument -- ${opt}\n` : `zoneadm: illegal option -- ${opt}\n`);
    io.stderr(zoneadmUsage(false));
    return Z_USAGE;
  }
  const i = scan.optind;
  if (i >= args.length) {
    io.stderr(zoneadmUsage(false));
    return Z_USAGE;
  }
  const s = await state(io);
  if (uuid !== null && uuid !== '') {
    if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(uuid)) {
      zerror(ctx, 'illegal UUID value specified');
      return Z_ERR;
    }
    const z = s.zones.find((x) => x.uuid.toLowerCase() === uuid!.toLowerCase());
    if (z) ctx.zone = z.name;
  }
  if (ctx.zone !== null) {
    const inZone = inZoneOf(io);
    const z = findZone(s, ctx.zone);
    if (!z || (inZone && ctx.zone !== inZone)) {
      io.stderr(`zoneadm: ${ctx.zone}: No such zone configured\n`);
      return Z_ERR;
    }
    ctx.brand = z.brand;
  }
  const sub = args[i]!;
  const rest = args.slice(i + 1);
  try {
    switch (sub) {
      case 'help':
        return helpFunc(ctx, rest);
      case 'list':
        return await listFunc(ctx, rest);
    }
    if (ctx.zone === null && sub !== 'help') {
      const known = ['boot', 'halt', 'ready', 'shutdown', 'reboot', 'verify', 'install', 'uninstall', 'mount', 'umount', 'unmount', 'clone', 'move', 'detach', 'attach', 'mark', 'apply', 'sysboot'];
      if (!known.includes(sub)) {
        io.stderr(zoneadmUsage(false));
        return Z_USAGE;
      }
      zerror(ctx, 'no zone specified');
      return Z_ERR;
    }
    switch (sub) {
      case 'boot':
        return await bootFunc(ctx, rest);
      case 'halt':
        return await haltFunc(ctx, rest);
      case 'ready':
        return await readyFunc(ctx, rest);
      case 'shutdown':
        return await shutdownFunc(ctx, rest);
      case 'reboot':
        return await rebootFunc(ctx, rest);
      case 'verify':
        return await verifyFunc(ctx, rest);
      case 'install':
        return await installFunc(ctx, rest);
      case 'uninstall':
        return await uninstallFunc(ctx, rest);
      case 'clone':
        return await cloneFunc(ctx, rest);
      case 'move':
        return await moveFunc(ctx, rest);
      case 'detach':
        return await detachFunc(ctx, rest);
      case 'attach':
        return await attachFunc(ctx, rest);
      case 'mark':
        return await markFunc(ctx, rest);
      case 'mount':
        return await mountFunc(ctx, rest, true);
      case 'umount':
      case 'unmount':
        return await mountFunc(ctx, rest, false);
      case 'apply':
      case 'sysboot':
        return Z_OK;
      default:
        io.stderr(zoneadmUsage(false));
        return Z_USAGE;
    }
  } catch (e) {
    if (e instanceof Fail) {
      if (e.text) io.stderr(e.text);
      return e.code;
    }
    if (e instanceof SimAborted) {
      await releaseLock(ctx);
      io.stderr(`zoneadm: zone '${ctx.zone}': interrupted\n`);
      return Z_ERR;
    }
    throw e;
  }
}
