// Editing a configuration end to end through the router, against a simulated host: the plan,
// the task, the refusal when the host's configuration moved, what waits for the next boot,
// Apply now (prctl), and the reboot that applies the rest.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../auth/testkit';
import { setHostRegistry, type Host } from '../hosts/registry';
import { SimRunner } from '../hosts/sim';
import { taskManager, watcherFor } from '../services';
import { ensureHost } from '../sim/store';
import { runTool } from '../sim/tools';
import { appRouter } from '../trpc/app-router';
import { createCallerFactory } from '../trpc/init';

let root: string;
let host: Host;
const caller = createCallerFactory(appRouter)(async () => (await signIn('admin')).ctx);
const ref = { host: 'sim', zone: 'w1' };

async function sim(tool: 'zoneadm' | 'zonecfg' | 'prctl', ...args: string[]): Promise<string> {
  let out = '';
  const code = await runTool(tool, args, { root, stdin: null, isTTY: false, stdout: (t) => (out += t), stderr: (t) => (out += t), timeScale: 0 });
  if (code !== 0) throw new Error(out);
  return out;
}

async function finished(task: { id: string }) {
  const done = await taskManager().wait(task.id);
  await watcherFor(host).refresh();
  return done!;
}

beforeAll(async () => {
  process.env.ZONEDASH_DB = ':memory:';
  root = mkdtempSync(path.join(tmpdir(), 'config-edit-'));
  await ensureHost(root);
  await sim('zonecfg', '-z', 'w1', 'create -t lipkg; set zonepath=/zones/w1; set cpu-shares=4; add capped-memory; set physical=1G; end');
  await sim('zoneadm', '-z', 'w1', 'install');
  await sim('zoneadm', '-z', 'w1', 'boot');
  host = { name: 'sim', kind: 'sim', description: 'test', runner: new SimRunner({ root, timeScale: 0 }) };
  setHostRegistry([host]);
  await watcherFor(host).refresh();
});

describe('config edits', () => {
  it('raises a running zone memory cap: plan, task, and the change waits for the next boot', async () => {
    const opened = await caller.config.editForm(ref);
    expect(opened.form.cappedMemory).toEqual({ physical: '1G' });
    expect(await caller.config.pending(ref)).toMatchObject({ changes: [] });
    const edits = { ...opened.form, cappedMemory: { physical: '2G' } };
    const plan = await caller.config.plan({ ...ref, edits, opened: { fingerprint: opened.fingerprint, form: opened.form } });
    expect(plan).toMatchObject({
      changes: [{ key: 'cappedMemory.physical', before: '1G', after: '2G' }],
      commands: 'select capped-memory\nset physical="2G"\nend\nverify\ncommit\n',
      argv: ['zonecfg', '-z', 'w1', '-f', '-'],
      conflict: null,
      running: true,
      liveKeys: [],
    });
    const task = await finished(await caller.config.save({ ...ref, edits, opened: { fingerprint: opened.fingerprint, form: opened.form } }));
    expect(task.status).toBe('succeeded');
    expect(task.steps[0]!.argv).toEqual(['zonecfg', '-z', 'w1', '-f', '-']);
    expect(await sim('zonecfg', '-z', 'w1', 'info', 'capped-memory')).toContain('[physical: 2G]');
    const pending = await caller.config.pending(ref);
    expect(pending!.changes).toEqual([{ key: 'cappedMemory.physical', label: 'capped-memory physical', before: '1G', after: '2G' }]);
    expect(pending!.live).toEqual([]);
    expect(await caller.config.pendingAll()).toEqual([{ host: 'sim', zone: 'w1', count: 1 }]);
  });

  it('refuses an edit when the configuration changed on the host since the form was opened, saying what changed', async () => {
    const opened = await caller.config.editForm(ref);
    await sim('zonecfg', '-z', 'w1', 'set max-lwps=3000');
    const edits = { ...opened.form, autoboot: true };
    const input = { ...ref, edits, opened: { fingerprint: opened.fingerprint, form: opened.form } };
    const plan = await caller.config.plan(input);
    expect(plan.conflict).toEqual({ changes: [{ key: 'maxLwps', label: 'max-lwps', before: null, after: '3000' }], outsideForm: false });
    await expect(caller.config.save(input)).rejects.toThrow(/changed on the host since this form was opened: max-lwps: \(none\) → 3000/);
    expect(await sim('zonecfg', '-z', 'w1', 'info', 'autoboot')).toBe('autoboot: false\n');
  });

  it('Apply now changes cpu-shares on the running zone with prctl; that change no longer waits', async () => {
    const opened = await caller.config.editForm(ref);
    const edits = { ...opened.form, cpuShares: '8' };
    await finished(await caller.config.save({ ...ref, edits, opened: { fingerprint: opened.fingerprint, form: opened.form } }));
    const pending = await caller.config.pending(ref);
    // max-lwps was set on the host in the test before: the zone has no privileged value yet (-s)
    expect(pending!.live).toEqual([
      { key: 'maxLwps', label: 'max-lwps: (none) → 3000 on the running zone', argv: ['prctl', '-n', 'zone.max-lwps', '-t', 'privileged', '-s', '-v', '3000', '-e', 'deny', '-i', 'zone', 'w1'] },
      { key: 'cpuShares', label: 'cpu-shares: 4 → 8 on the running zone', argv: ['prctl', '-n', 'zone.cpu-shares', '-t', 'privileged', '-r', '-v', '8', '-i', 'zone', 'w1'] },
    ]);
    const task = await finished(await caller.config.applyLive({ ...ref, keys: ['cpuShares'] }));
    expect(task.status).toBe('succeeded');
    expect(await sim('prctl', '-P', '-n', 'zone.cpu-shares', '-i', 'zone', 'w1')).toContain('zone.cpu-shares privileged 8 - none -\n');
    const after = await caller.config.pending(ref);
    expect(after!.changes.map((c) => c.key).sort()).toEqual(['cappedMemory.physical', 'maxLwps']);
    expect((await finished(await caller.config.applyLive(ref))).status).toBe('succeeded');
    expect(await sim('prctl', '-P', '-n', 'zone.max-lwps', '-i', 'zone', 'w1')).toContain('zone.max-lwps privileged 3000 - deny -\n');
    // the physical cap is rcapd's (rcapadm), not an rctl: it waits for the reboot
    expect((await caller.config.pending(ref))!.changes.map((c) => c.key)).toEqual(['cappedMemory.physical']);
    await expect(caller.config.applyLive(ref)).rejects.toThrow(/no pending change of w1 can be made on the running zone/);
  });

  it('a reboot applies the rest: nothing waits any more', async () => {
    const task = await finished(await caller.zones.action({ ...ref, verb: 'reboot' }));
    expect(task.status).toBe('succeeded');
    await expect.poll(async () => (await caller.config.pending(ref))?.changes.length, { timeout: 5000 }).toBe(0);
    expect(await caller.config.pendingAll()).toEqual([]);
  });
});
