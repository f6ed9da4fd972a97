// What a simulated zone's own activity adds to its kernel statistics: CPU time burnt by a
// spinning shell loop and bytes its shell sends or receives. The zone's shell (zoneshell.ts,
// running in a `zlogin` process) writes it here; the simulated kstat (kstat.ts, usually in the
// dashboard's process) reads it. Files under SIM_ROOT/zones/<zone>/usage/, lock-free:
//   <pid>-<rand>.busy   a loop spinning right now: {"pid","start","host","since","boot"};
//                       a marker whose process died counts until then no more (its CPU time
//                       is lost, like a killed process's)
//   cpu.log             one line per finished spin: "<boot> <busy ms>"
//   net.json            bytes and packets the zone's shell exchanged since <boot>
//                       ({"boot","rbytes","obytes","ipackets","opackets"}; updated under
//                       net.lock, replaced atomically, so its size never grows)
// <boot> is the zone's bootedAt: lines of an earlier boot no longer count (a reboot makes a
// new kernel zone whose counters start at 0).
import { appendFileSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { findZone, holderAlive, procStart, readStateSync, writeFileAtomic, zoneDir } from './store';
import { withFileLock } from './zoneos';

function usageDir(root: string, zone: string): string {
  return path.join(zoneDir(root, zone), 'usage');
}

function bootOf(root: string, zone: string): string {
  try {
    const z = findZone(readStateSync(root), zone);
    return typeof z?.bootedAt === 'string' ? z.bootedAt : '-';
  } catch {
    return '-';
  }
}

/** iterations per check, and the most a check window may last for the loop to count as spinning */
const SPIN_TICKS = 1000;
const SPIN_WINDOW_MS = 1000;

export interface SpinWatch {
  /** one loop iteration */
  tick(): void;
  /** the loop ended (normally, by ^C or by an error) */
  end(): void;
}

/**
 * Watches a shell loop: once it runs SPIN_TICKS iterations within SPIN_WINDOW_MS it burns a
 * CPU (`while :; do :; done`), and the zone is marked busy until it ends or slows down (a loop
 * that sleeps never counts). Costs a clock read per thousand iterations.
 */
export function spinWatch(root: string, zone: string): SpinWatch {
  let ticks = 0;
  let windowStart = Date.now();
  let marker: { file: string; since: number; boot: string } | null = null;
  const stop = () => {
    if (!marker) return;
    const m = marker;
    marker = null;
    try {
      unlinkSync(m.file);
      appendFileSync(path.join(usageDir(root, zone), 'cpu.log'), `${m.boot} ${Date.now() - m.since}\n`);
    } catch {
      /* the zone's files are gone (uninstalled): nothing to account */
    }
  };
  return {
    tick() {
      if (++ticks % SPIN_TICKS !== 0) return;
      const now = Date.now();
      const spinning = now - windowStart <= SPIN_WINDOW_MS;
      windowStart = now;
      if (spinning && !marker) {
        try {
          const dir = usageDir(root, zone);
          mkdirSync(dir, { recursive: true });
          const boot = bootOf(root, zone);
          const file = path.join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.busy`);
          const since = now - SPIN_WINDOW_MS / 2;
          writeFileSync(file, JSON.stringify({ pid: process.pid, start: procStart(process.pid), host: os.hostname(), since, boot }));
          marker = { file, since, boot };
        } catch {
          marker = null;
        }
      } else if (!spinning) stop();
    },
    end: stop,
  };
}

/** Records network traffic the zone's shell made (e.g. a ping: one echo out, one reply in). */
export async function noteZoneTraffic(root: string, zone: string, t: { rbytes: number; obytes: number; ipackets: number; opackets: number }): Promise<void> {
  const dir = usageDir(root, zone);
  try {
    mkdirSync(dir, { recursive: true });
    const boot = bootOf(root, zone);
    await withFileLock(path.join(dir, 'net.lock'), async () => {
      const cur = readNet(dir);
      const base = cur && cur.boot === boot ? cur : { boot, rbytes: 0, obytes: 0, ipackets: 0, opackets: 0 };
      const next = { boot, rbytes: base.rbytes + t.rbytes, obytes: base.obytes + t.obytes, ipackets: base.ipackets + t.ipackets, opackets: base.opackets + t.opackets };
      await writeFileAtomic(path.join(dir, 'net.json'), JSON.stringify(next));
    });
  } catch {
    /* the zone's files are gone: nothing to account */
  }
}

function readNet(dir: string): { boot: string; rbytes: number; obytes: number; ipackets: number; opackets: number } | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'net.json'), 'utf8')) as { boot: string; rbytes: number; obytes: number; ipackets: number; opackets: number };
  } catch {
    return null;
  }
}

export interface ZoneUsage {
  /** CPU milliseconds burnt by spinning loops since `boot` (finished and still running) */
  busyMs: number;
  /** loops spinning right now */
  spinning: number;
  rbytes: number;
  obytes: number;
  ipackets: number;
  opackets: number;
}

/** What the zone's shells added since its boot `boot` (its bootedAt), as of `now`. */
export function readZoneUsage(root: string, zone: string, boot: string, now = Date.now()): ZoneUsage {
  const u: ZoneUsage = { busyMs: 0, spinning: 0, rbytes: 0, obytes: 0, ipackets: 0, opackets: 0 };
  const dir = usageDir(root, zone);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return u;
  }
  for (const name of names) {
    if (!name.endsWith('.busy')) continue;
    try {
      const m = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { pid: number; start: string; host: string; since: number; boot: string };
      if (m.boot !== boot) continue;
      if (!holderAlive(m.pid, m.start, m.host)) {
        unlinkSync(path.join(dir, name));
        continue;
      }
      u.busyMs += Math.max(0, now - m.since);
      u.spinning++;
    } catch {
      /* removed while we read it */
    }
  }
  for (const line of readLines(path.join(dir, 'cpu.log'))) {
    const [b, ms] = line.split(' ');
    if (b === boot) u.busyMs += Number(ms) || 0;
  }
  const net = readNet(dir);
  if (net && net.boot === boot) {
    u.rbytes = net.rbytes;
    u.obytes = net.obytes;
    u.ipackets = net.ipackets;
    u.opackets = net.opackets;
  }
  return u;
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
