// The pieces the fleet benchmarks share (bench/fleet-ssh.ts, bench/fleet-ssh-start.ts): simulated
// illumos hosts with 25 zones each behind real OpenSSH servers on loopback, the two tool
// directories those hosts can run (the simulator's tools, or static stand-ins that only print
// what the simulator printed), the dashboard in a process of its own (bench/fleet-ssh-server.ts)
// and the /proc readings that split CPU between the dashboard, sshd and the tools.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unameVersion } from '../server/illumos/host';
import { dladmShowVnicZones, kstatOnce, METRICS_SELECTORS, zfsListUsage } from '../server/illumos/kstat';
import type { ToolCall } from '../server/illumos/types';
import { zoneadmList } from '../server/illumos/zoneadm';
import type { TestSshd } from '../server/hosts/sshd-testkit';
import { ensureHost } from '../server/sim/store';
import { runTool } from '../server/sim/tools';
import type { SshTimeline } from '../server/hosts/ssh';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..');
export const SIM_BIN = path.join(repo, 'server', 'sim', 'bin');
/** each host's own record of the tools the dashboard ran there: `tool first-arg` per line */
export const CALLS_LOG = 'bench-calls.log';
/** and what each finished tool cost: `tool first-arg` then the shell's `times` (2 lines) */
export const CPU_LOG = 'bench-cpu.log';
const CLK_TCK = 100; // Linux's USER_HZ for /proc/<pid>/stat

export const hostName = (i: number) => `r${String(i + 1).padStart(2, '0')}`;
export const zoneName = (i: number) => `z${String(i + 1).padStart(2, '0')}`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- simulated hosts

function io(root: string, out: string[], err: string[] = out) {
  return { root, stdin: null, isTTY: false, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), timeScale: 0 };
}

/** The simulator's CLI, in this process, on a host's state directory (what an operator typing
 *  on that host would do: the dashboard learns of it only from the host). */
export async function tool(root: string, name: 'zoneadm' | 'zonecfg', args: string[]): Promise<void> {
  const out: string[] = [];
  const code = await runTool(name, args, io(root, out));
  if (code !== 0) throw new Error(`${name} ${args.join(' ')} on ${root}: ${out.join('')}`);
}

/** 25 zones: a third configured, a third installed, a third running; z01 is installed */
export async function makeHost(root: string, zones: number): Promise<void> {
  await ensureHost(root);
  for (let i = 0; i < zones; i++) {
    const z = zoneName(i);
    await tool(root, 'zonecfg', ['-z', z, `create -t lipkg; set zonepath=/zones/${z}`]);
    if (i % 3 !== 2) await tool(root, 'zoneadm', ['-z', z, 'install']);
    if (i % 3 === 1) await tool(root, 'zoneadm', ['-z', z, 'boot']);
  }
}

/** The hosts' tool directory when they run the simulator: each tool behind a short sh that
 *  notes the call in $SIM_ROOT/bench-calls.log (for counting `zoneadm list` apart from kstat
 *  and the rest), runs the tool, and appends the CPU it took to $SIM_ROOT/bench-cpu.log (the
 *  shell's `times` builtin: its children's user and system time; no process of its own). */
export function simToolDir(work: string): string {
  const dir = path.join(work, 'tools-sim');
  mkdirSync(dir);
  for (const name of readdirSync(SIM_BIN)) {
    if (name.startsWith('_')) continue;
    writeFileSync(
      path.join(dir, name),
      `#!/bin/sh\necho "${name} $1" >> "$SIM_ROOT/${CALLS_LOG}"\n${path.join(SIM_BIN, name)} "$@"\ns=$?\n{ echo "${name} $1"; times; } >> "$SIM_ROOT/${CPU_LOG}"\nexit $s\n`,
      { mode: 0o755 },
    );
  }
  return dir;
}

/** What the dashboard runs on every host on its own (watcher, release read, metrics sampler). */
const STATIC_CALLS: Record<string, ToolCall> = {
  zoneadm: zoneadmList(),
  uname: unameVersion(),
  dladm: dladmShowVnicZones(),
  zfs: zfsListUsage(),
  kstat: kstatOnce(METRICS_SELECTORS),
};

/**
 * The hosts' tool directory with the simulator taken out: each tool the dashboard runs by
 * itself is a sh that prints what the simulator printed for that host (captured here, once,
 * into $SIM_ROOT/static/) — what a real illumos host's tools cost (a few ms) rather than a
 * node start per call. kstat repeats its sample at the interval it is given, as `kstat -T u`
 * does. Commands that change zones are not here: this directory is for measuring starts.
 */
export async function staticToolDir(work: string, roots: string[]): Promise<string> {
  for (const root of roots) {
    mkdirSync(path.join(root, 'static'), { recursive: true });
    for (const [name, call] of Object.entries(STATIC_CALLS)) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runTool(call.tool as Parameters<typeof runTool>[0], [...call.args], io(root, out, err));
      if (code !== 0) throw new Error(`${name} ${call.args.join(' ')} on ${root}: ${err.join('')}`);
      writeFileSync(path.join(root, 'static', `${name}.out`), out.join(''));
    }
  }
  const dir = path.join(work, 'tools-static');
  mkdirSync(dir);
  for (const name of Object.keys(STATIC_CALLS)) {
    const body =
      name === 'kstat'
        ? // the last word is the interval: a timestamp line and the sample, again and again
          `for last; do :; done\nwhile :; do date +%s; cat "$SIM_ROOT/static/kstat.out"; sleep "$last"; done\n`
        : `cat "$SIM_ROOT/static/${name}.out"\n`;
    writeFileSync(path.join(dir, name), `#!/bin/sh\necho "${name} $1" >> "$SIM_ROOT/${CALLS_LOG}"\n${body}`, { mode: 0o755 });
  }
  return dir;
}

/** CPU seconds the finished tool runs logged on each host (simToolDir's log), by tool. */
export function toolCpuLogged(roots: string[]): { seconds: number; runs: number; byTool: Record<string, { runs: number; seconds: number }> } {
  let seconds = 0;
  let runs = 0;
  const byTool: Record<string, { runs: number; seconds: number }> = {};
  const sec = (t: string) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  };
  for (const root of roots) {
    let lines: string[] = [];
    try {
      lines = readFileSync(path.join(root, CPU_LOG), 'utf8').split('\n');
    } catch {
      continue;
    }
    // "tool arg", the shell's own times, its children's times
    for (let i = 0; i + 2 < lines.length; i += 3) {
      const [u, s] = lines[i + 2]!.trim().split(/\s+/);
      const t = sec(u ?? '') + sec(s ?? '');
      const key = lines[i]!;
      byTool[key] ??= { runs: 0, seconds: 0 };
      byTool[key].runs++;
      byTool[key].seconds += t;
      seconds += t;
      runs++;
    }
  }
  return { seconds, runs, byTool };
}

// ---------------------------------------------------------------- /proc readings

interface ProcStat {
  comm: string;
  /** own utime + stime, seconds */
  own: number;
  /** cutime + cstime: children it has waited for, seconds */
  reaped: number;
}

function procStat(pid: number): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    return { comm, own: (Number(f[11]) + Number(f[12])) / CLK_TCK, reaped: (Number(f[13]) + Number(f[14])) / CLK_TCK };
  } catch {
    return null; // ended between listing and reading: its time is now in its parent's
  }
}

/** CPU seconds of the sshd process trees so far (live processes' own time plus what they have
 *  reaped), and the part of it spent in live node processes (the simulator's tools still
 *  running, such as kstat): the tools that ended are in simToolDir's log. */
export async function hostSideCpu(sshds: TestSshd[]): Promise<{ total: number; liveNode: number }> {
  const pids = (await Promise.all(sshds.map((s) => s.processIds()))).flat();
  let total = 0;
  let liveNode = 0;
  for (const pid of pids) {
    const s = procStat(pid);
    if (!s) continue;
    total += s.own + s.reaped;
    if (s.comm === 'node') liveNode += s.own + s.reaped;
  }
  return { total, liveNode };
}

// ---------------------------------------------------------------- the dashboard's process

export interface Stats {
  cpu: NodeJS.CpuUsage;
  mem: NodeJS.MemoryUsage;
  hosts: { name: string; kind: string; spawns: number; state: string | null }[];
}

export interface Timeline {
  cpu: NodeJS.CpuUsage;
  servicesAt: number;
  hosts: { name: string; timeline: SshTimeline; firstListAt: number | null }[];
}

export interface Dashboard {
  child: ChildProcess;
  base: string;
  token: string;
  cookie: string;
  /** more sessions of the same admin: a session holds at most 12 live streams */
  cookies: string[];
  /** the clock of "time from start": right before startServer() in the child */
  startedAt: number;
  /** when the child process was spawned (node + tsx start before startedAt) */
  spawnedAt: number;
  /** the child's CPU at startedAt */
  cpuAtStart: NodeJS.CpuUsage;
  listening: Promise<number>;
  stats(): Promise<Stats>;
  timeline(): Promise<Timeline>;
  stop(): Promise<void>;
}

export interface DashboardOptions {
  db: string;
  embeddedRoot: string;
  port: number;
  dist: string;
  pollMs: number;
  /** every child started is added here (the caller's cleanup kills what is left) */
  children: Set<ChildProcess>;
  /** the server's working directory, where Next reads its config (default: the repository) */
  cwd?: string;
}

let asks = 0;
export async function startDashboard(o: DashboardOptions): Promise<Dashboard> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: o.dist,
    PORT: String(o.port),
    HOST: 'localhost',
    ZONEDASH_DB: o.db,
    ZONEDASH_POLL_MS: String(o.pollMs),
    ZONEDASH_HOST: 'sim',
    SIM_ROOT: o.embeddedRoot,
    SIM_SEED: '0',
    SIM_TIME_SCALE: '0',
  };
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'fleet-ssh-server.ts')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    cwd: o.cwd ?? repo,
  });
  o.children.add(child);
  let log = '';
  const keep = (d: Buffer) => void (log = (log + d.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  void exited.then(() => o.children.delete(child));
  const died = exited.then(() => {
    throw new Error(`the dashboard exited: ${log.trim().split('\n').slice(-8).join('\n')}`);
  });
  const message = <T>(type: string, match: (m: T & { type: string }) => boolean = () => true) =>
    Promise.race([
      new Promise<T>((resolve) => {
        const on = (m: T & { type: string }) => {
          if (m.type !== type || !match(m)) return;
          child.off('message', on);
          resolve(m);
        };
        child.on('message', on);
      }),
      died,
    ]);
  const session = await message<{ tokens: string[]; startedAt: number; cpuAtStart: NodeJS.CpuUsage }>('session');
  const listening = message<{ at: number }>('listening').then((m) => m.at);
  listening.catch(() => {});
  const ask = <T>(q: 'stats' | 'timeline') => {
    const id = ++asks;
    const answer = message<T & { id: number }>(q, (m) => m.id === id);
    child.send({ id, q });
    return answer;
  };
  return {
    child,
    base: `http://localhost:${o.port}`,
    token: session.tokens[0]!,
    cookie: `zonedash_session=${session.tokens[0]!}`,
    cookies: session.tokens.map((t) => `zonedash_session=${t}`),
    startedAt: session.startedAt,
    spawnedAt,
    cpuAtStart: session.cpuAtStart,
    listening,
    stats: () => ask<Stats>('stats'),
    timeline: () => ask<Timeline>('timeline'),
    stop: async () => {
      child.kill('SIGTERM'); // the server's own shutdown: SSH connections closed
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

export async function trpc<T>(server: Dashboard, proc: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`${server.base}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie: server.cookie } });
  if (!res.ok) throw new Error(`${proc}: HTTP ${res.status}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}
