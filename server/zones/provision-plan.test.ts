// The planner: exact argv for each kind of network and first boot, the zonecfg command file,
// defaults, and refusal of hostile answers field by field.
import { describe, expect, it } from 'vitest';
import { evaluateCheck, planProvision, type Check, type ProvisionPlan } from './provision-plan';
import { defaultHostname, describeFieldErrors, provisionAnswersSchema, validateAnswers, type WizardAnswers } from './provision-spec';
import { answers, ED25519 } from './provision-testkit';

function plan(a: WizardAnswers, hostName = 'sim'): ProvisionPlan {
  const r = validateAnswers(a);
  if (!r.ok) throw new Error(`answers refused: ${JSON.stringify(r.errors)}`);
  return planProvision(r.spec, { hostName });
}

const argv = (p: ProvisionPlan) => p.steps.map((s) => [s.key, s.call.tool, ...s.call.args]);

describe('planProvision', () => {
  it('plans the runbook for the defaults plus a name: VNIC, install, boot, DHCP, host name, DNS, reboot, checks', () => {
    const p = plan(answers());
    expect(p.hostname).toBe('sim-web01');
    expect(argv(p)).toEqual([
      ['zonecfg', 'zonecfg', '-z', 'web01', '-f', '-'],
      ['vnic', 'dladm', 'create-vnic', '-l', 'i40e0', 'web01_0'],
      ['install', 'zoneadm', '-z', 'web01', 'install'],
      ['boot', 'zoneadm', '-z', 'web01', 'boot'],
      ['wait-boot', 'zoneadm', 'list', '-cp'],
      ['inzone:address', 'zlogin', 'web01', "'/usr/sbin/ipadm'", "'create-addr'", "'-T'", "'dhcp'", "'web01_0/v4'"],
      ['inzone:hostname', 'zlogin', 'web01', "'/usr/bin/hostname'", "'sim-web01'"],
      ['inzone:hostname-files', 'zlogin', 'web01', "'/bin/sh'", "'-c'", `'umask 022; printf '\\''%s\\n'\\'' "$1" > /etc/nodename && printf '\\''%s\\n'\\'' "$1" > /etc/hostname'`, "'sh'", "'sim-web01'"],
      ['inzone:resolv', 'zlogin', 'web01', "'/bin/sh'", "'-c'", `'umask 022; printf '\\''%s'\\'' "$1" > /etc/resolv.conf'`, "'sh'", "'nameserver 192.168.5.1\n'"],
      ['inzone:nsswitch', 'zlogin', 'web01', "'/bin/sh'", "'-c'", expect.stringContaining('/etc/nsswitch.conf'), "'sh'"],
      ['reboot', 'zoneadm', '-z', 'web01', 'reboot'],
      ['wait-reboot', 'zoneadm', 'list', '-cp'],
      ['check:address', 'zlogin', 'web01', "'/usr/sbin/ipadm'", "'show-addr'", "'-p'", "'-o'", "'addrobj,type,state,addr'"],
      ['check:hostname', 'zlogin', 'web01', "'/usr/bin/hostname'"],
      ['check:resolv', 'zlogin', 'web01', "'/usr/bin/cat'", "'/etc/resolv.conf'"],
      ['check:nsswitch', 'zlogin', 'web01', "'/usr/bin/cat'", "'/etc/nsswitch.conf'"],
    ]);
    expect(p.zonecfgFile).toBe(
      [
        'create -b',
        'set zonepath=/zones/web01',
        'set brand=sparse',
        'set autoboot=true',
        'set ip-type=exclusive',
        'add net',
        'set physical="web01_0"',
        'end',
        'verify',
        'commit',
        '',
      ].join('\n'),
    );
    expect(p.steps.filter((s) => s.phase === 'verify').every((s) => s.check)).toBe(true);
    expect(p.steps.filter((s) => s.waitRunning).map((s) => s.key)).toEqual(['wait-boot', 'wait-reboot']);
  });

  it('proposes a VNIC name dladm accepts for a zone ending in a digit, and a host name from the host and zone', () => {
    expect(plan(answers({ basics: { name: 'db01' } })).steps[1]?.call.args).toEqual(['create-vnic', '-l', 'i40e0', 'db01_0']);
    expect(plan(answers({ basics: { name: 'mail' } })).steps[1]?.call.args).toEqual(['create-vnic', '-l', 'i40e0', 'mail0']);
    expect(plan(answers(), 'flake1').hostname).toBe('flake1-web01');
    expect(defaultHostname('my_host', 'web.01')).toBe('my-host-web-01');
  });

  it('puts VLAN and MAC on the VNIC, a static address with a persistent route in the zone, and checks the route', () => {
    const p = plan(answers({
      network: { vnicName: 'front0', vlanId: '12', mac: '02:08:20:AA:0b:0C' },
      firstBoot: { address: 'static', staticAddress: '10.1.2.3/24', gateway: '10.1.2.1', hostname: 'www.example.com', search: 'example.com corp.example.com', sshKey: ED25519 },
    }));
    const byKey = Object.fromEntries(p.steps.map((s) => [s.key, s]));
    expect(byKey.vnic?.call.args).toEqual(['create-vnic', '-l', 'i40e0', '-v', '12', '-m', '2:8:20:aa:b:c', 'front0']);
    expect(byKey['inzone:address']?.words).toEqual(['/usr/sbin/ipadm', 'create-addr', '-T', 'static', '-a', '10.1.2.3/24', 'front0/v4']);
    expect(byKey['inzone:route']?.words).toEqual(['/usr/sbin/route', '-p', 'add', 'default', '10.1.2.1']);
    expect(byKey['inzone:resolv']?.words?.at(-1)).toBe('search example.com corp.example.com\nnameserver 192.168.5.1\n');
    expect(byKey['inzone:sshkey']?.words?.at(-1)).toBe(ED25519);
    expect(byKey['check:address']?.check).toEqual({ kind: 'address', iface: 'front0', type: 'static', addrobj: 'front0/v4', cidr: '10.1.2.3/24' });
    expect(byKey['check:route']?.check).toEqual({ kind: 'route', gateway: '10.1.2.1' });
    expect(byKey['check:sshkey']?.check).toEqual({ kind: 'sshkey', key: ED25519 });
    expect(p.hostname).toBe('www.example.com');
  });

  it('lets the global zone set the address with allowed-address and defrouter: no ipadm in the zone', () => {
    const p = plan(answers({ network: { allowedAddress: '192.168.5.40/24', defrouter: '192.168.5.1' }, firstBoot: { address: 'static', staticAddress: 'ignored' } }));
    expect(p.steps.map((s) => s.key)).not.toContain('inzone:address');
    expect(p.zonecfgFile).toContain('add net\nset allowed-address="192.168.5.40/24"\nset physical="web01_0"\nset defrouter="192.168.5.1"\nend\n');
    expect(p.steps.find((s) => s.key === 'check:address')?.check).toEqual({ kind: 'address', iface: 'web01_0', type: 'from-gz', addrobj: 'web01_0/_a', cidr: '192.168.5.40/24' });
    expect(p.steps.find((s) => s.key === 'check:route')?.check).toEqual({ kind: 'route', gateway: '192.168.5.1' });
  });

  it('uses an existing VNIC without creating one, and a shared-IP address on a physical link', () => {
    const existing = plan(answers({ network: { mode: 'existing-vnic', existingVnic: 'spare0' } }));
    expect(existing.steps.map((s) => s.key)).not.toContain('vnic');
    expect(existing.zonecfgFile).toContain('set physical="spare0"');
    const shared = plan(answers({ network: { mode: 'shared', sharedLink: 'i40e0', sharedAddress: '192.168.5.60/24', defrouter: '192.168.5.1' } }));
    expect(shared.steps.map((s) => s.key)).toEqual([
      'zonecfg', 'install', 'boot', 'wait-boot', 'inzone:hostname', 'inzone:hostname-files', 'inzone:resolv', 'inzone:nsswitch',
      'reboot', 'wait-reboot', 'check:address', 'check:hostname', 'check:resolv', 'check:nsswitch', 'check:route',
    ]);
    expect(shared.zonecfgFile).toContain('set ip-type=shared\nadd net\nset address="192.168.5.60/24"\nset physical="i40e0"\nset defrouter="192.168.5.1"\nend\n');
  });

  it('writes resources, lofs mounts and delegated datasets into the command file', () => {
    const p = plan(answers({
      basics: { zonepath: '/data/zones/web01/', autoboot: false },
      resources: {
        memory: '2g', swap: '4G', cpuCap: '1.5', cpuShares: '20', maxProcesses: '2000', maxLwps: '4000',
        mounts: [{ special: '/export/www', dir: '/srv/www', readOnly: true }, { special: '/export/logs', dir: '/var/log/app', readOnly: false }],
        datasets: ['rpool/delegated/web01'],
      },
    }));
    expect(p.zonecfgFile).toBe(
      [
        'create -b',
        'set zonepath=/data/zones/web01',
        'set brand=sparse',
        'set autoboot=false',
        'set ip-type=exclusive',
        'set max-lwps=4000',
        'set max-processes=2000',
        'set cpu-shares=20',
        'add fs',
        'set dir="/srv/www"',
        'set special="/export/www"',
        'set type="lofs"',
        'add options ro',
        'end',
        'add fs',
        'set dir="/var/log/app"',
        'set special="/export/logs"',
        'set type="lofs"',
        'end',
        'add net',
        'set physical="web01_0"',
        'end',
        'add capped-memory',
        'set physical="2G"',
        'set swap="4G"',
        'end',
        'add capped-cpu',
        'set ncpus="1.5"',
        'end',
        'add dataset',
        'set name="rpool/delegated/web01"',
        'end',
        'verify',
        'commit',
        '',
      ].join('\n'),
    );
  });
});

describe('validateAnswers refuses, field by field, what no tool should see', () => {
  const refused = (a: WizardAnswers) => {
    const r = validateAnswers(a);
    expect(r.ok).toBe(false);
    return r.errors;
  };

  it.each([
    ['a;rm -rf /', /contains ';'/],
    ['$(id)', /must start with a letter or a digit/],
    ['web 01', /contains a space/],
    ['web\n01', /contains a newline/],
    ['-oProxyCommand=x', /must start with a letter or a digit/],
    ['global', /reserved/],
    ['SUNWx', /SUNW/],
    ['', /cannot be empty/],
    ['x'.repeat(64), /at most 63/],
  ])('zone name %j', (name, message) => {
    expect(refused(answers({ basics: { name } }))['basics.name']).toMatch(message);
  });

  it('refuses hostile values in every other field, naming each one', () => {
    const errors = refused(answers({
      basics: { zonepath: '/zones/$(id)', brand: 'sparse;reboot' },
      network: { over: '-x0', vnicName: 'a;b0', vlanId: '4095', mac: 'ff:ff:ff:ff:ff:ff', allowedAddress: '10.0.0.1/24; reboot', defrouter: '10.0.0.1 ' + 'x' },
      resources: {
        memory: '1G; reboot', swap: '-1G', cpuCap: '$(id)', cpuShares: '1e3', maxProcesses: '10', maxLwps: '-100',
        mounts: [{ special: 'relative', dir: '/a "b', readOnly: false }],
        datasets: ['-rf'],
      },
      firstBoot: { hostname: '$(id)', nameservers: '192.168.5.1 8.8.8.8;reboot', search: 'a..b', sshKey: `${ED25519}\nssh-rsa AAAA` },
    }));
    expect(Object.keys(errors).sort()).toEqual([
      'basics.brand', 'basics.zonepath',
      'firstBoot.hostname', 'firstBoot.nameservers', 'firstBoot.search', 'firstBoot.sshKey',
      'network.allowedAddress', 'network.defrouter', 'network.mac', 'network.over', 'network.vlanId', 'network.vnicName',
      'resources.cpuCap', 'resources.cpuShares', 'resources.datasets.0', 'resources.maxLwps', 'resources.maxProcesses',
      'resources.memory', 'resources.mounts.0.dir', 'resources.mounts.0.special', 'resources.swap',
    ]);
    expect(errors['network.over']).toMatch(/contains '-'/);
    expect(errors['firstBoot.nameservers']).toMatch(/8\.8\.8\.8;reboot/);
    expect(errors['firstBoot.sshKey']).toMatch(/newline/);
    expect(errors['resources.mounts.0.dir']).toMatch(/no way to escape a double quote/);
  });

  it('refuses combinations the tools refuse, with the reason', () => {
    expect(refused(answers({ network: { defrouter: '192.168.5.1' } }))['network.defrouter']).toMatch(/needs an allowed address/);
    expect(refused(answers({ firstBoot: { address: 'static', staticAddress: '10.0.0.5' } }))['firstBoot.staticAddress']).toMatch(/prefix-length/);
    expect(refused(answers({ firstBoot: { address: 'static', staticAddress: '10.0.0.5/24', gateway: '2001:db8::1' } }))['firstBoot.gateway']).toMatch(/same IP version/);
    expect(refused(answers({ firstBoot: { nameservers: '', nsswitchDns: true } }))['firstBoot.nsswitchDns']).toMatch(/needs at least one DNS server/);
    expect(refused(answers({ firstBoot: { nameservers: '1.1.1.1 1.0.0.1 8.8.8.8 8.8.4.4' } }))['firstBoot.nameservers']).toMatch(/at most 3/);
    expect(refused(answers({ basics: { brand: 'bhyve' } }))['basics.brand']).toMatch(/cannot create bhyve zones/);
    expect(refused(answers({ network: { mode: 'shared', sharedLink: 'i40e0', sharedAddress: '' } }))['network.sharedAddress']).toMatch(/cannot be empty/);
    const twice = refused(answers({ resources: { mounts: [{ special: '/a', dir: '/x', readOnly: false }, { special: '/b', dir: '/x/', readOnly: true }] } }));
    expect(twice['resources.mounts.1.dir']).toMatch(/mounted twice/);
  });

  it('gives a 63-character zone name a VNIC name dladm accepts, avoiding the links the host has (issue 9 items 1, 2)', () => {
    const name = 'a'.repeat(63);
    const r = validateAnswers(answers({ basics: { name } }));
    expect(r.ok && r.spec.link).toEqual({ kind: 'new-vnic', vnic: `${'a'.repeat(30)}0`, over: 'i40e0' });
    const taken = validateAnswers(answers({ basics: { name } }), { takenLinks: new Set([`${'a'.repeat(30)}0`]) });
    expect(taken.ok && taken.spec.link.kind === 'new-vnic' && taken.spec.link.vnic).toBe(`${'a'.repeat(30)}1`);
    expect(taken.ok && taken.spec.config.net?.[0]?.physical).toBe(`${'a'.repeat(30)}1`);
  });

  it('plans IPv6 at first boot: addrconf or a static address on <if>/v6, each checked (issue 9 item 7)', () => {
    const auto = plan(answers({ firstBoot: { ipv6: 'addrconf' } }));
    const steps = argv(auto);
    expect(steps).toContainEqual(['inzone:address6', 'zlogin', 'web01', "'/usr/sbin/ipadm'", "'create-addr'", "'-T'", "'addrconf'", "'web01_0/v6'"]);
    expect(auto.steps.find((s) => s.key === 'check:address6')?.check).toEqual({ kind: 'address', iface: 'web01_0', type: 'addrconf', addrobj: 'web01_0/v6', cidr: null });
    const fixed = plan(answers({ firstBoot: { ipv6: 'static', staticV6: '2001:db8::50/64' } }));
    expect(fixed.steps.find((s) => s.key === 'inzone:address6')?.words).toEqual(['/usr/sbin/ipadm', 'create-addr', '-T', 'static', '-a', '2001:db8::50/64', 'web01_0/v6']);
    expect(refused(answers({ firstBoot: { ipv6: 'static', staticV6: '192.168.5.1/24' } }))['firstBoot.staticV6']).toMatch(/IPv6/);
    expect(refused(answers({ network: { mode: 'shared', sharedLink: 'i40e0', sharedAddress: '192.168.5.9/24' }, firstBoot: { ipv6: 'addrconf' } }))['firstBoot.ipv6']).toMatch(/exclusive IP/);
  });

  it('names fields as the form labels them, never by their internal keys (issue 9 item 7)', () => {
    expect(describeFieldErrors({ 'basics.name': 'taken', 'resources.mounts.1.dir': 'twice', carried: 'bad' })).toBe('Zone name: taken\nMount 2, directory in the zone: twice\nCopied settings: bad');
    const r = provisionAnswersSchema.safeParse(answers({ basics: { name: 'bad name' }, network: { vlanId: '9999' } }));
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => i.message);
    expect(messages.some((m) => m.startsWith('Zone name: '))).toBe(true);
    expect(messages.some((m) => m.startsWith('VLAN id: '))).toBe(true);
    expect(messages.join('\n')).not.toMatch(/basics\.|network\./);
  });

  it('maps a problem only the zonecfg writer sees (a carried setting) to the carried field', () => {
    const errors = refused(answers({ carried: { from: 'x', fs: [], device: [], rctl: [], attr: [{ name: 'zonex', type: 'string', value: 'v' }], admin: [] } }));
    expect(errors.carried).toMatch(/reserved/);
  });
});

describe('evaluateCheck', () => {
  const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
  it('reads ipadm show-addr -p through the parser', () => {
    const dhcp = { kind: 'address', iface: 'web01_0', type: 'dhcp', addrobj: 'web01_0/v4', cidr: null } as const;
    expect(evaluateCheck(dhcp, ok('lo0/v4:static:ok:127.0.0.1/8\nweb01_0/v4:dhcp:ok:192.168.5.140/24\nlo0/v6:static:ok:\\:\\:1/128\n'))).toEqual({ pass: true, line: 'web01_0/v4 is up with 192.168.5.140/24 (dhcp)' });
    expect(evaluateCheck(dhcp, ok('lo0/v4:static:ok:127.0.0.1/8\n'))).toEqual({ pass: false, line: 'no dhcp address on web01_0/v4; ipadm lists lo0/v4 127.0.0.1/8' });
    expect(evaluateCheck(dhcp, ok('web01_0/v4:dhcp:tentative:192.168.5.140/24\n')).line).toBe('web01_0/v4 has 192.168.5.140/24 but its state is tentative, not ok');
    const shared = { kind: 'address', iface: 'i40e0', type: 'shared', addrobj: null, cidr: '192.168.5.60/24' } as const;
    expect(evaluateCheck(shared, ok('i40e0\\:1/?:from-gz:ok:192.168.5.60/24\n')).pass).toBe(true);
    expect(evaluateCheck(dhcp, { stdout: '', stderr: "zlogin: login allowed only to running zones (web01 is 'installed').\n", exitCode: 1 })).toEqual({
      pass: false,
      line: "the command failed (exit 1): zlogin: login allowed only to running zones (web01 is 'installed').",
    });
  });

  it('judges host name, resolv.conf, nsswitch, route, key and running state', () => {
    expect(evaluateCheck({ kind: 'hostname', hostname: 'sim-web01' }, ok('web01\n')).line).toBe('the host name is "web01", not sim-web01');
    const resolv: Check = { kind: 'resolv', nameservers: ['192.168.5.1'], search: ['example.com'] };
    expect(evaluateCheck(resolv, ok('search example.com\nnameserver 192.168.5.1\n')).pass).toBe(true);
    expect(evaluateCheck(resolv, ok('nameserver 8.8.8.8\n')).line).toBe('resolv.conf lacks nameserver 192.168.5.1 (it has 8.8.8.8)');
    expect(evaluateCheck({ kind: 'nsswitch' }, ok('passwd: files\nhosts:      files dns\n')).line).toBe('nsswitch.conf says hosts: files dns');
    expect(evaluateCheck({ kind: 'nsswitch' }, ok('hosts:      files\n')).pass).toBe(false);
    expect(evaluateCheck({ kind: 'route', gateway: '10.0.0.1' }, ok('   route to: default\ndestination: default\n       mask: default\n    gateway: 10.0.0.1\n')).pass).toBe(true);
    expect(evaluateCheck({ kind: 'sshkey', key: ED25519 }, ok(`${ED25519}\n`)).pass).toBe(true);
    expect(evaluateCheck({ kind: 'running', zone: 'web01' }, ok('0:global:running:/::ipkg:shared:0\n1:web01:running:/zones/web01:u:sparse:excl:1\n')).pass).toBe(true);
    expect(evaluateCheck({ kind: 'running', zone: 'web01' }, ok('-:web01:installed:/zones/web01:u:sparse:excl:1\n')).line).toBe('web01 is installed, not running');
  });
});
