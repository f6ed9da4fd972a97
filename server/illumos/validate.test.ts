import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  bootArgsSchema,
  brandSchema,
  mustBe,
  validateAbsolutePath,
  validateAddrObjTag,
  validateBootArgs,
  validateBrand,
  validateBrandArgs,
  validateCidr,
  validateDefrouter,
  validateDnsServer,
  validateDomainName,
  validateEscapeChar,
  validateHostid,
  validateHostname,
  validateIPv4,
  validateIPv4Cidr,
  validateIPv6,
  validateIPv6Cidr,
  validateIpAddress,
  validateLinkName,
  validateMacAddress,
  validateMemorySize,
  validateNotOption,
  validateSnapshotName,
  validateSshPublicKey,
  validateVlanId,
  validateZoneName,
  validateZonecfgNetAddress,
  validateZonecfgValue,
  validateZonepath,
  vlanIdSchema,
  zoneNameSchema,
  zonepathSchema,
  type Validation,
} from './validate';

const TEN_KB = 'a'.repeat(10 * 1024);
const CYRILLIC_E = 'w\u0435b01'; // 'е' looks like 'e'
const FULLWIDTH_DIGIT = 'web\uff101'; // '０'

/** The brief's hostile strings, refused wherever a name goes. */
const HOSTILE = [
  'a;rm -rf /',
  '$(id)',
  '-oProxyCommand=x',
  'web 01',
  'web\n01',
  'web/01',
  '../x',
  CYRILLIC_E,
  FULLWIDTH_DIGIT,
  TEN_KB,
  '',
];

/** it.each rows with a short label, so a 10 KB input does not flood the report. */
function cases(values: string[]): [string, string][] {
  return values.map((v) => [JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v), v]);
}

function refused<T>(r: Validation<T>): string {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value)}`);
  expect(r.message.length).toBeGreaterThan(10);
  expect(r.message.length).toBeLessThan(400); // a 10 KB input is never echoed whole
  return r.message;
}

function accepted<T>(r: Validation<T>): T {
  if (!r.ok) throw new Error(`expected acceptance, got: ${r.message}`);
  return r.value;
}

describe('validateZoneName', () => {
  it.each(['web01', 'a', 'A9', '0zone', 'db_1.prod-2', 'x'.repeat(63), 'globalx', 'SUNXfoo', 'sunwfoo'])('accepts %s', (name) => {
    expect(accepted(validateZoneName(name))).toBe(name);
  });

  it.each(cases([...HOSTILE, 'global', 'SUNWfoo', 'SUNW', 'x'.repeat(64), '_web', '.web', 'web!']))('refuses %s', (_, name) => {
    refused(validateZoneName(name));
  });

  it('explains what is wrong and what is allowed', () => {
    expect(refused(validateZoneName('a;rm -rf /'))).toMatch(/contains ';'.*only letters, digits, '_', '\.' and '-'/);
    expect(refused(validateZoneName('web 01'))).toMatch(/a space/);
    expect(refused(validateZoneName('web\n01'))).toMatch(/a newline/);
    expect(refused(validateZoneName('-oProxyCommand=x'))).toMatch(/must start with a letter or a digit, not '-'/);
    expect(refused(validateZoneName('global'))).toMatch(/reserved name of the global zone/);
    expect(refused(validateZoneName('SUNWfoo'))).toMatch(/"SUNW", which is reserved/);
    expect(refused(validateZoneName('x'.repeat(64)))).toMatch(/64 characters long; at most 63/);
    expect(refused(validateZoneName(CYRILLIC_E))).toMatch(/U\+0435: not plain ASCII/);
    expect(refused(validateZoneName(TEN_KB))).toMatch(/10240 characters long/);
    expect(refused(validateZoneName(''))).toMatch(/cannot be empty/);
  });

  it('refuses non-strings', () => {
    refused(validateZoneName(42));
    refused(validateZoneName(null));
  });
});

describe('validateLinkName (REFERENCE §7.2)', () => {
  it.each(['vnic0', 'web10', 'igb0', 'a0', 'my_link.1', 'x'.repeat(30) + '1', 'e1000g0', 'web.1', 'a_0', 'a.b_c0', 'web01_0'])('accepts %s', (name) => {
    expect(accepted(validateLinkName(name))).toBe(name);
  });

  it.each(cases([...HOSTILE, 'vnic', 'vnic00', 'vnic01', 'web010', '1a0', 'web-0', 'x'.repeat(31) + '1', 'vnic0:1', 'web.01', '_0x', '.', 'web_']))('refuses %s', (_, name) => {
    refused(validateLinkName(name));
  });

  it('says why', () => {
    expect(refused(validateLinkName('vnic'))).toMatch(/must end in a number, e\.g\. "vnic0"/);
    expect(refused(validateLinkName('vnic00'))).toMatch(/leading zero/);
    expect(refused(validateLinkName('1a0'))).toMatch(/must not start with a digit/);
    expect(refused(validateLinkName('web-0'))).toMatch(/contains '-'.*no '-'/);
    expect(refused(validateLinkName('x'.repeat(32)))).toMatch(/at most 31/);
    expect(refused(validateLinkName('vnic', 'VNIC name'))).toMatch(/^VNIC name "vnic"/);
  });
});

describe('validateZonepath', () => {
  it('accepts absolute paths and normalises slashes as zonecfg does', () => {
    expect(accepted(validateZonepath('/zones/web01'))).toBe('/zones/web01');
    expect(accepted(validateZonepath('//zones///web01/'))).toBe('/zones/web01');
    expect(accepted(validateZonepath('/zones/a:b'))).toBe('/zones/a:b');
    expect(accepted(validateZonepath('/zones/web.01-x_y'))).toBe('/zones/web.01-x_y');
  });

  it.each(cases([...HOSTILE, '/', '///', 'zones/x', '/zones/../etc', '/zones/./x', '/zones/a b', '/zones/a"b', '/zones/x;y', '/zones/$(id)', '/zones/\u0445']))('refuses %s', (_, path) => {
    refused(validateZonepath(path));
  });

  it('uses zonecfg words', () => {
    expect(refused(validateZonepath('zones/x'))).toMatch(/is not an absolute path/);
    expect(refused(validateZonepath('/'))).toBe('/ is not allowed as a zonepath');
    expect(refused(validateZonepath('/zones/../x'))).toMatch(/'\.\.' component/);
  });

  it('has the same rules for other absolute paths', () => {
    expect(accepted(validateAbsolutePath('/var/tmp/zd-1.cfg', 'Command file'))).toBe('/var/tmp/zd-1.cfg');
    expect(refused(validateAbsolutePath('-f', 'Command file'))).toMatch(/^Command file "-f" is not an absolute path/);
  });
});

describe('validateBrand', () => {
  it('knows each distribution\'s brands', () => {
    for (const b of ['ipkg', 'lipkg', 'sparse', 'pkgsrc', 'illumos', 'lx', 'bhyve', 'kvm', 'emu']) accepted(validateBrand(b, 'omnios'));
    for (const b of ['joyent', 'joyent-minimal', 'lx', 'bhyve', 'kvm']) accepted(validateBrand(b, 'smartos'));
    for (const b of ['ipkg', 'nlipkg']) accepted(validateBrand(b, 'openindiana'));
  });

  it('refuses brands of another distribution and nonsense, listing the choices', () => {
    expect(refused(validateBrand('joyent', 'omnios'))).toMatch(/not available on OmniOS; choose one of: ipkg, lipkg/);
    expect(refused(validateBrand('sparse', 'openindiana'))).toMatch(/OpenIndiana; choose one of: ipkg, nlipkg/);
    for (const bad of HOSTILE) refused(validateBrand(bad, 'omnios'));
  });
});

describe('IP addresses', () => {
  it('IPv4', () => {
    for (const a of ['0.0.0.0', '10.0.0.5', '255.255.255.255', '192.0.2.1']) accepted(validateIPv4(a));
    for (const a of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.4/24', ' 1.2.3.4', '1.2.3.-4', ...HOSTILE]) refused(validateIPv4(a));
  });

  it('IPv6', () => {
    for (const a of ['::', '::1', 'fe80::1', '2001:db8::10', '2001:0db8:0000:0000:0000:0000:0000:0001', '::ffff:10.0.0.1', '1:2:3:4:5:6:1.2.3.4', '1::', '1:2:3:4:5:6:7::']) {
      accepted(validateIPv6(a));
    }
    for (const a of [':::', '1:2:3:4:5:6:7:8:9', '1::2::3', 'fe80::1%vnic0', 'g::1', '12345::1', ':1', '1:2:3:4:5:6:7', '::1.2.3', '1.2.3.4', ...HOSTILE]) {
      refused(validateIPv6(a));
    }
  });

  it('CIDR', () => {
    expect(accepted(validateIPv4Cidr('10.0.0.5/24'))).toBe('10.0.0.5/24');
    expect(accepted(validateIPv6Cidr('2001:db8::5/64'))).toBe('2001:db8::5/64');
    accepted(validateCidr('10.0.0.5/0'));
    accepted(validateCidr('::1/128'));
    expect(refused(validateIPv4Cidr('10.0.0.5'))).toMatch(/needs a \/prefix-length suffix, e\.g\. 10\.0\.0\.5\/24/);
    expect(refused(validateIPv4Cidr('10.0.0.5/33'))).toMatch(/from 0 to 32/);
    expect(refused(validateIPv6Cidr('::1/129'))).toMatch(/from 0 to 128/);
    refused(validateCidr('10.0.0.5/024'));
    refused(validateCidr('10.0.0.5/'));
    for (const a of HOSTILE) refused(validateCidr(a));
  });

  it('zonecfg net address: IPv6 needs a prefix, IPv4 does not', () => {
    accepted(validateZonecfgNetAddress('10.0.0.5'));
    accepted(validateZonecfgNetAddress('10.0.0.5/24'));
    accepted(validateZonecfgNetAddress('fe80::1/10'));
    expect(refused(validateZonecfgNetAddress('fe80::1'))).toMatch(/IPv6 addresses require a \/prefix-length suffix/);
  });

  it('plain addresses for routers and DNS servers', () => {
    accepted(validateDefrouter('10.0.0.1'));
    accepted(validateDnsServer('1.1.1.1'));
    accepted(validateDnsServer('2606:4700:4700::1111'));
    accepted(validateIpAddress('::1'));
    expect(refused(validateDefrouter('10.0.0.1/24'))).toMatch(/without a \/prefix/);
    for (const a of [...HOSTILE, 'dns.example.com']) refused(validateDnsServer(a));
  });
});

describe('host and domain names (RFC 1123)', () => {
  it.each(['web01', 'web-01', 'a', '1host', 'web01.example.com', 'x'.repeat(63)])('accepts %s', (h) => {
    expect(accepted(validateHostname(h))).toBe(h);
  });
  it.each(cases([...HOSTILE, '-web', 'web-', 'web_01', 'a..b', 'example.com.', 'x'.repeat(64), '10.0.0.1', 'héllo']))('refuses %s', (_, h) => {
    refused(validateHostname(h));
  });
  it('domain names share the rules', () => {
    accepted(validateDomainName('example.com'));
    expect(refused(validateDomainName('example..com'))).toMatch(/empty label/);
  });
});

describe('link-level values', () => {
  it('VLAN ids are 1-4094', () => {
    expect(accepted(validateVlanId(1))).toBe(1);
    expect(accepted(validateVlanId('4094'))).toBe(4094);
    for (const v of [0, 4095, 5000, -1, 1.5, '01', '', 'ten', '1e3', NaN, null, ...HOSTILE]) {
      expect(refused(validateVlanId(v))).toMatch(/from 1 to 4094/);
    }
  });

  it('MAC addresses are unicast and come back as dladm prints them', () => {
    expect(accepted(validateMacAddress('02:08:20:5F:84:FF'))).toBe('2:8:20:5f:84:ff');
    expect(accepted(validateMacAddress('2:8:20:5f:84:ff'))).toBe('2:8:20:5f:84:ff');
    expect(refused(validateMacAddress('01:00:5e:00:00:01'))).toMatch(/multicast/);
    expect(refused(validateMacAddress('0:0:0:0:0:0'))).toMatch(/all zeros/);
    for (const m of ['zz:zz', '2:8:20:5f:84', '2:8:20:5f:84:ff:1', '2-8-20-5f-84-ff', 'fixed', ...HOSTILE]) refused(validateMacAddress(m));
  });

  it('memory sizes take a K/M/G/T suffix', () => {
    expect(accepted(validateMemorySize('512M'))).toBe('512M');
    expect(accepted(validateMemorySize('2g'))).toBe('2G');
    expect(accepted(validateMemorySize('1.5G'))).toBe('1.5G');
    for (const s of ['512', '0G', '1.G', 'G', '1GB', '-1G', ...HOSTILE]) {
      expect(refused(validateMemorySize(s))).toBeTruthy();
    }
  });
});

describe('validateZonecfgValue (REFERENCE §3.2)', () => {
  it('carries what the lexer carries, spaces and punctuation included', () => {
    for (const v of ['', '-m verbose', 'a=b', 'x;y', '[ro]', '(a,b)', "it's", '$(id)', 'a;rm -rf /']) {
      expect(accepted(validateZonecfgValue(v))).toBe(v);
    }
  });

  it('refuses a double quote, line breaks, control characters and non-ASCII', () => {
    expect(refused(validateZonecfgValue('say "hi"'))).toMatch(/no way to escape a double quote/);
    expect(refused(validateZonecfgValue('a\nb'))).toMatch(/a newline/);
    expect(refused(validateZonecfgValue('a\rb'))).toMatch(/a carriage return/);
    expect(refused(validateZonecfgValue('a\0b'))).toMatch(/a NUL byte/);
    expect(refused(validateZonecfgValue('a\x1bb'))).toMatch(/control character U\+001B/);
    expect(refused(validateZonecfgValue('a\tb'))).toMatch(/a tab/);
    expect(refused(validateZonecfgValue(CYRILLIC_E))).toMatch(/not plain ASCII/);
    expect(refused(validateZonecfgValue(TEN_KB))).toMatch(/at most 1024/);
  });
});

describe('argv words', () => {
  it('refuses option-looking words', () => {
    expect(refused(validateNotOption('-oProxyCommand=x', 'The command'))).toMatch(/starts with '-'/);
    accepted(validateNotOption('uptime', 'The command'));
  });

  it('boot arguments', () => {
    expect(accepted(validateBootArgs(['-m', 'verbose']))).toEqual(['-m', 'verbose']);
    expect(refused(validateBootArgs(['-m verbose']))).toMatch(/a space/);
    expect(refused(validateBootArgs(['x'.repeat(200), 'y'.repeat(60)]))).toMatch(/Boot argument list too long/);
    refused(validateBootArgs(['a\nb']));
    refused(validateBootArgs('-s'));
  });

  it('brand arguments may be options but not blanks or control characters', () => {
    expect(accepted(validateBrandArgs(['-e', 'ooce/runtime/python', '-P', 'extra=https://pkg.example.com/']))).toHaveLength(4);
    refused(validateBrandArgs(['a b']));
    refused(validateBrandArgs(['a\nb']));
    refused(validateBrandArgs(['']));
  });

  it('snapshot names', () => {
    accepted(validateSnapshotName('SUNWzone1'));
    accepted(validateSnapshotName('rpool/zones/web01@base'));
    for (const s of ['-x', '@snap', 'a@b@c', 'rpool//x@a', ...HOSTILE]) refused(validateSnapshotName(s));
  });

  it('address object tags, escape characters, hostids', () => {
    accepted(validateAddrObjTag('v4'));
    refused(validateAddrObjTag('4v'));
    refused(validateAddrObjTag('v-4'));
    accepted(validateEscapeChar('#'));
    refused(validateEscapeChar('ab'));
    refused(validateEscapeChar(' '));
    accepted(validateHostid('0x1234abcd'));
    refused(validateHostid('ffffffff'));
  });

  it('ssh public keys', () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@example';
    expect(accepted(validateSshPublicKey(key + '\n'))).toBe(key);
    refused(validateSshPublicKey('ssh-ed25519 AAAA\nssh-rsa BBBB'));
    refused(validateSshPublicKey("ssh-ed25519 AAAA'; rm -rf /; '"));
    refused(validateSshPublicKey('command="sh" ssh-ed25519 AAAA'));
  });
});

describe('mustBe and ValidationError', () => {
  it('carries the field and the message', () => {
    try {
      mustBe('zone', validateZoneName('global'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe('zone');
      expect((e as ValidationError).message).toMatch(/reserved/);
    }
  });
});

describe('zod schemas', () => {
  it('pass good values through (normalised) and report the validator message', () => {
    expect(zoneNameSchema.parse('web01')).toBe('web01');
    expect(zonepathSchema.parse('/zones//web01/')).toBe('/zones/web01');
    expect(vlanIdSchema.parse('12')).toBe(12);
    expect(bootArgsSchema.parse(['-s'])).toEqual(['-s']);
    expect(brandSchema('smartos').parse('joyent')).toBe('joyent');

    const bad = zoneNameSchema.safeParse('SUNWfoo');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/"SUNW", which is reserved/);
    expect(zoneNameSchema.safeParse(7).success).toBe(false);
    expect(brandSchema('openindiana').safeParse('lx').success).toBe(false);
  });
});
