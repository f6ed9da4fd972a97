// Benchmarks of the fleet over SSH (issue 14), all in one run on this machine:
//   N remote hosts (BENCH_HOSTS, default 20), each a real OpenSSH server on loopback
//   (server/hosts/sshd-testkit.ts) in front of a simulated illumos host of its own holding 25
//   zones made with the simulator's tools, added to a fresh database beside the embedded
//   simulated host; the real server (startServer) runs in a process of its own
//   (bench/fleet-ssh-server.ts) so that its CPU and memory are the dashboard's alone.
//   1. connections held: established TCP connections of the dashboard's process to the sshd
//      ports (its socket inodes matched in /proc/<pid>/net/tcp{,6});
//   2. `zoneadm list` sessions per host per watcher interval with 1, 10 and 50 open
//      subscriptions: from the runners' spawnCount and, independently, from the sshd logs'
//      "Starting session: command" lines;
//   3. the dashboard's CPU and memory per host: process.cpuUsage() of the server process
//      over a window with N hosts against the same with 0 remote hosts (same process, before
//      the hosts are added), and RSS/heap growth per host (after forced collections); the
//      host side (sshd + the simulator's tools, which are sshd's children, not ours) is
//      measured apart from /proc/<pid>/stat of the sshd process trees;
//   4. the first full table after a start (median of BENCH_START_RUNS fresh processes; see
//      bench/fleet-ssh-start.ts): from the startServer() call to the first zones.list answer
//      holding all N×25 remote zones, and to a Chromium page whose host cards all say connected
//      with 25 zones; taken apart per host (handshake slot, TCP, key exchange, authentication,
//      first list) and in CPU (dashboard, sshd, the simulator's tools); made twice: with the
//      simulator's tools on the hosts, and with static stand-ins printing the same text (what
//      the dashboard's own start costs when a host's `zoneadm list` costs what a real one does);
//   5. a state change on a remote host (the simulator's CLI on its SIM_ROOT) → the DOM, p95,
//      against the same on the embedded simulated host (observed with a MutationObserver on
//      the host cards' zone counts, which change with the row);
//   6. a frozen host (SIGSTOP on its sshd: TestSshd.freeze()) → 'unreachable' in both
//      zones.list and hosts.list, median of BENCH_FREEZE_RUNS (5), thawed between runs.
// The watcher interval (ZONEDASH_POLL_MS, default here 5000 ms) is what this 2-core machine
// can carry: each remote `zoneadm list` costs an sshd session plus a start of the
// simulator's node tool, about 0.1 s of CPU on the host side (measured and printed in part
// 3), so 20 hosts cost 2 CPU-seconds per interval: at 1 s that is both cores, at 5 s 0.4 of
// a core. A real illumos host pays its own `zoneadm list` (a few ms), not ours.
// Usage: npm run bench:fleet. Knobs: BENCH_HOSTS, ZONEDASH_POLL_MS, BENCH_START_RUNS (3),
// BENCH_FREEZE_RUNS (5), BENCH_LATENCY_SAMPLES (20), BENCH_PORT (3271), NEXT_DIST_DIR (builds
// there first if it holds no build; BENCH_BUILD=1 rebuilds: the routes must be built from the
// same sources that server/main.ts runs from). The figures move with the load of a shared machine: the
// load average is printed beside them. Writes bench/results/fleet-ssh.json.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { openDatabase } from '../server/db/database';
import { sshdAvailable, startSshd, type TestSshd } from '../server/hosts/sshd-testkit';
import { addHost } from '../server/hosts/store';
import type { FleetSnapshot } from '../server/zones/fleet';
import {
  CALLS_LOG,
  SIM_BIN,
  hostName,
  hostSideCpu as hostSideCpuOf,
  makeHost,
  repo,
  simToolDir,
  sleep,
  startDashboard as launchDashboard,
  staticToolDir,
  tool,
  trpc,
  zoneName,
  type Dashboard as Server,
  type Stats,
} from './fleet-ssh-hosts';
import { measureSshOnly, measureStarts, pointHostsAt, summarize, type StartContext } from './fleet-ssh-start';
import { fmt, median, percentile } from './stats';
const N = Number(process.env.BENCH_HOSTS ?? 20);
const ZONES = 25;
const POLL_MS = Number(process.env.ZONEDASH_POLL_MS ?? 5000);
const START_RUNS = Number(process.env.BENCH_START_RUNS ?? 3);
const FREEZE_RUNS = Number(process.env.BENCH_FREEZE_RUNS ?? 5);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3271);
const BASE = `http://localhost:${PORT}`;
const DIST = process.env.NEXT_DIST_DIR ?? '.next';
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

// ---------------------------------------------------------------- everything we start goes

const work = mkdtempSync(path.join(os.tmpdir(), 'bench-fleet-'));
const sshds: TestSshd[] = [];
const children = new Set<ChildProcess>();
let browser: Browser | null = null;
let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const c of children) c.kill('SIGKILL');
  await browser?.close().catch(() => {});
  // stop() SIGKILLs the listener and every process below it, stopped ones included
  await Promise.all(sshds.map((s) => s.thaw().catch(() => {}).then(() => s.stop())));
  rmSync(work, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void cleanup().finally(() => process.exit(130)));
// last resort if the bench dies on its own: at least the processes go (synchronously)
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of sshds) {
    try {
      process.kill(s.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

// ---------------------------------------------------------------- simulated hosts

/** calls of `tool first-arg` each host has logged so far */
function callsLogged(roots: string[], what: string): number[] {
  return roots.map((root) => {
    try {
      return readFileSync(path.join(root, CALLS_LOG), 'utf8').split('\n').filter((l) => l === what).length;
    } catch {
      return 0;
    }
  });
}

// ---------------------------------------------------------------- the server process

const startDashboard = (db: string, embeddedRoot: string) => launchDashboard({ db, embeddedRoot, port: PORT, dist: DIST, pollMs: POLL_MS, children });

/** n live subscriptions (zones.watch over SSE, as n open pages, 10 per session), read and discarded */
async function subscribe(server: Server, n: number): Promise<AbortController> {
  const abort = new AbortController();
  const url = `${BASE}/api/trpc/zones.watch?input=${encodeURIComponent('{}')}`;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const cookie = server.cookies[Math.floor(i / 10) % server.cookies.length]!;
      const res = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream', cookie } });
      if (!res.ok) throw new Error(`zones.watch: HTTP ${res.status}`);
      const reader = res.body!.getReader();
      void (async () => {
        try {
          for (;;) if ((await reader.read()).done) break;
        } catch {
          /* aborted */
        }
      })();
    }),
  );
  return abort;
}

const remoteZones = (s: FleetSnapshot) => s.zones.filter((z) => z.host !== 'sim').length;
const allConnected = (s: FleetSnapshot) => s.hosts.length === N + 1 && s.hosts.every((h) => h.state === 'connected' && !h.stale && h.fetchedAt !== null);

async function until<T>(what: string, probe: () => Promise<T | null | false>, ms: number, every = 100): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe().catch(() => null);
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out (${ms} ms) waiting for ${what}`);
    await sleep(every);
  }
}

// ---------------------------------------------------------------- /proc readings

/** established TCP connections of process `pid` to 127.0.0.1:<port>, per port */
function connectionsTo(pid: number, ports: Set<number>): Map<number, number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  const count = new Map<number, number>();
  for (const table of ['tcp', 'tcp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const remPort = parseInt(f[2]!.split(':')[1]!, 16);
      // st 01 = TCP_ESTABLISHED; f[9] is the socket's inode
      if (f[3] !== '01' || !ports.has(remPort) || !inodes.has(f[9]!)) continue;
      count.set(remPort, (count.get(remPort) ?? 0) + 1);
    }
  }
  return count;
}

const hostSideCpu = async () => (await hostSideCpuOf(sshds)).total;

/** sessions each sshd has started (its VERBOSE log: one line per exec or pty channel) */
async function sessionsStarted(): Promise<number[]> {
  return Promise.all(sshds.map(async (s) => ((await s.log()).match(/Starting session: /g) ?? []).length));
}

// ---------------------------------------------------------------- the browser

async function openPage(server: Server): Promise<Page> {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addCookies([{ name: 'zonedash_session', value: server.token, domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Strict' }]);
  return context.newPage();
}

/** The time (page clock = this machine's clock) at which every host card said connected with
 *  all its zones counted. */
async function waitCardsConnected(page: Page, hosts: number, zones: number, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    ([n, z]) => {
      const cards = [...document.querySelectorAll('ul[aria-label="Hosts"] > li[data-host]')];
      if (cards.length !== n + 1) return false;
      const ok = cards.every((li) => {
        const state = li.querySelector('div span')?.textContent;
        const counts = li.querySelector('p')?.textContent ?? '';
        return state === 'connected' && (li.getAttribute('data-host') === 'sim' || counts.startsWith(`${z} zones`));
      });
      return ok ? Date.now() : false;
    },
    [hosts, zones] as const,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

// ---------------------------------------------------------------- the run

/** the most recently changed non-test source file under `dir` */
function newestSource(dir: string): { file: string; mtimeMs: number } {
  let best = { file: dir, mtimeMs: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/\.tsx?$/.test(e.name) || /\.test\.tsx?$/.test(e.name)) continue;
    const file = path.join(e.parentPath, e.name);
    const m = statSync(file).mtimeMs;
    if (m > best.mtimeMs) best = { file, mtimeMs: m };
  }
  return best;
}

async function main(): Promise<void> {
  if (!sshdAvailable()) throw new Error('/usr/sbin/sshd and ssh-keygen are needed (Debian: openssh-server)');
  const buildId = path.join(repo, DIST, 'BUILD_ID');
  if (!existsSync(buildId) || process.env.BENCH_BUILD === '1') {
    console.log(`building in ${DIST}`);
    const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit', cwd: repo, env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: '1' } });
    if (r.status !== 0) throw new Error('next build failed');
  }
  // server/main.ts runs from the sources (tsx) while the routes run from the build: a build
  // older than the sources can disagree on the shared services and start a second set of
  // hosts (two connections per host, two lists per interval): say so rather than measure it
  const newest = newestSource(path.join(repo, 'server'));
  if (newest.mtimeMs > statSync(buildId).mtimeMs) console.warn(`WARNING: ${DIST} is older than ${path.relative(repo, newest.file)}: rebuild (BENCH_BUILD=1) or the figures may be those of a mismatched server`);
  const results: Record<string, unknown> = { machine: `${os.cpus().length} cores, node ${process.version}`, hosts: N, zonesPerHost: ZONES, pollMs: POLL_MS, loadAtStart: load() };
  console.log(`fleet over SSH: ${N} hosts × ${ZONES} zones, watcher interval ${POLL_MS} ms; load average ${load()} on ${os.cpus().length} cores`);

  // hosts: state directories with their zones, then one sshd each
  const t0 = Date.now();
  const roots = Array.from({ length: N }, (_, i) => path.join(work, `host-${hostName(i)}`));
  for (const root of roots) await makeHost(root, ZONES);
  const toolDir = simToolDir(work);
  const embeddedRoot = path.join(work, 'embedded');
  await makeHost(embeddedRoot, 1);
  for (let i = 0; i < N; i += 5) {
    const batch = roots.slice(i, i + 5).map((root) => startSshd({ pathDirs: [SIM_BIN], env: { SIM_ROOT: root, SIM_TIME_SCALE: '0', SIM_NODE: process.execPath } }));
    sshds.push(...(await Promise.all(batch)));
  }
  const ports = new Set(sshds.map((s) => s.port));
  console.log(`set up ${N} simulated hosts and sshd servers in ${fmt((Date.now() - t0) / 1000)} s`);

  // a fresh database; the hosts are added after the 0-host baseline
  const dbFile = path.join(work, 'zonedash.sqlite');
  const db = openDatabase(dbFile);
  let server = await startDashboard(dbFile, embeddedRoot);
  await server.listening;
  await until('the embedded host listed', async () => (await trpc<FleetSnapshot>(server, 'zones.list')).zones.length === 1, 30_000);

  // ---- 3a. baseline: 0 remote hosts, one page's subscription open
  const cpuWindow = Math.max(15_000, 3 * POLL_MS);
  let sub = await subscribe(server, 1);
  await sleep(3000);
  const base0 = await server.stats();
  await sleep(cpuWindow);
  const base1 = await server.stats();
  const cpu0 = (base1.cpu.user + base1.cpu.system - base0.cpu.user - base0.cpu.system) / 1000 / (cpuWindow / 1000); // ms CPU per s
  const mem0 = base1.mem;
  sub.abort();

  // ---- the hosts join the running dashboard, as `npm run hosts add` would
  const added = Date.now();
  sshds.forEach((sshd, i) =>
    addHost(
      db,
      {
        name: hostName(i),
        address: '127.0.0.1',
        port: sshd.port,
        user: sshd.user,
        fingerprint: sshd.hostFingerprint,
        toolDir,
        pfexec: false,
        identityFile: path.join(sshd.dir, 'id_ed25519'),
      },
      'bench',
    ),
  );
  await until('every added host connected and listed', async () => {
    const s = await trpc<FleetSnapshot>(server, 'zones.list');
    return allConnected(s) && remoteZones(s) === N * ZONES;
  }, 120_000);
  const joinMs = Date.now() - added;
  console.log(`${N} hosts added to the running dashboard: all connected and listed after ${fmt(joinMs / 1000, 2)} s`);

  // ---- 1. connections held
  await sleep(2 * POLL_MS);
  const conns = connectionsTo(server.child.pid!, ports);
  const connTotal = [...conns.values()].reduce((a, b) => a + b, 0);
  results.connections = { total: connTotal, ports: ports.size, portsWithExactlyOne: [...ports].filter((p) => conns.get(p) === 1).length };
  console.log(`\n1. established TCP connections from the dashboard to the ${N} sshd ports: ${connTotal} (${(results.connections as { portsWithExactlyOne: number }).portsWithExactlyOne} ports with exactly one)`);

  // ---- 3b. CPU and memory with N hosts, same window, one subscription
  sub = await subscribe(server, 1);
  await sleep(3000);
  const n0 = await server.stats();
  const h0 = await hostSideCpu();
  const sess0 = await sessionsStarted();
  await sleep(cpuWindow);
  const n1 = await server.stats();
  const h1 = await hostSideCpu();
  const sess1 = await sessionsStarted();
  sub.abort();
  const cpuN = (n1.cpu.user + n1.cpu.system - n0.cpu.user - n0.cpu.system) / 1000 / (cpuWindow / 1000);
  const lists = n1.hosts.reduce((a, h) => a + h.spawns, 0) - n0.hosts.reduce((a, h) => a + h.spawns, 0);
  // every session costs the host about the same (an sshd session and a start of a node tool)
  const sessions = sess1.reduce((a, c, i) => a + c - sess0[i]!, 0);
  const hostCpuPerSession = ((h1 - h0) * 1000) / sessions; // ms
  const memN = n1.mem;
  const mib = (b: number) => b / 1024 / 1024;
  results.resources = {
    windowMs: cpuWindow,
    dashboardCpuMsPerSecond: { hosts0: cpu0, hostsN: cpuN, perHost: (cpuN - cpu0) / N },
    dashboardCpuMsPerToolRun: ((cpuN - cpu0) * (cpuWindow / 1000)) / lists,
    rssMiB: { hosts0: mib(mem0.rss), hostsN: mib(memN.rss), perHost: mib(memN.rss - mem0.rss) / N },
    heapUsedMiB: { hosts0: mib(mem0.heapUsed), hostsN: mib(memN.heapUsed), perHost: mib(memN.heapUsed - mem0.heapUsed) / N },
    toolRunsInWindow: lists,
    sshdSessionsInWindow: sessions,
    hostSideCpuMsPerSession: hostCpuPerSession,
    hostSideCoresUsed: (h1 - h0) / (cpuWindow / 1000),
  };
  console.log(`\n3. the dashboard's own process (the simulator's tools are children of sshd, not of the dashboard: not in these figures)`);
  console.log(`   CPU over ${cpuWindow / 1000} s with 1 subscription: 0 remote hosts ${fmt(cpu0)} ms/s, ${N} hosts ${fmt(cpuN)} ms/s → ${fmt((cpuN - cpu0) / N, 2)} ms of CPU per second per host (${fmt((cpuN - cpu0) / N / 10, 3)} % of a core); ${fmt(((cpuN - cpu0) * (cpuWindow / 1000)) / lists, 2)} ms per remote tool run (${lists} runs)`);
  console.log(`   RSS after forced GC: 0 hosts ${fmt(mib(mem0.rss))} MiB, ${N} hosts ${fmt(mib(memN.rss))} MiB → ${fmt(mib(memN.rss - mem0.rss) / N, 2)} MiB per host; heap used ${fmt(mib(mem0.heapUsed))} → ${fmt(mib(memN.heapUsed))} MiB (${fmt(mib(memN.heapUsed - mem0.heapUsed) / N, 3)} MiB per host)`);
  console.log(`   host side, apart (sshd + simulator, from /proc of the sshd trees): ${fmt(hostCpuPerSession, 0)} ms CPU per session (${sessions} sessions), ${fmt((h1 - h0) / (cpuWindow / 1000), 2)} cores at this interval (${N} hosts / ${POLL_MS} ms)`);

  // ---- 2. sessions per host per interval with 1, 10, 50 subscriptions
  type SessionRow = { subscriptions: number; zoneadmList: number[]; sshdSessions: number[]; spawns: number[]; calls: Record<string, number> };
  const sessionRows: SessionRow[] = [];
  const sessionWindow = 3 * POLL_MS;
  const intervals = sessionWindow / POLL_MS;
  const allCalls = () => {
    const counts: Record<string, number> = {};
    for (const root of roots) {
      let text = '';
      try {
        text = readFileSync(path.join(root, CALLS_LOG), 'utf8');
      } catch {
        /* nothing run yet */
      }
      for (const l of text.split('\n')) if (l) counts[l] = (counts[l] ?? 0) + 1;
    }
    return counts;
  };
  for (const n of [1, 10, 50]) {
    const subs = await subscribe(server, n);
    await sleep(POLL_MS);
    const [s0, l0, z0, c0] = [await server.stats(), await sessionsStarted(), callsLogged(roots, 'zoneadm list'), allCalls()];
    await sleep(sessionWindow);
    const [s1, l1, z1, c1] = [await server.stats(), await sessionsStarted(), callsLogged(roots, 'zoneadm list'), allCalls()];
    subs.abort();
    const per = (after: number[], before: number[]) => after.map((c, i) => (c - before[i]!) / intervals);
    const spawns = (s: Stats) => s.hosts.filter((h) => h.kind === 'ssh').map((h) => h.spawns);
    const calls = Object.fromEntries(Object.entries(c1).map(([k, v]) => [k, (v - (c0[k] ?? 0)) / intervals / N]).filter(([, v]) => (v as number) > 0));
    sessionRows.push({ subscriptions: n, zoneadmList: per(z1, z0), sshdSessions: per(l1, l0), spawns: per(spawns(s1), spawns(s0)), calls });
    await sleep(300);
  }
  results.sessionsPerHostPerInterval = sessionRows.map((r) => ({
    subscriptions: r.subscriptions,
    zoneadmList: { median: median(r.zoneadmList), min: Math.min(...r.zoneadmList), max: Math.max(...r.zoneadmList) },
    sshdSessions: { median: median(r.sshdSessions), max: Math.max(...r.sshdSessions) },
    runnerSpawns: { median: median(r.spawns), max: Math.max(...r.spawns) },
    callsPerHostPerInterval: r.calls,
  }));
  console.log(`\n2. per host per ${POLL_MS} ms interval (counted over ${sessionWindow / 1000} s; median over the ${N} hosts [min–max]):`);
  for (const r of sessionRows) {
    const others = Object.entries(r.calls).filter(([k]) => k !== 'zoneadm list').map(([k, v]) => `${k} ${fmt(v, 2)}`).join(', ') || 'none';
    console.log(
      `   ${String(r.subscriptions).padStart(2)} subscriptions: zoneadm list ${fmt(median(r.zoneadmList), 2)} [${fmt(Math.min(...r.zoneadmList), 2)}–${fmt(Math.max(...r.zoneadmList), 2)}] (the hosts' own log); ` +
        `all sshd sessions ${fmt(median(r.sshdSessions), 2)}, runner spawnCount ${fmt(median(r.spawns), 2)}; other tools run: ${others}`,
    );
  }

  // ---- 5. state change → DOM: remote hosts against the embedded one
  const page = await openPage(server);
  await page.goto(BASE);
  await waitCardsConnected(page, N, ZONES, 60_000);
  // The zones page's first view counts the Doctor's findings on every host: some 40 reads per
  // host, which here run the simulator's tools on this machine's two cores (~60 CPU-s for 20
  // hosts), where on real hosts each host pays its own. Timed, and let finish before sampling,
  // so that the figures below are the dashboard's and not this machine's CPU queue.
  const tDoctor = Date.now();
  const counts = await trpc<{ host: string; count: number }[]>(server, 'doctor.counts');
  const doctorMs = Date.now() - tDoctor;
  results.doctorCountsAfterOpenMs = doctorMs;
  console.log(`\n5. (the first zones page view's Doctor counts over ${counts.length} hosts: done ${fmt(doctorMs / 1000, 1)} s after the page showed every host)`);
  // every change of a card's zone counts, with the page's clock (a string: tsx's names for
  // functions would not exist in the page)
  await page.evaluate(`(() => {
    window.__counts = [];
    const list = document.querySelector('ul[aria-label="Hosts"]');
    const seen = new Map();
    const read = () => {
      const t = Date.now();
      for (const li of list.querySelectorAll('li[data-host]')) {
        const text = li.querySelector('p')?.textContent ?? '';
        const host = li.getAttribute('data-host');
        if (seen.get(host) === text) continue;
        seen.set(host, text);
        window.__counts.push({ host, running: Number(/(\\d+) running/.exec(text)?.[1] ?? 0), t });
      }
    };
    read();
    new MutationObserver(read).observe(list, { subtree: true, childList: true, characterData: true });
  })()`);
  const running = async (host: string) =>
    (await trpc<FleetSnapshot>(server, 'zones.list')).zones.filter((z) => z.host === host && z.state === 'running').length;
  /** makes the change with the host's own CLI and returns ms until the card shows it */
  async function changeToDom(host: string, root: string, zone: string, verb: 'boot' | 'halt', expected: number): Promise<number> {
    const t0 = Date.now();
    await tool(root, 'zoneadm', ['-z', zone, verb]);
    const seen = await page.waitForFunction(
      ([h, exp, since]) => {
        const w = window as unknown as { __counts: { host: string; running: number; t: number }[] };
        return w.__counts.find((c) => c.host === h && c.running === exp && c.t >= since)?.t ?? false;
      },
      [host, expected, t0] as const,
      { timeout: POLL_MS * 3 + 15_000, polling: 20 },
    );
    return Math.max(0, ((await seen.jsonValue()) as number) - t0);
  }
  // remote: rounds of 4 hosts changed at once (each host's poll has its own phase), each round
  // at a random point of the interval, so that the wait for the next poll is sampled fairly
  const remoteLat: number[] = [];
  const perRound = Math.min(4, N);
  for (let k = 0; remoteLat.length < LATENCY_SAMPLES; k++) {
    await sleep(Math.random() * POLL_MS);
    const idx = Array.from({ length: perRound }, (_, j) => (k * perRound + j) % N);
    const lat = await Promise.all(
      idx.map(async (i) => {
        const h = hostName(i);
        const before = await running(h);
        const zone = zoneName(0);
        const isRunning = (await trpc<FleetSnapshot>(server, 'zones.list')).zones.some((z) => z.host === h && z.name === zone && z.state === 'running');
        return changeToDom(h, roots[i]!, zone, isRunning ? 'halt' : 'boot', isRunning ? before - 1 : before + 1);
      }),
    );
    remoteLat.push(...lat);
  }
  const localLat: number[] = [];
  for (let k = 0; k < LATENCY_SAMPLES; k++) {
    await sleep(100 + Math.random() * 200);
    const verb = k % 2 === 0 ? 'boot' : 'halt';
    localLat.push(await changeToDom('sim', embeddedRoot, zoneName(0), verb, verb === 'boot' ? 1 : 0));
  }
  results.changeToDomMs = {
    remote: { median: median(remoteLat), p95: percentile(remoteLat, 95), samples: remoteLat.length },
    embedded: { median: median(localLat), p95: percentile(localLat, 95), samples: localLat.length },
    p95Ratio: percentile(remoteLat, 95) / percentile(localLat, 95),
  };
  console.log(`\n5. state change (the simulator's CLI on the host) → DOM, from the start of the change:`);
  console.log(`   remote hosts: median ${fmt(median(remoteLat), 0)} ms, p95 ${fmt(percentile(remoteLat, 95), 0)} ms (${remoteLat.length} samples; waits for the next ${POLL_MS} ms poll)`);
  console.log(`   embedded host: median ${fmt(median(localLat), 0)} ms, p95 ${fmt(percentile(localLat, 95), 0)} ms (${localLat.length} samples; its change events wake the watcher)`);
  console.log(`   p95 ratio remote / embedded: ${fmt(percentile(remoteLat, 95) / percentile(localLat, 95), 1)}×`);
  await page.context().close();

  // ---- 6. a frozen host → unreachable
  const detect: number[] = [];
  const back: number[] = [];
  type HostItem = { name: string; state: string };
  for (let r = 0; r < FREEZE_RUNS; r++) {
    const i = r % N;
    const h = hostName(i);
    await sleep(Math.random() * 2000); // anywhere in the keepalive cycle
    await sshds[i]!.freeze();
    const t = Date.now();
    await until(`${h} unreachable`, async () => {
      const [list, hosts] = await Promise.all([trpc<FleetSnapshot>(server, 'zones.list'), trpc<HostItem[]>(server, 'hosts.list')]);
      return list.hosts.find((x) => x.name === h)?.state === 'unreachable' && hosts.find((x) => x.name === h)?.state === 'unreachable';
    }, 30_000);
    detect.push(Date.now() - t);
    await sshds[i]!.thaw();
    const u = Date.now();
    await until(`${h} connected again`, async () => (await trpc<FleetSnapshot>(server, 'zones.list')).hosts.find((x) => x.name === h)?.state === 'connected', 90_000);
    back.push(Date.now() - u);
  }
  results.freeze = { detectMs: detect, medianMs: median(detect), maxMs: Math.max(...detect), backMs: back };
  console.log(`\n6. frozen host (SIGSTOP of its sshd) → 'unreachable' in zones.list and hosts.list: median ${fmt(median(detect) / 1000, 2)} s, max ${fmt(Math.max(...detect) / 1000, 2)} s over ${FREEZE_RUNS} (target ≤ 10 s); connected again after thaw: median ${fmt(median(back) / 1000, 2)} s`);
  await server.stop();

  // ---- 4. first full table after a start, fresh processes with the N hosts in the database:
  // with the simulator's tools on the hosts, then with static stand-ins (the dashboard's own
  // part: a real host's `zoneadm list` costs milliseconds, not a node start)
  const pageShowsAll = async (s: Server) => {
    const p = await openPage(s);
    try {
      await p.goto(BASE);
      return await waitCardsConnected(p, N, ZONES, 120_000);
    } finally {
      await p.context().close();
    }
  };
  const ctx: StartContext = { sshds, roots, db, dbFile, embeddedRoot, zonesPerHost: ZONES, port: PORT, dist: DIST, pollMs: POLL_MS, children, page: pageShowsAll };
  const staticTools = await staticToolDir(work, roots);
  console.log(`\n4. first full table of ${N * ZONES} remote zones after a start (fresh processes; times from the startServer() call; the host's release is known, as at a restart):`);
  const firstFullTable: Record<string, unknown> = {};
  for (const [kind, dir] of [['simulator', toolDir], ['static', staticTools]] as const) {
    pointHostsAt(db, dir, 'known');
    const label = kind === 'simulator' ? "simulator's tools" : 'static tools';
    const alone = await measureSshOnly(ctx, START_RUNS, label);
    firstFullTable[kind] = {
      sshLayerAlone: { allListedMs: median(alone.map((x) => x.allListed)), cpuSelf: median(alone.map((x) => x.cpuSelf)), runs: alone },
      ...summarize(label, await measureStarts(ctx, START_RUNS, label)),
    };
  }
  pointHostsAt(db, toolDir, 'known');
  results.firstFullTable = firstFullTable;

  results.loadAtEnd = load();
  console.log(`\nload average at the end: ${load()}`);
  db.close();
  mkdirSync(path.join(repo, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(repo, 'bench', 'results', 'fleet-ssh.json'), JSON.stringify(results, null, 2) + '\n');
}

try {
  await main();
} catch (e) {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
} finally {
  await cleanup();
}
process.exit(process.exitCode ?? 0);
