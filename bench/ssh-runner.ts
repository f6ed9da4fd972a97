// The SSH runner against a real OpenSSH server on 127.0.0.1 (server/hosts/sshd-testkit.ts):
//   1. round trip of a trivial command through SshRunner.run (guarded exec channel), median
//      of BENCH_RUNS (50), beside a bare ssh2 exec of `true` on its own connection (what the
//      guard costs) and the keepalive probe's round trip (the protocol alone);
//   2. the simulator's `zoneadm list -cp` through the runner (what the watcher pays per poll);
//   3. time to flag a frozen host (SIGSTOP of sshd and its children) as unreachable, median of
//      BENCH_FREEZE_RUNS (5), with the default keepalive (2 s × (3 + 1)).
// Usage: npx tsx bench/ssh-runner.ts. Figures move with the load of a shared machine.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { simBinDir } from '../server/hosts/pty';
import { SshRunner, type SshState } from '../server/hosts/ssh';
import { startSshd, type TestSshd } from '../server/hosts/sshd-testkit';
import { makeSimHost } from '../server/sim/zoneos-testkit';
import { fmt, median, percentile } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const FREEZE_RUNS = Number(process.env.BENCH_FREEZE_RUNS ?? 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitState(r: SshRunner, state: SshState, ms = 60_000): Promise<void> {
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

function runner(host: TestSshd, toolDir: string): SshRunner {
  return new SshRunner({
    name: 'bench',
    address: '127.0.0.1',
    port: host.port,
    user: host.user,
    privateKey: host.clientPrivateKey,
    pinnedFingerprints: [host.hostFingerprint],
    toolDir,
  });
}

async function bareExecTimes(host: TestSshd, n: number): Promise<number[]> {
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve()).once('error', reject);
    client.connect({ host: '127.0.0.1', port: host.port, username: host.user, privateKey: host.clientPrivateKey });
    client.setNoDelay(true); // as the runner does: the comparison is about the guard, not Nagle
  });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      client.exec('true', (err, stream) => {
        if (err) return reject(err);
        stream.on('close', () => resolve()).resume();
        stream.stderr.resume();
      });
    });
    times.push(performance.now() - t);
  }
  client.end();
  return times;
}

async function main(): Promise<void> {
  const toolDir = await mkdtemp(path.join(os.tmpdir(), 'zd-bench-tools-'));
  await writeFile(path.join(toolDir, 'zoneadm'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const sim = await makeSimHost(Array.from({ length: 25 }, (_, i) => ({ name: `z${i}`, state: i % 2 ? 'running' : 'installed' })));
  const host = await startSshd({ pathDirs: [simBinDir()], env: { SIM_ROOT: sim.root, SIM_TIME_SCALE: '0', SIM_NODE: process.execPath } });
  try {
    console.log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);

    const r = runner(host, toolDir);
    await waitState(r, 'connected');
    const rtts: number[] = [];
    const trivial: number[] = [];
    for (let i = 0; i < 5; i++) await r.run({ tool: 'zoneadm', args: [] }); // warm-up
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const res = await r.run({ tool: 'zoneadm', args: [] });
      trivial.push(performance.now() - t);
      if (res.exitCode !== 0) throw new Error(`trivial run failed: ${res.stderr}`);
      if (r.rttMs !== null) rtts.push(r.rttMs);
    }
    const bare = await bareExecTimes(host, RUNS);
    console.log(`trivial run (guarded exec): median ${fmt(median(trivial))} ms, p90 ${fmt(percentile(trivial, 90))} ms over ${RUNS}`);
    console.log(`bare ssh2 exec of true:       median ${fmt(median(bare))} ms, p90 ${fmt(percentile(bare, 90))} ms over ${RUNS}`);
    console.log(`keepalive probe round trip:  median ${fmt(median(rtts), 2)} ms over ${rtts.length} readings`);

    const simRunner = runner(host, simBinDir());
    await waitState(simRunner, 'connected');
    const lists: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      const res = await simRunner.run({ tool: 'zoneadm', args: ['list', '-cp'] });
      lists.push(performance.now() - t);
      if (res.exitCode !== 0) throw new Error(`zoneadm list failed: ${res.stderr}`);
    }
    console.log(`simulator zoneadm list -cp (25 zones) over SSH: median ${fmt(median(lists))} ms over 10`);
    r.close();
    simRunner.close();

    const detect: number[] = [];
    const back: number[] = [];
    for (let i = 0; i < FREEZE_RUNS; i++) {
      const f = runner(host, toolDir);
      await waitState(f, 'connected');
      // freeze at a random point of the keepalive cycle
      await sleep(Math.random() * 2000);
      await host.freeze();
      const t = performance.now();
      await waitState(f, 'unreachable', 30_000);
      detect.push(performance.now() - t);
      await host.thaw();
      const u = performance.now();
      await waitState(f, 'connected', 60_000);
      back.push(performance.now() - u);
      f.close();
    }
    console.log(`frozen host flagged unreachable: median ${fmt(median(detect) / 1000, 2)} s, max ${fmt(Math.max(...detect) / 1000, 2)} s over ${FREEZE_RUNS}`);
    console.log(`thawed host connected again:     median ${fmt(median(back) / 1000, 2)} s, max ${fmt(Math.max(...back) / 1000, 2)} s over ${FREEZE_RUNS}`);
  } finally {
    await host.stop();
    sim.cleanup();
    await rm(toolDir, { recursive: true, force: true });
  }
}

await main();
