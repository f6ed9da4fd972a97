import { describe, expect, it } from 'vitest';
import { readVector } from '../testkit/vectors';
import { ParseError, parseZonecfgExport, parseZonecfgInfo } from './parse';
import type { ZoneConfig, ZoneCreateSpec } from './types';
import { ValidationError } from './validate';
import { writeZonecfgCommands } from './zonecfgFile';
import { lexZonecfgCommands } from './zonecfgLexer';
import { bytesToUnits, cpuCapToNcpus, unitsToBytes } from './zonecfgRctl';

const EMPTY = { fs: [], net: [], device: [], rctl: [], attr: [], dataset: [], admin: [] };

/** The zone of recon-zonecfg-export-omnios.txt, as both parsers must read it. */
const OMNIOS_TEST_ZONE: ZoneConfig = {
  ...EMPTY,
  zonename: 'test',
  zonepath: '/zones/test',
  brand: 'pkgsrc',
  autoboot: false,
  ipType: 'exclusive',
  cpuShares: '2',
  fs: [{ dir: '/data', special: '/export/data', type: 'lofs', options: ['ro', 'nodevices'] }],
  net: [{ allowedAddress: '172.27.10.100/24', physical: 'test0', globalNic: 'auto', defrouter: '172.27.10.254', properties: [] }],
  rctl: [{ name: 'zone.cpu-shares', values: [{ priv: 'privileged', limit: '2', action: 'none' }] }],
  attr: [
    { name: 'resolvers', type: 'string', value: '1.1.1.1,1.0.0.1' },
    { name: 'dns-domain', type: 'string', value: 'omnios.org' },
  ],
  dataset: [{ name: 'rpool/zones/test/data' }],
};

/** The same zone as `zonecfg info` prints it (REFERENCE §3.9 layout, empty values with their trailing space). */
const OMNIOS_TEST_INFO = [
  'zonename: test',
  'zonepath: /zones/test',
  'brand: pkgsrc',
  'autoboot: false',
  'bootargs: ',
  'pool: ',
  'limitpriv: ',
  'scheduling-class: ',
  'ip-type: exclusive',
  'hostid: ',
  'fs-allowed: ',
  '[cpu-shares: 2]',
  'fs:',
  '\tdir: /data',
  '\tspecial: /export/data',
  '\traw not specified',
  '\ttype: lofs',
  '\toptions: [ro,nodevices]',
  'net:',
  '\taddress not specified',
  '\tallowed-address: 172.27.10.100/24',
  '\tdefrouter: 172.27.10.254',
  '\tglobal-nic: auto',
  '\tmac-addr not specified',
  '\tphysical: test0',
  '\tvlan-id not specified',
  'attr:',
  '\tname: resolvers',
  '\ttype: string',
  '\tvalue: 1.1.1.1,1.0.0.1',
  'attr:',
  '\tname: dns-domain',
  '\ttype: string',
  '\tvalue: omnios.org',
  'dataset:',
  '\tname: rpool/zones/test/data',
  'rctl:',
  '\tname: zone.cpu-shares',
  '\tvalue: (priv=privileged,limit=2,action=none)',
].join('\n') + '\n';

describe('zonecfg lexer (REFERENCE §3.2)', () => {
  const words = (text: string) =>
    lexZonecfgCommands(text, 'test').map((c) => c.tokens.map((t) => (t.kind === 'word' ? (t.quoted ? `"${t.text}"` : t.text) : t.kind)));

  it('ends bare words at blanks and " ; = [ ] ( )', () => {
    expect(words('set value=LXNtcCB0aHJlYWRzPTQ=\n')).toEqual([['set', 'value', '=', 'LXNtcCB0aHJlYWRzPTQ', '=']]);
    expect(words('set bootargs="-m verbose"\n')).toEqual([['set', 'bootargs', '=', '"-m verbose"']]);
  });

  it('splits commands on ";" and skips comments only where a command starts', () => {
    expect(words('# a comment\n  add net; set physical=vnic0; end\nset x="#not a comment"\n')).toEqual([
      ['add', 'net'],
      ['set', 'physical', '=', 'vnic0'],
      ['end'],
      ['set', 'x', '=', '"#not a comment"'],
    ]);
  });

  it('ends words at "," only in lists and complex values', () => {
    expect(words('set limitpriv=default,dtrace_proc\n')).toEqual([['set', 'limitpriv', '=', 'default,dtrace_proc']]);
    expect(words('set options=[ro,"a=b"]\n')).toEqual([['set', 'options', '=', '[', 'ro', ',', '"a=b"', ']']]);
    expect(words('add property (name=x,value="a,b")\n')).toEqual([['add', 'property', '(', 'name', '=', 'x', ',', 'value', '=', '"a,b"', ')']]);
    expect(words('add value (priv=[p],limit=1,action=none)\n')[0]).toContain('[p]');
  });

  it('throws on an unterminated quote, naming the line', () => {
    expect(() => lexZonecfgCommands('create -b\nset bootargs="-s\n', 'f')).toThrow(/f, line 2: unterminated double quote/);
  });
});

describe('parseZonecfgExport (REFERENCE §3.8)', () => {
  it('reads the OmniOS export vector (quoted resource properties, aliased rctl)', () => {
    expect(parseZonecfgExport(readVector('recon-zonecfg-export-omnios.txt').body, 'test')).toEqual(OMNIOS_TEST_ZONE);
  });

  it('reads the older unquoted style and the native-brand default', () => {
    const text = 'create -b\nset zonepath=/zones/old\nset autoboot=true\nset ip-type=shared\nadd net\nset address=10.0.0.5/24\nset physical=e1000g0\nend\n';
    expect(parseZonecfgExport(text, 'old')).toEqual({
      ...EMPTY,
      zonename: 'old', zonepath: '/zones/old', brand: 'native', autoboot: true, ipType: 'shared',
      net: [{ address: '10.0.0.5/24', physical: 'e1000g0', properties: [] }],
    });
  });

  it('fails like zonecfg on the SmartOS export whose values hold an unquoted "="', () => {
    const exported = readVector('real-zonecfg-export-import-error-smartos.txt').body.split('-----')[0] ?? '';
    expect(() => parseZonecfgExport(exported)).toThrow(ParseError);
    expect(() => parseZonecfgExport(exported)).toThrow(/line 4: syntax error at '=' \(a value containing '=' must be double-quoted\)/);
  });

  it('reads the commands of the real interactive session', () => {
    const commands = readVector('real-zonecfg-interactive-create-omnios.txt').body
      .split('\n')
      .filter((l) => l.startsWith('zonecfg:'))
      .map((l) => l.replace(/^zonecfg:[^>]*> /, ''))
      .join('\n');
    expect(parseZonecfgExport(commands, 'firstzone')).toEqual({
      ...EMPTY,
      zonename: 'firstzone', zonepath: '/zone/firstzone', brand: 'sparse', autoboot: false, ipType: 'exclusive',
      net: [{ physical: 'firstzone0', allowedAddress: '10.0.0.154/24', defrouter: '10.0.0.1', properties: [] }],
    });
  });

  it('refuses "end" in the global scope, as zonecfg does in the real transcript', () => {
    const commands = readVector('real-zonecfg-commit-errors-opensolaris.txt').body
      .split('\n')
      .filter((l) => /^zonecfg:[^>]*> \S/.test(l))
      .map((l) => l.replace(/^zonecfg:[^>]*> /, ''))
      .join('\n');
    expect(() => parseZonecfgExport(commands)).toThrow(/line 6: 'end' outside a resource/);
  });

  it.each([
    ['an unknown command', 'create -b\nselect net physical=x\n', /line 2: unexpected command "select"/],
    ['an unknown global property', 'set colour=blue\n', /line 1: unknown global property "colour"/],
    ['an unknown resource', 'add vnic\n', /line 1: expected 'add <resource>'/],
    ['a resource never ended', 'add net\nset physical=vnic0\n', /line 1: the net resource opened here is never ended/],
    ['a missing required property', 'add net\nend\n', /line 1: the net resource has no physical/],
    ['a bad autoboot', 'set autoboot=yes\n', /line 1: autoboot must be true or false/],
    ['a bad ip-type', 'set ip-type=excl\n', /ip-type must be shared or exclusive/],
    ['a property from another resource', 'add fs\nset physical=x\nend\n', /line 2: fs has no simple property "physical"/],
    ['a broken complex value', 'add rctl\nset name=zone.max-lwps\nadd value (priv=privileged,limit)\nend\n', /line 3: expected name=value/],
    ['an rctl value missing action', 'add rctl\nset name=zone.max-lwps\nadd value (priv=privileged,limit=1)\nend\n', /exactly \(priv=...,limit=...,action=...\)/],
    ['two dedicated-cpu', 'add dedicated-cpu\nset ncpus=1\nend\nadd dedicated-cpu\nset ncpus=2\nend\n', /line 4: a second dedicated-cpu/],
    ['create twice', 'create -b\ncreate -b\n', /line 2: 'create' must be the first command/],
    ['create -t', 'create -t SUNWdefault\n', /only 'create -b'/],
  ])('throws on %s', (_, text, message) => {
    expect(() => parseZonecfgExport(text)).toThrow(message);
  });
});

describe('parseZonecfgInfo (REFERENCE §3.9)', () => {
  it('reads the real OmniOS info (trailing spaces stripped by the web source)', () => {
    const text = readVector('real-zonecfg-info-pkgsrc-omnios.txt').body;
    const expected = { ...EMPTY, zonename: 'test', zonepath: '/zones/test', brand: 'pkgsrc', autoboot: false, ipType: 'exclusive' };
    expect(parseZonecfgInfo(text)).toEqual(expected);
    expect(parseZonecfgInfo(text.replace(/:\n/g, ': \n'))).toEqual(expected);
  });

  it('reads the same zone as export does', () => {
    expect(parseZonecfgInfo(OMNIOS_TEST_INFO)).toEqual(OMNIOS_TEST_ZONE);
  });

  it('reads aliases, quoted values, properties and capped resources', () => {
    const text = [
      'zonename: z',
      'zonepath: /zones/z',
      'brand: lipkg',
      'autoboot: true',
      'bootargs: -m verbose',
      'pool: ',
      'limitpriv: default,dtrace_proc',
      'scheduling-class: FSS',
      'ip-type: exclusive',
      'hostid: ',
      'fs-allowed: ',
      '[max-lwps: 2000]',
      '[max-shm-memory: 1.5G]',
      'net:',
      '\taddress not specified',
      '\tallowed-address: 10.0.0.5/24',
      '\tdefrouter: 10.0.0.1',
      '\tglobal-nic: auto',
      '\tmac-addr not specified',
      '\tphysical: z0',
      '\tvlan-id: 30',
      '\tproperty: (name=gateway,value="10.0.0.1")',
      'fs:',
      '\tdir: "/opt/my data"',
      '\tspecial: rpool/z/data',
      '\traw not specified',
      '\ttype: zfs',
      '\toptions: [ro,"uid=100"]',
      'device:',
      '\tmatch: /dev/zvol/rdsk/rpool/z/disk0',
      'dedicated-cpu:',
      '\tncpus: 1-2',
      '\timportance: 10',
      'capped-cpu:',
      '\t[ncpus: 1.50]',
      'capped-memory:',
      '\t[physical: 1G]',
      '\t[swap: 2G]',
      'attr:',
      '\tname: motd',
      '\ttype: string',
      '\tvalue: "hello world"',
      'admin:',
      '\tuser: alice',
      '\tauths: login,manage',
      'rctl:',
      '\tname: zone.max-lwps',
      '\tvalue: (priv=privileged,limit=2000,action=deny)',
    ].join('\n') + '\n';
    expect(parseZonecfgInfo(text)).toEqual({
      ...EMPTY,
      zonename: 'z', zonepath: '/zones/z', brand: 'lipkg', autoboot: true, bootargs: '-m verbose',
      limitpriv: 'default,dtrace_proc', schedulingClass: 'FSS', ipType: 'exclusive',
      maxLwps: '2000', maxShmMemory: '1.5G',
      net: [{
        allowedAddress: '10.0.0.5/24', defrouter: '10.0.0.1', globalNic: 'auto', physical: 'z0', vlanId: '30',
        properties: [{ name: 'gateway', value: '10.0.0.1' }],
      }],
      fs: [{ dir: '/opt/my data', special: 'rpool/z/data', type: 'zfs', options: ['ro', 'uid=100'] }],
      device: [{ match: '/dev/zvol/rdsk/rpool/z/disk0', properties: [] }],
      dedicatedCpu: { ncpus: '1-2', importance: '10' },
      cappedCpu: { ncpus: '1.50' },
      cappedMemory: { physical: '1G', swap: '2G' },
      attr: [{ name: 'motd', type: 'string', value: 'hello world' }],
      admin: [{ user: 'alice', auths: 'login,manage' }],
      rctl: [{ name: 'zone.max-lwps', values: [{ priv: 'privileged', limit: '2000', action: 'deny' }] }],
    });
  });

  it.each([
    ['a property outside a resource', 'zonename: z\n\tdir: /x\n', /line 2: a TAB-indented property outside any resource/],
    ['an unknown property', 'zonename: z\ncolour: blue\n', /line 2: unknown property or resource "colour"/],
    ['an unknown alias', '[max-bananas: 3]\n', /line 1: unknown rctl alias/],
    ['a property the resource does not have', 'net:\n\tdir: /x\n', /line 2: net has no property "dir"/],
    ['a line of another shape', 'zonename z\n', /line 1: expected "property: value"/],
    ['text after a resource header', 'net: x\n', /line 1: resource line "net:" has text after it/],
    ['a bad list', 'fs:\n\tdir: /a\n\tspecial: /b\n\ttype: lofs\n\toptions: [ro,\n', /line 5: expected a list item/],
    ['a blank line', 'zonename: z\n\nbrand: ipkg\n', /line 2/],
  ])('throws on %s', (_, text, message) => {
    expect(() => parseZonecfgInfo(text)).toThrow(message);
  });
});

describe('rctl alias arithmetic (zonecfg bytes_to_units)', () => {
  it('formats like zonecfg', () => {
    expect(bytesToUnits('1000')).toBe('1000');
    expect(bytesToUnits('1024')).toBe('1K');
    expect(bytesToUnits('1073741824')).toBe('1G');
    expect(bytesToUnits('1610612736')).toBe('1.5G');
    expect(bytesToUnits('1280')).toBe('1.2K'); // 1.25 rounds to even, as printf does
    expect(bytesToUnits('1331')).toBe('1.3K');
    expect(bytesToUnits('10240')).toBe('10K');
    expect(bytesToUnits('10752')).toBe('11K'); // 10.5K: no fraction at 10 and above
    expect(bytesToUnits(String(5 * 2 ** 40))).toBe('5T');
    expect(bytesToUnits(String(2 ** 50))).toBe('1024T');
  });

  it('reads sizes back', () => {
    expect(unitsToBytes('1.5G')).toBe(1610612736n);
    expect(unitsToBytes('512m')).toBe(536870912n);
    expect(unitsToBytes('12')).toBe(12n);
    expect(unitsToBytes('x')).toBeNull();
    expect(cpuCapToNcpus('150')).toBe('1.50');
    expect(cpuCapToNcpus('33')).toBe('0.33');
  });

  it('derives capped-memory and capped-cpu from SmartOS-style rctls in an export', () => {
    const text = [
      'add rctl', 'set name=zone.max-physical-memory', 'add value (priv=privileged,limit=2147483648,action=deny)', 'end',
      'add rctl', 'set name=zone.max-swap', 'add value (priv=privileged,limit=4294967296,action=deny)', 'end',
      'add rctl', 'set name=zone.cpu-cap', 'add value (priv=privileged,limit=150,action=deny)', 'end',
      'add rctl', 'set name=zone.max-lwps', 'add value (priv=privileged,limit=2000,action=deny)', 'add value (priv=basic,limit=10,action=deny)', 'end',
      'add rctl', 'set name=zone.max-shm-memory', 'add value (priv=privileged,limit=1610612736,action=deny)', 'end',
    ].join('\n') + '\n';
    const config = parseZonecfgExport(text);
    expect(config.cappedMemory).toEqual({ physical: '2G', swap: '4G' });
    expect(config.cappedCpu).toEqual({ ncpus: '1.50' });
    expect(config.maxShmMemory).toBe('1.5G');
    expect(config.maxLwps).toBeUndefined(); // two values: zonecfg shows no alias
  });
});

describe('writeZonecfgCommands', () => {
  const base: ZoneCreateSpec = { zonename: 'v1', zonepath: '/zones/v1', brand: 'sparse', ipType: 'exclusive', net: [{ physical: 'v1_0', properties: [] }] };
  const refusedAt = (spec: ZoneCreateSpec) => {
    try {
      writeZonecfgCommands(spec);
    } catch (e) {
      return { field: (e as { field: string }).field, message: (e as Error).message };
    }
    throw new Error('accepted');
  };

  it('checks every carried value with zonecfg\'s rules before writing a line (issue 9 item 14)', () => {
    const fs = (over: Partial<NonNullable<ZoneCreateSpec['fs']>[number]>) => ({ ...base, fs: [{ dir: '/d', special: '/s', type: 'lofs', options: [], ...over }] });
    expect(refusedAt(fs({ type: 'nfs' }))).toMatchObject({ field: 'fs[0].type', message: expect.stringMatching(/cannot be mounted into a zone/) });
    expect(refusedAt(fs({ type: 'proc' })).field).toBe('fs[0].type');
    expect(refusedAt(fs({ type: '../../bin/sh' })).field).toBe('fs[0].type');
    expect(refusedAt(fs({ options: ['ro', 'a;b'] }))).toMatchObject({ field: 'fs[0].options[1]', message: expect.stringMatching(/not valid/) });
    expect(refusedAt(fs({ options: ['ro,nodevices'] })).field).toBe('fs[0].options[0]');
    expect(refusedAt(fs({ dir: 'relative' })).field).toBe('fs[0].dir');
    expect(refusedAt({ ...base, limitpriv: 'default,$(id)' })).toMatchObject({ field: 'limitpriv', message: expect.stringMatching(/not a privilege/) });
    expect(refusedAt({ ...base, limitpriv: 'default,DTRACE' }).field).toBe('limitpriv');
    expect(refusedAt({ ...base, schedulingClass: 'XYZ' }).field).toBe('schedulingClass');
    expect(refusedAt({ ...base, fsAllowed: 'ufs,/bin' }).field).toBe('fsAllowed');
    expect(refusedAt({ ...base, rctl: [{ name: 'zone.max-lwps', values: [{ priv: 'system', limit: '100', action: 'deny' }] }] }).field).toBe('rctl[0].values[0]');
    expect(refusedAt({ ...base, rctl: [{ name: 'zone.max-lwps', values: [{ priv: 'privileged', limit: '-1', action: 'deny' }] }] }).field).toBe('rctl[0].values[0]');
    expect(refusedAt({ ...base, dedicatedCpu: { ncpus: '4-2' } }).field).toBe('dedicatedCpu.ncpus');
    // and what zonecfg takes passes
    expect(writeZonecfgCommands({ ...fs({ type: 'tmpfs', options: ['size=512m', 'nodevices'] }), limitpriv: 'default,!file_link_any,dtrace_proc', schedulingClass: 'FSS', fsAllowed: 'ufs,pcfs' })).toContain('add options "size=512m"\n');
  });

  it('refuses resources zonecfg refuses together: capped-cpu or zone.cpu-cap with dedicated-cpu (issue 9 item 3)', () => {
    expect(refusedAt({ ...base, cappedCpu: { ncpus: '2' }, dedicatedCpu: { ncpus: '1-2' } })).toMatchObject({ field: 'cappedCpu.ncpus', message: expect.stringMatching(/cannot be used with dedicated CPUs/) });
    expect(refusedAt({ ...base, rctl: [{ name: 'zone.cpu-cap', values: [{ priv: 'privileged', limit: '200', action: 'deny' }] }], dedicatedCpu: { ncpus: '2' } }).field).toBe('dedicatedCpu');
    expect(refusedAt({ ...base, pool: 'web', dedicatedCpu: { ncpus: '2' } }).message).toMatch(/persistent pool \(web\) is incompatible with dedicated CPUs/);
  });

  it('quotes fs paths with spaces, as zonecfg takes them, and reads them back (issue 9 item 5)', () => {
    const text = writeZonecfgCommands({ ...base, fs: [{ dir: '/data/my files', special: '/export/my files', type: 'lofs', options: ['ro'] }] });
    expect(text).toContain('set dir="/data/my files"\nset special="/export/my files"\n');
    expect(parseZonecfgExport(text, 'v1').fs).toEqual([{ dir: '/data/my files', special: '/export/my files', type: 'lofs', options: ['ro'] }]);
  });

  it('writes the OmniOS export back byte for byte (then verify and commit)', () => {
    const exported = readVector('recon-zonecfg-export-omnios.txt').body;
    expect(writeZonecfgCommands(parseZonecfgExport(exported, 'test'))).toBe(exported + 'verify\ncommit\n');
  });

  it('writes the runbook zone', () => {
    const spec: ZoneCreateSpec = {
      zonename: 'web01', zonepath: '/zones/web01', brand: 'lipkg', autoboot: true, ipType: 'exclusive',
      // not web010: a link name's final number cannot have a leading zero (§7.2)
      net: [{ physical: 'web01_0', properties: [] }],
    };
    expect(writeZonecfgCommands(spec)).toBe([
      'create -b',
      'set zonepath=/zones/web01',
      'set brand=lipkg',
      'set autoboot=true',
      'set ip-type=exclusive',
      'add net',
      'set physical="web01_0"',
      'end',
      'verify',
      'commit',
    ].join('\n') + '\n');
  });

  it('quotes whatever would end a bare word, and the parser reads it back', () => {
    const spec: ZoneCreateSpec = {
      zonename: 'q1', zonepath: '//zones//q1/', brand: 'bhyve', ipType: 'exclusive', bootargs: '-m verbose',
      pool: 'net',
      fs: [{ dir: '/data', special: 'rpool/data', type: 'zfs', options: ['ro', 'uid=100', 'nodevices'] }],
      attr: [
        { name: 'qemu-extra-opts', type: 'string', value: 'LXNtcCB0aHJlYWRzPTQ=' },
        { name: 'note', type: 'string', value: "a;b [c] (d,e) f=g it's $(id)" },
      ],
      net: [{ physical: 'q10', allowedAddress: '10.0.0.5/24', defrouter: '10.0.0.1', properties: [{ name: 'note', value: 'x, y = (z)' }] }],
    };
    const text = writeZonecfgCommands(spec);
    expect(text).toContain('set zonepath=/zones/q1\n');
    expect(text).toContain('set bootargs="-m verbose"\n');
    expect(text).toContain('set pool="net"\n'); // a lexer keyword stays a value
    expect(text).toContain('add options "uid=100"\n');
    expect(text).toContain('add options ro\n');
    expect(text).toContain('set value="LXNtcCB0aHJlYWRzPTQ="\n');
    expect(text).toContain(`set value="a;b [c] (d,e) f=g it's $(id)"\n`);
    expect(text).toContain('add property (name=note,value="x, y = (z)")\n');
    expect(parseZonecfgExport(text, 'q1')).toEqual({
      ...EMPTY,
      zonename: 'q1', zonepath: '/zones/q1', brand: 'bhyve', autoboot: false, ipType: 'exclusive', bootargs: '-m verbose', pool: 'net',
      fs: spec.fs, attr: spec.attr, net: spec.net,
    });
  });

  it('round-trips a configuration with every resource type', () => {
    const config: ZoneConfig = {
      ...EMPTY,
      zonename: 'all', zonepath: '/zones/all', brand: 'lipkg', autoboot: true, ipType: 'exclusive',
      limitpriv: 'default,dtrace_proc', schedulingClass: 'FSS', hostid: '0x1234abcd', fsAllowed: 'ufs,pcfs',
      maxProcesses: '4000',
      fs: [{ dir: '/export', special: '/export', raw: '/dev/rdsk/c0t0d0s7', type: 'ufs', options: [] }],
      net: [{
        allowedAddress: '10.0.0.5/24,10.0.0.6/24', physical: 'all0', macAddr: '2:8:20:5f:84:ff', vlanId: '30',
        globalNic: 'igb0', defrouter: '10.0.0.1', properties: [{ name: 'primary', value: 'true' }],
      }],
      device: [{ match: '/dev/zvol/rdsk/rpool/all/disk*', properties: [{ name: 'mode', value: '0660' }] }],
      rctl: [
        { name: 'zone.max-lwps', values: [{ priv: 'privileged', limit: '3000', action: 'deny' }] },
        { name: 'zone.max-swap', values: [{ priv: 'privileged', limit: '2147483648', action: 'deny' }] },
      ],
      maxLwps: '3000',
      cappedMemory: { physical: '1G', swap: '2G' },
      attr: [{ name: 'vcpus', type: 'string', value: '2' }],
      dataset: [{ name: 'rpool/delegated' }],
      dedicatedCpu: { ncpus: '2-4', importance: '5' },
      admin: [{ user: 'alice', auths: 'login,manage' }],
      securityFlags: { lower: 'none', default: 'ASLR,FORBIDNULLMAP', upper: 'all' },
    };
    const text = writeZonecfgCommands(config);
    // aliases an rctl already states are not written twice
    expect(text).not.toContain('set max-lwps');
    expect(text).toContain('set max-processes=4000\n');
    expect(text).toContain('add capped-memory\nset physical="1G"\nend\n');
    expect(text.indexOf('add capped-memory')).toBeLessThan(text.indexOf('add rctl'));
    expect(parseZonecfgExport(text, 'all')).toEqual(config);
    expect(writeZonecfgCommands(parseZonecfgExport(text, 'all'))).toBe(text);
  });

  it('accepts a memory alias as info rounds it when its rctl is also given', () => {
    const text = writeZonecfgCommands({
      zonename: 'm', zonepath: '/zones/m', brand: 'ipkg', ipType: 'exclusive',
      cappedMemory: { swap: '1.4G' },
      rctl: [{ name: 'zone.max-swap', values: [{ priv: 'privileged', limit: '1500000000', action: 'deny' }] }],
    });
    expect(text).not.toContain('capped-memory');
    expect(text).toContain('add value (priv=privileged,limit=1500000000,action=deny)\n');
  });

  it('writes capped-cpu when no zone.cpu-cap rctl states it', () => {
    const text = writeZonecfgCommands({ zonename: 'c', zonepath: '/zones/c', brand: 'ipkg', ipType: 'shared', cappedCpu: { ncpus: '1.5' } });
    expect(text).toContain('add capped-cpu\nset ncpus="1.5"\nend\n');
  });

  it.each<[string, Partial<ZoneConfig>, string, RegExp]>([
    ['a double quote', { attr: [{ name: 'a', type: 'string', value: 'say "hi"' }] }, 'attr[0].value', /no way to escape a double quote/],
    ['a newline', { bootargs: '-s\nadd fs' }, 'bootargs', /a newline/],
    ['a hostile zonepath', { zonepath: '/zones/../etc' }, 'zonepath', /'\.\.' component/],
    ['a relative zonepath', { zonepath: 'zones/x' }, 'zonepath', /not an absolute path/],
    ['a bad brand', { brand: 'Bad;brand' }, 'brand', /not a brand name/],
    ['address on exclusive IP', { net: [{ physical: 'w0', address: '10.0.0.5/24', properties: [] }] }, 'net[0].address', /exclusive IP type/],
    ['defrouter without allowed-address', { net: [{ physical: 'w0', defrouter: '10.0.0.1', properties: [] }] }, 'net[0].defrouter', /without allowed-address/],
    ['a bad VNIC name', { net: [{ physical: 'vnic', properties: [] }] }, 'net[0].physical', /must end in a number/],
    ['an IPv6 address without prefix', { net: [{ physical: 'w0', allowedAddress: 'fe80::1', properties: [] }] }, 'net[0].allowedAddress[0]', /IPv6 addresses require/],
    ['a bad VLAN', { net: [{ physical: 'w0', vlanId: '5000', properties: [] }] }, 'net[0].vlanId', /1 to 4094/],
    ['an alias that contradicts its rctl', { cpuShares: '5', rctl: [{ name: 'zone.cpu-shares', values: [{ priv: 'privileged', limit: '2', action: 'none' }] }] }, 'cpuShares', /give only one of them/],
    ['an rctl without values', { rctl: [{ name: 'zone.max-lwps', values: [] }] }, 'rctl[0].values', /at least one value/],
    ['a bad memory size', { cappedMemory: { physical: 'lots' } }, 'cappedMemory.physical', /K, M, G or T/],
    ['a SUNW pool', { pool: 'SUNWtmp' }, 'pool', /reserved/],
    ['a reserved attr name', { attr: [{ name: 'zonefoo', type: 'string', value: 'x' }] }, 'attr[0].name', /reserved/],
  ])('refuses %s', (_, patch, field, message) => {
    const spec = { zonename: 'w', zonepath: '/zones/w', brand: 'ipkg', ipType: 'exclusive' as const, ...patch };
    try {
      writeZonecfgCommands(spec);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
      expect((e as ValidationError).message).toMatch(message);
    }
  });

  it('keeps shared-IP rules', () => {
    expect(() => writeZonecfgCommands({ zonename: 's', zonepath: '/zones/s', brand: 'ipkg', ipType: 'shared', net: [{ physical: 'e1000g0', properties: [] }] }))
      .toThrow(/needs an address/);
    const text = writeZonecfgCommands({ zonename: 's', zonepath: '/zones/s', brand: 'ipkg', ipType: 'shared', net: [{ physical: 'e1000g0', address: '10.0.0.9/24', properties: [] }] });
    expect(text).toContain('set ip-type=shared\nadd net\nset address="10.0.0.9/24"\nset physical="e1000g0"\nend\n');
  });
});
