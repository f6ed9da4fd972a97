// Benchmarks of the live zone table (issue 3), all in one run on this machine:
//   1. zoneadm spawns per watcher interval with 1, 10 and 50 open subscriptions (must stay flat);
//   2. zone list queries per second at 10 concurrent clients, against hosts.list as the
//      same-job baseline (a procedure that touches no zone data);
//   3. time from a state change on the host to the change in the browser's DOM;
//   4. first render and scroll of 5,000 zones, against 20 zones as the baseline.
// Medians and p95 over repeated runs. Usage: npm run bench:zones (builds first if needed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { fmt, median, percentile } from './stats';

const PORT = Number(process.env.BENCH_PORT ?? 3219);
const BASE = `http://localhost:${PORT}`;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const root = mkdtempSync(path.join(tmpdir(), 'bench-zones-'));
Object.assign(process.env, {
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  PORT: String(PORT),
  HOST: 'localhost',
  SIM_ROOT: root,
  SIM_SEED: '0',
  SIM_TIME_SCALE: '0',
  ZONEDASH_HOST: 'sim',
  ZONEDASH_DB: ':memory:',
  ZONEDASH_POLL_MS: '1000',
});

if (!existsSync(path.join(process.env.NEXT_DIST_DIR ?? '.next', 'BUILD_ID'))) {
  const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

const { ensureHost, updateState } = await import('../server/sim/store');
const { runTool } = await import('../server/sim/tools');
const { startServer } = await import('../server/main');
const { hostRegistry } = await import('../server/hosts/registry');

const io = (out: string[] = []) => ({
  root,
  stdin: null,
  isTTY: false,
  stdout: (t: string) => void out.push(t),
  stderr: (t: string) => void out.push(t),
  timeScale: 0,
});
async function tool(name: 'zoneadm' | 'zonecfg', args: string[]) {
  const out: string[] = [];
  const code = await runTool(name, args, io(out));
  if (code !== 0) throw new Error(`${name} ${args.join(' ')}: ${out.join('')}`);
}

await ensureHost(root);
for (let i = 1; i <= 20; i++) {
  await tool('zonecfg', ['-z', `bench${i}`, `create -t lipkg; set zonepath=/zones/bench${i}; add net; set physical=bench${i}0; end`]);
  if (i <= 10) await tool('zoneadm', ['-z', `bench${i}`, 'install']);
}
const server = await startServer({ dev: false });
const host = (await hostRegistry()).defaultHost!;
// Everything needs a session: an admin of the bench's own, signed in directly.
const { createUser } = await import('../server/auth/users');
const { createSession } = await import('../server/auth/sessions');
const admin = await createUser({ name: 'bench', role: 'admin', password: `bench-${Math.random().toString(36).slice(2)}-Pw1!` });
const { token } = createSession(admin, { address: '127.0.0.1', userAgent: 'bench' });
const cookie = `zonedash_session=${token}`;
// A session may hold 12 live streams (server/trpc/http.ts): 50 open pages are 5 people's.
const { MAX_STREAMS_PER_SESSION } = await import('../server/trpc/http');
const streamCookies = Array.from({ length: 5 }, () => `zonedash_session=${createSession(admin, { address: '127.0.0.1', userAgent: 'bench' }).token}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const results: Record<string, unknown> = { machine: `${process.platform} ${process.arch}, node ${process.version}` };

// 1. spawns per interval ---------------------------------------------------------------
async function openSubscriptions(n: number): Promise<AbortController> {
  const abort = new AbortController();
  const url = `${BASE}/api/trpc/zones.watch?input=${encodeURIComponent('{}')}`;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const own = streamCookies[Math.floor(i / (MAX_STREAMS_PER_SESSION - 2))] ?? cookie;
      const res = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream', cookie: own } });
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
const spawnRows: { subscriptions: number; median: number; p95: number }[] = [];
for (const n of [1, 10, 50]) {
  const runs: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const subs = await openSubscriptions(n);
    await sleep(1500);
    const s0 = host.runner.spawnCount;
    await sleep(5000);
    runs.push((host.runner.spawnCount - s0) / 5);
    subs.abort();
    await sleep(300);
  }
  spawnRows.push({ subscriptions: n, median: median(runs), p95: percentile(runs, 95) });
}
results.spawnsPerInterval = spawnRows;

// 2. queries per second ----------------------------------------------------------------
async function qps(proc: string, seconds = 4, clients = 10) {
  const url = `${BASE}/api/trpc/${proc}?input=${encodeURIComponent('{}')}`;
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        const res = await fetch(url, { headers: { cookie } });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${proc}: HTTP ${res.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { qps: latencies.length / seconds, p95ms: percentile(latencies, 95) };
}
const qRuns = { list: [] as number[], base: [] as number[], listP95: [] as number[] };
for (let r = 0; r < REPEATS; r++) {
  const l = await qps('zones.list');
  const b = await qps('hosts.list');
  qRuns.list.push(l.qps);
  qRuns.listP95.push(l.p95ms);
  qRuns.base.push(b.qps);
}
results.queries = {
  zonesListQps: median(qRuns.list),
  zonesListP95Ms: median(qRuns.listP95),
  baselineHostsListQps: median(qRuns.base),
  ratio: median(qRuns.list) / median(qRuns.base),
};

// 3. host change → DOM -----------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const sessionCookie = { name: 'zonedash_session', value: token, domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Strict' as const };
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
await context.addCookies([sessionCookie]);
const page = await context.newPage();
await page.goto(BASE);
await page.locator('tr[data-zone="bench1"]').waitFor();
await page.evaluate(() => {
  const w = window as unknown as { __changes: { text: string; t: number }[] };
  w.__changes = [];
  const row = document.querySelector('tr[data-zone="bench1"]')!;
  new MutationObserver(() => {
    const text = row.querySelector('td:nth-child(3)')?.textContent ?? '';
    w.__changes.push({ text, t: Date.now() });
  }).observe(row, { subtree: true, childList: true, characterData: true });
});
const latencies: number[] = [];
const toolMs: number[] = [];
for (let i = 0; i < 20; i++) {
  const verb = i % 2 === 0 ? 'boot' : 'halt';
  const expected = verb === 'boot' ? 'running' : 'installed';
  // From the moment the tool starts: its state write happens inside the call (instant at
  // time scale 0), and the watcher may publish before the call even returns.
  const t0 = Date.now();
  await tool('zoneadm', ['-z', 'bench1', verb]);
  toolMs.push(Date.now() - t0);
  const seen = await page.waitForFunction(
    ([exp, since]) => {
      const w = window as unknown as { __changes: { text: string; t: number }[] };
      return w.__changes.find((c) => c.text === exp && c.t >= since)?.t ?? false;
    },
    [expected, t0] as const,
    { timeout: 10_000 },
  );
  latencies.push(Math.max(0, ((await seen.jsonValue()) as number) - t0));
  await sleep(150);
}
results.hostChangeToDomMs = { median: median(latencies), p95: percentile(latencies, 95), toolMedianMs: median(toolMs), pollIntervalMs: 1000, samples: latencies.length };

// 4. 5,000 zones -------------------------------------------------------------------------
async function renderAndScroll() {
  const p = await context.newPage();
  const t0 = Date.now();
  await p.goto(BASE);
  await p.locator('tbody tr[data-zone]').first().waitFor();
  const firstRender = Date.now() - t0;
  const scroll = await p.evaluate(async () => {
    const frames: number[] = [];
    let last = performance.now();
    const start = last;
    while (window.scrollY + window.innerHeight < document.body.scrollHeight - 2) {
      window.scrollBy(0, 900);
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    const sorted = frames.sort((a, b) => a - b);
    return { totalMs: performance.now() - start, frames: frames.length, p95FrameMs: sorted[Math.ceil(sorted.length * 0.95) - 1] ?? 0 };
  });
  const rowsInDom = await p.locator('tbody tr[data-zone]').count();
  await p.close();
  return { firstRender, ...scroll, rowsInDom };
}
const small: Awaited<ReturnType<typeof renderAndScroll>>[] = [];
for (let r = 0; r < REPEATS; r++) small.push(await renderAndScroll());
await updateState(root, (s) => {
  const template = s.zones.find((z) => z.name === 'bench20')!;
  for (let i = 21; i <= 5000; i++) {
    s.zones.push({ ...structuredClone(template), name: `bench${i}`, zonepath: `/zones/bench${i}`, net: [{ physical: `bench${i}0` }] });
  }
});
await (await import('../server/zones/watcher')).watcherFor(host).refresh();
const large: Awaited<ReturnType<typeof renderAndScroll>>[] = [];
for (let r = 0; r < REPEATS; r++) large.push(await renderAndScroll());
const summarize = (xs: typeof large) => ({
  firstRenderMs: median(xs.map((x) => x.firstRender)),
  scrollToEndMs: median(xs.map((x) => x.totalMs)),
  p95FrameMs: median(xs.map((x) => x.p95FrameMs)),
  rowsInDom: median(xs.map((x) => x.rowsInDom)),
});
results.render = { zones20: summarize(small), zones5000: summarize(large) };
await browser.close();
server.close();

const r = results as {
  spawnsPerInterval: typeof spawnRows;
  queries: { zonesListQps: number; zonesListP95Ms: number; baselineHostsListQps: number; ratio: number };
  hostChangeToDomMs: { median: number; p95: number; toolMedianMs: number };
  render: { zones20: ReturnType<typeof summarize>; zones5000: ReturnType<typeof summarize> };
};
const lines = [
  `zoneadm spawns per 1 s interval: ${r.spawnsPerInterval.map((s) => `${s.subscriptions} subs → ${fmt(s.median, 2)} (p95 ${fmt(s.p95, 2)})`).join('; ')}`,
  `zones.list at 10 clients: ${fmt(r.queries.zonesListQps, 0)} q/s (p95 ${fmt(r.queries.zonesListP95Ms)} ms); hosts.list baseline ${fmt(r.queries.baselineHostsListQps, 0)} q/s; ratio ${fmt(r.queries.ratio, 2)}`,
  `host change → DOM (from the tool's start; the tool itself takes ${fmt(r.hostChangeToDomMs.toolMedianMs, 0)} ms): median ${fmt(r.hostChangeToDomMs.median, 0)} ms, p95 ${fmt(r.hostChangeToDomMs.p95, 0)} ms (watcher interval 1000 ms)`,
  `first render: 20 zones ${fmt(r.render.zones20.firstRenderMs, 0)} ms, 5,000 zones ${fmt(r.render.zones5000.firstRenderMs, 0)} ms (ratio ${fmt(r.render.zones5000.firstRenderMs / r.render.zones20.firstRenderMs, 2)})`,
  `scroll 5,000 zones to the end: ${fmt(r.render.zones5000.scrollToEndMs, 0)} ms, p95 frame ${fmt(r.render.zones5000.p95FrameMs)} ms, ${r.render.zones5000.rowsInDom} rows in the DOM`,
];
console.log(lines.join('\n'));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/zones-live.json', JSON.stringify(results, null, 2) + '\n');
process.exit(0);
