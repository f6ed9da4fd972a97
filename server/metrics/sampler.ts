// One sampler per host (never per zone or per viewer): ONE long-running
// `kstat -p -T u <selectors> 5` on the host, read as it streams (RunOptions.onOutput), turned
// into rates, kept in memory (an hour of 5-second points per zone) and, a minute and ten
// minutes at a time, in SQLite. `dladm show-vnic -p -o link,zone` maps VNICs to zones (every
// minute and when the set of running zones changes); `zfs list -Hp` runs every minute for disk.
// If kstat ends (the host went away, a timeout), it is started again with a growing backoff.
import type { Host } from '../hosts/registry';
import { dladmShowVnicZones, KstatStreamSplitter, METRICS_SELECTORS, kstatSample, parseZfsListUsage, zfsListUsage, type ZfsUsage } from '../illumos/kstat';
import { parseDladmParsable } from '../illumos/parse';
import { MINUTE, TEN_MINUTES, type HistoryRow, type MetricsHistory, type RetentionSettings } from './history';
import { readSample, toPoint, type HostPoint, type HostReading } from './reading';
import { ColumnRing } from './ring';

export const ZONE_KEYS = ['cpu', 'cpuHostPct', 'cpuCapPct', 'cpuCap', 'rss', 'physcap', 'swap', 'swapcap', 'rx', 'tx'] as const;
export type ZoneKey = (typeof ZONE_KEYS)[number];
const HOST_KEYS = ['cpuPct', 'memUsed', 'memTotal'] as const;
const DISK_KEYS = ['used', 'quota', 'avail'] as const;

export interface SamplerOptions {
  intervalSec: number;
  /** how long the in-memory history reaches back (default 1 h) */
  ringSeconds: number;
  zfsEveryMs: number;
  /** settle time after kstat's last write before a sample is taken as complete */
  quietMs: number;
  history: MetricsHistory | null;
  retention: RetentionSettings;
  /** the zones' zonepaths (to find their datasets), from the host's watcher */
  zonepaths: () => ReadonlyMap<string, string>;
}

export interface SampleEvent {
  host: string;
  point: HostPoint;
}

const KSTAT_RUN_MS = 12 * 3600_000;
const MAX_BACKOFF_MS = 60_000;

export class HostSampler {
  private readonly zones = new Map<string, { ring: ColumnRing<ZoneKey>; vnics: Map<string, ColumnRing<'rx' | 'tx'>>; seen: number }>();
  private readonly hostRing: ColumnRing<(typeof HOST_KEYS)[number]>;
  private readonly disks = new Map<string, ColumnRing<(typeof DISK_KEYS)[number]>>();
  private readonly listeners = new Set<(e: SampleEvent) => void>();
  private vnicZone = new Map<string, string>();
  private vnicsAt = 0;
  private runningSet = '';
  private prev: HostReading | null = null;
  private last: HostPoint | null = null;
  private abort: AbortController | null = null;
  private zfsTimer: NodeJS.Timeout | null = null;
  private minute = 0;
  private lastPrune = 0;
  private latestDisk = new Map<string, ZfsUsage>();
  /** runs of kstat started, samples taken, samples that could not be read */
  readonly stats = { runs: 0, samples: 0, badSamples: 0, lastError: null as string | null };

  constructor(
    readonly host: Host,
    private readonly o: SamplerOptions,
  ) {
    this.hostRing = new ColumnRing(HOST_KEYS, this.capacity());
  }

  private capacity(): number {
    return Math.ceil(this.o.ringSeconds / this.o.intervalSec) + 2;
  }

  get running(): boolean {
    return this.abort !== null;
  }

  start(): void {
    if (this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    void this.loop(abort.signal);
    void this.sampleDisks();
    // once more soon: at start the host's zone list (zonepaths) may not be read yet
    setTimeout(() => void (this.abort === abort && this.sampleDisks()), 5000).unref();
    this.zfsTimer = setInterval(() => void this.sampleDisks(), this.o.zfsEveryMs);
    this.zfsTimer.unref();
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
    if (this.zfsTimer) clearInterval(this.zfsTimer);
    this.zfsTimer = null;
  }

  /** Live points as they are sampled (the page's one subscription forwards them). */
  subscribe(listener: (e: SampleEvent) => void): () => void {
    this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  latest(): HostPoint | null {
    return this.last;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let backoff = 1000;
    while (!signal.aborted) {
      const started = Date.now();
      await this.refreshVnics().catch(() => {});
      const splitter = new KstatStreamSplitter(`kstat on ${this.host.name}`);
      let quiet: NodeJS.Timeout | null = null;
      const take = (samples: ReturnType<KstatStreamSplitter['push']>) => {
        for (const s of samples) this.onSample(s);
      };
      this.stats.runs++;
      const result = await this.host.runner
        .run(kstatSample(METRICS_SELECTORS, this.o.intervalSec), {
          timeoutMs: KSTAT_RUN_MS,
          // after the hosts' first zone lists at a start (server/hosts/ssh-start-gate.ts)
          background: true,
          // the run's collected output is not needed (samples are taken as they stream)
          maxOutputBytes: 64 * 1024,
          signal,
          onOutput: (stream, text) => {
            if (stream !== 'stdout') return;
            try {
              take(splitter.push(text));
            } catch (e) {
              this.stats.badSamples++;
              this.stats.lastError = (e as Error).message;
            }
            if (quiet) clearTimeout(quiet);
            quiet = setTimeout(() => {
              quiet = null;
              try {
                const s = splitter.flush();
                if (s) take([s]);
              } catch (e) {
                this.stats.badSamples++;
                this.stats.lastError = (e as Error).message;
              }
            }, this.o.quietMs);
          },
        })
        .catch((e: unknown) => ({ exitCode: -1, stderr: String(e), timedOut: false }));
      if (quiet) clearTimeout(quiet);
      if (signal.aborted) break;
      if (result.exitCode !== 0 && !result.timedOut) this.stats.lastError = `kstat ended with status ${result.exitCode}: ${result.stderr.slice(0, 200)}`;
      // a run that lasted a while was healthy: start again soon; a quick failure backs off
      backoff = Date.now() - started > 60_000 ? 1000 : Math.min(MAX_BACKOFF_MS, backoff * 2);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, backoff);
        signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
    }
  }

  private async refreshVnics(): Promise<void> {
    const r = await this.host.runner.run(dladmShowVnicZones(), { timeoutMs: 20_000, background: true });
    if (r.exitCode !== 0) return;
    const map = new Map<string, string>();
    for (const row of parseDladmParsable(r.stdout, ['link', 'zone'])) if (row.zone && row.zone !== '--') map.set(row.link!, row.zone);
    this.vnicZone = map;
    this.vnicsAt = Date.now();
  }

  private async sampleDisks(): Promise<void> {
    const r = await this.host.runner.run(zfsListUsage(), { timeoutMs: 30_000, background: true }).catch(() => null);
    if (!r || r.exitCode !== 0) return;
    let list: ZfsUsage[];
    try {
      list = parseZfsListUsage(r.stdout);
    } catch {
      return;
    }
    // a zone's dataset is the one mounted at its zonepath: <pool><zonepath> by inheritance
    const byPath = new Map(list.map((d) => [d.name.slice(d.name.indexOf('/')), d] as const));
    const now = Date.now();
    for (const [zone, zonepath] of this.o.zonepaths()) {
      const d = byPath.get(zonepath);
      if (!d) continue;
      this.latestDisk.set(zone, d);
      let ring = this.disks.get(zone);
      if (!ring) this.disks.set(zone, (ring = new ColumnRing(DISK_KEYS, Math.ceil(this.o.ringSeconds / (this.o.zfsEveryMs / 1000)) + 2)));
      ring.push(now, { used: d.used, quota: d.quota, avail: d.avail });
    }
  }

  private onSample(sample: Parameters<typeof readSample>[0]): void {
    const reading = readSample(sample);
    const running = [...reading.zones.values()].map((z) => `${z.id}:${z.name}`).sort().join(' ');
    if (running !== this.runningSet || Date.now() - this.vnicsAt > 60_000) {
      this.runningSet = running;
      void this.refreshVnics().catch(() => {});
    }
    const point = toPoint(this.prev, reading, this.vnicZone);
    this.prev = reading;
    this.last = point;
    this.stats.samples++;
    this.record(point);
    for (const l of this.listeners) l({ host: this.host.name, point });
  }

  private record(p: HostPoint): void {
    this.hostRing.push(p.t, { cpuPct: p.cpuPct, memUsed: p.memUsed, memTotal: p.memTotal });
    for (const z of p.zones) {
      let entry = this.zones.get(z.zone);
      if (!entry) this.zones.set(z.zone, (entry = { ring: new ColumnRing(ZONE_KEYS, this.capacity()), vnics: new Map(), seen: p.t }));
      entry.seen = p.t;
      let rx: number | null = null;
      let tx: number | null = null;
      for (const [vnic, v] of Object.entries(z.net)) {
        if (v.rx !== null) rx = (rx ?? 0) + v.rx;
        if (v.tx !== null) tx = (tx ?? 0) + v.tx;
        let ring = entry.vnics.get(vnic);
        if (!ring) entry.vnics.set(vnic, (ring = new ColumnRing(['rx', 'tx'] as const, this.capacity())));
        ring.push(p.t, v);
      }
      entry.ring.push(p.t, { ...z, rx, tx });
    }
    // a zone gone for longer than the ring reaches is forgotten (memory stays bounded)
    for (const [name, e] of this.zones) if (p.t - e.seen > this.o.ringSeconds * 1000) this.zones.delete(name);
    this.rollMinutes(p.t);
  }

  private rollMinutes(t: number): void {
    const minute = Math.floor(t / 60_000) * 60_000;
    if (this.minute === 0) this.minute = minute;
    if (minute === this.minute || !this.o.history) return;
    const from = this.minute;
    this.minute = minute;
    const rows: HistoryRow[] = [];
    const h = this.hostRing.mean(from, from + 60_000);
    if (h) rows.push({ zone: '', t: from, cpu: h.cpuPct, rss: h.memUsed, physcap: h.memTotal, swap: null, swapcap: null, rx: null, tx: null, diskUsed: null, diskQuota: null });
    for (const [zone, e] of this.zones) {
      const m = e.ring.mean(from, from + 60_000);
      if (!m) continue;
      const d = this.latestDisk.get(zone);
      rows.push({ zone, t: from, cpu: m.cpu, rss: m.rss, physcap: m.physcap, swap: m.swap, swapcap: m.swapcap, rx: m.rx, tx: m.tx, diskUsed: d?.used ?? null, diskQuota: d?.quota ?? null });
    }
    try {
      this.o.history.write(this.host.name, MINUTE, rows);
      const tenFrom = Math.floor(from / 600_000) * 600_000;
      if (Math.floor(minute / 600_000) * 600_000 !== tenFrom) this.o.history.rollUp(this.host.name, tenFrom);
      if (t - this.lastPrune > 3600_000) {
        this.lastPrune = t;
        this.o.history.prune(t, this.o.retention);
      }
    } catch (e) {
      this.stats.lastError = `history: ${(e as Error).message}`;
    }
  }

  // ---- reads (the router's) ---------------------------------------------------------------

  zoneSeries(zone: string, since: number) {
    const e = this.zones.get(zone);
    const series = e ? e.ring.since(since) : null;
    const vnics = e ? Object.fromEntries([...e.vnics].map(([name, r]) => [name, r.since(since)])) : {};
    const disk = this.disks.get(zone)?.since(since) ?? null;
    return { series, vnics, disk };
  }

  hostSeries(since: number) {
    return this.hostRing.since(since);
  }

  /** The last `n` CPU and memory values of every zone (the table's sparklines). */
  sparklines(since: number): Record<string, { t: number[]; cpu: (number | null)[]; rss: (number | null)[]; physcap: number | null }> {
    const out: Record<string, { t: number[]; cpu: (number | null)[]; rss: (number | null)[]; physcap: number | null }> = {};
    for (const [zone, e] of this.zones) {
      const s = e.ring.since(since);
      out[zone] = { t: s.t, cpu: s.cpu, rss: s.rss, physcap: s.physcap.at(-1) ?? null };
    }
    return out;
  }

  zoneCount(): number {
    return this.zones.size;
  }
}

export { MINUTE, TEN_MINUTES };
