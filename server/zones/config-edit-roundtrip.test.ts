// Every kind of edit plan, run through the simulator's `zonecfg -z Z -f -` (zonecfg.c's
// grammar and checks): afterwards `zonecfg info` says exactly what the form asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffConfigs, editableOf, withEdits, type EditableConfig } from '../illumos/config-diff';
import { parseZonecfgInfo } from '../illumos/parse';
import { planZonecfgEdit } from '../illumos/zonecfg-edit';
import { tmpHost, type TestHost } from '../sim/host-testkit';

let h: TestHost;

beforeAll(async () => {
  h = await tmpHost();
  const cfg =
    'create -t lipkg; set zonepath=/zones/rt; set cpu-shares=4; set max-lwps=500; add capped-memory; set physical=1G; set swap=2G; end; add capped-cpu; set ncpus=2; end; ' +
    'add net; set physical=rt0; end; add net; set physical=rt1; set allowed-address=10.0.0.5/24; set defrouter=10.0.0.1; end; ' +
    'add fs; set dir=/data; set special=/export/data; set type=lofs; add options ro; end; add dataset; set name=rpool/rt; end; ' +
    'add attr; set name=comment; set type=string; set value="hello world"; end';
  expect((await h.zonecfg('-z', 'rt', cfg)).code).toBe(0);
});
afterAll(() => h.cleanup());

async function info() {
  return parseZonecfgInfo((await h.zonecfg('-z', 'rt', 'info')).stdout);
}

/** Plans the edit from what the host has, runs it, and checks the host then has the form's values. */
async function roundTrip(change: (f: EditableConfig) => void): Promise<string> {
  const current = await info();
  const form = structuredClone(editableOf(current));
  change(form);
  const desired = withEdits(current, form);
  const plan = planZonecfgEdit(current, desired);
  const r = await h.run('zonecfg', ['-z', 'rt', '-f', '-'], { stdin: plan.commands });
  expect(r, plan.commands).toMatchObject({ code: 0, stderr: '' });
  expect(diffConfigs(desired, await info())).toEqual([]);
  return plan.commands;
}

describe('edit plans through zonecfg -f -', () => {
  it('globals and aliases: set and clear', async () => {
    await roundTrip((f) => {
      f.autoboot = true;
      f.bootargs = '-m verbose';
      f.cpuShares = undefined;
      f.maxLwps = '2000';
      f.maxProcesses = '1000';
    });
  });

  it('capped-memory: change one, clear one, then remove the resource; add it back', async () => {
    await roundTrip((f) => (f.cappedMemory = { physical: '2G' }));
    await roundTrip((f) => delete f.cappedMemory);
    await roundTrip((f) => (f.cappedMemory = { physical: '512M', locked: '128M' }));
  });

  it('capped-cpu: change, remove, add', async () => {
    await roundTrip((f) => (f.cappedCpu = { ncpus: '1.5' }));
    await roundTrip((f) => delete f.cappedCpu);
    await roundTrip((f) => (f.cappedCpu = { ncpus: '3' }));
  });

  it('nets, fs, datasets and attrs: added, removed, changed in place or replaced', async () => {
    await roundTrip((f) => {
      f.net = [{ ...f.net[1]!, allowedAddress: '10.0.0.6/24', defrouter: undefined }, { physical: 'rt2', properties: [] }];
      f.fs = [{ ...f.fs[0]!, options: ['rw', 'nodevices'] }, { dir: '/logs', special: '/export/logs', type: 'lofs', options: [] }];
      f.dataset = [{ name: 'rpool/rt2' }];
      f.attr = [{ name: 'comment', type: 'string', value: 'two words; and "more"'.replaceAll('"', '') }, { name: 'owner', type: 'string', value: 'ops' }];
    });
    await roundTrip((f) => {
      f.net = [];
      f.fs = [];
      f.dataset = [];
      f.attr = [];
    });
  });
});
