// The script's checks run by a real /bin/sh against text shaped like the tools' output.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addressTest, authorizedKeyTest, bre, defaultRouteTest, hostnameTest, nsswitchDnsTest, resolvConfTest } from './checkScript';
import { shellQuote } from './shell';

/** `printf TEXT` as the command whose output a test reads. */
const printing = (text: string) => `printf '%s' ${shellQuote(text)}`;
const passes = (test: string) => spawnSync('/bin/sh', ['-c', test]).status === 0;

describe('checkScript', () => {
  it('escapes what a basic regular expression reads specially', () => {
    expect(bre('web.01')).toBe('web\\.01');
  });

  it('judges ipadm show-addr -p output as the dashboard does', () => {
    const out = 'lo0/v4:static:ok:127.0.0.1/8\nweb0/v4:dhcp:ok:192.168.5.20/24\nweb0/v6:static:ok:2001\\:db8\\:\\:5/64\n';
    expect(passes(addressTest(printing(out), { iface: 'web0', type: 'dhcp', addrobj: 'web0/v4', cidr: null }))).toBe(true);
    expect(passes(addressTest(printing(out), { iface: 'web0', type: 'static', addrobj: 'web0/v6', cidr: '2001:db8::5/64' }))).toBe(true);
    expect(passes(addressTest(printing(out), { iface: 'web0', type: 'static', addrobj: 'web0/v4', cidr: '192.168.5.20/24' }))).toBe(false);
  });

  it('reads hostname, resolv.conf, nsswitch.conf, route and authorized_keys', () => {
    expect(passes(hostnameTest(printing('sim-web01\n'), 'sim-web01'))).toBe(true);
    expect(passes(resolvConfTest(printing('nameserver 1.1.1.1\nsearch a.example\n'), ['1.1.1.1'], ['a.example']))).toBe(true);
    expect(passes(resolvConfTest(printing('nameserver 1.1.1.1\n'), ['9.9.9.9'], []))).toBe(false);
    expect(passes(nsswitchDnsTest(printing('hosts:      files dns\n')))).toBe(true);
    expect(passes(nsswitchDnsTest(printing('hosts: files\n')))).toBe(false);
    expect(passes(defaultRouteTest(printing('   route to: default\n    gateway: 192.168.5.1\n'), '192.168.5.1'))).toBe(true);
    expect(passes(authorizedKeyTest(printing('ssh-ed25519 AAAA it\'s me\n'), "ssh-ed25519 AAAA it's me"))).toBe(true);
  });
});
