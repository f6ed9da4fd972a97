// The numbers behind the simulated kstat: a function of the host's state and the time, so a
// long-running `kstat … 5` and a one-shot `kstat` agree, and counters only ever grow (until
// the kernel object they belong to is made anew: a zone's counters restart at its boot).
//
// The model, per zone known to the kernel (ready … down):
// - CPU: an idle zone uses well under 1 % of one CPU (a gently wobbling rate, integrated, so
//   nsec_* are monotonic); every shell loop spinning in the zone (kstat-usage.ts) adds one
//   CPU, held to the zone's cpu-cap when it has one. The host has SIM_NCPUS (8) CPUs.
// - Memory: RSS by brand (a bhyve zone: its `ram` attr), and near the cap (86–92 %) when the
//   zone has capped-memory physical; physcap/swapcap from capped-memory, UINT64_MAX uncapped
//   (what illumos prints for "no cap"); nover grows by one each 15 min under a cap.
// - Links: every VNIC of a running exclusive-IP zone moves a small background traffic, plus
//   what the zone's shell sent (ping); counters count from the zone's boot (the simulator
//   does not keep link counters across a VNIC's reassignment).
// The host's own boot time lives in SIM_ROOT/kstat.json (made on first use).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { hashString } from './clock';
import { linkZone } from './dladm';
import { readState, type SimState } from './store';
import type { SimZone } from './types';
import { aliasOf, configFromZone, getAliased, parseMemLimit, type SimZoneX } from './zonecfg-model';
import { liveLimit } from './prctl';
import { readZoneUsage } from './kstat-usage';

export type KstatValue = { name: string; type: 'uint64' | 'uint32' | 'int32' | 'string' | 'hrtime'; value: number | bigint | string };

export interface SimKstat {
  module: string;
  instance: number;
  /** cut to KSTAT_STRLEN - 1 = 30 characters, as the kernel does */
  name: string;
  class: string;
  /** seconds since the host booted (hrtime) */
  crtime: number;
  snaptime: number;
  stats: KstatValue[];
}

export const SIM_NCPUS = 8;
const PAGESIZE = 4096;
const PHYSMEM = 16 * 1024 ** 3;
const KERNEL_MEM = 1536 * 1024 ** 2;
const UINT64_MAX = (1n << 64n) - 1n;
const KERNEL_STATES = new Set(['ready', 'running', 'shutting_down', 'down', 'mounted']);
const MB = 1024 ** 2;

const RSS_BY_BRAND: Record<string, number> = { lipkg: 190 * MB, ipkg: 175 * MB, sparse: 110 * MB, pkgsrc: 120 * MB, lx: 150 * MB, illumos: 130 * MB };

interface HostClock {
  bootMs: number;
}

async function hostClock(root: string, now: number): Promise<HostClock> {
  const file = path.join(root, 'kstat.json');
  try {
    const c = JSON.parse(await fsp.readFile(file, 'utf8')) as HostClock;
    if (typeof c.bootMs === 'number') return c;
  } catch {
    /* first use */
  }
  // the host "booted" three days ago: before any zone it runs
  const c: HostClock = { bootMs: now - 3 * 86400_000 };
  await fsp.writeFile(file, JSON.stringify(c) + '\n').catch(() => {});
  return c;
}

/** ∫ rate·(1 + ½·sin(t/period + phase))' dt from 0 to t: a wobbling, always positive rate. */
function wobbled(rate: number, t: number, period: number, phase: number): number {
  return rate * (t + 0.5 * period * (Math.sin(t / period + phase) - Math.sin(phase)));
}

function wobble(t: number, period: number, phase: number): number {
  return 1 + 0.5 * Math.sin(t / period + phase);
}

function attr(z: SimZone, name: string): string | undefined {
  return (z as SimZoneX).attr?.find((a) => a.name === name)?.value;
}

function capBytes(z: SimZone, alias: string): bigint | null {
  // a running zone's limit as prctl left it this boot, else its configuration's
  const live = liveLimit(z, aliasOf(alias).realname);
  if (live !== undefined) return live;
  const r = getAliased(configFromZone(z), alias);
  return r.ok ? r.limit : null;
}

function kname(name: string): string {
  return name.slice(0, 30);
}

interface ZoneNumbers {
  z: SimZone;
  id: number;
  bootMs: number;
  up: number;
  userNs: bigint;
  sysNs: bigint;
  waitNs: bigint;
  rss: number;
  physcap: bigint | null;
  swap: number;
  swapcap: bigint | null;
  nover: number;
  traffic: { rbytes: number; obytes: number; ipackets: number; opackets: number };
}

function zoneNumbers(root: string, z: SimZone, now: number, hostBootMs: number): ZoneNumbers {
  const booted = typeof z.bootedAt === 'string' ? Date.parse(z.bootedAt) : NaN;
  const bootMs = Number.isFinite(booted) ? booted : hostBootMs;
  const running = z.state === 'running' || z.state === 'shutting_down';
  const up = Math.max(0, (now - bootMs) / 1000);
  const seed = hashString(z.name);
  const phase = (seed % 628) / 100;
  const usage = running ? readZoneUsage(root, z.name, typeof z.bootedAt === 'string' ? z.bootedAt : '-', now) : null;
  // idle: 0.4–0.8 % of a CPU in user, a third of that in the kernel
  const idleRate = 0.004 + (seed % 40) / 10000;
  const capPct = capBytes(z, 'cpu-cap');
  const capCpus = capPct === null ? SIM_NCPUS : Number(capPct) / 100;
  // a spinning loop is one thread: it gets one CPU, or the cap when that is less
  const busyS = ((usage?.busyMs ?? 0) / 1000) * Math.min(1, capCpus);
  const userS = (running ? wobbled(idleRate, up, 41, phase) : 0) + busyS * 0.97;
  const sysS = (running ? wobbled(idleRate / 3, up, 53, phase) : 0) + busyS * 0.03;
  const waitS = running ? wobbled(idleRate / 20, up, 29, phase) + busyS * 0.01 : 0;

  const physcap = capBytes(z, 'physical-memory');
  const swapcap = capBytes(z, 'max-swap');
  const ram = attr(z, 'ram');
  const ramBytes = ram ? parseMemLimit(ram) : null;
  const base = z.brand === 'bhyve' || z.brand === 'kvm' ? Number(ramBytes ?? 1024n * BigInt(MB)) + 40 * MB : (RSS_BY_BRAND[z.brand] ?? 150 * MB);
  const w = wobble(up, 300, phase);
  let rss = running ? Math.round(base * (0.95 + 0.05 * w)) : 0;
  if (running && physcap !== null) rss = Math.round(Number(physcap) * (0.86 + 0.04 * w));
  let swap = Math.round(rss * 1.25);
  if (swapcap !== null) swap = Math.min(swap, Math.round(Number(swapcap) * 0.95));
  const nover = running && physcap !== null ? Math.floor(up / 900) : 0;

  // background traffic: ~1.5 KB/s in, ~1 KB/s out, a packet per ~300 bytes
  const inB = running ? wobbled(1500, up, 17, phase) : 0;
  const outB = running ? wobbled(1000, up, 23, phase) : 0;
  const traffic = {
    rbytes: Math.floor(inB) + (usage?.rbytes ?? 0),
    obytes: Math.floor(outB) + (usage?.obytes ?? 0),
    ipackets: Math.floor(inB / 300) + (usage?.ipackets ?? 0),
    opackets: Math.floor(outB / 300) + (usage?.opackets ?? 0),
  };
  const ns = (s: number) => BigInt(Math.floor(s * 1e9));
  return { z, id: z.id ?? 0, bootMs, up, userNs: ns(userS), sysNs: ns(sysS), waitNs: ns(waitS), rss, physcap, swap, swapcap, nover, traffic };
}

function zoneKstats(n: ZoneNumbers, hostBootMs: number, snaptime: number): SimKstat[] {
  const crtime = Math.max(0, (n.bootMs - hostBootMs) / 1000);
  const name = kname(n.z.name);
  const misc: SimKstat = {
    module: 'zones',
    instance: n.id,
    name,
    class: 'zone_misc',
    crtime,
    snaptime,
    stats: [
      { name: 'zonename', type: 'string', value: n.z.name },
      { name: 'nsec_sys', type: 'uint64', value: n.sysNs },
      { name: 'nsec_user', type: 'uint64', value: n.userNs },
      { name: 'nsec_waitrq', type: 'uint64', value: n.waitNs },
      { name: 'avenrun_1min', type: 'uint32', value: Math.round((Number(n.userNs + n.sysNs) / 1e9 / Math.max(1, n.up)) * 256) },
      { name: 'avenrun_5min', type: 'uint32', value: 0 },
      { name: 'avenrun_15min', type: 'uint32', value: 0 },
      { name: 'forkfail_cap', type: 'uint32', value: 0 },
      { name: 'forkfail_noproc', type: 'uint32', value: 0 },
      { name: 'forkfail_nomem', type: 'uint32', value: 0 },
      { name: 'forkfail_misc', type: 'uint32', value: 0 },
      { name: 'nested_interp', type: 'uint32', value: 0 },
      { name: 'init_pid', type: 'uint32', value: n.z.name === 'global' ? 1 : 1000 + (hashString(n.z.name) % 8000) },
      { name: 'boot_time', type: 'uint64', value: Math.floor(n.bootMs / 1000) },
    ],
  };
  const mcap: SimKstat = {
    module: 'memory_cap',
    instance: n.id,
    name,
    class: 'zone_memory_cap',
    crtime,
    snaptime,
    stats: [
      { name: 'zonename', type: 'string', value: n.z.name },
      { name: 'rss', type: 'uint64', value: n.rss },
      { name: 'physcap', type: 'uint64', value: n.physcap ?? UINT64_MAX },
      { name: 'swap', type: 'uint64', value: n.swap },
      { name: 'swapcap', type: 'uint64', value: n.swapcap ?? UINT64_MAX },
      { name: 'nover', type: 'uint64', value: n.nover },
      { name: 'pagedout', type: 'uint64', value: n.nover * 50 * PAGESIZE },
      { name: 'pgpgin', type: 'uint64', value: Math.floor(n.rss / PAGESIZE / 4) },
      { name: 'anonpgin', type: 'uint64', value: n.nover * 3 },
      { name: 'execpgin', type: 'uint64', value: Math.floor(n.rss / PAGESIZE / 40) },
      { name: 'fspgin', type: 'uint64', value: Math.floor(n.rss / PAGESIZE / 5) },
      { name: 'anon_alloc_fail', type: 'uint64', value: 0 },
    ],
  };
  return [misc, mcap];
}

function linkKstat(name: string, crtime: number, snaptime: number, t: ZoneNumbers['traffic'] | null, state: string): SimKstat {
  const c = t ?? { rbytes: 0, obytes: 0, ipackets: 0, opackets: 0 };
  const u32 = (v: number) => v % 4294967296;
  return {
    module: 'link',
    instance: 0,
    name,
    class: 'net',
    crtime,
    snaptime,
    stats: [
      { name: 'brdcstrcv', type: 'uint32', value: Math.floor(c.ipackets / 50) },
      { name: 'brdcstxmt', type: 'uint32', value: Math.floor(c.opackets / 200) },
      { name: 'collisions', type: 'uint32', value: 0 },
      { name: 'ierrors', type: 'uint32', value: 0 },
      { name: 'ifspeed', type: 'uint64', value: 0 },
      { name: 'ipackets', type: 'uint32', value: u32(c.ipackets) },
      { name: 'ipackets64', type: 'uint64', value: c.ipackets },
      { name: 'link_duplex', type: 'uint32', value: 0 },
      { name: 'link_state', type: 'uint32', value: state === 'up' ? 1 : 0 },
      { name: 'multircv', type: 'uint32', value: 0 },
      { name: 'multixmt', type: 'uint32', value: Math.floor(c.opackets / 200) },
      { name: 'norcvbuf', type: 'uint32', value: 0 },
      { name: 'noxmtbuf', type: 'uint32', value: 0 },
      { name: 'obytes', type: 'uint32', value: u32(c.obytes) },
      { name: 'obytes64', type: 'uint64', value: c.obytes },
      { name: 'oerrors', type: 'uint32', value: 0 },
      { name: 'opackets', type: 'uint32', value: u32(c.opackets) },
      { name: 'opackets64', type: 'uint64', value: c.opackets },
      { name: 'rbytes', type: 'uint32', value: u32(c.rbytes) },
      { name: 'rbytes64', type: 'uint64', value: c.rbytes },
      { name: 'unknowns', type: 'uint32', value: 0 },
    ],
  };
}

/** Every kstat of the simulated host at `now` (ms since the epoch). */
export async function hostKstats(root: string, now: number = Date.now()): Promise<SimKstat[]> {
  const s: SimState = await readState(root);
  const clock = await hostClock(root, now);
  const snaptime = (now - clock.bootMs) / 1000;
  const out: SimKstat[] = [];
  const numbers: ZoneNumbers[] = [];
  for (const z of s.zones) {
    if (z.name !== 'global' && !KERNEL_STATES.has(z.state)) continue;
    if (z.name !== 'global' && z.id === null) continue;
    const n =
      z.name === 'global'
        ? { ...zoneNumbers(root, { ...z, bootedAt: new Date(clock.bootMs).toISOString() }, now, clock.bootMs), rss: 0, swap: 0 }
        : zoneNumbers(root, z, now, clock.bootMs);
    numbers.push(n);
    out.push(...zoneKstats(n, clock.bootMs, snaptime));
    // a CPU cap (capped-cpu / cpu-cap) makes caps:<id>:cpucaps_zone_<id>; value is in % of a CPU
    const cap = z.name === 'global' ? null : capBytes(z, 'cpu-cap');
    if (cap !== null) {
      const usage = Math.round((Number(n.userNs + n.sysNs) / 1e9 / Math.max(1, n.up)) * 100);
      out.push({
        module: 'caps',
        instance: n.id,
        name: `cpucaps_zone_${n.id}`,
        class: 'zone_caps',
        crtime: Math.max(0, (n.bootMs - clock.bootMs) / 1000),
        snaptime,
        stats: [
          { name: 'zonename', type: 'string', value: z.name },
          { name: 'value', type: 'uint64', value: cap },
          { name: 'usage', type: 'uint64', value: Math.min(usage, Number(cap)) },
          { name: 'maxusage', type: 'uint64', value: Number(cap) },
          { name: 'nwait', type: 'uint64', value: 0 },
          { name: 'above_sec', type: 'uint64', value: 0 },
          { name: 'below_sec', type: 'uint64', value: Math.floor(n.up) },
        ],
      });
    }
  }
  for (const l of s.links) {
    const owner = linkZone(s, l.name);
    const n = owner ? numbers.find((x) => x.z.name === owner) : undefined;
    const crtime = n ? Math.max(0, (n.bootMs - clock.bootMs) / 1000) : 60.5;
    // a zone's traffic goes out on its first VNIC; the physical links carry them all
    const first = n && n.z.net[0]?.physical === l.name ? n.traffic : null;
    let t = first;
    if (l.class === 'phys') {
      t = { rbytes: 0, obytes: 0, ipackets: 0, opackets: 0 };
      for (const x of numbers) {
        t.rbytes += x.traffic.rbytes;
        t.obytes += x.traffic.obytes;
        t.ipackets += x.traffic.ipackets;
        t.opackets += x.traffic.opackets;
      }
      if (l.name !== 'i40e0') t = null;
    }
    out.push(linkKstat(l.name, crtime, snaptime, t, l.state));
  }
  // the host: its CPUs share out what the zones used, the rest is idle
  const up = snaptime;
  let userNs = 0n;
  let sysNs = 0n;
  let rss = 0;
  for (const n of numbers) {
    userNs += n.userNs;
    sysNs += n.sysNs;
    rss += n.rss;
  }
  const gzUser = BigInt(Math.floor(wobbled(0.02, up, 61, 1) * 1e9));
  for (let cpu = 0; cpu < SIM_NCPUS; cpu++) {
    const u = (userNs + gzUser) / BigInt(SIM_NCPUS);
    const k = sysNs / BigInt(SIM_NCPUS) + BigInt(Math.floor(up * 0.003 * 1e9));
    const total = BigInt(Math.floor(up * 1e9));
    const idle = total > u + k ? total - u - k : 0n;
    out.push({
      module: 'cpu',
      instance: cpu,
      name: 'sys',
      class: 'misc',
      crtime: 0.5,
      snaptime,
      stats: [
        { name: 'cpu_nsec_idle', type: 'uint64', value: idle },
        { name: 'cpu_nsec_kernel', type: 'uint64', value: k },
        { name: 'cpu_nsec_user', type: 'uint64', value: u },
        { name: 'cpu_nsec_dtrace', type: 'uint64', value: 0 },
        { name: 'cpu_nsec_intr', type: 'uint64', value: 0 },
      ],
    });
  }
  const physmem = PHYSMEM / PAGESIZE;
  const freemem = Math.max(0, Math.floor((PHYSMEM - KERNEL_MEM - rss) / PAGESIZE));
  out.push({
    module: 'unix',
    instance: 0,
    name: 'system_misc',
    class: 'misc',
    crtime: 0,
    snaptime,
    stats: [
      { name: 'ncpus', type: 'uint32', value: SIM_NCPUS },
      { name: 'ncpus_online', type: 'uint32', value: SIM_NCPUS },
      { name: 'boot_time', type: 'uint32', value: Math.floor(clock.bootMs / 1000) },
      { name: 'nproc', type: 'uint32', value: 60 + numbers.length * 25 },
      { name: 'lbolt', type: 'uint32', value: Math.floor(up * 100) % 4294967296 },
      { name: 'clk_intr', type: 'uint32', value: Math.floor(up * 100) % 4294967296 },
    ],
  });
  out.push({
    module: 'unix',
    instance: 0,
    name: 'system_pages',
    class: 'pages',
    crtime: 0,
    snaptime,
    stats: [
      { name: 'physmem', type: 'uint64', value: physmem },
      { name: 'freemem', type: 'uint64', value: freemem },
      { name: 'availrmem', type: 'uint64', value: freemem },
      { name: 'pagestotal', type: 'uint64', value: physmem - KERNEL_MEM / PAGESIZE },
      { name: 'pagesfree', type: 'uint64', value: freemem },
    ],
  });
  return out;
}
