import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vectorSections } from '../testkit/vectors';
import { zloginMain } from './zlogin';
import { claimConsole } from './console';
import { makeSimHost, runToolMain } from './zoneos-testkit';
import { zoneBooted, zoneStopped } from './zoneos';
import { findZone, readState, updateState } from './store';
import { zloginCommand } from '../illumos/zlogin';
import {
  appendSshKeyWords,
  defaultRouteWords,
  dhcpAddressWords,
  enableDnsWords,
  setHostnameWords,
  staticAddressWords,
  writeHostnameWords,
  writeResolvConfWords,
} from '../illumos/inzone';

let root: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ root, cleanup } = await makeSimHost([
    { name: 'web01', state: 'running' },
    { name: 'app01', state: 'running' },
    { name: 'db01', state: 'installed' },
    { name: 'cfgonly', state: 'configured' },
    { name: 'half', state: 'incomplete' },
  ]));
});
afterAll(() => cleanup());

const zlogin = (args: string[], stdin: string | null = null) => runToolMain(zloginMain, root, args, { stdin });

/** runs a dashboard-built in-zone command the way the dashboard does: zloginCommand → argv → zlogin */
async function inZone(zone: string, words: string[]) {
  const call = zloginCommand(zone, words);
  expect(call.tool).toBe('zlogin');
  return zlogin(call.args);
}

describe('zlogin errors (vectors/recon-zlogin-errors.txt)', () => {
  it('match the reconstructed texts and exit statuses', async () => {
    let checked = 0;
    for (const s of vectorSections('recon-zlogin-errors.txt')) {
      if (s.command.includes('(non-root)')) continue; // the simulator always runs with all privileges
      const argv = s.command.replace(/\s+\(.*$/, '').replace(/\s+\[\d+\]\s*$/, '').split(/\s+/).slice(1);
      let expected = s.output;
      let release: (() => void) | null = null;
      if (s.command.includes('another zlogin -C already attached')) {
        const c = await claimConsole(root, 'web01');
        if (!c.ok) throw new Error('claim');
        release = c.release;
        expected = expected.replace('4242', String(process.pid));
      }
      const r = await zlogin(argv);
      release?.();
      expect(r.stdout + r.stderr, s.command).toBe(expected);
      expect(r.code, s.command).toBe(s.exit);
      checked++;
    }
    expect(checked).toBe(8);
  });
  it('other option errors of zlogin.c', async () => {
    const usage = 'usage: zlogin [-dinCEINQS] [-e cmdchar] [-l user] zonename [command [args ...] ]\n';
    expect(await zlogin([])).toEqual({ code: 2, stdout: '', stderr: usage });
    expect(await zlogin(['-C', '-l', 'bob', 'web01'])).toEqual({ code: 2, stdout: '', stderr: 'zlogin: -l may not be specified for console login\n' + usage });
    expect(await zlogin(['-n', 'web01'])).toEqual({ code: 2, stdout: '', stderr: 'zlogin: -n may not be specified for interactive login\n' + usage });
    expect(await zlogin(['-x', 'web01'])).toEqual({ code: 2, stdout: '', stderr: 'zlogin: illegal option -- x\n' + usage });
    expect((await zlogin(['-e', '\\9', 'web01'])).stderr).toBe('zlogin: Unrecognized escape character option \\9\n' + usage);
  });
});

describe('non-interactive zlogin', () => {
  it('re-parses the joined words with the zone shell and returns the command status', async () => {
    expect(await zlogin(['web01', 'echo', 'hi-$((40+2))'])).toEqual({ code: 0, stdout: 'hi-42\n', stderr: '' });
    expect(await zlogin(['web01', 'echo a;', 'exit', '5'])).toEqual({ code: 5, stdout: 'a\n', stderr: '' });
    expect(await zlogin(['web01', 'frob'])).toEqual({ code: 127, stdout: '', stderr: 'bash: line 1: frob: command not found\n' });
    expect(await zlogin(['web01', 'cat'], 'piped in\n')).toEqual({ code: 0, stdout: 'piped in\n', stderr: '' });
    expect(await zlogin(['-n', 'web01', 'cat'], 'piped in\n')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await zlogin(['web01'], 'hostname; zonename\n')).toEqual({ code: 0, stdout: 'web01\nweb01\n', stderr: '' });
  });
  it('values quoted by the dashboard arrive literally and never execute', async () => {
    const v = `it's "x"; $(touch /tmp/p) \`touch /tmp/q\` && rm -rf / | $HOME`;
    const r = await inZone('web01', ['/usr/bin/printf', '%s\\n', v]);
    expect(r).toEqual({ code: 0, stdout: v + '\n', stderr: '' });
    expect((await zlogin(['web01', 'ls /tmp'])).stdout).toBe('');
  });
});

describe('the provisioning runbook, end to end through zlogin', () => {
  it('DHCP address, hostname, /etc/hostname, resolv.conf, nsswitch, then show-addr and cat prove it', async () => {
    const steps: string[][] = [
      dhcpAddressWords('web0'),
      setHostnameWords('web01.example.com'),
      writeHostnameWords('web01.example.com'),
      writeResolvConfWords({ nameservers: ['192.168.5.1', '9.9.9.9'], search: ['example.com'] }),
      enableDnsWords(),
      enableDnsWords(),
      appendSshKeyWords('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHb0o1zJ0Qe5l1zXn1r0Qb0Yc9ZC8jv8b9C2a8Zx2yXH ops@example.com'),
    ];
    for (const w of steps) expect(await inZone('web01', w), w.join(' ')).toEqual({ code: 0, stdout: '', stderr: '' });

    const addr = await zlogin(['web01', 'ipadm', 'show-addr', '-p', '-o', 'addrobj,type,state,addr']);
    expect(addr.stdout).toMatch(/^lo0\/v4:static:ok:127\.0\.0\.1\/8\nweb0\/v4:dhcp:ok:192\.168\.5\.\d+\/24\nlo0\/v6:static:ok:\\:\\:1\/128\n$/);
    expect((await zlogin(['web01', 'hostname'])).stdout).toBe('web01.example.com\n');
    expect((await zlogin(['web01', 'cat', '/etc/hostname', '/etc/nodename'])).stdout).toBe('web01.example.com\nweb01.example.com\n');
    expect((await zlogin(['web01', 'cat', '/etc/resolv.conf'])).stdout).toBe('search example.com\nnameserver 192.168.5.1\nnameserver 9.9.9.9\n');
    expect((await zlogin(['web01', 'grep', '^hosts:', '/etc/nsswitch.conf'])).stdout).toBe('hosts:      files dns\n');
    expect((await zlogin(['web01', 'wc -l < /root/.ssh/authorized_keys'])).stdout.trim()).toBe('1');

    // `zoneadm reboot`: the DHCP address and the host name come back from the persistent config
    const lease = addr.stdout.split('\n')[1];
    const setState = (state: 'installed' | 'running') =>
      updateState(root, (s) => {
        findZone(s, 'web01')!.state = state;
      });
    await setState('installed');
    await zoneStopped(root, 'web01', 'halt');
    expect(await zlogin(['web01', 'hostname'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "zlogin: login allowed only to running zones (web01 is 'installed').\n",
    });
    await setState('running');
    await zoneBooted(root, findZone(await readState(root), 'web01')!, '', { timeScale: 0 });
    expect((await zlogin(['web01', 'hostname'])).stdout).toBe('web01.example.com\n');
    expect((await zlogin(['web01', 'ipadm', 'show-addr', '-p', '-o', 'addrobj,type,state,addr'])).stdout.split('\n')[1]).toBe(lease);
  });

  it('static address and a persistent default route', async () => {
    expect(await inZone('app01', staticAddressWords('app0', '10.0.0.5/24'))).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await inZone('app01', defaultRouteWords('10.0.0.1'))).toEqual({
      code: 0,
      stdout: 'add persistent net default: gateway 10.0.0.1\nadd net default: gateway 10.0.0.1\n',
      stderr: '',
    });
    expect((await zlogin(['app01', 'ipadm', 'show-addr', 'app0/v4'])).stdout).toBe(
      'ADDROBJ           TYPE     STATE        ADDR\napp0/v4           static   ok           10.0.0.5/24\n',
    );
    // ipadm's die() ends the message on stdout (putchar('\n')), not on stderr
    expect(await inZone('app01', dhcpAddressWords('nosuch0'))).toEqual({
      code: 1,
      stdout: '\n',
      stderr: 'ipadm: Could not create address: Interface does not exist',
    });
  });
});
