// The start of a dashboard with N SSH hosts (issue 14's "first full table of 500 zones after
// start within 3 s"), measured and taken apart. Each run starts the real server in a fresh
// process (bench/fleet-ssh-server.ts) on a database holding the N hosts, asks zones.list every
// 100 ms until one answer holds all N×25 remote zones, and at that moment reads:
//   - per host, the SSH runner's timeline (waiting for a handshake slot, TCP, key exchange and
//     host key check, authentication, first channel, first command's end) and when the host's
//     first zone list reached the fleet;
//   - CPU since the start: the dashboard's process (node + tsx + Next's prepare + ssh2), the
//     sshd process trees, and of those the simulator's tools (each tool run's CPU logged by
//     its wrapper, plus tools still running).
// Runs are made twice, with the same hosts and sshd servers: with the simulator's tools (a
// node process per call, about 0.1 s of CPU each, on the same 2 cores as the dashboard) and
// with static stand-ins that print what the simulator printed (a real illumos host's
// `zoneadm list` costs a few ms): the second is the dashboard's own start.
// Used by bench/fleet-ssh.ts (part 4) and on its own:
//   npx tsx bench/fleet-ssh-start.ts   (knobs: BENCH_HOSTS 20, BENCH_START_RUNS 3,
//   BENCH_TOOLS sim|static|both (both), BENCH_PORT 3272, NEXT_DIST_DIR (a build of the same
//   sources), BENCH_APP_DIR (run the server there: another next.config to try), BENCH_RELEASE known|unknown (known: a restart; unknown: the first start after
//   the hosts were added, when each host's release is read too))
// Writes bench/results/fleet-ssh-start.json when run on its own.
import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type DB } from '../server/db/database';
import { sshdAvailable, startSshd, type TestSshd } from '../server/hosts/sshd-testkit';
import { SshRunner } from '../server/hosts/ssh';
import { addHost, listHosts, setRelease, updateHost } from '../server/hosts/store';
import { zoneadmList } from '../server/illumos/zoneadm';
import type { FleetSnapshot } from '../server/zones/fleet';
import {
  SIM_BIN,
  hostName,
  hostSideCpu,
  makeHost,
  repo,
  simToolDir,
  sleep,
  startDashboard,
  staticToolDir,
  toolCpuLogged,
  trpc,
  type Dashboard,
} from './fleet-ssh-hosts';
import { fmt, median } from './stats';

export const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export interface StartContext {
  sshds: TestSshd[];
  roots: string[];
  db: DB;
  dbFile: string;
  embeddedRoot: string;
  zonesPerHost: number;
  port: number;
  dist: string;
  pollMs: number;
  children: Set<ChildProcess>;
  /** where the server runs (Next reads its config there): BENCH_APP_DIR, to try a setting */
  cwd?: string;
  /** also time a browser page until its table shows every host with its zones: resolves with
   *  that moment (this machine's clock) */
  page?: (server: Dashboard) => Promise<number>;
}

export interface StartRun {
  loadAtStart: string;
  /** ms from the startServer() call */
  servicesBuilt: number;
  listening: number;
  allReady: number;
  lastFirstList: number;
  /** the first zones.list answer of any kind (Next's first request on the route included) */
  firstAnswer: number;
  fullList: number;
  /** the page with every host's zones (when asked for) */
  page: number | null;
  /** the dashboard process from its spawn (node and tsx loading before startServer) */
  spawnToStart: number;
  /** per-host steps, ms: median and max over the hosts */
  steps: Record<string, { median: number; max: number }>;
  /** CPU seconds from the spawn of the dashboard's process to the full table */
  cpu: { dashboard: number; dashboardBeforeStart: number; hostSide: number; tools: number; sshdAndShells: number; toolRuns: number; byTool: Record<string, { runs: number; seconds: number }> };
  algorithms: string;
}

/** Points every host at a tool directory, and sets its release known or unknown. */
export function pointHostsAt(db: DB, toolDir: string, release: 'known' | 'unknown'): void {
  for (const h of listHosts(db)) {
    if (h.toolDir !== toolDir) updateHost(db, h.name, { toolDir }, 'bench');
    setRelease(db, h.name, release === 'known' ? 'bench-release' : null);
  }
}

/** `runs` fresh starts with the database as it is. */
export async function measureStarts(ctx: StartContext, runs: number, label: string): Promise<StartRun[]> {
  const n = ctx.sshds.length;
  const out: StartRun[] = [];
  for (let r = 0; r < runs; r++) {
    await sleep(1500); // the previous process's sshd sessions wind down
    const loadAtStart = load();
    const host0 = await hostSideCpu(ctx.sshds);
    const tools0 = toolCpuLogged(ctx.roots);
    const server: Dashboard = await startDashboard({ db: ctx.dbFile, embeddedRoot: ctx.embeddedRoot, port: ctx.port, dist: ctx.dist, pollMs: ctx.pollMs, children: ctx.children, cwd: ctx.cwd });
    let fullAt = 0;
    let answerAt = 0;
    let inFlight = 0;
    // a question every 100 ms (several may be in flight: an answer waits up to 2.5 s for hosts
    // that have not answered yet); the first full answer's arrival counts
    const poller = setInterval(() => {
      if (fullAt || inFlight >= 8) return;
      inFlight++;
      trpc<FleetSnapshot>(server, 'zones.list')
        .then((snap) => {
          answerAt ||= Date.now();
          if (!fullAt && snap.zones.filter((z) => z.host !== 'sim').length === n * ctx.zonesPerHost) fullAt = Date.now();
        })
        .catch(() => {})
        .finally(() => inFlight--);
    }, 100);
    const listeningAt = await server.listening;
    // the browser opens once the server listens (the questions above are already going)
    const pageAt = ctx.page ? ctx.page(server) : null;
    for (let t0 = Date.now(); !fullAt; await sleep(20)) if (Date.now() - t0 > 120_000) throw new Error(`${label}: no full zones.list in 120 s`);
    clearInterval(poller);
    const [tl, host1] = await Promise.all([server.timeline(), hostSideCpu(ctx.sshds)]);
    const tools1 = toolCpuLogged(ctx.roots);
    const pageDone = pageAt ? await pageAt : null;
    await server.stop();

    const s0 = server.startedAt;
    const hosts = tl.hosts;
    const step = (f: (h: (typeof hosts)[number]) => number | null) => {
      const v = hosts.map(f).filter((x): x is number => x !== null && Number.isFinite(x));
      return { median: median(v), max: Math.max(...v) };
    };
    // (a dashboard from before SshRunner kept a timeline reports none: its steps are n/a)
    const t = (h: (typeof hosts)[number]) => h.timeline ?? ({} as Partial<(typeof hosts)[number]['timeline']>);
    const d = (a: number | null | undefined, b: number | null | undefined) => (a != null && b != null ? b - a : null);
    const byTool: Record<string, { runs: number; seconds: number }> = {};
    for (const [k, v] of Object.entries(tools1.byTool)) {
      const before = tools0.byTool[k] ?? { runs: 0, seconds: 0 };
      if (v.runs > before.runs) byTool[k] = { runs: v.runs - before.runs, seconds: v.seconds - before.seconds };
    }
    const toolsCpu = tools1.seconds - tools0.seconds + host1.liveNode;
    const hostSide = host1.total - host0.total;
    const algos = [...new Set(hosts.map((h) => (t(h).algorithms ? Object.values(t(h).algorithms!).join(' ') : 'not reported')))].join(' | ');
    const run: StartRun = {
      loadAtStart,
      servicesBuilt: tl.servicesAt - s0,
      listening: listeningAt - s0,
      allReady: Math.max(...hosts.map((h) => t(h).readyAt ?? NaN)) - s0,
      lastFirstList: Math.max(...hosts.map((h) => h.firstListAt ?? Infinity)) - s0,
      firstAnswer: answerAt - s0,
      fullList: fullAt - s0,
      page: pageDone === null ? null : pageDone - s0,
      spawnToStart: s0 - server.spawnedAt,
      steps: {
        'start → connection requested': step((h) => d(s0, t(h).requestedAt)),
        'waiting for a handshake slot': step((h) => d(t(h).requestedAt, t(h).slotAt)),
        'TCP connect': step((h) => d(t(h).slotAt, t(h).tcpAt)),
        'key exchange + host key': step((h) => d(t(h).tcpAt, t(h).kexAt)),
        authentication: step((h) => d(t(h).kexAt, t(h).readyAt)),
        'ready → first channel open': step((h) => d(t(h).readyAt, t(h).firstExecAt)),
        'first channel → its end': step((h) => d(t(h).firstExecAt, t(h).firstExitAt)),
        'ready → first list in the fleet': step((h) => d(t(h).readyAt, h.firstListAt)),
        'start → first list in the fleet': step((h) => d(s0, h.firstListAt)),
      },
      cpu: {
        dashboard: (tl.cpu.user + tl.cpu.system - server.cpuAtStart.user - server.cpuAtStart.system) / 1e6,
        dashboardBeforeStart: (server.cpuAtStart.user + server.cpuAtStart.system) / 1e6,
        hostSide,
        tools: toolsCpu,
        sshdAndShells: hostSide - toolsCpu,
        toolRuns: tools1.runs - tools0.runs,
        byTool,
      },
      algorithms: algos,
    };
    out.push(run);
    console.log(
      `   ${label} start ${r + 1}/${runs} (load ${loadAtStart}): services ${fmt(run.servicesBuilt / 1000, 2)} s, listening ${fmt(run.listening / 1000, 2)} s, ` +
        `all ${n} authenticated ${fmt(run.allReady / 1000, 2)} s, last first list ${fmt(run.lastFirstList / 1000, 2)} s, first zones.list answer ${fmt(run.firstAnswer / 1000, 2)} s, full zones.list ${fmt(run.fullList / 1000, 2)} s${run.page === null ? '' : `, page with every host's zones ${fmt(run.page / 1000, 2)} s`}; ` +
        `CPU s from startServer(): dashboard ${fmt(run.cpu.dashboard, 2)} (before it: ${fmt(run.cpu.dashboardBeforeStart, 2)} s CPU, ${fmt(run.spawnToStart / 1000, 2)} s wall, node + tsx + modules), sshd side ${fmt(run.cpu.hostSide, 2)} (tools ${fmt(run.cpu.tools, 2)} in ${run.cpu.toolRuns} runs, sshd + shells ${fmt(run.cpu.sshdAndShells, 2)})`,
    );
  }
  return out;
}

/**
 * The SSH layer alone, in this process (no Next, no HTTP): an SshRunner per host of the
 * database, each asked for its zone list at once (as its watcher does), timed until every list
 * is back; CPU of this process (ssh2: key exchanges, authentication, channels) and of the sshd
 * side over the same span.
 */
export async function measureSshOnly(ctx: StartContext, runs: number, label: string): Promise<Array<{ allListed: number; allReady: number; cpuSelf: number; cpuHostSide: number; loadAtStart: string }>> {
  const out: Array<{ allListed: number; allReady: number; cpuSelf: number; cpuHostSide: number; loadAtStart: string }> = [];
  for (let r = 0; r < runs; r++) {
    await sleep(1500);
    const loadAtStart = load();
    const records = listHosts(ctx.db);
    const host0 = await hostSideCpu(ctx.sshds);
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    const runners = records.map(
      (h) => new SshRunner({ name: h.name, address: h.address, port: h.port, user: h.user, privateKey: readFileSync(h.identityFile!, 'utf8'), pinnedFingerprints: h.fingerprints, toolDir: h.toolDir, pfexec: h.pfexec }),
    );
    const results = await Promise.all(runners.map((x) => x.run(zoneadmList(), { timeoutMs: 60_000 })));
    const allListed = Date.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const host1 = await hostSideCpu(ctx.sshds);
    const allReady = Math.max(...runners.map((x) => x.timeline?.readyAt ?? NaN)) - t0;
    for (const x of runners) x.close();
    const bad = results.filter((x) => x.exitCode !== 0);
    if (bad.length) throw new Error(`${label}: ${bad.length} lists failed: ${bad[0]!.stderr}`);
    const run = { allListed, allReady, cpuSelf: (cpu.user + cpu.system) / 1e6, cpuHostSide: host1.total - host0.total, loadAtStart };
    out.push(run);
    console.log(`   ${label} SSH layer alone ${r + 1}/${runs} (load ${loadAtStart}): all ${records.length} authenticated ${fmt(allReady / 1000, 2)} s, all listed ${fmt(allListed / 1000, 2)} s; CPU s: this process (ssh2) ${fmt(run.cpuSelf, 2)}, sshd side ${fmt(run.cpuHostSide, 2)}`);
  }
  return out;
}

/** The medians of a set of runs, printed as one block. */
export function summarize(label: string, runs: StartRun[]): Record<string, unknown> {
  const m = (f: (r: StartRun) => number) => median(runs.map(f));
  const pages = runs.flatMap((r) => (r.page === null ? [] : [r.page]));
  console.log(`   ${label}: median of ${runs.length}: full zones.list ${fmt(m((r) => r.fullList) / 1000, 2)} s (target ≤ 3 s)${pages.length ? `, page ${fmt(median(pages) / 1000, 2)} s` : ''}, listening ${fmt(m((r) => r.listening) / 1000, 2)} s, all authenticated ${fmt(m((r) => r.allReady) / 1000, 2)} s; loads ${runs.map((r) => r.loadAtStart.split(' ')[0]).join(', ')}`);
  console.log(`     first zones.list answer ${fmt(m((r) => r.firstAnswer) / 1000, 2)} s, every host's first list in the fleet ${fmt(m((r) => r.lastFirstList) / 1000, 2)} s`);
  console.log(`     CPU from startServer() to the full table (s): dashboard ${fmt(m((r) => r.cpu.dashboard), 2)}, sshd side ${fmt(m((r) => r.cpu.hostSide), 2)} = tools ${fmt(m((r) => r.cpu.tools), 2)} + sshd and shells ${fmt(m((r) => r.cpu.sshdAndShells), 2)}; algorithms ${runs[0]?.algorithms}`);
  const last = runs[runs.length - 1]!;
  console.log(`     per host (last run, median / max ms): ${Object.entries(last.steps).map(([k, v]) => `${k} ${fmt(v.median, 0)}/${fmt(v.max, 0)}`).join('; ')}`);
  const tools = Object.entries(last.cpu.byTool).map(([k, v]) => `${k} ×${v.runs} ${fmt((v.seconds / v.runs) * 1000, 0)} ms`).join(', ');
  if (tools) console.log(`     tools run before the full table (last run, CPU per run): ${tools}`);
  return {
    fullListMs: m((r) => r.fullList),
    pageMs: pages.length ? median(pages) : null,
    firstAnswerMs: m((r) => r.firstAnswer),
    lastFirstListMs: m((r) => r.lastFirstList),
    listeningMs: m((r) => r.listening),
    allAuthenticatedMs: m((r) => r.allReady),
    cpuSeconds: { dashboardBeforeStart: m((r) => r.cpu.dashboardBeforeStart), dashboard: m((r) => r.cpu.dashboard), hostSide: m((r) => r.cpu.hostSide), tools: m((r) => r.cpu.tools), sshdAndShells: m((r) => r.cpu.sshdAndShells) },
    runs,
  };
}

// ---------------------------------------------------------------- on its own

async function main(): Promise<void> {
  if (!sshdAvailable()) throw new Error('/usr/sbin/sshd and ssh-keygen are needed (Debian: openssh-server)');
  const N = Number(process.env.BENCH_HOSTS ?? 20);
  const ZONES = 25;
  const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);
  const which = process.env.BENCH_TOOLS ?? 'both';
  const release = process.env.BENCH_RELEASE === 'unknown' ? 'unknown' : 'known';
  const dist = process.env.NEXT_DIST_DIR ?? '.next';
  if (!existsSync(path.join(repo, dist, 'BUILD_ID'))) throw new Error(`no build in ${dist}: NEXT_DIST_DIR=${dist} npx next build first`);
  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-fleet-start-'));
  const sshds: TestSshd[] = [];
  const children = new Set<ChildProcess>();
  const cleanup = async () => {
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(sshds.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void cleanup().finally(() => process.exit(130)));
  try {
    console.log(`fleet start over SSH: ${N} hosts × ${ZONES} zones; load average ${load()} on ${os.cpus().length} cores`);
    const roots = Array.from({ length: N }, (_, i) => path.join(work, `host-${hostName(i)}`));
    for (const root of roots) await makeHost(root, ZONES);
    const embeddedRoot = path.join(work, 'embedded');
    await makeHost(embeddedRoot, 1);
    const simTools = simToolDir(work);
    const staticTools = await staticToolDir(work, roots);
    for (let i = 0; i < N; i += 5) {
      const batch = roots.slice(i, i + 5).map((root) => startSshd({ pathDirs: [SIM_BIN], env: { SIM_ROOT: root, SIM_TIME_SCALE: '0', SIM_NODE: process.execPath } }));
      sshds.push(...(await Promise.all(batch)));
    }
    const dbFile = path.join(work, 'zonedash.sqlite');
    const db = openDatabase(dbFile);
    sshds.forEach((sshd, i) =>
      addHost(db, { name: hostName(i), address: '127.0.0.1', port: sshd.port, user: sshd.user, fingerprint: sshd.hostFingerprint, toolDir: simTools, pfexec: false, identityFile: path.join(sshd.dir, 'id_ed25519') }, 'bench'),
    );
    const ctx: StartContext = { sshds, roots, db, dbFile, embeddedRoot, zonesPerHost: ZONES, port: Number(process.env.BENCH_PORT ?? 3272), dist, pollMs: Number(process.env.ZONEDASH_POLL_MS ?? 5000), children, cwd: process.env.BENCH_APP_DIR };
    const results: Record<string, unknown> = { machine: `${os.cpus().length} cores, node ${process.version}`, hosts: N, zonesPerHost: ZONES, release, loadAtStart: load() };
    const kinds: Array<['sim' | 'static', string]> = [];
    if (which !== 'static') kinds.push(['sim', simTools]);
    if (which !== 'sim') kinds.push(['static', staticTools]);
    const summaries: Record<string, unknown> = {};
    for (const [kind, dir] of kinds) {
      pointHostsAt(db, dir, release);
      const label = kind === 'sim' ? 'simulator tools' : 'static tools';
      const sshOnly = await measureSshOnly(ctx, RUNS, label);
      summaries[kind] = {
        sshLayerAlone: { allListedMs: median(sshOnly.map((x) => x.allListed)), allAuthenticatedMs: median(sshOnly.map((x) => x.allReady)), cpuSelf: median(sshOnly.map((x) => x.cpuSelf)), cpuHostSide: median(sshOnly.map((x) => x.cpuHostSide)), runs: sshOnly },
        ...summarize(label, await measureStarts(ctx, RUNS, label)),
      };
    }
    results.starts = summaries;
    results.loadAtEnd = load();
    db.close();
    mkdirSync(path.join(repo, 'bench', 'results'), { recursive: true });
    writeFileSync(path.join(repo, 'bench', 'results', 'fleet-ssh-start.json'), JSON.stringify(results, null, 2) + '\n');
  } finally {
    await cleanup();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
  } catch (e) {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  }
  process.exit(process.exitCode ?? 0);
}
