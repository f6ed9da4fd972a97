import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../hosts/registry';
import { SimRunner } from '../hosts/sim';
import { runTool } from '../sim/tools';
import { ensureHost } from '../sim/store';
import { planAction, zoneVnics } from './actions';
import { createdVnics } from './created-vnics';
import { HostWatcher } from './watcher';

process.env.ZONEDASH_DB = ':memory:';

let root: string;
let host: Host;
let watcher: HostWatcher;

async function sim(tool: 'zoneadm' | 'zonecfg' | 'dladm', ...args: string[]) {
  let out = '';
  const code = await runTool(tool, args, { root, stdin: null, isTTY: false, stdout: (t) => (out += t), stderr: (t) => (out += t), timeScale: 0 });
  if (code !== 0) throw new Error(out);
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'actions-'));
  await ensureHost(root);
  await sim('dladm', 'create-vnic', '-l', 'i40e0', 'a0');
  await sim('dladm', 'create-vnic', '-l', 'i40e0', 'shared0');
  // made by hand and lent to zone a (the wizard's "existing VNIC")
  await sim('dladm', 'create-vnic', '-l', 'i40e0', 'lent0');
  await sim('zonecfg', '-z', 'a', 'create -t lipkg; set zonepath=/zones/a; add net; set physical=a0; end; add net; set physical=shared0; end; add net; set physical=lent0; end');
  await sim('zonecfg', '-z', 'b', 'create -t lipkg; set zonepath=/zones/b; add net; set physical=shared0; end');
  await sim('zoneadm', '-z', 'a', 'install');
  await sim('zoneadm', '-z', 'a', 'boot');
  host = { name: 'sim', kind: 'sim', description: 'test', runner: new SimRunner({ root, timeScale: 0 }) };
  watcher = new HostWatcher(host, 60_000);
});

describe('planAction', () => {
  it('boot of a running zone is a no-op that runs nothing', async () => {
    const plan = await planAction(host, watcher, 'a', 'boot');
    expect(plan.noop).toBe('zone is already booted');
    expect(plan.steps).toEqual([]);
  });

  it('an invalid verb is refused with the reason before anything runs', async () => {
    const before = host.runner.spawnCount;
    await expect(planAction(host, watcher, 'b', 'boot')).rejects.toMatchObject({
      kind: 'refused',
      message: 'cannot boot b: must be installed before boot',
      reason: 'must be installed before boot',
    });
    await expect(planAction(host, watcher, 'nosuch', 'boot')).rejects.toMatchObject({ kind: 'not_found', message: "zone 'nosuch' does not exist on sim" });
    expect(host.runner.spawnCount - before).toBe(0);
  });

  it("delete's cascade halts, uninstalls, deletes the config and only the VNICs the dashboard created for the zone (issue 9 item 4)", async () => {
    createdVnics().record({ host: 'sim', link: 'a0', zone: 'a', taskId: 'wizard-task' });
    expect(await zoneVnics(host, watcher, 'a')).toEqual({
      remove: ['a0'],
      kept: [
        { link: 'shared0', reason: 'the configuration of zone b names it too', canDelete: false },
        { link: 'lent0', reason: 'lent to a: the dashboard did not create it', canDelete: true },
      ],
    });
    const plan = await planAction(host, watcher, 'a', 'delete');
    expect(plan.steps.map((s) => [s.call.tool, ...s.call.args].join(' '))).toEqual([
      'zoneadm -z a halt',
      'zoneadm -z a uninstall -F',
      'zonecfg -z a delete -F',
      'dladm delete-vnic a0',
    ]);
    expect(plan.kept.map((k) => k.link)).toEqual(['shared0', 'lent0']);
    const configured = await planAction(host, watcher, 'b', 'delete');
    expect(configured.steps.map((s) => [s.call.tool, ...s.call.args].join(' '))).toEqual(['zonecfg -z b delete -F']);
  });

  it('deletes a lent VNIC only when asked by name, never one another zone names', async () => {
    const plan = await planAction(host, watcher, 'a', 'delete', { alsoDeleteVnics: ['lent0'] });
    expect(plan.steps.map((s) => [s.call.tool, ...s.call.args].join(' ')).slice(-2)).toEqual(['dladm delete-vnic a0', 'dladm delete-vnic lent0']);
    expect(plan.kept.map((k) => k.link)).toEqual(['shared0']);
    await expect(planAction(host, watcher, 'a', 'delete', { alsoDeleteVnics: ['shared0'] })).rejects.toThrow(/shared0 is not a VNIC of a that its delete could remove/);
    await expect(planAction(host, watcher, 'a', 'delete', { alsoDeleteVnics: ['i40e0'] })).rejects.toThrow(/not a VNIC/);
  });

  it('without a record (a VNIC made before the dashboard kept records, or by hand) nothing is deleted unasked', async () => {
    createdVnics().forget('sim', 'a0');
    const plan = await planAction(host, watcher, 'a', 'delete');
    expect(plan.steps.filter((s) => s.call.tool === 'dladm')).toEqual([]);
    expect(plan.kept.map((k) => [k.link, k.canDelete])).toEqual([['a0', true], ['shared0', false], ['lent0', true]]);
  });
});
