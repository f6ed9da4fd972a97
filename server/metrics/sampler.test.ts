import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import type { Host } from '../hosts/registry';
import { LocalRunner } from '../hosts/local';
import { SimRunner } from '../hosts/sim';
import { seedDemoHost } from '../sim/seed';
import { MetricsHistory, MINUTE } from './history';
import { HostSampler, type SampleEvent } from './sampler';

let root: string;
beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'metrics-sampler-'));
  await seedDemoHost(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const retention = { minuteDays: 7, tenMinuteDays: 90 };

describe('HostSampler on a simulated host', () => {
  it('runs ONE kstat for all zones, streams points with rates, keeps them, stops the run', async () => {
    const runner = new SimRunner({ root, timeScale: 0 });
    const host: Host = { name: 'sim', kind: 'sim', description: 'test', runner };
    const sampler = new HostSampler(host, {
      intervalSec: 1,
      ringSeconds: 60,
      zfsEveryMs: 60_000,
      quietMs: 100,
      history: new MetricsHistory(openDatabase(':memory:')),
      retention,
      zonepaths: () => new Map([['www', '/zones/www'], ['api', '/zones/api'], ['mail', '/zones/mail']]),
    });
    const events: SampleEvent[] = [];
    const off = sampler.subscribe((e) => events.push(e));
    await new Promise((r) => setTimeout(r, 3600));
    off();
    sampler.stop();
    expect(sampler.stats.runs).toBe(1);
    expect(sampler.stats.badSamples).toBe(0);
    // a sample each second, taken as it streams (not an interval late)
    expect(events.length).toBeGreaterThanOrEqual(3);
    const last = events.at(-1)!.point;
    expect(last.ncpus).toBe(8);
    expect(last.zones.map((z) => z.zone).sort()).toEqual(['api', 'mail', 'www']);
    const www = last.zones.find((z) => z.zone === 'www')!;
    expect(www.cpu).toBeGreaterThan(0);
    expect(www.cpu).toBeLessThan(0.05); // idle
    expect(www.physcap).toBeNull();
    expect(www.rss).toBeGreaterThan(100 * 1024 ** 2);
    expect(Object.keys(www.net)).toEqual(['www0']);
    expect(www.net.www0!.rx).toBeGreaterThan(0);
    expect(last.cpuPct).toBeGreaterThan(0);
    // one kstat run, one dladm per change of the running set, one zfs: never a tool per zone
    expect(runner.spawnCount).toBeLessThanOrEqual(4);
    const s = sampler.zoneSeries('www', 0);
    expect(s.series!.t.length).toBe(events.length);
    expect(s.vnics.www0!.rx.filter((v) => v !== null).length).toBeGreaterThanOrEqual(2);
    expect(s.disk!.used[0]).toBeGreaterThan(600 * 1024 ** 2);
    const spark = sampler.sparklines(0);
    expect(Object.keys(spark).sort()).toEqual(['api', 'mail', 'www']);
    // stopped: no more samples arrive
    const n = events.length;
    await new Promise((r) => setTimeout(r, 1300));
    expect(events.length).toBe(n);
  }, 15_000);

  it('restarts kstat with a growing backoff when it ends', async () => {
    const runner = new LocalRunner({ pfexec: false, toolPaths: { kstat: '/bin/false', dladm: '/bin/true', zfs: '/bin/true' } });
    const host: Host = { name: 'broken', kind: 'local', description: 'test', runner };
    const sampler = new HostSampler(host, { intervalSec: 5, ringSeconds: 60, zfsEveryMs: 60_000, quietMs: 100, history: null, retention, zonepaths: () => new Map() });
    sampler.start();
    await new Promise((r) => setTimeout(r, 3700));
    sampler.stop();
    // runs at 0 s, after 2 s, then 4 s later: backoff 2 s, 4 s, … (a quick failure doubles it)
    expect(sampler.stats.runs).toBe(2);
    expect(sampler.stats.lastError).toMatch(/^kstat ended with status 1/);
  }, 10_000);
});

describe('MetricsHistory', () => {
  it('writes minute rows, rolls them up to 10 minutes, prunes past retention', () => {
    const h = new MetricsHistory(openDatabase(':memory:'));
    const t0 = Date.UTC(2026, 0, 1, 12, 0);
    const row = (t: number, cpu: number) => ({ zone: 'www', t, cpu, rss: 100, physcap: null, swap: null, swapcap: null, rx: 1, tx: 2, diskUsed: null, diskQuota: null });
    h.write('sim', MINUTE, Array.from({ length: 10 }, (_, i) => row(t0 + i * 60_000, i)));
    h.rollUp('sim', t0);
    const ten = h.query('sim', 'www', 600, 0);
    expect(ten).toHaveLength(1);
    expect(ten[0]!.cpu).toBeCloseTo(4.5);
    expect(h.query('sim', 'www', MINUTE, t0 + 5 * 60_000)).toHaveLength(5);
    // 8 days later the minute rows are gone, the 10-minute row stays
    expect(h.prune(t0 + 8 * 86_400_000, retention)).toBe(10);
    expect(h.count('sim')).toBe(1);
    expect(h.prune(t0 + 91 * 86_400_000, retention)).toBe(1);
  });
});
