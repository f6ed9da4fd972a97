// Console over SSH against the local pty path (issue 14, benchmarks), in one run, interleaved:
//   1. a 10 MiB burst from the console tool to the dashboard's side of the pty (SHA-256 of
//      what arrived checked against the tool's own), MiB/s, median of BENCH_RUNS; the ratio
//      ssh / local (target ≥ 0.8×);
//   2. keystroke echo round trip at idle, p50 and p99 of 100 keystrokes per run, medians over
//      the runs (target p99 ≤ 20 ms).
// The same tool on both paths, so that only the path differs: server/console/fake-zlogin.mjs
// installed as `zlogin` in a directory of its own, opened with the production call
// (zloginConsole(zone, { escape: false }) = `zlogin -C -E bench`) through
//   ssh    SshRunner.openPty: a pty channel on the runner's one connection to a real OpenSSH
//          server on loopback (server/hosts/sshd-testkit.ts) whose tool directory holds it;
//   local  LocalRunner.openPty: node-pty on this machine, as on an illumos host's global zone.
// What the browser adds after this point (hub, websocket) is the same for both and is
// measured by bench/console.ts.
// Usage: npm run bench:console-ssh   (BENCH_RUNS, default 5). Figures move with the load of a
// shared machine: the load average is printed with them.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zloginConsole } from '../server/illumos/zlogin';
import { LocalRunner } from '../server/hosts/local';
import type { PtyProcess, Runner } from '../server/hosts/runner';
import { SshRunner, type SshState } from '../server/hosts/ssh';
import { sshdAvailable, startSshd, type TestSshd } from '../server/hosts/sshd-testkit';
import { fmt, median, percentile } from './stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const FAKE_ZLOGIN = path.resolve(here, '..', 'server', 'console', 'fake-zlogin.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BURST = 10 * 1024 * 1024;
const PROBES = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** Watches a console's byte stream: echoes ('@', which the burst never contains) and the
 *  burst's end marker with the tool's SHA-256. */
class Tap {
  echoes = 0;
  bytes = 0;
  done: { sha: string; at: number } | null = null;
  private chunks: Buffer[] | null = null;
  private tail = '';
  private waiters = new Set<() => void>();

  feed(b: Buffer): void {
    this.bytes += b.length;
    for (let i = b.indexOf(64); i !== -1; i = b.indexOf(64, i + 1)) this.echoes++;
    if (this.chunks) this.chunks.push(b);
    const s = this.tail + b.toString('latin1');
    const m = /\x1b\]fake;done;([0-9a-f]{64})\x07/.exec(s);
    if (m && !this.done) this.done = { sha: m[1]!, at: performance.now() };
    this.tail = s.slice(-120);
    for (const w of [...this.waiters]) w();
  }

  record(): void {
    this.chunks = [];
    this.done = null;
    this.tail = '';
  }

  /** the recorded bytes up to the end marker, hashed */
  recordedHash(): { sha: string; bytes: number } {
    const all = Buffer.concat(this.chunks ?? []);
    this.chunks = null;
    const body = all.subarray(0, all.indexOf('\x1b]fake;done;'));
    return { sha: createHash('sha256').update(body).digest('hex'), bytes: body.length };
  }

  until(cond: () => boolean, ms: number): Promise<boolean> {
    if (cond()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!cond()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, ms);
      this.waiters.add(check);
    });
  }
}

interface Console {
  name: 'ssh' | 'local';
  pty: PtyProcess;
  tap: Tap;
}

async function open(name: Console['name'], runner: Runner): Promise<Console> {
  const tap = new Tap();
  const pty = runner.openPty!(zloginConsole('bench', { escape: false }), { cols: 120, rows: 40 });
  pty.onData((d) => tap.feed(d));
  if (!(await tap.until(() => tap.bytes > 0, 15_000))) throw new Error(`${name}: no banner from the console tool`);
  return { name, pty, tap };
}

/** until the stream has been quiet for `quietMs` */
async function settle(c: Console, quietMs = 200): Promise<void> {
  for (;;) {
    const before = c.tap.bytes;
    await sleep(quietMs);
    if (c.tap.bytes === before) return;
  }
}

async function burst(c: Console): Promise<{ mibps: number; ok: boolean }> {
  await settle(c);
  c.tap.record();
  const t0 = performance.now();
  c.pty.write(`\x02flood ${BURST}\r`);
  if (!(await c.tap.until(() => c.tap.done !== null, 120_000))) return { mibps: NaN, ok: false };
  const secs = (c.tap.done!.at - t0) / 1000;
  const theirs = c.tap.done!.sha;
  const ours = c.tap.recordedHash();
  const ok = ours.sha === theirs && ours.bytes === BURST;
  if (!ok) console.error(`  ${c.name} burst: got ${ours.bytes} bytes, sha ${ours.sha === theirs ? 'match' : 'mismatch'}`);
  return { mibps: BURST / 1024 / 1024 / secs, ok };
}

/** keystrokes one after another, each timed from the write to its echo */
async function echoes(c: Console): Promise<number[]> {
  await settle(c);
  const out: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const want = c.tap.echoes + 1;
    const t0 = performance.now();
    c.pty.write('@');
    const ok = await c.tap.until(() => c.tap.echoes >= want, 10_000);
    out.push(ok ? performance.now() - t0 : 10_000);
    if (!ok) c.tap.echoes = want;
    await sleep(5);
  }
  return out;
}

function waitState(r: SshRunner, state: SshState, ms = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (r.state === state) return resolve();
    const timer = setTimeout(() => reject(new Error(`no ${state} within ${ms} ms (${r.state}: ${r.lastError})`)), ms);
    const off = r.onStateChange((s) => {
      if (s.state !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

async function main(): Promise<void> {
  if (!sshdAvailable()) throw new Error('/usr/sbin/sshd and ssh-keygen are needed (Debian: openssh-server)');
  // the console tool, as `zlogin` in a tool directory: the same file on both paths
  const toolDir = await mkdtemp(path.join(os.tmpdir(), 'zd-bench-console-'));
  const zlogin = path.join(toolDir, 'zlogin');
  await writeFile(zlogin, `#!/bin/sh\nexec ${process.execPath} ${FAKE_ZLOGIN} "$@"\n`, { mode: 0o755 });
  let sshd: TestSshd | null = null;
  let ssh: SshRunner | null = null;
  const consoles: Console[] = [];
  try {
    sshd = await startSshd({ pathDirs: [toolDir] });
    ssh = new SshRunner({
      name: 'bench',
      address: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      privateKey: sshd.clientPrivateKey,
      pinnedFingerprints: [sshd.hostFingerprint],
      toolDir,
      pfexec: false,
    });
    await waitState(ssh, 'connected');
    const local = new LocalRunner({ pfexec: false, toolPaths: { zlogin } });
    consoles.push(await open('ssh', ssh), await open('local', local));

    console.log(`console over SSH vs local pty: ${RUNS} runs, interleaved; load average ${load()} on ${os.cpus().length} cores`);
    const tput = { ssh: [] as number[], local: [] as number[] };
    const p50 = { ssh: [] as number[], local: [] as number[] };
    const p99 = { ssh: [] as number[], local: [] as number[] };
    let shaOk = true;
    for (let r = 0; r < RUNS; r++) {
      for (const c of consoles) {
        const b = await burst(c);
        tput[c.name].push(b.mibps);
        shaOk &&= b.ok;
        const e = await echoes(c);
        p50[c.name].push(percentile(e, 50));
        p99[c.name].push(percentile(e, 99));
      }
      console.log(`  run ${r + 1}/${RUNS}: ssh ${fmt(tput.ssh.at(-1)!)} MiB/s, local ${fmt(tput.local.at(-1)!)} MiB/s; echo p99 ssh ${fmt(p99.ssh.at(-1)!)} ms, local ${fmt(p99.local.at(-1)!)} ms`);
    }
    const t = { ssh: median(tput.ssh), local: median(tput.local) };
    console.log(`\n1. 10 MiB burst through \`zlogin -C -E bench\` (fake-zlogin), MiB/s, median of ${RUNS}; sha256 ${shaOk ? 'match on every burst' : 'MISMATCH'}`);
    console.log(`   ssh   ${fmt(t.ssh).padStart(7)} MiB/s   (min ${fmt(Math.min(...tput.ssh))}, max ${fmt(Math.max(...tput.ssh))})`);
    console.log(`   local ${fmt(t.local).padStart(7)} MiB/s   (min ${fmt(Math.min(...tput.local))}, max ${fmt(Math.max(...tput.local))})`);
    console.log(`   ssh / local = ${fmt(t.ssh / t.local, 2)}× (target ≥ 0.8×)`);
    console.log(`2. echo round trip at idle, ${PROBES} keystrokes per run, medians of ${RUNS} runs`);
    for (const k of ['ssh', 'local'] as const) console.log(`   ${k.padEnd(5)} p50 ${fmt(median(p50[k]), 2).padStart(6)} ms   p99 ${fmt(median(p99[k]), 2).padStart(6)} ms (worst run's p99 ${fmt(Math.max(...p99[k]), 2)} ms; target ≤ 20 ms)`);
    console.log(`load average at the end: ${load()}`);
  } finally {
    for (const c of consoles) c.pty.close();
    await sleep(300);
    ssh?.close();
    await sshd?.stop();
    await rm(toolDir, { recursive: true, force: true });
  }
}

await main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
