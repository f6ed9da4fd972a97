// What sampling 100 zones every 5 s costs the dashboard: the HostSampler of server/metrics in
// this process (parsing, rates, rings, SQLite roll-up), with kstat, dladm and zfs run as
// separate processes (the simulator's executables, as a real host's tools would be), so the
// dashboard's CPU is measured apart from the simulator's.
//   npx tsx bench/metrics-sampler.ts [seconds=60] [zones=100] [interval=5]
// Prints: the dashboard's CPU (% of one core) over the run, the simulator's kstat CPU, how
// many kstat processes ran (one per host), samples taken, heap and RSS before/after.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../server/db/database';
import { LocalRunner } from '../server/hosts/local';
import type { Host } from '../server/hosts/registry';
import { MetricsHistory } from '../server/metrics/history';
import { HostSampler } from '../server/metrics/sampler';
import { ensureHost, updateState } from '../server/sim/store';

const [seconds = 60, zones = 100, interval = 5] = process.argv.slice(2).map(Number);
const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', 'server', 'sim', 'bin');
const root = mkdtempSync(path.join(os.tmpdir(), 'bench-metrics-'));

// 100 running zones with a VNIC each, written straight into the simulated host's state (what
// 100 rounds of zonecfg/install/boot would leave, without minutes of setup)
await ensureHost(root);
await updateState(root, (s) => {
  const bootedAt = new Date(Date.now() - 3600_000).toISOString();
  for (let i = 0; i < zones; i++) {
    const name = `bench-zone-${String(i).padStart(3, '0')}`;
    const vnic = `bz${i}0`;
    s.links.push({ name: vnic, class: 'vnic', mtu: 1500, state: 'up', over: 'i40e0', macAddress: `2:8:20:0:${(i >> 8) & 255}:${i & 255}`, macAddrType: 'random', vid: 0, temporary: false });
    s.zones.push({ name, state: 'running', id: s.nextZoneId++, uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, debugid: i + 1, brand: 'sparse', zonepath: `/zones/${name}`, ipType: 'exclusive', autoboot: true, net: [{ physical: vnic }], bootedAt });
  }
});

const runner = new LocalRunner({
  pfexec: false,
  toolPaths: { kstat: path.join(bin, 'kstat'), dladm: path.join(bin, 'dladm'), zfs: path.join(bin, 'zfs') },
  env: { SIM_ROOT: root, SIM_TIME_SCALE: '0', PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.homedir(), SIM_NODE: process.execPath },
});
const host: Host = { name: 'bench', kind: 'local', description: 'bench', runner };
const sampler = new HostSampler(host, {
  intervalSec: interval,
  ringSeconds: 3600,
  zfsEveryMs: 60_000,
  quietMs: 300,
  history: new MetricsHistory(openDatabase(':memory:')),
  retention: { minuteDays: 7, tenMinuteDays: 90 },
  zonepaths: () => new Map(Array.from({ length: zones }, (_, i) => [`bench-zone-${String(i).padStart(3, '0')}`, `/zones/bench-zone-${String(i).padStart(3, '0')}`])),
});

/** our child processes running the simulator's kstat, with their CPU seconds (utime+stime) */
function kstatProcs(): { pid: number; cpu: number }[] {
  const tick = 100; // USER_HZ
  const out: { pid: number; cpu: number }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (!argv.includes('kstat')) continue;
      const env = readFileSync(`/proc/${d}/environ`, 'utf8');
      if (!env.includes(`SIM_ROOT=${root}`)) continue;
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(d), cpu: (Number(f[11]) + Number(f[12])) / tick });
    } catch {
      /* gone */
    }
  }
  return out;
}

let events = 0;
sampler.subscribe(() => events++);
// let kstat start and take its first samples, then measure steady state
await new Promise((r) => setTimeout(r, (interval + 3) * 1000));
globalThis.gc?.();
const mem0 = process.memoryUsage();
const k0 = kstatProcs();
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const ev0 = events;
let maxProcs = 0;
const watch = setInterval(() => (maxProcs = Math.max(maxProcs, kstatProcs().length)), 1000);
await new Promise((r) => setTimeout(r, seconds * 1000));
clearInterval(watch);
const cpu = process.cpuUsage(cpu0);
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const k1 = kstatProcs();
globalThis.gc?.();
const mem1 = process.memoryUsage();
sampler.stop();

const dashPct = ((cpu.user + cpu.system) / 1e6 / wall) * 100;
const kstatCpu = k1.reduce((n, p) => n + p.cpu - (k0.find((q) => q.pid === p.pid)?.cpu ?? 0), 0);
const last = sampler.latest();
const result = {
  zones,
  interval,
  seconds: Math.round(wall),
  samples: events - ev0,
  zonesInLastPoint: last?.zones.length ?? 0,
  dashboardCpuPctOfOneCore: Number(dashPct.toFixed(2)),
  simulatorKstatCpuPctOfOneCore: Number(((kstatCpu / wall) * 100).toFixed(2)),
  kstatProcessesAtOnce: maxProcs,
  kstatRuns: sampler.stats.runs,
  badSamples: sampler.stats.badSamples,
  heapUsedMB: [Number((mem0.heapUsed / 2 ** 20).toFixed(1)), Number((mem1.heapUsed / 2 ** 20).toFixed(1))],
  rssMB: [Number((mem0.rss / 2 ** 20).toFixed(1)), Number((mem1.rss / 2 ** 20).toFixed(1))],
  verdict: dashPct < 2 && maxProcs === 1 ? 'PASS (< 2 % of one core, one kstat process)' : 'FAIL',
};
console.log(JSON.stringify(result, null, 2));
rmSync(root, { recursive: true, force: true });
process.exit(result.verdict.startsWith('PASS') ? 0 : 1);
