// Snapshots and clones through the tRPC router against a simulated host: the tasks' argv, the
// refusals (boot-environment brands, newer snapshots without consent, a running clone source),
// a rollback of a running zone (halt, rollback, boot) that brings a changed file back, and a
// clone from a snapshot that gets its own VNIC and address and boots.
import { mkdtempSync, promises as fsp, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../hosts/registry';
import { SimRunner } from '../hosts/sim';
import { setHostRegistry, taskManager, watcherFor } from '../services';
import { ensureHost } from '../sim/store';
import { runTool } from '../sim/tools';
import type { SimToolName } from '../sim/tool-io';
import { zoneRootDir } from '../sim/zoneos';
import { appRouter } from '../trpc/app-router';
import { createCallerFactory } from '../trpc/init';
import { signIn } from '../auth/testkit';
import { createdVnics } from './created-vnics';
import { provisionView } from './provision';
import { listSnapshots } from './snapshots';

process.env.ZONEDASH_DB = ':memory:';
process.env.ZONEDASH_POLL_MS = '60000';

let root: string;
let host: Host;
const admin = createCallerFactory(appRouter)(async () => (await signIn('admin')).ctx);
const viewer = createCallerFactory(appRouter)(async () => (await signIn('viewer')).ctx);

async function sim(tool: SimToolName, ...args: string[]): Promise<string> {
  let out = '';
  const code = await runTool(tool, args, { root, stdin: null, isTTY: false, stdout: (t) => (out += t), stderr: (t) => (out += t), timeScale: 0 });
  if (code !== 0) throw new Error(`${tool} ${args.join(' ')}: ${out}`);
  return out;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'snapshots-'));
  await ensureHost(root);
  await sim('zonecfg', '-z', 'lx1', 'create -t lx; set zonepath=/zones/lx1');
  await sim('zoneadm', '-z', 'lx1', 'install');
  await sim('zoneadm', '-z', 'lx1', 'boot');
  await sim('dladm', 'create-vnic', '-l', 'i40e0', 'gold0');
  await sim('zonecfg', '-z', 'gold', 'create -t sparse; set zonepath=/zones/gold; add net; set physical=gold0; end; add capped-memory; set physical=1G; end');
  await sim('zoneadm', '-z', 'gold', 'install');
  host = { name: 'sim', kind: 'sim', description: 'test', runner: new SimRunner({ root, timeScale: 0 }) };
  setHostRegistry([host]);
});

afterAll(() => {
  watcherFor(host).stop();
  rmSync(root, { recursive: true, force: true });
});

const file = (zone: string) => path.join(zoneRootDir(root, zone), 'etc/motd');

describe('snapshots', () => {
  it('takes a tagged snapshot as a task and lists it as the dashboard’s', async () => {
    const task = await admin.snapshots.create({ host: 'sim', zone: 'lx1', name: 'before' });
    expect(task.steps.map((s) => s.argv.slice(1, 4))).toEqual([['snapshot', '-r', '-o']]);
    const done = await taskManager().wait(task.id);
    expect(done?.status).toBe('succeeded');
    expect(done?.steps[0]?.argv.slice(-1)).toEqual(['rpool/zones/lx1@before']);
    const list = await listSnapshots(host, 'lx1');
    expect(list).toMatchObject([{ name: 'before', dataset: 'rpool/zones/lx1', madeByDashboard: true }]);
    expect(Date.parse(list[0]!.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    // a name zfs refuses never reaches a tool
    await expect(admin.snapshots.create({ host: 'sim', zone: 'lx1', name: 'a b' })).rejects.toThrow(/not a space/);
    // a viewer reads but cannot take one
    expect((await viewer.snapshots.list({ host: 'sim', zone: 'lx1' })).snapshots).toHaveLength(1);
    await expect(viewer.snapshots.create({ host: 'sim', zone: 'lx1', name: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('rolls a running zone back: halt, rollback, boot, and the changed file is back', async () => {
    await fsp.writeFile(file('lx1'), 'changed after the snapshot\n');
    const plan = await admin.snapshots.rollbackPlan({ host: 'sim', zone: 'lx1', name: 'before' });
    expect(plan.wasRunning).toBe(true);
    expect(plan.steps.map((s) => s.argv.slice(1).join(' '))).toEqual(['-z lx1 halt', 'rollback rpool/zones/lx1@before', '-z lx1 boot']);
    const task = await admin.snapshots.rollback({ host: 'sim', zone: 'lx1', name: 'before', destroyNewer: false });
    const done = await taskManager().wait(task.id);
    expect(done?.status).toBe('succeeded');
    expect(await fsp.readFile(file('lx1'), 'utf8')).toBe('');
    await watcherFor(host).refresh();
    expect((await watcherFor(host).snapshot()).zones.find((z) => z.name === 'lx1')?.state).toBe('running');
  });

  it('needs consent to destroy newer snapshots, and names them', async () => {
    await (async () => {
      const t = await admin.snapshots.create({ host: 'sim', zone: 'lx1', name: 'later' });
      await taskManager().wait(t.id);
    })();
    await expect(admin.snapshots.rollback({ host: 'sim', zone: 'lx1', name: 'before', destroyNewer: false })).rejects.toThrow(/destroys the newer snapshot later: confirm/);
    const t = await admin.snapshots.rollback({ host: 'sim', zone: 'lx1', name: 'before', destroyNewer: true });
    expect((await taskManager().wait(t.id))?.steps.find((s) => s.argv.includes('rollback'))?.argv.slice(1)).toEqual(['rollback', '-r', 'rpool/zones/lx1@before']);
    expect((await listSnapshots(host, 'lx1')).map((s) => s.name)).toEqual(['before']);
  });

  it('refuses rollback for a boot-environment brand, the beadm way explained', async () => {
    const view = await admin.snapshots.list({ host: 'sim', zone: 'gold' });
    expect(view.rollbackRefusal).toMatch(/^Rollback is not offered for sparse zones: .*beadm rollback zbe@<snapshot>/);
    expect(view.cloneRefusal).toBeNull();
    // an lx zone rolls back, but the dashboard cannot set up its clone's first boot
    const lx = await admin.snapshots.list({ host: 'sim', zone: 'lx1' });
    expect(lx.rollbackRefusal).toBeNull();
    expect(lx.cloneRefusal).toMatch(/^lx1 is running: zoneadm clones only a halted/);
    await expect(admin.snapshots.rollback({ host: 'sim', zone: 'gold', name: 'x', destroyNewer: true })).rejects.toThrow(/not offered for sparse zones/);
  });

  it('deletes a snapshot as a task', async () => {
    const t = await admin.snapshots.create({ host: 'sim', zone: 'lx1', name: 'gone' });
    await taskManager().wait(t.id);
    const d = await admin.snapshots.destroy({ host: 'sim', zone: 'lx1', name: 'gone' });
    expect((await taskManager().wait(d.id))?.steps[0]?.argv.slice(1)).toEqual(['destroy', '-r', 'rpool/zones/lx1@gone']);
    expect((await listSnapshots(host, 'lx1')).map((s) => s.name)).toEqual(['before']);
  });
});

describe('clone', () => {
  const request = {
    host: 'sim',
    source: 'gold',
    target: 'copy1',
    network: { over: 'i40e0', address: 'static' as const, staticAddress: '192.168.5.77/24', gateway: '192.168.5.1', nameservers: '' },
    snapshot: { kind: 'new' as const, name: 'golden' },
  };

  it('shows the plan: the source’s config with its own VNIC, the snapshot, zoneadm clone -s, first boot', async () => {
    const plan = await admin.snapshots.clonePlan(request);
    const lines = plan.commands.map((c) => c.argv.join(' '));
    expect(plan.vnic).toBe('copy1_0');
    expect(lines.slice(0, 4)).toEqual([
      'zonecfg -z copy1 -f -',
      'dladm create-vnic -l i40e0 copy1_0',
      expect.stringMatching(/^zfs snapshot -r -o org\.zonedash:made=\S+ rpool\/zones\/gold@golden$/),
      'zoneadm -z copy1 clone -s golden gold',
    ]);
    expect(lines).toContain('zoneadm -z copy1 boot');
    expect(plan.zonecfgFile).toMatch(/set physical="copy1_0"/);
    expect(plan.zonecfgFile).toMatch(/add capped-memory/);
    expect(plan.zonecfgFile).not.toMatch(/gold0/);
  });

  it('refuses a running source', async () => {
    await expect(admin.snapshots.clonePlan({ ...request, source: 'lx1' })).rejects.toThrow(/lx1 is running: zoneadm clones only a halted/);
  });

  it('clones in seconds, and the clone boots with its own VNIC and address', async () => {
    await fsp.writeFile(file('gold'), 'golden image\n');
    const t0 = Date.now();
    const started = await admin.snapshots.clone(request);
    const task = await taskManager().wait(started.taskId);
    const view = provisionView(started.provisionId);
    expect(task?.status, JSON.stringify(task?.steps.filter((s) => s.status === 'failed'))).toBe('succeeded');
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(view.status).toBe('succeeded');
    expect(await fsp.readFile(file('copy1'), 'utf8')).toBe('golden image\n');
    expect(await sim('zoneadm', '-z', 'copy1', 'list', '-p')).toMatch(/^\d+:copy1:running:/);
    expect(await sim('zlogin', 'copy1', 'ipadm', 'show-addr', '-p', '-o', 'addrobj,addr')).toContain('copy1_0/v4:192.168.5.77/24');
    expect(createdVnics().get('sim', 'copy1_0')?.zone).toBe('copy1');
    expect(await sim('zfs', 'get', '-H', '-o', 'value', 'origin', 'rpool/zones/copy1/ROOT/zbe')).toBe('rpool/zones/gold/ROOT/zbe@golden\n');
  });
});
