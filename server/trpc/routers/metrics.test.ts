// The metrics procedures through the tRPC caller, on a real SQLite database and the embedded
// simulated host (seeded: www, api, mail running; db installed with a memory cap): live points
// from the host's one sampler, SQLite history for 24 h / 7 d, and many viewers costing no more
// tool runs than one.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const scratch = await mkdtemp(path.join(os.tmpdir(), 'zd-metrics-router-'));
process.env.ZONEDASH_DB = path.join(scratch, 'data', 'zonedash.sqlite');
process.env.ZONEDASH_HOST = 'sim';
process.env.SIM_ROOT = path.join(scratch, 'sim');
process.env.SIM_SEED = '1';
process.env.SIM_TIME_SCALE = '0';
process.env.ZONEDASH_METRICS_INTERVAL = '1';

const { signIn } = await import('../../auth/testkit');
const { createCallerFactory } = await import('../init');
const { appRouter } = await import('../app-router');
const { database, hostRegistry, startServices } = await import('../../services');
const { MetricsHistory, MINUTE, TEN_MINUTES } = await import('../../metrics/history');
const { samplerFor } = await import('../../metrics/registry');
const makeCaller = createCallerFactory(appRouter);

let viewer: ReturnType<typeof makeCaller>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await startServices();
  viewer = makeCaller((await signIn('viewer')).ctx);
});
afterAll(async () => {
  const host = (await hostRegistry()).get('sim');
  if (host) samplerFor(host).stop();
});

describe('metrics router', () => {
  it('a zone: CPU, memory, network and disk of the last 15 minutes, live', async () => {
    let m = await viewer.metrics.zone({ host: 'sim', zone: 'www', range: '15m' });
    for (let i = 0; i < 60 && m.cpu.filter((v) => v !== null).length < 2; i++) {
      await sleep(250);
      m = await viewer.metrics.zone({ host: 'sim', zone: 'www', range: '15m' });
    }
    expect(m.ncpus).toBe(8);
    expect(m.resolution).toBe(1);
    expect(m.t.length).toBe(m.cpu.length);
    const cpu = m.cpuHostPct.filter((v): v is number => v !== null);
    expect(cpu.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...cpu)).toBeLessThan(1); // idle
    expect(m.cpuCap).toBeNull();
    expect(m.rss.at(-1)).toBeGreaterThan(100 * 1024 ** 2);
    expect(m.physcap.at(-1)).toBeNull(); // uncapped
    expect(Object.keys(m.vnics)).toEqual(['www0']);
  }, 30_000);

  it("a running zone says when it booted and how long it has been up, by the host's clock; a zone not running, neither", async () => {
    const www = await viewer.metrics.zone({ host: 'sim', zone: 'www', range: '15m' });
    expect(www.bootedAt).not.toBeNull();
    expect(www.upMs).not.toBeNull();
    // the simulated host's clock is this machine's: booted before now, up until the latest sample
    expect(www.bootedAt!).toBeLessThanOrEqual(Date.now());
    expect(www.upMs!).toBeGreaterThanOrEqual(0);
    expect(Math.abs(www.bootedAt! + www.upMs! - Date.now())).toBeLessThan(10_000);
    // the 24 h range (SQLite's history) says the same
    expect((await viewer.metrics.zone({ host: 'sim', zone: 'www', range: '24h' })).bootedAt).toBe(www.bootedAt);
    const db = await viewer.metrics.zone({ host: 'sim', zone: 'db', range: '15m' });
    expect({ bootedAt: db.bootedAt, upMs: db.upMs }).toEqual({ bootedAt: null, upMs: null });
  });

  it('many viewers, one sampler: reads never start another kstat', async () => {
    const host = (await hostRegistry()).get('sim')!;
    const before = samplerFor(host).stats.runs;
    await Promise.all(Array.from({ length: 20 }, () => viewer.metrics.sparklines({ host: 'sim' })));
    await Promise.all(Array.from({ length: 20 }, (_, i) => viewer.metrics.zone({ host: 'sim', zone: ['www', 'api', 'mail'][i % 3]!, range: '1h' })));
    expect(samplerFor(host).stats.runs).toBe(before);
    expect(before).toBe(1);
    const s = await viewer.metrics.sparklines({ host: 'sim' });
    expect(Object.keys(s.zones).sort()).toEqual(['api', 'mail', 'www']);
    expect(s.zones.www!.t.length).toBe(s.zones.www!.cpu.length);
  });

  it('the host: CPU and memory now, zones by state', async () => {
    const h = await viewer.metrics.host({ host: 'sim' });
    expect(h.ncpus).toBe(8);
    expect(h.cpuPct).toBeGreaterThan(0);
    expect(h.memTotal).toBe(16 * 1024 ** 3);
    expect(h.memUsed).toBeGreaterThan(0);
    expect(h.zonesByState).toMatchObject({ running: 3, installed: 1, incomplete: 1, configured: 1 });
  });

  it('24 h and 7 d come from the downsampled history', async () => {
    const history = new MetricsHistory(database());
    const now = Date.now();
    const row = (t: number, cpu: number) => ({ zone: 'api', t, cpu, rss: 2e8, physcap: null, swap: 2.5e8, swapcap: null, rx: 1500, tx: 1000, diskUsed: 6e8, diskQuota: null });
    history.write('sim', MINUTE, [row(now - 3 * 3600_000, 0.5), row(now - 2 * 86_400_000, 0.25)]);
    history.write('sim', TEN_MINUTES, [row(now - 3 * 86_400_000, 1)]);
    const day = await viewer.metrics.zone({ host: 'sim', zone: 'api', range: '24h' });
    expect(day.resolution).toBe(60);
    const i = day.t.indexOf(now - 3 * 3600_000);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(day.cpuHostPct[i]).toBeCloseTo((0.5 / 8) * 100);
    expect(day.disk.used[i]).toBe(6e8);
    expect(day.t).not.toContain(now - 2 * 86_400_000);
    const week = await viewer.metrics.zone({ host: 'sim', zone: 'api', range: '7d' });
    expect(week.resolution).toBe(600);
    expect(week.t).toContain(now - 3 * 86_400_000);
  });

  it('refuses what is not a zone, a range or a host', async () => {
    await expect(viewer.metrics.zone({ host: 'sim', zone: '-rf', range: '15m' })).rejects.toThrow();
    await expect(viewer.metrics.zone({ host: 'sim', zone: 'www', range: '2y' as '7d' })).rejects.toThrow();
    await expect(viewer.metrics.host({ host: 'nosuchhost' })).rejects.toThrow(/nosuchhost/);
  });
});
