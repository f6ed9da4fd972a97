import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../hosts/registry';
import { SimRunner } from '../hosts/sim';
import { runTool } from '../sim/tools';
import { ensureHost } from '../sim/store';
import { planAction, vnicsOnlyUsedBy } from './actions';
import { HostWatcher } from './watcher';

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
  await sim('zonecfg', '-z', 'a', 'create -t lipkg; set zonepath=/zones/a; add net; set physical=a0; end; add net; set physical=shared0; end');
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

  it("delete's cascade halts, uninstalls, deletes the config and only the VNICs nothing else names", async () => {
    expect(await vnicsOnlyUsedBy(host, watcher, 'a')).toEqual(['a0']);
    const plan = await planAction(host, watcher, 'a', 'delete');
    expect(plan.steps.map((s) => [s.call.tool, ...s.call.args].join(' '))).toEqual([
      'zoneadm -z a halt',
      'zoneadm -z a uninstall -F',
      'zonecfg -z a delete -F',
      'dladm delete-vnic a0',
    ]);
    const configured = await planAction(host, watcher, 'b', 'delete');
    expect(configured.steps.map((s) => [s.call.tool, ...s.call.args].join(' '))).toEqual(['zonecfg -z b delete -F']);
  });
});
