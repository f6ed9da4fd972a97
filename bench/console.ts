// Benchmarks of the console (issue 5), side by side in one run, medians over several runs:
//   1. a 10 MiB burst from the console source to a websocket client, SHA-256 on both ends:
//      our hub against a raw pty-to-websocket pipe (the limit of this stack) and wetty;
//   2. keystroke echo latency p50/p99, idle and during a flood at full speed;
//   3. one viewer frozen for 10 s during a flood: the other viewer's echo latency and the
//      server's memory (hub against the raw pipe; wetty gives each viewer its own pty, so it
//      has no shared console to freeze).
// Each server runs in its own process (bench/console-server.ts) with the same console source,
// server/console/fake-zlogin.mjs on a pty. Usage: npm run bench:console
//   BENCH_RUNS (default 5), BENCH_FREEZE_RUNS (default 3), BENCH_FLOOD_RATE (frozen test,
//   bytes/s, default 8 MiB/s), BENCH_ONLY=frozen (only part 3), BENCH_DEBUG=1 (memory detail),
//   BENCH_PORT (first port, default 3240). On a shared 2-core machine the figures move with
//   the load: run it when the machine is otherwise idle, and look at `uptime` first.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { io as ioClient } from 'socket.io-client';
import { TestViewer } from '../server/console/testkit';
import { fmt, median, percentile } from './stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SKIP_BURSTS = process.env.BENCH_ONLY === 'frozen';
const FREEZE_RUNS = Number(process.env.BENCH_FREEZE_RUNS ?? 3);
const BURST = 10 * 1024 * 1024;
const PROBES = 100;
const FREEZE_MS = 10_000;
const FLOOD_RATE = Number(process.env.BENCH_FLOOD_RATE ?? 8 * 1024 * 1024);
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3240);

type Kind = 'hub' | 'raw' | 'wetty';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- servers

interface Server {
  kind: Kind;
  port: number;
  child: ChildProcess;
  mem(): Promise<NodeJS.MemoryUsage & { queued: number }>;
  stop(): void;
}

let memSeq = 0;

async function startServer(kind: Kind, port: number): Promise<Server | null> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'console-server.ts'), kind, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ok = await new Promise<boolean>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`ready ${port}`)) resolve(true);
    });
    child.once('exit', () => resolve(false));
    setTimeout(() => resolve(false), 30_000);
  });
  if (!ok) {
    console.error(`${kind}: server did not start${err ? `: ${err.trim().split('\n').slice(-3).join(' / ')}` : ''}`);
    child.kill();
    return null;
  }
  return {
    kind,
    port,
    child,
    mem: () =>
      new Promise((resolve) => {
        // answers are matched by id: a late answer to an earlier question is not this one
        const id = ++memSeq;
        const on = (m: NodeJS.MemoryUsage & { queued: number; id: number }) => {
          if (m.id !== id) return;
          child.off('message', on);
          resolve(m);
        };
        child.on('message', on);
        child.send({ mem: id });
      }),
    stop: () => child.kill(),
  };
}

// ---------------------------------------------------------------- clients

/** Watches a client's byte stream: echoes ('@', which the flood never contains) and markers. */
class Tap {
  echoes = 0;
  bytes = 0;
  private chunks: Buffer[] | null = null;
  private tail = '';
  private waiters = new Set<() => void>();
  done: { sha: string; at: number } | null = null;
  stopped = false;

  feed(b: Buffer): void {
    this.bytes += b.length;
    for (let i = b.indexOf(64); i !== -1; i = b.indexOf(64, i + 1)) this.echoes++;
    if (this.chunks) this.chunks.push(b);
    const s = this.tail + b.toString('latin1');
    const m = /\x1b\]fake;done;([0-9a-f]{64})\x07/.exec(s);
    if (m && !this.done) this.done = { sha: m[1]!, at: performance.now() };
    if (s.includes('\x1b]fake;stopped;')) this.stopped = true;
    this.tail = s.slice(-120);
    for (const w of [...this.waiters]) w();
  }

  /** start keeping bytes (the burst) */
  record(): void {
    this.chunks = [];
    this.done = null;
    this.tail = '';
  }

  /** the recorded bytes up to the done marker, hashed */
  recordedHash(): { sha: string; bytes: number } {
    const all = Buffer.concat(this.chunks ?? []);
    this.chunks = null;
    const end = all.indexOf('\x1b]fake;done;');
    const body = all.subarray(0, end);
    return { sha: createHash('sha256').update(body).digest('hex'), bytes: body.length };
  }

  until(cond: () => boolean, ms: number): Promise<boolean> {
    if (cond()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, ms);
      const check = () => {
        if (!cond()) return;
        clearTimeout(t);
        this.waiters.delete(check);
        resolve(true);
      };
      this.waiters.add(check);
    });
  }
}

interface Client {
  tap: Tap;
  send(text: string): void;
  freeze(): void;
  thaw(): void;
  skipped(): number;
  close(): Promise<void>;
}

async function connect(s: Server): Promise<Client> {
  const tap = new Tap();
  if (s.kind === 'hub') {
    const v = await TestViewer.connect(`ws://127.0.0.1:${s.port}/ws/console/bench/bench`, {
      origin: `http://127.0.0.1:${s.port}`,
      keep: false,
      onBytes: (b) => tap.feed(b),
    });
    return { tap, send: (t) => v.send(t), freeze: () => v.freeze(), thaw: () => v.thaw(), skipped: () => v.skipped, close: () => v.close() };
  }
  if (s.kind === 'raw') {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/`, { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.on('message', (d: Buffer) => tap.feed(d));
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    return {
      tap,
      send: (t) => ws.send(Buffer.from(t), { binary: true }),
      freeze: () => ws.pause(),
      thaw: () => ws.resume(),
      skipped: () => 0,
      close: async () => ws.close(),
    };
  }
  // wetty: socket.io; the client commits (acks) what it has written, as wetty's own page does
  const socket = ioClient(`http://127.0.0.1:${s.port}`, { path: '/wetty/socket.io', transports: ['websocket'], forceNew: true });
  let uncommitted = 0;
  socket.on('data', (d: string) => {
    const b = Buffer.from(d, 'utf8');
    tap.feed(b);
    uncommitted += b.length;
    if (uncommitted >= 128 * 1024) {
      socket.emit('commit', uncommitted);
      uncommitted = 0;
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('login', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    tap,
    send: (t) => socket.emit('input', t),
    freeze: () => {},
    thaw: () => {},
    skipped: () => 0,
    close: async () => void socket.close(),
  };
}

/** until the stream has been quiet for `quietMs` (replay delivered, previous flood drained) */
async function settle(c: Client, quietMs = 300): Promise<void> {
  for (;;) {
    const before = c.tap.bytes;
    await sleep(quietMs);
    if (c.tap.bytes === before) return;
  }
}

// ---------------------------------------------------------------- measurements

async function burst(c: Client): Promise<{ mibps: number; ok: boolean }> {
  await settle(c);
  const skippedBefore = c.skipped();
  c.tap.record();
  const t0 = performance.now();
  c.send(`\x02flood ${BURST}\r`);
  const arrived = await c.tap.until(() => c.tap.done !== null, 120_000);
  if (!arrived) return { mibps: NaN, ok: false };
  const secs = (c.tap.done!.at - t0) / 1000;
  const theirs = c.tap.done!.sha;
  const ours = c.tap.recordedHash();
  const ok = ours.sha === theirs && ours.bytes === BURST;
  if (!ok) console.error(`  burst: got ${ours.bytes} bytes (skipped ${c.skipped() - skippedBefore}), sha ${ours.sha === theirs ? 'match' : 'mismatch'}`);
  return { mibps: BURST / 1024 / 1024 / secs, ok };
}

/** `count` keystrokes one after another, each timed from send to its echo */
async function echoes(c: Client, count: number, gapMs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const want = c.tap.echoes + 1;
    const t0 = performance.now();
    c.send('@');
    const ok = await c.tap.until(() => c.tap.echoes >= want, 10_000);
    out.push(ok ? performance.now() - t0 : 10_000);
    if (!ok) c.tap.echoes = want; // count it and go on
    await sleep(gapMs);
  }
  return out;
}

async function floodEchoes(c: Client): Promise<number[]> {
  await settle(c);
  c.tap.stopped = false;
  c.send('\x02stream\r');
  await sleep(300);
  const lat = await echoes(c, PROBES, 20);
  c.send('\x02stop\r');
  await c.tap.until(() => c.tap.stopped, 60_000);
  await settle(c);
  return lat;
}

interface FreezeResult {
  p50: number;
  p99: number;
  memGrowthMiB: number;
  rssGrowthMiB: number;
  skippedMiB: number;
  /** what the live viewer received meanwhile: the flood really ran */
  floodMiB: number;
}

async function frozen(s: Server): Promise<FreezeResult> {
  const a = await connect(s);
  const b = await connect(s);
  await settle(b);
  await settle(a);
  // JS heap plus memory outside it (Buffers: external includes arrayBuffers)
  const used = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external;
  const base = await s.mem();
  let peak = base;
  let peakRss = base.rss;
  let peakQueued = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const m = await s.mem();
      peakQueued = Math.max(peakQueued, m.queued);
      peakRss = Math.max(peakRss, m.rss);
      if (used(m) > used(peak)) peak = m;
      await sleep(200);
    }
  })();
  a.freeze();
  const aBefore = a.tap.bytes;
  const bBefore = b.tap.bytes;
  b.tap.stopped = false;
  b.send(`\x02stream ${FLOOD_RATE}\r`);
  const t0 = performance.now();
  const lat: number[] = [];
  while (performance.now() - t0 < FREEZE_MS) lat.push(...(await echoes(b, 1, 50)));
  b.send('\x02stop\r');
  await b.tap.until(() => b.tap.stopped, 120_000);
  sampling = false;
  await sampler;
  if (process.env.BENCH_DEBUG) {
    const mib = (n: number) => fmt(n / 1048576);
    console.log(`    frozen viewer received ${mib(a.tap.bytes - aBefore)} MiB while frozen; base heap ${mib(base.heapUsed)} ext ${mib(base.external)}; peak heap ${mib(peak.heapUsed)} ext ${mib(peak.external)} queued ${mib(peakQueued)}`);
  }
  a.thaw();
  await settle(a, 500);
  const result = {
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    memGrowthMiB: (used(peak) - used(base)) / 1024 / 1024,
    rssGrowthMiB: (peakRss - base.rss) / 1024 / 1024,
    skippedMiB: a.skipped() / 1024 / 1024,
    floodMiB: (b.tap.bytes - bBefore) / 1024 / 1024,
  };
  await a.close();
  await b.close();
  await sleep(500);
  return result;
}

// ---------------------------------------------------------------- the run

const kinds: Kind[] = ['hub', 'raw', 'wetty'];
const servers: Server[] = [];
for (const [i, k] of kinds.entries()) {
  const s = await startServer(k, BASE_PORT + i);
  if (s) servers.push(s);
  else if (k !== 'wetty') process.exit(1);
}
const cleanup = () => servers.forEach((s) => s.stop());
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

console.log(`console bench: ${RUNS} runs (frozen viewer: ${FREEZE_RUNS}), servers: ${servers.map((s) => s.kind).join(', ')}`);
const clients = new Map<Kind, Client>();
for (const s of servers) {
  let found: Client | null = null;
  for (let attempt = 0; !found && attempt < 20; attempt++) found = await connect(s).catch(async () => (await sleep(250), null));
  if (!found) throw new Error(`${s.kind}: cannot connect`);
  const c = found;
  await c.tap.until(() => c.tap.bytes > 0, 10_000); // the banner
  clients.set(s.kind, c);
}

const tput = new Map<Kind, number[]>();
const shaOk = new Map<Kind, boolean>();
const idle = new Map<Kind, { p50: number[]; p99: number[] }>();
const flood = new Map<Kind, { p50: number[]; p99: number[] }>();
for (let r = 0; r < (SKIP_BURSTS ? 0 : RUNS); r++) {
  // interleaved, so that whatever else the machine does falls on every server alike
  for (const s of servers) {
    const c = clients.get(s.kind)!;
    const b = await burst(c);
    tput.set(s.kind, [...(tput.get(s.kind) ?? []), b.mibps]);
    shaOk.set(s.kind, (shaOk.get(s.kind) ?? true) && b.ok);
    await settle(c);
    const e = await echoes(c, PROBES, 5);
    const ie = idle.get(s.kind) ?? { p50: [], p99: [] };
    ie.p50.push(percentile(e, 50));
    ie.p99.push(percentile(e, 99));
    idle.set(s.kind, ie);
    const f = await floodEchoes(c);
    const fe = flood.get(s.kind) ?? { p50: [], p99: [] };
    fe.p50.push(percentile(f, 50));
    fe.p99.push(percentile(f, 99));
    flood.set(s.kind, fe);
  }
  process.stdout.write(`  run ${r + 1}/${RUNS} done\n`);
}
for (const c of clients.values()) await c.close();

const freeze = new Map<Kind, FreezeResult[]>();
for (const kind of ['hub', 'raw'] as const) {
  for (let r = 0; r < FREEZE_RUNS; r++) {
    // a fresh server each run: memory is measured from a clean start
    const s = await startServer(kind, BASE_PORT + 10 + r + (kind === 'raw' ? FREEZE_RUNS : 0));
    if (!s) throw new Error(`${kind}: server did not start`);
    const f = await frozen(s);
    s.stop();
    freeze.set(s.kind, [...(freeze.get(s.kind) ?? []), f]);
    process.stdout.write(
      `  frozen viewer (${s.kind}) run ${r + 1}: flood ${fmt(f.floodMiB)} MiB, memory +${fmt(f.memGrowthMiB)} MiB (RSS +${fmt(f.rssGrowthMiB)}), echo p99 ${fmt(f.p99)} ms\n`,
    );
  }
}

// ---------------------------------------------------------------- report

const med = (k: Kind) => median(tput.get(k) ?? []);
console.log('\n1. 10 MiB burst, console source → websocket client (MiB/s, median; SHA-256 checked on both ends)');
for (const s of servers) {
  const ratio = s.kind === 'raw' ? '' : `  hub/${s.kind} = ${fmt(med('hub') / med(s.kind), 2)}`;
  console.log(`   ${s.kind.padEnd(6)} ${fmt(med(s.kind)).padStart(7)} MiB/s   sha256 ${shaOk.get(s.kind) ? 'match' : 'MISMATCH'}${s.kind === 'hub' ? '' : ratio}`);
}
console.log(`   hub/raw = ${fmt(med('hub') / med('raw'), 2)}`);
console.log('\n2. keystroke echo latency (ms; median over runs of each run\'s p50 / p99)');
console.log('   server  idle p50  idle p99  flood p50  flood p99');
for (const s of servers) {
  const i = idle.get(s.kind)!;
  const f = flood.get(s.kind)!;
  console.log(
    `   ${s.kind.padEnd(6)} ${fmt(median(i.p50), 2).padStart(9)} ${fmt(median(i.p99), 2).padStart(9)} ${fmt(median(f.p50), 1).padStart(10)} ${fmt(median(f.p99), 1).padStart(10)}`,
  );
}
console.log(`\n3. one viewer frozen ${FREEZE_MS / 1000} s during a ${fmt(FLOOD_RATE / 1024 / 1024)} MiB/s flood (medians over ${FREEZE_RUNS} runs)`);
console.log('   server  flood (MiB)  other viewer echo p50 / p99 (ms)  server memory growth, peak after GC: JS heap+buffers / RSS (MiB)  frozen viewer skipped (MiB)');
for (const [k, rs] of freeze) {
  const m = (f: (r: FreezeResult) => number) => median(rs.map(f));
  console.log(
    `   ${k.padEnd(6)}  ${fmt(m((r) => r.floodMiB)).padStart(10)}  ${fmt(m((r) => r.p50), 1).padStart(12)} / ${fmt(m((r) => r.p99), 1).padEnd(8)}              ${fmt(m((r) => r.memGrowthMiB)).padStart(18)} / ${fmt(m((r) => r.rssGrowthMiB)).padEnd(8)}                                  ${fmt(m((r) => r.skippedMiB))}`,
  );
}
if (!servers.some((s) => s.kind === 'wetty')) console.log('\n(wetty did not start here: not measured)');
process.exit(0);
