// The edit plan: from a zone's configuration (as `zonecfg info` reports it) and the form's, the
// diff and the exact command file, per kind of field.
import { describe, expect, it } from 'vitest';
import { diffConfigs, editableOf, normalizeConfig, withEdits, type EditableConfig } from './config-diff';
import { parseZonecfgInfo } from './parse';
import type { ZoneConfig } from './types';
import { ValidationError } from './validate';
import { planZonecfgEdit } from './zonecfg-edit';

// what the simulator's `zonecfg -z w1 info` printed for the configuration of the round-trip test
const INFO = `zonename: w1
zonepath: /zones/w1
brand: lipkg
autoboot: false
bootargs: 
pool: 
limitpriv: 
scheduling-class: 
ip-type: exclusive
hostid: 
fs-allowed: 
[cpu-shares: 4]
fs:
	dir: /data
	special: /export/data
	raw not specified
	type: lofs
	options: [ro]
net:
	address not specified
	allowed-address not specified
	defrouter not specified
	global-nic not specified
	mac-addr not specified
	physical: w1net0
	vlan-id not specified
net:
	address not specified
	allowed-address: 10.0.0.5/24
	defrouter: 10.0.0.1
	global-nic not specified
	mac-addr not specified
	physical: w1net1
	vlan-id not specified
capped-memory:
	[physical: 1G]
	[swap: 2G]
attr:
	name: comment
	type: string
	value: "hello world"
rctl:
	name: zone.cpu-shares
	value: (priv=privileged,limit=4,action=none)
rctl:
	name: zone.max-physical-memory
	value: (priv=privileged,limit=1073741824,action=deny)
rctl:
	name: zone.max-swap
	value: (priv=privileged,limit=2147483648,action=deny)
`;

const current: ZoneConfig = parseZonecfgInfo(INFO);
const form = (change: (f: EditableConfig) => void): ZoneConfig => {
  const f = structuredClone(editableOf(current));
  change(f);
  return withEdits(current, f);
};
const plan = (change: (f: EditableConfig) => void) => planZonecfgEdit(current, form(change));
const body = (commands: string) => commands.replace(/verify\ncommit\n$/, '');

describe('normalizeConfig', () => {
  it('keeps an rctl alias once: the rctls behind cpu-shares and capped-memory go', () => {
    expect(normalizeConfig(current).rctl).toEqual([]);
    expect(normalizeConfig(current).cpuShares).toBe('4');
  });
});

describe('planZonecfgEdit', () => {
  it('nothing changed: no diff and no command file', () => {
    expect(plan(() => {})).toEqual({ changes: [], commands: '' });
  });

  it('raising the physical memory cap selects capped-memory and sets it', () => {
    const p = plan((f) => (f.cappedMemory = { ...f.cappedMemory, physical: '2G' }));
    expect(p.changes).toEqual([{ key: 'cappedMemory.physical', label: 'capped-memory physical', before: '1G', after: '2G' }]);
    expect(p.commands).toBe('select capped-memory\nset physical="2G"\nend\nverify\ncommit\n');
  });

  it('removing one cap clears it; removing every cap removes the resource', () => {
    expect(body(plan((f) => (f.cappedMemory = { physical: '1G' })).commands)).toBe('select capped-memory\nclear swap\nend\n');
    const all = plan((f) => delete f.cappedMemory);
    expect(all.changes.map((c) => [c.key, c.after])).toEqual([['cappedMemory.physical', null], ['cappedMemory.swap', null]]);
    expect(body(all.commands)).toBe('remove capped-memory\n');
  });

  it('adds capped-cpu when there was none, and changes ncpus in place', () => {
    const add = plan((f) => (f.cappedCpu = { ncpus: '1.5' }));
    expect(body(add.commands)).toBe('add capped-cpu\nset ncpus="1.5"\nend\n');
    const withCap = withEdits(current, { ...editableOf(current), cappedCpu: { ncpus: '1.5' } });
    expect(body(planZonecfgEdit(withCap, { ...withCap, cappedCpu: { ncpus: '2' } }).commands)).toBe('select capped-cpu\nset ncpus="2"\nend\n');
  });

  it('global properties and rctl aliases are set, or cleared when blank', () => {
    const p = plan((f) => {
      f.autoboot = true;
      f.bootargs = '-m verbose';
      f.cpuShares = undefined;
      f.maxLwps = '2000';
    });
    expect(body(p.commands)).toBe('set autoboot=true\nset bootargs="-m verbose"\nset max-lwps=2000\nclear cpu-shares\n');
    expect(p.changes.find((c) => c.key === 'cpuShares')).toEqual({ key: 'cpuShares', label: 'cpu-shares', before: '4', after: null });
  });

  it('adding and removing a net, and changing one in place (set and clear)', () => {
    const p = plan((f) => {
      f.net = [{ ...f.net[1]!, allowedAddress: '10.0.0.6/24', defrouter: undefined }, { physical: 'w1net2', properties: [] }];
    });
    expect(p.changes.map((c) => c.key)).toEqual(['net:w1net0', 'net:w1net1', 'net:w1net2']);
    expect(body(p.commands)).toBe(
      'remove net physical="w1net0"\n' +
        'select net physical="w1net1"\nset allowed-address="10.0.0.6/24"\nclear defrouter\nend\n' +
        'add net\nset physical="w1net2"\nend\n',
    );
  });

  it('a change inside a list of the resource (fs options) replaces the resource whole', () => {
    const p = plan((f) => (f.fs = [{ ...f.fs[0]!, options: ['rw', 'nodevices'] }]));
    expect(p.changes).toEqual([{ key: 'fs:/data', label: 'fs /data', before: 'dir=/data special=/export/data type=lofs options=[ro]', after: 'dir=/data special=/export/data type=lofs options=[rw,nodevices]' }]);
    expect(body(p.commands)).toBe('remove fs dir="/data"\nadd fs\nset dir="/data"\nset special="/export/data"\nset type="lofs"\nadd options rw\nadd options nodevices\nend\n');
  });

  it('values needing quotes are quoted as the creation writer quotes them', () => {
    const p = plan((f) => {
      f.attr = [{ name: 'comment', type: 'string', value: 'two words; and more' }];
      f.dataset = [{ name: 'rpool/data set'.replace(' ', '') }];
      f.bootargs = 'add';
    });
    expect(body(p.commands)).toBe('set bootargs="add"\nselect attr name="comment"\nset value="two words; and more"\nend\nadd dataset\nset name="rpool/dataset"\nend\n');
  });

  it('refuses what zonecfg cannot carry, naming the field as the wizard does', () => {
    expect(() => plan((f) => (f.attr = [{ name: 'comment', type: 'string', value: 'say "hi"' }]))).toThrow(ValidationError);
    try {
      plan((f) => (f.cappedMemory = { physical: 'lots' }));
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).field).toBe('cappedMemory.physical');
    }
  });
});

describe('diffConfigs', () => {
  it('compares sizes and CPU counts as info shows them once set, and writes what was typed', () => {
    expect(plan((f) => (f.cappedMemory = { physical: '1024M', swap: '2G' }))).toEqual({ changes: [], commands: '' });
    const withCap = withEdits(current, { ...editableOf(current), cappedCpu: { ncpus: '1.50' } });
    expect(diffConfigs(withCap, { ...withCap, cappedCpu: { ncpus: '1.5' } })).toEqual([]);
    // 1500M shows as 1.5G once set: the exact figure is written, not the rounded display
    expect(body(plan((f) => (f.cappedMemory = { physical: '1500M', swap: '2G' })).commands)).toBe('select capped-memory\nset physical="1500M"\nend\n');
  });

  it('is empty between a configuration and itself, with or without the aliased rctls', () => {
    expect(diffConfigs(current, normalizeConfig(current))).toEqual([]);
  });
});
