import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  KstatStreamSplitter,
  METRICS_SELECTORS,
  dladmShowVnicZones,
  kstatBigInt,
  kstatCap,
  kstatSample,
  kstatSeconds,
  zfsListUsage,
} from './kstat';
import { parseKstatParsable, parseZfsListUsage, ParseError } from './parse';
import { ValidationError } from './validate';

const VECTORS = '/work/shared/illumos/vectors-next';

// The real `kstat link:0:net0` of a SmartOS zone (vectors-next/real-kstat-link-net0-smartos.txt)
// laid out as `-p` prints the same statistics (KS_PFMT "%s:%d:%s:%s", a TAB, the value), so the
// parser reads the real numbers in the real format.
function realLinkSampleAsParsable(): string {
  const text = readFileSync(`${VECTORS}/real-kstat-link-net0-smartos.txt`, 'utf8');
  const lines = text.split('\n').filter((l) => /^\s+\S+\s+\S+$/.test(l));
  expect(lines.length).toBeGreaterThan(15);
  return lines.map((l) => {
    const [, stat, value] = /^\s+(\S+)\s+(\S+)$/.exec(l)!;
    return `link:0:net0:${stat}\t${value}\n`;
  }).join('');
}

// Real memory_cap values of a SmartOS zone (`kstat -p -m memory_cap -c zone_memory_cap`,
// papertigers/salt-kstat README), in -p lines; physcap/swapcap capped at 1 GiB / 2 GiB.
const REAL_MEMORY_CAP = [
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:anon_alloc_fail\t0',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:anonpgin\t0',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:class\tzone_memory_cap',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:crtime\t297.530764428',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:execpgin\t4480',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:nover\t0',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:physcap\t1073741824',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:rss\t550281216',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:snaptime\t1672236.841528959',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:swap\t690114560',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:swapcap\t2147483648',
  'memory_cap:5:2fc847b3-71bf-63c0-a300-946962:zonename\t2fc847b3-71bf-63c0-a300-94696208e311',
].join('\n');

describe('parseKstatParsable', () => {
  it('reads the real link counters of a SmartOS VNIC', () => {
    const [sample] = parseKstatParsable(realLinkSampleAsParsable());
    expect(sample!.time).toBeNull();
    const get = (s: string) => sample!.stats.find((x) => x.statistic === s)!;
    expect(get('rbytes').value).toBe('252279089');
    expect(get('obytes64').value).toBe('25407245');
    expect(get('ipackets64').value).toBe('185022');
    expect(kstatSeconds(get('crtime'))).toBeCloseTo(398003.781104495, 6);
    expect(sample!.stats.every((s) => s.module === 'link' && s.instance === 0 && s.name === 'net0')).toBe(true);
  });

  it('reads real memory_cap values: a 30-character name, the full zonename, caps in bytes', () => {
    const [sample] = parseKstatParsable(REAL_MEMORY_CAP + '\n');
    const get = (s: string) => sample!.stats.find((x) => x.statistic === s)!;
    expect(get('rss').name).toHaveLength(30);
    expect(get('zonename').value).toBe('2fc847b3-71bf-63c0-a300-94696208e311');
    expect(kstatCap(get('physcap'))).toBe(1073741824);
    expect(kstatCap(get('swapcap'))).toBe(2147483648);
    expect(get('class').value).toBe('zone_memory_cap');
  });

  it('cuts an interval run into samples at the -T u lines and blank lines', () => {
    const text = [
      '1764780000',
      'zones:3:web01:nsec_user\t1000',
      'zones:3:web01:zonename\tweb01',
      '',
      '1764780005',
      'zones:3:web01:nsec_user\t6000',
      'zones:3:web01:zonename\tweb01',
      '',
      '1764780010',
      '',
    ].join('\n');
    const samples = parseKstatParsable(text);
    expect(samples.map((s) => s.time)).toEqual([1764780000, 1764780005, 1764780010]);
    expect(samples[1]!.stats[0]!.value).toBe('6000');
    // nothing matched at that moment: a sample with no statistics
    expect(samples[2]!.stats).toEqual([]);
  });

  it('keeps values with spaces and splits at the first TAB only; a name may hold colons', () => {
    const [s] = parseKstatParsable('unix:0:temperature override:override\t12 34\textra\nnfs:2:mntinfo:mik_curserver\ta:b\n');
    expect(s!.stats[0]).toEqual({ module: 'unix', instance: 0, name: 'temperature override', statistic: 'override', value: '12 34\textra' });
    expect(s!.stats[1]!.value).toBe('a:b');
    const [t] = parseKstatParsable('sd:0:sd0,err:Hard Errors\t0\nfoo:1:a:b:c\tv\n');
    expect(t!.stats[0]!.name).toBe('sd0,err');
    expect(t!.stats[0]!.statistic).toBe('Hard Errors');
    expect(t!.stats[1]!.name).toBe('a:b');
  });

  it('refuses a line that is not a statistic, naming it', () => {
    expect(() => parseKstatParsable('module: zones   instance: 1\n')).toThrow(ParseError);
    expect(() => parseKstatParsable('zones:x:web:nsec_user\t1\n')).toThrow(/line 1/);
  });

  it('reads UINT64_MAX (uncapped) as no cap and big counters exactly', () => {
    expect(kstatCap({ statistic: 'physcap', value: '18446744073709551615' })).toBeNull();
    expect(kstatCap({ statistic: 'physcap', value: '0' })).toBeNull();
    expect(kstatBigInt({ statistic: 'nsec_user', value: '18446744073709551615' })).toBe(18446744073709551615n);
    expect(() => kstatBigInt({ statistic: 'nsec_user', value: '-1' })).toThrow(ParseError);
  });
});

describe('KstatStreamSplitter', () => {
  it('gives each sample once, whatever the chunking, and the last one on flush', () => {
    const text = '1764780000\nzones:1:a:nsec_user\t1\nzones:1:a:zonename\ta\n\n1764780005\nzones:1:a:nsec_user\t2\nzones:1:a:zonename\ta\n';
    for (const size of [1, 3, 7, 50, text.length]) {
      const sp = new KstatStreamSplitter();
      const got = [];
      for (let i = 0; i < text.length; i += size) got.push(...sp.push(text.slice(i, i + size)));
      expect(got.map((s) => s.time)).toEqual([1764780000]);
      const last = sp.flush();
      expect(last?.time).toBe(1764780005);
      expect(last?.stats.map((s) => s.value)).toEqual(['2', 'a']);
      expect(sp.flush()).toBeNull();
    }
  });

  it('names the line of a bad statistic across chunks', () => {
    const sp = new KstatStreamSplitter('kstat on sim');
    sp.push('1764780000\nzones:1:a:nsec_user\t1\n\n1764780005\n');
    sp.push('garbage\n');
    expect(() => sp.flush()).toThrow(/kstat on sim, line 5/);
  });
});

describe('argv builders', () => {
  it('builds the one long-running kstat of the sampler', () => {
    const call = kstatSample(METRICS_SELECTORS, 5);
    expect(call.tool).toBe('kstat');
    expect(call.args.slice(0, 3)).toEqual(['-p', '-T', 'u']);
    expect(call.args.at(-1)).toBe('5');
    expect(call.args).toContain('zones:::/^(nsec_user|nsec_sys|nsec_waitrq|boot_time|zonename|snaptime)$/');
    expect(call.args).toContain('memory_cap:::/^(rss|physcap|swap|swapcap|nover|zonename|snaptime)$/');
    expect(call.args.every((a) => !a.startsWith('-') || ['-p', '-T'].includes(a))).toBe(true);
  });

  it('refuses option-looking or odd selector parts and intervals', () => {
    expect(() => kstatSample([{ module: '-j' }], 5)).toThrow(ValidationError);
    expect(() => kstatSample([{ module: 'zones', name: 'a:b' }], 5)).toThrow(ValidationError);
    expect(() => kstatSample([{ module: 'zones', statistic: '/.*;rm/' }], 5)).toThrow(ValidationError);
    expect(() => kstatSample([{ module: 'zones' }], 0)).toThrow(ValidationError);
    expect(() => kstatSample([], 5)).toThrow(ValidationError);
  });

  it('builds dladm show-vnic and zfs list', () => {
    expect(dladmShowVnicZones()).toEqual({ tool: 'dladm', args: ['show-vnic', '-p', '-o', 'link,zone'] });
    expect(zfsListUsage()).toEqual({ tool: 'zfs', args: ['list', '-Hp', '-o', 'name,used,avail,refer,quota'] });
    expect(zfsListUsage('rpool/zones').args.slice(-2)).toEqual(['-r', 'rpool/zones']);
    expect(() => zfsListUsage('-rpool')).toThrow(ValidationError);
  });
});

describe('parseZfsListUsage', () => {
  it('reads exact bytes; quota 0 is none, avail - is none', () => {
    const rows = parseZfsListUsage('rpool/zones/www\t671723520\t425829226496\t98304\t0\nrpool/zones/www@snap\t0\t-\t671526912\t-\n');
    expect(rows[0]).toEqual({ name: 'rpool/zones/www', used: 671723520, avail: 425829226496, refer: 98304, quota: null });
    expect(rows[1]!.avail).toBeNull();
    expect(() => parseZfsListUsage('rpool 1.2G 3G 96K none\n')).toThrow(ParseError);
  });
});
