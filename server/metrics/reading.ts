// One kstat sample of a host, read into numbers (HostReading), and the rates between two
// readings (HostPoint): what the sampler keeps and what the charts show. Pure functions.
//
// Keys: a zone is its kstat *instance* (the zone id) within one sample, named by its
// `zonename` statistic (the kstat name is cut at 30 characters). Zone ids change at every
// boot, so two readings are compared per id only when the id still holds the same zone with
// the same boot_time; otherwise (a reboot: new id, counters from 0) the zone has no rate for
// that interval. A counter that went backwards is a reset too, never a negative rate.
import { kstatBigInt, kstatCap, kstatSeconds, type KstatSample, type KstatStat } from '../illumos/kstat';

export interface ZoneReading {
  id: number;
  name: string;
  bootTime: number | null;
  snaptime: number | null;
  /** cumulative ns of CPU (user + sys) */
  cpuNs: bigint | null;
  waitNs: bigint | null;
  rss: number | null;
  physcap: number | null;
  swap: number | null;
  swapcap: number | null;
  nover: number | null;
  /** cpu-cap in CPUs (caps:…:cpucaps_zone_<id>:value / 100), null when uncapped */
  cpuCap: number | null;
}

export interface LinkReading {
  name: string;
  snaptime: number | null;
  rbytes: bigint | null;
  obytes: bigint | null;
}

export interface HostReading {
  /** ms since the epoch: the `-T u` line, else when we read it */
  t: number;
  ncpus: number | null;
  physmemBytes: number | null;
  freememBytes: number | null;
  /** all CPUs: busy (user + kernel) and total ns, with the newest snaptime */
  cpuBusyNs: bigint | null;
  cpuTotalNs: bigint | null;
  zones: Map<number, ZoneReading>;
  links: Map<string, LinkReading>;
}

/** illumos on x86 (the only platform the dashboard targets) has 4 KiB base pages. */
export const PAGESIZE = 4096;

function orNull<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

export function readSample(sample: KstatSample, receivedAt: number = Date.now()): HostReading {
  const r: HostReading = {
    t: sample.time !== null ? sample.time * 1000 : receivedAt,
    ncpus: null,
    physmemBytes: null,
    freememBytes: null,
    cpuBusyNs: null,
    cpuTotalNs: null,
    zones: new Map(),
    links: new Map(),
  };
  const zone = (id: number): ZoneReading => {
    let z = r.zones.get(id);
    if (!z) {
      z = { id, name: '', bootTime: null, snaptime: null, cpuNs: null, waitNs: null, rss: null, physcap: null, swap: null, swapcap: null, nover: null, cpuCap: null };
      r.zones.set(id, z);
    }
    return z;
  };
  const caps = new Map<number, number>();
  const user = new Map<number, bigint>();
  const sys = new Map<number, bigint>();
  let busy = 0n;
  let total = 0n;
  let sawCpu = false;
  const big = (s: KstatStat) => orNull(() => kstatBigInt(s));
  for (const s of sample.stats) {
    switch (s.module) {
      case 'zones': {
        const z = zone(s.instance);
        if (s.statistic === 'zonename') z.name = s.value;
        else if (s.statistic === 'nsec_user') user.set(s.instance, big(s) ?? 0n);
        else if (s.statistic === 'nsec_sys') sys.set(s.instance, big(s) ?? 0n);
        else if (s.statistic === 'nsec_waitrq') z.waitNs = big(s);
        else if (s.statistic === 'boot_time') z.bootTime = orNull(() => Number(kstatBigInt(s)));
        else if (s.statistic === 'snaptime') z.snaptime = orNull(() => kstatSeconds(s));
        break;
      }
      case 'memory_cap': {
        const z = zone(s.instance);
        if (s.statistic === 'zonename' && !z.name) z.name = s.value;
        else if (s.statistic === 'rss') z.rss = orNull(() => Number(kstatBigInt(s)));
        else if (s.statistic === 'swap') z.swap = orNull(() => Number(kstatBigInt(s)));
        else if (s.statistic === 'physcap') z.physcap = orNull(() => kstatCap(s));
        else if (s.statistic === 'swapcap') z.swapcap = orNull(() => kstatCap(s));
        else if (s.statistic === 'nover') z.nover = orNull(() => Number(kstatBigInt(s)));
        break;
      }
      case 'caps':
        if (s.statistic === 'value' && s.name.startsWith('cpucaps_zone_')) {
          const v = big(s);
          if (v !== null) caps.set(s.instance, Number(v) / 100);
        }
        break;
      case 'link': {
        let l = r.links.get(s.name);
        if (!l) {
          l = { name: s.name, snaptime: null, rbytes: null, obytes: null };
          r.links.set(s.name, l);
        }
        if (s.statistic === 'rbytes64') l.rbytes = big(s);
        else if (s.statistic === 'obytes64') l.obytes = big(s);
        else if (s.statistic === 'snaptime') l.snaptime = orNull(() => kstatSeconds(s));
        break;
      }
      case 'cpu':
        if (s.name !== 'sys') break;
        if (s.statistic === 'cpu_nsec_user' || s.statistic === 'cpu_nsec_kernel') {
          busy += big(s) ?? 0n;
          total += big(s) ?? 0n;
          sawCpu = true;
        } else if (s.statistic === 'cpu_nsec_idle') {
          total += big(s) ?? 0n;
          sawCpu = true;
        }
        break;
      case 'unix':
        if (s.name === 'system_misc' && s.statistic === 'ncpus') r.ncpus = orNull(() => Number(kstatBigInt(s)));
        else if (s.name === 'system_pages' && s.statistic === 'physmem') r.physmemBytes = orNull(() => Number(kstatBigInt(s)) * PAGESIZE);
        else if (s.name === 'system_pages' && s.statistic === 'freemem') r.freememBytes = orNull(() => Number(kstatBigInt(s)) * PAGESIZE);
        break;
    }
  }
  for (const z of r.zones.values()) {
    const u = user.get(z.id);
    const k = sys.get(z.id);
    z.cpuNs = u !== undefined || k !== undefined ? (u ?? 0n) + (k ?? 0n) : null;
    z.cpuCap = caps.get(z.id) ?? null;
  }
  if (sawCpu) {
    r.cpuBusyNs = busy;
    r.cpuTotalNs = total;
  }
  // a zone without a name (a stat missing mid-boot) cannot be attributed
  for (const [id, z] of r.zones) if (!z.name) r.zones.delete(id);
  return r;
}

// ---- rates --------------------------------------------------------------------------------

export interface ZonePoint {
  zone: string;
  /** CPUs in use (1 = one whole CPU), null on the first reading and across a reboot */
  cpu: number | null;
  /** % of the host's CPUs */
  cpuHostPct: number | null;
  /** % of the zone's cpu-cap, null when it has none */
  cpuCapPct: number | null;
  cpuCap: number | null;
  rss: number | null;
  physcap: number | null;
  swap: number | null;
  swapcap: number | null;
  /** bytes per second on each of the zone's VNICs */
  net: Record<string, { rx: number | null; tx: number | null }>;
  /** when the zone booted, in seconds since the epoch by the host's clock (zones:::boot_time) */
  bootTime: number | null;
}

export interface HostPoint {
  t: number;
  ncpus: number | null;
  /** % of all the host's CPUs busy */
  cpuPct: number | null;
  memTotal: number | null;
  memUsed: number | null;
  zones: ZonePoint[];
}

function rate(prev: bigint | null | undefined, cur: bigint | null, dt: number): number | null {
  if (prev === null || prev === undefined || cur === null || !(dt > 0)) return null;
  if (cur < prev) return null; // a counter reset (the kernel object was made anew)
  return Number(cur - prev) / dt;
}

/**
 * The point of `cur`, with rates over the interval since `prev` (null for the first reading).
 * vnicZone maps a VNIC to the zone that has it (`dladm show-vnic -p -o link,zone`).
 */
export function toPoint(prev: HostReading | null, cur: HostReading, vnicZone: ReadonlyMap<string, string>): HostPoint {
  const ncpus = cur.ncpus ?? prev?.ncpus ?? null;
  let cpuPct: number | null = null;
  if (prev && prev.cpuBusyNs !== null && cur.cpuBusyNs !== null && prev.cpuTotalNs !== null && cur.cpuTotalNs !== null) {
    const dTotal = cur.cpuTotalNs - prev.cpuTotalNs;
    const dBusy = cur.cpuBusyNs - prev.cpuBusyNs;
    if (dTotal > 0n && dBusy >= 0n) cpuPct = Math.min(100, (Number(dBusy) / Number(dTotal)) * 100);
  }
  const memTotal = cur.physmemBytes;
  const memUsed = cur.physmemBytes !== null && cur.freememBytes !== null ? cur.physmemBytes - cur.freememBytes : null;

  const netOf = new Map<string, ZonePoint['net']>();
  for (const l of cur.links.values()) {
    const zone = vnicZone.get(l.name);
    if (!zone) continue;
    const p = prev?.links.get(l.name);
    const dt = p && p.snaptime !== null && l.snaptime !== null ? l.snaptime - p.snaptime : 0;
    const net = netOf.get(zone) ?? {};
    net[l.name] = { rx: rate(p?.rbytes, l.rbytes, dt), tx: rate(p?.obytes, l.obytes, dt) };
    netOf.set(zone, net);
  }

  const zones: ZonePoint[] = [];
  for (const z of cur.zones.values()) {
    if (z.id === 0) continue; // the global zone is the host
    const p = prev?.zones.get(z.id);
    const same = p && p.name === z.name && p.bootTime === z.bootTime;
    const dt = same && p.snaptime !== null && z.snaptime !== null ? z.snaptime - p.snaptime : 0;
    const nsPerSec = same ? rate(p.cpuNs, z.cpuNs, dt) : null;
    const cpu = nsPerSec === null ? null : nsPerSec / 1e9;
    zones.push({
      zone: z.name,
      cpu,
      cpuHostPct: cpu !== null && ncpus ? (cpu / ncpus) * 100 : null,
      cpuCapPct: cpu !== null && z.cpuCap ? (cpu / z.cpuCap) * 100 : null,
      cpuCap: z.cpuCap,
      rss: z.rss,
      physcap: z.physcap,
      swap: z.swap,
      swapcap: z.swapcap,
      net: netOf.get(z.name) ?? {},
      bootTime: z.bootTime,
    });
  }
  return { t: cur.t, ncpus, cpuPct, memTotal, memUsed, zones };
}
