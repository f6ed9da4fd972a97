import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKstatParsable, parseZfsListUsage } from '../illumos/parse';
import { tmpHost, type TestHost } from './host-testkit';
import { ZoneShell } from './zoneshell';

const LONG = 'f7860689-c435-4964-9f7d-2d2d70cfe389'; // 36 characters: kstat names cut it at 30
let h: TestHost;

async function ok(p: Promise<{ code: number; stderr: string }>) {
  const r = await p;
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

beforeAll(async () => {
  h = await tmpHost();
  await ok(h.dladm('create-vnic', '-l', 'i40e0', 'web0'));
  await ok(h.dladm('create-vnic', '-l', 'i40e0', 'capd0'));
  await ok(h.zonecfg('-z', 'web', 'create -t lipkg; set zonepath=/zones/web; add net; set physical=web0; end'));
  await ok(h.zonecfg('-z', 'capd', 'create -t sparse; set zonepath=/zones/capd; add net; set physical=capd0; end; add capped-memory; set physical=1G; set swap=2G; end; add capped-cpu; set ncpus=0.5; end'));
  await ok(h.zonecfg('-z', LONG, `create -t sparse; set zonepath=/zones/${LONG}`));
  for (const z of ['web', 'capd', LONG]) {
    await ok(h.zoneadm('-z', z, 'install'));
    await ok(h.zoneadm('-z', z, 'boot'));
  }
});
afterAll(() => h.cleanup());

const kstat = (...args: string[]) => h.run('kstat', args);
const value = (text: string, key: string) => parseKstatParsable(text)[0]!.stats.find((s) => `${s.module}:${s.instance}:${s.name}:${s.statistic}` === key)?.value;

describe('simulated kstat: options, output, exit status', () => {
  it('prints -p lines sorted as kstat sorts them, with class, crtime and snaptime', async () => {
    const r = await kstat('-p', 'zones:::');
    expect(r.code).toBe(0);
    const stats = parseKstatParsable(r.stdout)[0]!.stats;
    const web = stats.filter((s) => s.name === 'web').map((s) => s.statistic);
    expect(web).toEqual([...web].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(web).toEqual(expect.arrayContaining(['class', 'crtime', 'snaptime', 'nsec_user', 'nsec_sys', 'nsec_waitrq', 'boot_time', 'zonename']));
    const ids = [...new Set(stats.map((s) => s.instance))];
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBe(0); // the global zone
    expect(r.stdout).toMatch(/^zones:\d+:web:class\tzone_misc$/m);
    expect(r.stdout).toMatch(/^zones:\d+:web:snaptime\t\d+\.\d{9}$/m);
  });

  it('cuts the kstat name at 30 characters; zonename holds the full name', async () => {
    const r = await kstat('-p', 'zones:::zonename');
    expect(r.stdout).toContain(`:${LONG.slice(0, 30)}:zonename\t${LONG}\n`);
    expect(r.stdout).not.toContain(`:${LONG}:`);
  });

  it('exit status 1 when nothing matched, 0 when something did; -q prints nothing', async () => {
    expect((await kstat('-p', 'nosuchmodule:::')).code).toBe(1);
    expect((await kstat('-p', 'zones:::nosuchstat')).code).toBe(1);
    const q = await kstat('-q', 'zones:::nsec_user');
    expect(q).toMatchObject({ code: 0, stdout: '' });
    expect((await kstat('-q', 'nothing')).code).toBe(1);
  });

  it('usage errors exit 2 with the usage; -h exits 0', async () => {
    const bad = await kstat('-x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kstat: illegal option -- x\nUsage:\nkstat \[ -Cjlpq \]/);
    const both = await kstat('-q', '-p');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^-q and -lpj are mutually exclusive\n/);
    const zero = await kstat('zones', '0');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/^Interval must be an integer >= 1Usage:/);
    expect((await kstat('a:b:c:d:e')).code).toBe(2);
    expect((await kstat('-m', 'zones', 'zones:::')).stderr).toMatch(/^\[module\[:instance\[:name\[:statistic\]\]\]\] and -m -i -n -s are mutually exclusive/);
    expect((await kstat('-T', 'x', 'zones')).code).toBe(2);
    expect((await kstat('-h')).code).toBe(0);
  });

  it('selects with -m/-i/-n/-s and /regex/, and prints the human, -l, -C and -j forms', async () => {
    const byClass = await kstat('-p', '-c', 'zone_memory_cap', '-s', 'zonename');
    expect(byClass.stdout.trim().split('\n').every((l) => l.startsWith('memory_cap:'))).toBe(true);
    const byOpt = await kstat('-p', '-m', 'memory_cap', '-s', 'rss');
    expect(byOpt.stdout.trim().split('\n').every((l) => /^memory_cap:\d+:[^:]+:rss\t\d+$/.test(l))).toBe(true);
    const re = await kstat('-p', 'zones:::/^(nsec_user|zonename)$/');
    expect(new Set(parseKstatParsable(re.stdout)[0]!.stats.map((s) => s.statistic))).toEqual(new Set(['nsec_user', 'zonename']));
    // getopt stops at the first operand: a later '-p' is a selector (a module named '-p')
    expect((await kstat('nosuch:::', '-p')).code).toBe(1);
    const h2 = await kstat('-n', 'web', '-m', 'zones');
    expect(h2.stdout).toMatch(/^module: zones {25}  instance: \d+ +\nname:   web {27}  class:    zone_misc\n\tavenrun_15min {17}  0\n/);
    expect((await kstat('-l', 'zones:::nsec_user')).stdout).toMatch(/^zones:0:global:nsec_user\n/);
    expect((await kstat('-C', 'zones:0::nsec_user')).stdout).toMatch(/^zones:0:global:nsec_user:\d+\n$/);
    // -j as kstat.c writes it: a ',' after an instance that is not the last one read (even
    // when the ones after it are filtered out), so a selector can make it invalid JSON
    const j = (await kstat('-j', 'zones:0:global')).stdout;
    expect(j).toMatch(/^\[\{\n\t"module": "zones",\n\t"instance": 0,\n\t"name": "global",\n\t"class": "zone_misc",\n\t"type": 1,\n\t"snaptime": \d+\.\d{9},\n\t"data": \{\n/);
    expect(j).toContain('\t\t"zonename": "global"\n\t}\n},]\n');
    const all = JSON.parse((await kstat('-j', '-m', 'unix', '-n', 'system_pages')).stdout) as { module: string; data: Record<string, unknown> }[];
    expect(all[0]!.data.physmem).toBe(4194304);
  });

  it('memory caps: physcap and swapcap from capped-memory, UINT64_MAX uncapped; rss near the cap', async () => {
    const r = (await kstat('-p', 'memory_cap:::')).stdout;
    const id = (zone: string) => new RegExp(`^memory_cap:(\\d+):${zone}:`, 'm').exec(r)![1];
    const capd = id('capd');
    const web = id('web');
    expect(value(r, `memory_cap:${capd}:capd:physcap`)).toBe(String(1024 ** 3));
    expect(value(r, `memory_cap:${capd}:capd:swapcap`)).toBe(String(2 * 1024 ** 3));
    expect(value(r, `memory_cap:${web}:web:physcap`)).toBe('18446744073709551615');
    expect(value(r, `memory_cap:${web}:web:swapcap`)).toBe('18446744073709551615');
    const rss = Number(value(r, `memory_cap:${capd}:capd:rss`));
    expect(rss).toBeGreaterThan(0.8 * 1024 ** 3);
    expect(rss).toBeLessThan(1024 ** 3);
    // the cap of capped-cpu: caps:<id>:cpucaps_zone_<id>:value in % of one CPU
    expect(value((await kstat('-p', 'caps:::value')).stdout, `caps:${capd}:cpucaps_zone_${capd}:value`)).toBe('50');
  });

  it('an interval run prints a timestamp per sample and a blank line between samples', async () => {
    const t0 = Date.now();
    const r = await kstat('-p', '-T', 'u', 'zones:::nsec_user', '1', '2');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(r.code).toBe(0);
    const samples = parseKstatParsable(r.stdout);
    expect(samples).toHaveLength(2);
    expect(samples[1]!.time! - samples[0]!.time!).toBeGreaterThanOrEqual(0);
    expect(r.stdout).toMatch(/\n\n\d+\nzones:0:global:nsec_user\t/);
  });

  it('streams until killed without a count', async () => {
    const abort = new AbortController();
    const chunks: number[] = [];
    const run = h.run('kstat', ['-p', 'zones:0::nsec_user', '1'], { signal: abort.signal });
    setTimeout(() => abort.abort(), 2300);
    const r = await run;
    chunks.push(parseKstatParsable(r.stdout).length);
    expect(chunks[0]).toBe(3);
  });
});

describe('simulated kstat: counters that move', () => {
  const cpuOf = async (zone: string) => {
    const r = (await kstat('-p', `zones:::/^(nsec_user|nsec_sys|snaptime|zonename)$/`)).stdout;
    const stats = parseKstatParsable(r)[0]!.stats.filter((s) => s.name === zone);
    const get = (k: string) => stats.find((s) => s.statistic === k)!.value;
    return { ns: BigInt(get('nsec_user')) + BigInt(get('nsec_sys')), snap: Number(get('snaptime')), id: stats[0]!.instance };
  };

  it('an idle zone barely moves; a spinning shell loop in it uses about one CPU', async () => {
    const a = await cpuOf('web');
    await new Promise((r) => setTimeout(r, 1000));
    const b = await cpuOf('web');
    const idle = Number(b.ns - a.ns) / 1e9 / (b.snap - a.snap);
    expect(idle).toBeGreaterThan(0);
    expect(idle).toBeLessThan(0.02);

    const abort = new AbortController();
    const sh = new ZoneShell({ root: h.root, zone: 'web', interactive: true, signal: abort.signal });
    const loop = sh.run('while :; do :; done', { stdin: async () => '', stdout: () => {}, stderr: () => {} });
    await new Promise((r) => setTimeout(r, 1500));
    const c = await cpuOf('web');
    await new Promise((r) => setTimeout(r, 2000));
    const d = await cpuOf('web');
    abort.abort();
    expect(await loop).toBe(130); // ^C
    const busy = Number(d.ns - c.ns) / 1e9 / (d.snap - c.snap);
    expect(busy).toBeGreaterThan(0.8);
    expect(busy).toBeLessThan(1.1);
    // after the loop ends the zone is idle again, its counter keeps what it used
    const e = await cpuOf('web');
    await new Promise((r) => setTimeout(r, 1000));
    const f = await cpuOf('web');
    expect(f.ns).toBeGreaterThan(d.ns);
    expect(Number(f.ns - e.ns) / 1e9 / (f.snap - e.snap)).toBeLessThan(0.05);
  }, 20_000);

  it('a cpu-capped zone spins at most its cap', async () => {
    const abort = new AbortController();
    const sh = new ZoneShell({ root: h.root, zone: 'capd', interactive: true, signal: abort.signal });
    const loop = sh.run('while :; do :; done', { stdin: async () => '', stdout: () => {}, stderr: () => {} });
    await new Promise((r) => setTimeout(r, 1500));
    const c = await cpuOf('capd');
    await new Promise((r) => setTimeout(r, 1500));
    const d = await cpuOf('capd');
    abort.abort();
    await loop;
    expect(Number(d.ns - c.ns) / 1e9 / (d.snap - c.snap)).toBeLessThan(0.56);
  }, 20_000);

  it('a reboot makes a new zone id and restarts the counters', async () => {
    const before = await cpuOf('web');
    await ok(h.zoneadm('-z', 'web', 'reboot'));
    const after = await cpuOf('web');
    expect(after.id).not.toBe(before.id);
    expect(after.ns).toBeLessThan(before.ns);
  });

  it('link counters of a running zone VNIC grow, and grow more with its ping', async () => {
    const bytes = async () => Number(value((await kstat('-p', 'link:0:web0:rbytes64')).stdout, 'link:0:web0:rbytes64'));
    const a = await bytes();
    const sh = new ZoneShell({ root: h.root, zone: 'web', interactive: true });
    for (let i = 0; i < 20; i++) await sh.run('ping 192.168.5.1', { stdin: async () => '', stdout: () => {}, stderr: () => {} });
    const b = await bytes();
    expect(b - a).toBeGreaterThanOrEqual(20 * 98);
    expect(value((await kstat('-p', 'link:0:i40e0:rbytes64')).stdout, 'link:0:i40e0:rbytes64')).toMatch(/^\d+$/);
  });
});

describe('simulated zfs list', () => {
  it('has a dataset under each installed zone zonepath, in exact bytes with -Hp', async () => {
    const r = await h.run('zfs', ['list', '-Hp', '-o', 'name,used,avail,refer,quota']);
    expect(r.code).toBe(0);
    const rows = parseZfsListUsage(r.stdout);
    for (const z of ['web', 'capd', LONG]) expect(rows.find((d) => d.name === `rpool/zones/${z}`)?.used).toBeGreaterThan(0);
    const web = rows.find((d) => d.name === 'rpool/zones/web')!;
    expect(web.used).toBeGreaterThanOrEqual(rows.find((d) => d.name === 'rpool/zones/web/ROOT/zbe')!.used);
    expect(web.quota).toBeNull();
  });

  it('names a dataset that does not exist (exit 1) and refuses a bad property (exit 2)', async () => {
    const r = await h.run('zfs', ['list', 'rpool/nope']);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: "cannot open 'rpool/nope': dataset does not exist\n" });
    const p = await h.run('zfs', ['list', '-o', 'bogus']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/^bad property list: invalid property 'bogus'\n/);
    expect((await h.run('zfs', ['list', '-r', 'rpool/zones/web'])).stdout).toMatch(/^NAME +USED +AVAIL +REFER +MOUNTPOINT\nrpool\/zones\/web +\S+ +\S+ +96K +\/zones\/web\n/);
  });
});
