// From a `zonecfg export` to wizard answers: what the steps edit lands in their fields, the
// rctls behind those fields are not carried twice, the rest is carried as it is, and what
// cannot belong to two zones is left out of a copy with a warning.
import { describe, expect, it } from 'vitest';
import { parseZonecfgExport } from '../illumos/parse';
import { writeZonecfgCommands } from '../illumos/zonecfgFile';
import { importConfig } from './provision-import';
import { validateAnswers } from './provision-spec';
import { answers } from './provision-testkit';

const EXPORT = `create -b
set zonepath=/zones/db
set brand=lipkg
set autoboot=true
set ip-type=exclusive
set hostid=0x1a2b3c4d
set limitpriv=default,dtrace_proc
add fs
set dir="/srv"
set special="/export/srv"
set type="lofs"
add options ro
end
add fs
set dir="/pool"
set special="tank/pool"
set type="zfs"
end
add net
set allowed-address="10.0.0.9/24"
set physical="db0"
set defrouter="10.0.0.1"
end
add net
set physical="db1"
end
add rctl
set name="zone.cpu-shares"
add value (priv=privileged,limit=8,action=none)
end
add rctl
set name="zone.max-lwps"
add value (priv=privileged,limit=3000,action=deny)
add value (priv=basic,limit=100,action=deny)
end
add rctl
set name="zone.max-physical-memory"
add value (priv=privileged,limit=4294967296,action=deny)
end
add rctl
set name="zone.max-locked-memory"
add value (priv=privileged,limit=1073741824,action=deny)
end
add attr
set name="role"
set type="string"
set value="database"
end
add dataset
set name="tank/db"
end
`;

describe('importConfig', () => {
  const config = parseZonecfgExport(EXPORT, 'db');

  it('puts what the steps edit in their fields and carries the rest, each rctl once', () => {
    const p = importConfig(config, { kind: 'import', from: 'the imported configuration' });
    expect(p.basics).toEqual({ brand: 'lipkg', autoboot: true, zonepath: '' });
    expect(p.network).toMatchObject({ mode: 'new-vnic', allowedAddress: '10.0.0.9/24', defrouter: '10.0.0.1', vnicName: '' });
    expect(p.resources).toEqual({
      memory: '4G', swap: '', cpuCap: '', cpuShares: '8', maxProcesses: '', maxLwps: '',
      mounts: [{ special: '/export/srv', dir: '/srv', readOnly: true }],
      datasets: ['tank/db'],
    });
    // max-lwps has two values, so it is no alias: it stays an rctl, and its field stays empty
    expect(p.carried?.rctl.map((r) => r.name)).toEqual(['zone.max-lwps']);
    expect(p.carried).toMatchObject({ hostid: '0x1a2b3c4d', limitpriv: 'default,dtrace_proc', lockedMemory: '1G', fs: [{ dir: '/pool', type: 'zfs' }], attr: [{ name: 'role' }] });
    expect(p.warnings.join('\n')).toMatch(/2 network interfaces; the wizard sets up the first one only \(db1 left out\)/);
  });

  it('leaves out of a copy what two zones cannot share, and says so', () => {
    const p = importConfig(config, { kind: 'clone', from: 'zone db', vnics: [{ link: 'db0', over: 'e1000g0', vid: 5 }] });
    expect(p.network).toMatchObject({ over: 'e1000g0', vlanId: '5', allowedAddress: '', defrouter: '' });
    expect(p.resources.datasets).toEqual([]);
    expect(p.carried?.hostid).toBeUndefined();
    expect(p.warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/allowed address 10\.0\.0\.9\/24 and default router 10\.0\.0\.1 of db were not copied/),
      expect.stringMatching(/delegated dataset tank\/db of db was not copied/),
      expect.stringMatching(/hostid 0x1a2b3c4d of db was not copied/),
    ]));
  });

  it('gives answers that validate and write a command file zonecfg reads back to the same settings', () => {
    const p = importConfig(config, { kind: 'import', from: 'x' });
    const r = validateAnswers(answers({ basics: { name: 'db2', ...p.basics }, network: { ...p.network, over: 'i40e0' }, resources: p.resources, carried: p.carried }));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const back = parseZonecfgExport(writeZonecfgCommands(r.spec.config), 'db2');
    expect(back).toMatchObject({
      brand: 'lipkg',
      cpuShares: '8',
      cappedMemory: { physical: '4G', locked: '1G' },
      limitpriv: 'default,dtrace_proc',
      hostid: '0x1a2b3c4d',
      dataset: [{ name: 'tank/db' }],
      attr: [{ name: 'role', type: 'string', value: 'database' }],
    });
    expect(back.rctl.find((x) => x.name === 'zone.max-lwps')?.values).toHaveLength(2);
    expect(back.fs.map((f) => f.dir)).toEqual(['/srv', '/pool']);
  });
});

describe('review of an imported configuration (issue 9 items 3, 5, 14)', () => {
  const review = (text: string) => {
    const patch = importConfig(parseZonecfgExport(text, 'imp'), { kind: 'import', from: 'the export' });
    const r = validateAnswers(answers({ basics: { name: 'imp', brand: patch.basics.brand }, resources: patch.resources, carried: patch.carried }));
    return { patch, r };
  };
  const head = 'create -b\nset zonepath=/zones/imp\nset brand=sparse\nset ip-type=exclusive\n';

  it('an fs whose dir and special hold spaces imports and passes review; the command file quotes them', () => {
    const { patch, r } = review(`${head}add fs\nset dir="/data/my files"\nset special="/export/my files"\nset type="lofs"\nadd options ro\nend\n`);
    expect(patch.resources.mounts).toEqual([{ special: '/export/my files', dir: '/data/my files', readOnly: true }]);
    expect(r.ok).toBe(true);
    const text = r.ok ? writeZonecfgCommands(r.spec.config) : '';
    expect(text).toContain('add fs\nset dir="/data/my files"\nset special="/export/my files"\nset type="lofs"\nadd options ro\nend\n');
  });

  it('a configuration that conflicts with itself (capped-cpu with dedicated-cpu) is refused at review, with a warning at import', () => {
    const { patch, r } = review(`${head}add capped-cpu\nset ncpus=2\nend\nadd dedicated-cpu\nset ncpus=1-2\nend\n`);
    expect(patch.warnings.join('\n')).toMatch(/cannot be used with dedicated CPUs/);
    expect(r.ok).toBe(false);
    expect(r.errors['resources.cpuCap']).toMatch(/capped-cpu\) cannot be used with dedicated CPUs/);
  });

  it('a carried value zonecfg would refuse is refused at review (fs type, options, limitpriv)', () => {
    expect(review(`${head}add fs\nset dir="/n"\nset special="srv:/x"\nset type="nfs"\nend\n`).r.errors.carried).toMatch(/cannot be mounted into a zone/);
    expect(review(`${head}add fs\nset dir="/t"\nset special="swap"\nset type="tmpfs"\nadd options "size=1g;id"\nend\n`).r.errors.carried).toMatch(/Mount option/);
    expect(review(`${head}set limitpriv="default,Bogus"\n`).r.errors.carried).toMatch(/not a privilege/);
  });
});
