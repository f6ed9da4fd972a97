import { describe, expect, it } from 'vitest';
import { readVector, vectorSections } from '../testkit/vectors';
import {
  ParseError,
  parseDladmParsable,
  parseDladmShowLink,
  parseDladmShowPhys,
  parseDladmShowVnic,
  parseDladmTable,
  parseIpadmShowAddr,
  parseZoneadmList,
  parseZoneadmListVerbose,
} from './parse';

function section(vector: string, commandStart: string): string {
  const s = vectorSections(vector).find((x) => x.command.startsWith(commandStart));
  if (!s) throw new Error(`${vector} has no section for ${commandStart}`);
  return s.output;
}

describe('parseZoneadmList', () => {
  it('reads the real OmniOS -cp output (8 fields)', () => {
    expect(parseZoneadmList(readVector('real-zoneadm-list-p-omnios.txt').body)).toEqual([
      { id: 0, name: 'global', state: 'running', zonepath: '/', uuid: '', brand: 'ipkg', ipType: 'shared', debugid: '0' },
      {
        id: 42, name: 'cube-media', state: 'running', zonepath: '/zones/cube-media',
        uuid: 'c624d04f-d0d9-e1e6-822e-acebc78ec9ff', brand: 'lipkg', ipType: 'excl', debugid: '128',
      },
      {
        id: 44, name: 'cube-ws', state: 'installed', zonepath: '/zones/cube-ws',
        uuid: '0f9c56f4-9810-6d45-f801-d34bf27cc13f', brand: 'pkgsrc', ipType: 'excl', debugid: '179',
      },
    ]);
  });

  it('reads null ids, empty uuids and an escaped ":" in the zonepath', () => {
    const zones = parseZoneadmList(readVector('recon-zoneadm-list-cp-omnios-8field.txt').body);
    expect(zones.map((z) => [z.id, z.name, z.state, z.zonepath, z.brand, z.ipType, z.debugid])).toEqual([
      [0, 'global', 'running', '/', 'ipkg', 'shared', '0'],
      [3, 'web01', 'running', '/zones/web01', 'lipkg', 'excl', '4'],
      [null, 'db01', 'installed', '/zones/db01', 'sparse', 'excl', '5'],
      [null, 'newzone', 'configured', '/zones/newzone', 'lipkg', 'shared', '6'],
      [null, 'odd', 'installed', '/zones/a:b', 'ipkg', 'excl', '7'],
    ]);
    expect(zones[3]?.uuid).toBe('');
    expect(zones[1]?.uuid).toBe('6e1f3f2c-9b6d-4b53-a0d2-2f3a1c0e7d11');
  });

  it('takes 7-field (Helios), SmartOS (empty debugid) and longer lines', () => {
    expect(parseZoneadmList('0:global:running:/::ipkg:shared\n')[0]?.debugid).toBeNull();
    expect(parseZoneadmList('0:global:running:/::liveimg:shared:\n')[0]?.debugid).toBeNull();
    const extra = parseZoneadmList('-:z1:installed:/zones/z1:u:ipkg:excl:9:future:fields\n')[0];
    expect(extra).toMatchObject({ id: null, name: 'z1', debugid: '9' });
  });

  it('keeps backslashes that do not escape a ":" (zoneadm does not escape them)', () => {
    expect(parseZoneadmList('-:z:installed:/zones/a\\b\\:c:u:ipkg:excl:1\n')[0]?.zonepath).toBe('/zones/a\\b:c');
  });

  it('maps states it does not know to unknown', () => {
    expect(parseZoneadmList('-:z:unknown:/z::ipkg:shared\n')[0]?.state).toBe('unknown');
    expect(parseZoneadmList('-:z:booting:/z::ipkg:shared\n')[0]?.state).toBe('unknown');
  });

  it('is an empty list for empty output', () => {
    expect(parseZoneadmList('')).toEqual([]);
  });

  it.each([
    ['too few fields', '0:global:running:/::ipkg\n', /line 1: expected at least 7 ':'-separated fields/],
    ['a bad id', 'x:global:running:/::ipkg:shared\n', /zone id must be a number or '-'/],
    ['a bad ip-type', '0:global:running:/::ipkg:exclusive\n', /ip-type must be shared or excl/],
    ['a relative zonepath', '-:z:installed:zones/z::ipkg:excl\n', /zonepath must be absolute/],
    ['a blank line', '0:global:running:/::ipkg:shared\n\n', /line 2: expected at least 7/],
    ['a bad name', '-:-z:installed:/z::ipkg:excl\n', /expected a zone name/],
    ['an empty brand', '-:z:installed:/z:::excl\n', /brand field is empty/],
  ])('throws on %s', (_, text, message) => {
    expect(() => parseZoneadmList(text)).toThrow(ParseError);
    expect(() => parseZoneadmList(text)).toThrow(message);
  });
});

describe('parseZoneadmListVerbose', () => {
  it('reads the real OmniOS -cv output, trailing blanks included', () => {
    expect(parseZoneadmListVerbose(readVector('real-zoneadm-list-cv-omnios.txt').body)).toEqual([
      { id: 0, name: 'global', state: 'running', zonepath: '/', brand: 'ipkg', ipType: 'shared' },
      { id: 1, name: 'lx0', state: 'running', zonepath: '/zones/lx0', brand: 'lx', ipType: 'excl' },
      { id: 2, name: 'lx2', state: 'running', zonepath: '/zones/lx2', brand: 'lx', ipType: 'excl' },
      { id: 3, name: 'lx1', state: 'running', zonepath: '/zones/lx1', brand: 'lx', ipType: 'excl' },
      { id: 5, name: 'lipkg0', state: 'running', zonepath: '/zones/lipkg0', brand: 'lipkg', ipType: 'excl' },
    ]);
  });

  it('splits on blanks, so long names and paths that push columns right still read', () => {
    const zones = parseZoneadmListVerbose(readVector('recon-zoneadm-list-cv-states.txt').body);
    expect(zones.map((z) => [z.id, z.name, z.state, z.zonepath, z.brand, z.ipType])).toEqual([
      [0, 'global', 'running', '/', 'ipkg', 'shared'],
      [3, 'web01', 'running', '/zones/web01', 'lipkg', 'excl'],
      [null, 'db01', 'installed', '/zones/db01', 'sparse', 'excl'],
      [null, 'build', 'incomplete', '/zones/build', 'pkgsrc', 'excl'],
      [null, 'newzone', 'configured', '/zones/newzone', 'lipkg', 'shared'],
      [null, 'averyveryverylongzonename01', 'installed', '/zones/averyveryverylongzonename01', 'bhyve', 'excl'],
    ]);
  });

  it('throws without the header or on a row with the wrong column count', () => {
    expect(parseZoneadmListVerbose('')).toEqual([]);
    expect(() => parseZoneadmListVerbose('   0 global running / ipkg shared\n')).toThrow(/line 1: expected the header "ID NAME STATUS PATH BRAND IP"/);
    expect(() => parseZoneadmListVerbose('  ID NAME STATUS PATH BRAND IP\n   - z installed /zones/a b ipkg excl\n'))
      .toThrow(/line 2: expected 6 columns/);
  });
});

describe('parseDladmParsable (REFERENCE §7.4)', () => {
  const vector = 'recon-dladm-parsable.txt';

  it('unescapes \\: with more than one field and keys rows by field name', () => {
    const out = section(vector, 'dladm show-vnic -p -o link,over,macaddress,vid,zone');
    expect(parseDladmParsable(out, ['link', 'over', 'macaddress', 'vid', 'zone'])).toEqual([
      { link: 'web0', over: 'igb0', macaddress: '2:8:20:5f:84:ff', vid: '0', zone: 'web01' },
      { link: 'db1', over: 'igb0', macaddress: '2:8:20:c2:39:38', vid: '0', zone: '' },
    ]);
  });

  it('takes a single field as the whole line, unescaped', () => {
    const out = section(vector, 'dladm show-vnic -p -o macaddress web0');
    expect(parseDladmParsable(out, ['MACADDRESS'])).toEqual([{ macaddress: '2:8:20:5f:84:ff' }]);
    expect(parseDladmParsable('web01\n\n', ['zone'])).toEqual([{ zone: 'web01' }, { zone: '' }]);
    expect(parseDladmParsable('a\\:b\n', ['link'])).toEqual([{ link: 'a\\:b' }]);
  });

  it('unescapes \\\\ too', () => {
    expect(parseDladmParsable('a\\\\b:c\\:d\n', ['x', 'y'])).toEqual([{ x: 'a\\b', y: 'c:d' }]);
  });

  it('reads the typed show-link, show-phys and show-vnic forms', () => {
    expect(parseDladmParsable(section(vector, 'dladm show-link -p -o link,class,mtu,state,over'), ['link', 'class', 'mtu', 'state', 'over']))
      .toEqual([
        { link: 'igb0', class: 'phys', mtu: '1500', state: 'up', over: '' },
        { link: 'web0', class: 'vnic', mtu: '1500', state: 'up', over: 'igb0' },
        { link: 'stub0', class: 'etherstub', mtu: '9000', state: 'up', over: '' },
      ]);
    expect(parseDladmShowLink('igb0:phys:1500:up::\nweb01:vnic:1500:up::igb0\n')).toEqual([
      { link: 'igb0', class: 'phys', mtu: 1500, state: 'up', bridge: '', over: '' },
      { link: 'web01', class: 'vnic', mtu: 1500, state: 'up', bridge: '', over: 'igb0' },
    ]);
    expect(parseDladmShowPhys(section(vector, 'dladm show-phys -p -o link,media,state,speed,duplex,device'))).toEqual([
      { link: 'igb0', media: 'Ethernet', state: 'up', speed: 1000, duplex: 'full', device: 'igb0' },
    ]);
    expect(parseDladmShowVnic('web01:igb0:1000:2\\:8\\:20\\:5f\\:84\\:ff:random:0:web01\nst0:aggr0:0:2\\:8\\:20\\:23\\:2e\\:eb:fixed:30:\n')).toEqual([
      { link: 'web01', over: 'igb0', speed: 1000, macaddress: '2:8:20:5f:84:ff', macaddrtype: 'random', vid: 0, zone: 'web01' },
      { link: 'st0', over: 'aggr0', speed: 0, macaddress: '2:8:20:23:2e:eb', macaddrtype: 'fixed', vid: 30, zone: '' },
    ]);
  });

  it('throws on the wrong field count, a dangling backslash, a non-number', () => {
    expect(() => parseDladmParsable('a:b\n', ['x', 'y', 'z'])).toThrow(/line 1: expected 3 ':'-separated fields \(x:y:z\), got 2/);
    expect(() => parseDladmParsable('a\\b:c\n', ['x', 'y'])).toThrow(/'\\' at column 2 is not followed by ':' or '\\'/);
    expect(() => parseDladmShowVnic('web01:igb0:fast:2\\:8:random:0:\n')).toThrow(/speed must be a whole number/);
    expect(() => parseDladmParsable('x\n', [])).toThrow(/field names/);
    expect(parseDladmParsable('', ['link', 'over'])).toEqual([]);
  });
});

describe('parseDladmTable (REFERENCE §7.3)', () => {
  it('reads the real show-link output, -- as empty', () => {
    expect(parseDladmTable(readVector('real-dladm-show-link-omnios.txt').body)).toEqual([
      { link: 'igb0', class: 'phys', mtu: '1500', state: 'up', bridge: '', over: '' },
      { link: 'igb1', class: 'phys', mtu: '1500', state: 'down', bridge: '', over: '' },
      { link: 'switch10', class: 'etherstub', mtu: '9000', state: 'up', bridge: '', over: '' },
    ]);
  });

  it('reads the old show-vnic column set', () => {
    expect(parseDladmTable(readVector('real-dladm-show-vnic-old-omnios.txt').body)).toEqual([
      { link: 'vnic0', over: 'igb0', speed: '100', macaddress: '2:8:20:38:a5:d6', macaddrtype: 'random', vid: '0' },
    ]);
  });

  it('reads overflowing columns of the current show-vnic', () => {
    const rows = parseDladmTable(readVector('recon-dladm-show-vnic-current.txt').body);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual({ link: 'db1', over: 'igb0', speed: '1000', macaddress: '2:8:20:c2:39:38', macaddrtype: 'random', vid: '0', zone: '' });
    expect(rows[3]).toEqual({
      link: 'averylongvnicname0', over: 'etherstub1', speed: '0', macaddress: '2:8:20:aa:bb:c',
      macaddrtype: 'random', vid: '0', zone: 'averylongzonename',
    });
  });

  it('joins a wrapped last column and reads an overflowing PROPERTY (show-linkprop)', () => {
    const [wrapped, plain] = readVector('real-dladm-show-linkprop-protection-omnios.txt').body.split('-----\n');
    expect(parseDladmTable(wrapped ?? '')).toEqual([
      { link: 'ns10', property: 'protection', perm: 'rw', value: 'ip-nospoof', default: '', possible: 'mac-nospoof,restricted,ip-nospoof,dhcp-nospoof' },
    ]);
    const rows = parseDladmTable(plain ?? '');
    expect(rows.map((r) => [r.property, r.value, r.default, r.possible])).toEqual([
      ['protection', 'ip-nospoof', '', 'mac-nospoof,restricted,ip-nospoof,dhcp-nospoof'],
      ['promisc-filtered', 'on', 'on', 'off,on'],
      ['allowed-ips', '172.30.1.129/32', '', ''],
    ]);
  });

  it('skips the header repeated every 23 rows', () => {
    const header = 'LINK        CLASS     MTU    STATE    BRIDGE     OVER';
    const row = (i: number) => `vnic${i}       vnic      1500   up       --         igb0`;
    const lines = [header, ...Array.from({ length: 23 }, (_, i) => row(i)), header, row(23), row(24)];
    const rows = parseDladmTable(lines.join('\n') + '\n');
    expect(rows).toHaveLength(25);
    expect(rows[24]?.link).toBe('vnic24');
  });

  it('throws on a missing header or a short row', () => {
    expect(parseDladmTable('')).toEqual([]);
    expect(() => parseDladmTable('igb0 phys 1500 up -- --\n')).toThrow(/line 1: expected a header of upper-case column names/);
    expect(() => parseDladmTable('LINK CLASS MTU\nigb0 phys\n')).toThrow(/line 2: expected 3 columns \(LINK CLASS MTU\), got 2/);
    expect(() => parseDladmTable('LINK CLASS MTU\n     phys\n')).toThrow(/line 2/);
  });
});

describe('parseIpadmShowAddr', () => {
  it('reads the human table', () => {
    const out = section('recon-ipadm.txt', 'ipadm show-addr');
    expect(parseIpadmShowAddr(out)).toEqual([
      { addrobj: 'lo0/v4', interface: 'lo0', tag: 'v4', type: 'static', state: 'ok', addr: '127.0.0.1/8' },
      { addrobj: 'vnic0/v4', interface: 'vnic0', tag: 'v4', type: 'static', state: 'ok', addr: '10.0.0.5/24' },
      { addrobj: 'vnic0/dhcp', interface: 'vnic0', tag: 'dhcp', type: 'dhcp', state: 'ok', addr: '10.0.0.77/24' },
      { addrobj: 'lo0/v6', interface: 'lo0', tag: 'v6', type: 'static', state: 'ok', addr: '::1/128' },
    ]);
  });

  it('reads the -p -o addrobj,type,state,addr form with escaped IPv6 colons', () => {
    const out = section('recon-dladm-parsable.txt', 'ipadm show-addr -p -o addrobj,type,state,addr');
    expect(parseIpadmShowAddr(out)).toEqual([
      { addrobj: 'lo0/v4', interface: 'lo0', tag: 'v4', type: 'static', state: 'ok', addr: '127.0.0.1/8' },
      { addrobj: 'lo0/v6', interface: 'lo0', tag: 'v6', type: 'static', state: 'ok', addr: '::1/128' },
    ]);
    expect(parseIpadmShowAddr('firstzone0/_a:from-gz:ok:10.0.0.154/24\n')[0]).toMatchObject({ tag: '_a', type: 'from-gz' });
  });

  it('issue 9 item 19: tells the two forms apart by itself, and both give the same addresses', () => {
    // the same zone, read both ways (the real sample of REFERENCE §8 and its parsable twin)
    const human =
      'ADDROBJ           TYPE     STATE        ADDR\n' +
      'lo0/v4            static   ok           127.0.0.1/8\n' +
      'firstzone0/_a     from-gz  ok           10.0.0.154/24\n' +
      'lo0/v6            static   ok           ::1/128\n';
    const parsable = 'lo0/v4:static:ok:127.0.0.1/8\nfirstzone0/_a:from-gz:ok:10.0.0.154/24\nlo0/v6:static:ok:\\:\\:1/128\n';
    const a = parseIpadmShowAddr(human);
    expect(a.map((x) => x.addr)).toEqual(['127.0.0.1/8', '10.0.0.154/24', '::1/128']);
    expect(parseIpadmShowAddr(parsable)).toEqual(a);
    // a table whose first address is IPv6 still reads as a table: the header decides
    expect(parseIpadmShowAddr('ADDROBJ           TYPE     STATE        ADDR\nlo0/v6            static   ok           ::1/128\n')[0]?.addr).toBe('::1/128');
    // a DHCP address not yet bound prints '?' in both forms
    expect(parseIpadmShowAddr('net0/v4:dhcp:tentative:?\n')[0]).toMatchObject({ type: 'dhcp', state: 'tentative', addr: '?' });
    // the human table repeats its header every 23 rows when not on a terminal
    const rows = Array.from({ length: 30 }, (_, i) => `net${i}/v4`.padEnd(18) + 'static   ok           10.0.0.' + (i + 1) + '/24');
    const long = ['ADDROBJ           TYPE     STATE        ADDR', ...rows.slice(0, 22), 'ADDROBJ           TYPE     STATE        ADDR', ...rows.slice(22)].join('\n') + '\n';
    expect(parseIpadmShowAddr(long)).toHaveLength(30);
  });

  it('throws on another header or a bad address object', () => {
    expect(parseIpadmShowAddr('')).toEqual([]);
    expect(() => parseIpadmShowAddr('IFNAME STATE CURRENT PERSISTENT\nlo0 ok -m-v------46 ---\n')).toThrow(/expected the header "ADDROBJ TYPE STATE ADDR"/);
    expect(() => parseIpadmShowAddr('ADDROBJ TYPE STATE ADDR\nlo0 static ok 127.0.0.1/8\n')).toThrow(/line 2: expected an address object <interface>\/<tag>/);
    expect(() => parseIpadmShowAddr('lo0/v4:static:ok\n')).toThrow(/expected 4 ':'-separated fields/);
    // what a failed ipadm leaves on stdout (its die() newline) is no address list
    expect(() => parseIpadmShowAddr('\n')).toThrow(/expected the header/);
  });
});
