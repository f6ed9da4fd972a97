// CPU cost of one start of a simulated tool (issue 14): `server/sim/bin/zoneadm list -cp`
// against a bare `node -e 0`, medians over BENCH_RUNS runs (default 20), and the ratio.
//   npm run bench:sim                 the launcher on the built bundle (server/sim/dist/cli.mjs)
//   BENCH_SIM_TSX=1 npm run bench:sim  also the old path: node + tsx's loader on cli.ts
//
// How CPU is measured: each command runs under GNU `/usr/bin/time -f '%U %S'`, which reports
// the getrusage of the process it waited for, and that process's own waited-for children
// (the launcher's sh, its `find` staleness check, node), so everything one call costs is
// counted and nothing of this benchmark is. `process.resourceUsage()` would only cover this
// process, and `process.cpuUsage()` likewise; reading /proc/<pid>/stat of a child before it
// exits cannot be done from spawnSync. GNU time prints in 10 ms steps (it truncates), so the
// means are printed beside the medians: a mean over many truncated samples is closer to the
// true figure than any one sample.
// Runs sequentially on an idle host give the cleanest figures; look at `uptime` first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median } from './stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 20));
const TIME = '/usr/bin/time';

interface Sample {
  cpuMs: number;
  wallMs: number;
}

function once(argv: string[], env: NodeJS.ProcessEnv): Sample {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '%U %S', ...argv], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  // the tool's own stderr comes first; time's line is the last one
  const last = r.stderr.trimEnd().split('\n').pop() ?? '';
  const m = /^([0-9.]+) ([0-9.]+)$/.exec(last);
  if (!m) throw new Error(`unexpected output of ${TIME}: ${JSON.stringify(r.stderr)}`);
  return { cpuMs: (Number(m[1]) + Number(m[2])) * 1000, wallMs };
}

function measure(label: string, argv: string[], env: NodeJS.ProcessEnv) {
  once(argv, env); // warm the page cache (and, for the launcher, build a stale bundle)
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(once(argv, env));
  const cpu = samples.map((s) => s.cpuMs);
  const result = {
    label,
    cpuMedian: median(cpu),
    cpuMean: cpu.reduce((a, b) => a + b, 0) / cpu.length,
    wallMedian: median(samples.map((s) => s.wallMs)),
  };
  console.log(`${label.padEnd(44)} cpu median ${fmt(result.cpuMedian, 0).padStart(4)} ms  mean ${fmt(result.cpuMean, 1).padStart(6)} ms  wall median ${fmt(result.wallMedian, 0).padStart(4)} ms`);
  return result;
}

function main(): void {
  if (!existsSync(TIME)) {
    console.error(`${TIME} (GNU time) is needed to read the CPU time of a child process tree`);
    process.exitCode = 1;
    return;
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-sim-'));
  const env = { ...process.env, SIM_ROOT: root, SIM_TIME_SCALE: '0', SIM_NODE: process.execPath };
  try {
    console.log(`${RUNS} runs each, sequential; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const node = process.execPath;
    const base = measure('node -e 0', [node, '-e', '0'], env);
    const tool = measure('server/sim/bin/zoneadm list -cp', [path.join(repo, 'server/sim/bin/zoneadm'), 'list', '-cp'], env);
    const bundle = path.join(repo, 'server/sim/dist/cli.mjs');
    const direct = measure('node dist/cli.mjs zoneadm list -cp (no sh)', [node, bundle, 'zoneadm', 'list', '-cp'], env);
    console.log(`launcher / node -e 0: cpu ${fmt(tool.cpuMedian / base.cpuMedian, 2)}x (means ${fmt(tool.cpuMean / base.cpuMean, 2)}x)`);
    console.log(`launcher overhead (sh + staleness find): ${fmt(tool.cpuMean - direct.cpuMean, 1)} ms cpu (means)`);
    if (process.env.BENCH_SIM_TSX === '1') {
      const loader = `file://${path.join(repo, 'node_modules/tsx/dist/loader.mjs')}`;
      const tsx = measure('old: node --import tsx cli.ts zoneadm list -cp', [node, '--import', loader, path.join(repo, 'server/sim/cli.ts'), 'zoneadm', 'list', '-cp'], env);
      console.log(`old / node -e 0: cpu ${fmt(tsx.cpuMedian / base.cpuMedian, 2)}x; old / new: ${fmt(tsx.cpuMedian / tool.cpuMedian, 2)}x`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
