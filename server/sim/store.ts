// Persistent state of the simulated illumos host, kept in the directory named by SIM_ROOT.
//
// Layout of SIM_ROOT:
//   state.json         the whole host (zones in /etc/zones/index order, links, counters);
//                      written atomically (temp file + rename), so readers never lock
//   state.lock         cross-process exclusive lock for read-modify-write (updateState);
//                      contains "<pid> <proc-start-time> <hostname>"; a lock whose holder
//                      process is gone (or that is older than STALE_MS) is broken
//   events.log         one JSON line per zone state change ({seq,time,zone,from,to}),
//                      so watchers can tail it (the simulator's sysevent channel)
//   faults.json        failure injection (see faults.ts)
//   zones/<zone>/      per-zone files (zone root fs, console), see zoneDir()
//
// The state lock is held only for the millisecond a read-modify-write takes; long operations
// (install, boot) take the per-zone operation lock (zoneadm's /var/run/zones/Z.zoneadm.lock),
// which is a record in the state itself (SimZone.opLock), and sleep without holding state.lock.
import { promises as fsp, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SimLink, SimZone, SimZoneState } from './types';

export interface SimOpLock {
  pid: number;
  /** process start time (Linux /proc/<pid>/stat field 22), '' when unknown */
  start: string;
  host: string;
  /** what holds it, e.g. 'install' */
  op: string;
  since: string;
}

export interface SimState {
  version: 1;
  /** the simulated host's node name */
  hostname: string;
  /** /etc/zones/index order, global first */
  zones: SimZone[];
  links: SimLink[];
  /** next kernel zone id to hand out */
  nextZoneId: number;
  /** last debugid issued (/etc/zones/did.txt) */
  lastDebugId: number;
  /** bumped on every updateState that changes something */
  seq: number;
  /** OmniOS release of the simulated host (install output), default r151050 */
  release?: string;
  /** pkg publisher the brand install scripts report, default https://pkg.omnios.org/<release>/core/ */
  publisherUrl?: string;
  /** test hook: MAC addresses the next "random" VNICs get, in order */
  macQueue?: string[];
  /** zone configurations left by zoneadm detach, by zonepath (SUNWdetached.xml) */
  detached?: Record<string, unknown>;
}

const STATE_FILE = 'state.json';
const LOCK_FILE = 'state.lock';
const EVENTS_FILE = 'events.log';
/** a state lock older than this is broken even if its holder seems alive (no update takes this long) */
const STALE_MS = 30_000;

/** SIM_ROOT, or ~/.zone-sim when unset */
export function defaultSimRoot(): string {
  return process.env.SIM_ROOT && process.env.SIM_ROOT !== ''
    ? path.resolve(process.env.SIM_ROOT)
    : path.join(os.homedir(), '.zone-sim');
}

export function zoneDir(root: string, zone: string): string {
  return path.join(root, 'zones', zone);
}

export function globalZone(): SimZone {
  return {
    name: 'global',
    state: 'running',
    id: 0,
    uuid: '',
    debugid: 0,
    brand: 'ipkg',
    zonepath: '/',
    ipType: 'shared',
    autoboot: false,
    net: [],
  };
}

export function physLink(name: string, extra: Partial<SimLink> = {}): SimLink {
  return {
    name,
    class: 'phys',
    mtu: 1500,
    state: 'up',
    over: '',
    media: 'Ethernet',
    speed: 10000,
    duplex: 'full',
    device: name,
    ...extra,
  };
}

/** A host that was never touched: the global zone and the physical links. */
export function freshState(): SimState {
  return {
    version: 1,
    hostname: 'omnios',
    zones: [globalZone()],
    links: [physLink('i40e0'), physLink('e1000g0', { speed: 1000, state: 'unknown' })],
    nextZoneId: 1,
    lastDebugId: 0,
    seq: 0,
  };
}

function parseState(text: string): SimState {
  const s = JSON.parse(text) as SimState;
  if (!s || !Array.isArray(s.zones) || !Array.isArray(s.links)) throw new Error('corrupt sim state');
  return s;
}

/** Lock-free consistent read (writers replace state.json atomically). A missing file is a fresh host. */
export async function readState(root: string): Promise<SimState> {
  try {
    return parseState(await fsp.readFile(path.join(root, STATE_FILE), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return freshState();
    throw e;
  }
}

export function readStateSync(root: string): SimState {
  try {
    return parseState(readFileSync(path.join(root, STATE_FILE), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return freshState();
    throw e;
  }
}

async function writeStateFile(root: string, s: SimState): Promise<void> {
  const file = path.join(root, STATE_FILE);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await fsp.open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify(s, null, 1) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, file);
}

// ---------------------------------------------------------------- process identity

let myStart: string | undefined;
/** start time of a process (Linux), '' when unknown: guards against pid reuse */
export function procStart(pid: number): string {
  if (pid === process.pid && myStart !== undefined) return myStart;
  let v = '';
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    v = rest[19] ?? '';
  } catch {
    v = '';
  }
  if (pid === process.pid) myStart = v;
  return v;
}

/** Is the process that wrote (pid, start, host) still alive? Other hosts count as alive. */
export function holderAlive(pid: number, start: string, host: string): boolean {
  if (host && host !== os.hostname()) return true;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (start && procStart(pid) && procStart(pid) !== start) return false; // pid reused
  return true;
}

export function myOpLock(op: string): SimOpLock {
  return { pid: process.pid, start: procStart(process.pid), host: os.hostname(), op, since: new Date().toISOString() };
}

export function opLockAlive(l: SimOpLock | undefined | null): boolean {
  return !!l && holderAlive(l.pid, l.start, l.host);
}

// ---------------------------------------------------------------- the state lock

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// In-process queue first: async callers of this process take turns before contending on disk.
const localQueues = new Map<string, Promise<unknown>>();

async function acquireFileLock(root: string): Promise<string> {
  const lock = path.join(root, LOCK_FILE);
  const token = `${process.pid} ${procStart(process.pid)} ${os.hostname()} ${randomBytes(6).toString('hex')}`;
  const tmp = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await fsp.writeFile(tmp, token);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await fsp.link(tmp, lock); // atomic create-with-content; EEXIST when held
        return token;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      await breakIfStale(lock);
      await sleep(Math.min(50, 2 + attempt) * (0.5 + Math.random()));
    }
  } finally {
    await fsp.unlink(tmp).catch(() => {});
  }
}

async function breakIfStale(lock: string): Promise<void> {
  let text: string;
  let mtime: number;
  try {
    text = await fsp.readFile(lock, 'utf8');
    mtime = (await fsp.stat(lock)).mtimeMs;
  } catch {
    return; // released meanwhile
  }
  const [pidS, start = '', host = ''] = text.split(' ');
  const pid = Number(pidS);
  const dead = !Number.isFinite(pid) || pid <= 0 || !holderAlive(pid, start, host);
  if (!dead && Date.now() - mtime < STALE_MS) return;
  // Move it aside atomically, then make sure we moved the one we judged stale.
  const aside = `${lock}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await fsp.rename(lock, aside);
  } catch {
    return;
  }
  const moved = await fsp.readFile(aside, 'utf8').catch(() => '');
  if (moved !== text) {
    // We took somebody's fresh lock: put it back if the slot is still free.
    await fsp.link(aside, lock).catch(() => {});
  }
  await fsp.unlink(aside).catch(() => {});
}

async function releaseFileLock(root: string, token: string): Promise<void> {
  const lock = path.join(root, LOCK_FILE);
  const text = await fsp.readFile(lock, 'utf8').catch(() => '');
  if (text === token) await fsp.unlink(lock).catch(() => {});
}

async function withLocalQueue<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const key = path.resolve(root);
  const prev = localQueues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const chained = prev.then(() => mine);
  localQueues.set(key, chained);
  await prev.catch(() => {});
  try {
    return await fn();
  } finally {
    release();
    if (localQueues.get(key) === chained) localQueues.delete(key);
  }
}

/** Runs fn while holding the host's exclusive lock (for files beside state.json, e.g. faults.json). */
export async function withHostLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  await fsp.mkdir(root, { recursive: true });
  return withLocalQueue(root, async () => {
    const token = await acquireFileLock(root);
    try {
      return await fn();
    } finally {
      await releaseFileLock(root, token);
    }
  });
}

/** Atomic replace of a small file in SIM_ROOT (temp file + rename). */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fsp.writeFile(tmp, text);
  await fsp.rename(tmp, file);
}

export interface StateEvent {
  seq: number;
  time: string;
  zone: string;
  from: SimZoneState | null;
  to: SimZoneState | null;
}

/**
 * Exclusive, cross-process read-modify-write. fn may mutate the state it is given; the result
 * is written back (atomically) when it changed. If fn throws, nothing is written.
 * Never sleep inside fn.
 */
export async function updateState<T>(root: string, fn: (s: SimState) => T | Promise<T>): Promise<T> {
  await fsp.mkdir(root, { recursive: true });
  return withLocalQueue(root, async () => {
    const token = await acquireFileLock(root);
    try {
      const s = await readState(root);
      const before = JSON.stringify(s);
      const beforeStates = new Map(s.zones.map((z) => [z.name, z.state] as const));
      const result = await fn(s);
      if (JSON.stringify(s) !== before) {
        s.seq = (s.seq ?? 0) + 1;
        await writeStateFile(root, s);
        await appendEvents(root, s, beforeStates);
      }
      return result;
    } finally {
      await releaseFileLock(root, token);
    }
  });
}

async function appendEvents(root: string, s: SimState, before: Map<string, SimZoneState>): Promise<void> {
  const time = new Date().toISOString();
  const lines: string[] = [];
  for (const z of s.zones) {
    const from = before.get(z.name) ?? null;
    if (from !== z.state) lines.push(JSON.stringify({ seq: s.seq, time, zone: z.name, from, to: z.state }));
    before.delete(z.name);
  }
  for (const [zone, from] of before) lines.push(JSON.stringify({ seq: s.seq, time, zone, from, to: null }));
  if (!lines.length) return;
  const file = path.join(root, EVENTS_FILE);
  await fsp.appendFile(file, lines.join('\n') + '\n');
  // keep the log bounded: past 2 MB, keep its last MB (whole lines)
  const st = await fsp.stat(file).catch(() => null);
  if (st && st.size > 2 * 1024 * 1024) {
    const text = await fsp.readFile(file, 'utf8');
    const tail = text.slice(-1024 * 1024);
    await writeFileAtomic(file, tail.slice(tail.indexOf('\n') + 1));
  }
}

export function eventsFile(root: string): string {
  return path.join(root, EVENTS_FILE);
}

/** Make SIM_ROOT a host: an empty or missing directory becomes a fresh one (global zone, i40e0, e1000g0). */
export async function ensureHost(root: string): Promise<void> {
  await fsp.mkdir(root, { recursive: true });
  try {
    await fsp.access(path.join(root, STATE_FILE));
    return;
  } catch {
    /* create below */
  }
  await withLocalQueue(root, async () => {
    const token = await acquireFileLock(root);
    try {
      try {
        await fsp.access(path.join(root, STATE_FILE));
      } catch {
        await writeStateFile(root, freshState());
      }
    } finally {
      await releaseFileLock(root, token);
    }
  });
  await fsp.mkdir(path.join(root, 'zones'), { recursive: true });
}

export function findZone(s: SimState, name: string): SimZone | undefined {
  return s.zones.find((z) => z.name === name);
}

export function findLink(s: SimState, name: string): SimLink | undefined {
  return s.links.find((l) => l.name === name);
}
