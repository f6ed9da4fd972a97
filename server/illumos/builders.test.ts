import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  dladmCreateVnic,
  dladmDeleteVnic,
  dladmShowLink,
  dladmShowPhys,
  dladmShowVnic,
  proposeVnicName,
} from './dladm';
import {
  AUTHORIZED_KEY_SCRIPT,
  NSSWITCH_DNS_SCRIPT,
  appendSshKeyWords,
  defaultRouteWords,
  dhcpAddressWords,
  enableDnsWords,
  resolvConfText,
  setHostnameWords,
  staticAddressWords,
  writeHostnameWords,
  writeResolvConfWords,
} from './inzone';
import { ipadmCreateAddrDhcp, ipadmCreateAddrStatic, ipadmShowAddr } from './ipadm';
import type { ToolCall } from './types';
import { ValidationError, validateLinkName } from './validate';
import {
  zoneadmBoot,
  zoneadmClone,
  zoneadmHalt,
  zoneadmInstall,
  zoneadmList,
  zoneadmReady,
  zoneadmReboot,
  zoneadmShutdown,
  zoneadmUninstall,
  zoneadmVerify,
} from './zoneadm';
import { zonecfgApplyFile, zonecfgDelete, zonecfgExport, zonecfgInfo } from './zonecfg';
import { shellQuote, zloginCommand, zloginConsole } from './zlogin';

const HOSTILE_NAMES = [
  'a;rm -rf /',
  '$(id)',
  '-oProxyCommand=x',
  'global',
  'SUNWfoo',
  'x'.repeat(64),
  'web 01',
  'web\n01',
  'web/01',
  '../x',
  'w\u0435b01',
  'a'.repeat(10 * 1024),
  '',
];

function refusedWith(field: string, build: () => ToolCall | string[] | string): ValidationError {
  try {
    build();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe(field);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('zoneadm', () => {
  it('builds exact argv', () => {
    expect(zoneadmList()).toEqual({ tool: 'zoneadm', args: ['list', '-cp'] });
    expect(zoneadmList('ip').args).toEqual(['list', '-ip']);
    expect(zoneadmList('cv').args).toEqual(['list', '-cv']);
    expect(zoneadmInstall('web01').args).toEqual(['-z', 'web01', 'install']);
    expect(zoneadmInstall('web01', ['-e', 'ooce/runtime/python-311']).args).toEqual(['-z', 'web01', 'install', '-e', 'ooce/runtime/python-311']);
    expect(zoneadmUninstall('web01').args).toEqual(['-z', 'web01', 'uninstall', '-F']);
    expect(zoneadmBoot('web01').args).toEqual(['-z', 'web01', 'boot']);
    expect(zoneadmBoot('web01', ['-m', 'verbose']).args).toEqual(['-z', 'web01', 'boot', '--', '-m', 'verbose']);
    expect(zoneadmHalt('web01').args).toEqual(['-z', 'web01', 'halt']);
    expect(zoneadmShutdown('web01').args).toEqual(['-z', 'web01', 'shutdown']);
    expect(zoneadmShutdown('web01', { reboot: true }).args).toEqual(['-z', 'web01', 'shutdown', '-r']);
    expect(zoneadmShutdown('web01', { reboot: true, bootArgs: ['-s'] }).args).toEqual(['-z', 'web01', 'shutdown', '-r', '--', '-s']);
    expect(zoneadmReboot('web01').args).toEqual(['-z', 'web01', 'reboot']);
    expect(zoneadmReboot('web01', ['-s']).args).toEqual(['-z', 'web01', 'reboot', '--', '-s']);
    expect(zoneadmReady('web01').args).toEqual(['-z', 'web01', 'ready']);
    expect(zoneadmVerify('web01').args).toEqual(['-z', 'web01', 'verify']);
    expect(zoneadmClone('web02', 'web01').args).toEqual(['-z', 'web02', 'clone', 'web01']);
    expect(zoneadmClone('web02', 'web01', { snapshot: 'SUNWzone1' })).toEqual({
      tool: 'zoneadm',
      args: ['-z', 'web02', 'clone', '-s', 'SUNWzone1', 'web01'],
    });
  });

  it.each(HOSTILE_NAMES.map((n) => [JSON.stringify(n.slice(0, 30)), n]))('refuses the zone name %s everywhere', (_, name) => {
    for (const build of [zoneadmInstall, zoneadmUninstall, zoneadmBoot, zoneadmHalt, zoneadmShutdown, zoneadmReboot, zoneadmReady, zoneadmVerify]) {
      refusedWith('zone', () => build(name));
    }
    refusedWith('zone', () => zoneadmClone(name, 'web01'));
    refusedWith('source', () => zoneadmClone('web02', name));
  });

  it('refuses bad boot args, brand args, snapshots and clone sources', () => {
    refusedWith('bootArgs', () => zoneadmBoot('web01', ['-m verbose']));
    refusedWith('bootArgs', () => zoneadmBoot('web01', ['a\nb']));
    refusedWith('bootArgs', () => zoneadmShutdown('web01', { bootArgs: ['-s'] }));
    refusedWith('brandArgs', () => zoneadmInstall('web01', ['-e', 'a b']));
    refusedWith('snapshot', () => zoneadmClone('web02', 'web01', { snapshot: '-oProxyCommand=x' }));
    refusedWith('source', () => zoneadmClone('web01', 'web01'));
    refusedWith('format', () => zoneadmList('pv' as 'cp'));
  });
});

describe('zonecfg', () => {
  it('builds exact argv', () => {
    expect(zonecfgApplyFile('web01', '/var/tmp/zd/web01.cfg')).toEqual({ tool: 'zonecfg', args: ['-z', 'web01', '-f', '/var/tmp/zd/web01.cfg'] });
    expect(zonecfgExport('web01').args).toEqual(['-z', 'web01', 'export']);
    expect(zonecfgInfo('web01').args).toEqual(['-z', 'web01', 'info']);
    expect(zonecfgDelete('web01').args).toEqual(['-z', 'web01', 'delete', '-F']);
  });

  it('refuses hostile zones and command-file paths', () => {
    for (const name of HOSTILE_NAMES) {
      for (const build of [zonecfgExport, zonecfgInfo, zonecfgDelete]) refusedWith('zone', () => build(name));
    }
    for (const file of ['-x', 'cfg', '/tmp/../etc/passwd', '/tmp/a b', '/tmp/$(id)']) refusedWith('file', () => zonecfgApplyFile('web01', file));
  });
});

describe('dladm', () => {
  it('builds -p -o reads with known fields only', () => {
    expect(dladmShowVnic()).toEqual({ tool: 'dladm', args: ['show-vnic', '-p', '-o', 'link,over,speed,macaddress,macaddrtype,vid,zone'] });
    expect(dladmShowLink().args).toEqual(['show-link', '-p', '-o', 'link,class,mtu,state,bridge,over']);
    expect(dladmShowPhys().args).toEqual(['show-phys', '-p', '-o', 'link,media,state,speed,duplex,device']);
    expect(dladmShowVnic(['LINK', 'zone'], 'web01_0').args).toEqual(['show-vnic', '-p', '-o', 'link,zone', 'web01_0']);
    expect(refusedWith('fields', () => dladmShowLink(['link', 'zone;id'])).message).toMatch(/no field "zone;id"; known fields: link, class/);
    refusedWith('fields', () => dladmShowPhys([]));
    refusedWith('link', () => dladmShowVnic(undefined, '-oProxyCommand=x'));
  });

  it('creates and deletes VNICs', () => {
    expect(dladmCreateVnic({ over: 'i40e0', name: 'web01_0' })).toEqual({ tool: 'dladm', args: ['create-vnic', '-l', 'i40e0', 'web01_0'] });
    expect(dladmCreateVnic({ over: 'igb0', name: 'vnic1', vlanId: 30, mac: '02:08:20:5F:84:FF' }).args)
      .toEqual(['create-vnic', '-l', 'igb0', '-v', '30', '-m', '2:8:20:5f:84:ff', 'vnic1']);
    expect(dladmCreateVnic({ over: 'igb0', name: 'vnic1', mac: 'random' }).args).toEqual(['create-vnic', '-l', 'igb0', '-m', 'random', 'vnic1']);
    expect(dladmDeleteVnic('web01_0')).toEqual({ tool: 'dladm', args: ['delete-vnic', 'web01_0'] });
  });

  it('refuses what dladm refuses', () => {
    expect(refusedWith('name', () => dladmCreateVnic({ over: 'igb0', name: 'vnic' })).message).toMatch(/must end in a number/);
    expect(refusedWith('name', () => dladmCreateVnic({ over: 'igb0', name: 'vnic00' })).message).toMatch(/leading zero/);
    refusedWith('over', () => dladmCreateVnic({ over: '-oProxyCommand=x', name: 'vnic0' }));
    refusedWith('vlanId', () => dladmCreateVnic({ over: 'igb0', name: 'vnic1', vlanId: 5000 }));
    refusedWith('mac', () => dladmCreateVnic({ over: 'igb0', name: 'vnic1', mac: 'fixed' }));
    for (const name of [...HOSTILE_NAMES, 'vnic', 'vnic00']) refusedWith('name', () => dladmDeleteVnic(name));
  });

  it('names a zone\'s VNIC so that dladm accepts it', () => {
    expect(proposeVnicName('web')).toBe('web0');
    expect(proposeVnicName('web01')).toBe('web01_0');
    expect(proposeVnicName('cube-media')).toBe('cube_media0');
    expect(proposeVnicName('0zone')).toBe('z0zone0');
    expect(proposeVnicName('a.b_c')).toBe('a.b_c0');
    refusedWith('zone', () => proposeVnicName('global'));
  });

  it('proposes a short name for a long zone name (issue 9 item 1), within 31 characters', () => {
    const long = 'billing-service-frontend-replica-eu-west'; // 40 characters
    expect(proposeVnicName(long)).toBe('billing_service_frontend_repli0');
    expect(proposeVnicName('x'.repeat(63))).toBe(`${'x'.repeat(30)}0`);
    // a stem cut right after a digit keeps the '_' so the number has no leading zero
    expect(proposeVnicName(`${'a'.repeat(29)}12345`)).toBe(`${'a'.repeat(29)}_0`);
    for (const zone of [long, 'x'.repeat(63), `${'a'.repeat(29)}12345`, `${'9'.repeat(63)}`, `a-${'0'.repeat(61)}`]) {
      const name = proposeVnicName(zone);
      expect(name.length).toBeLessThanOrEqual(31);
      expect(validateLinkName(name, 'VNIC name')).toEqual({ ok: true, value: name });
    }
  });

  it('takes the next number when the name is taken: web-2 and web_2 never get the same VNIC (item 2)', () => {
    const first = proposeVnicName('web_2');
    expect(first).toBe('web_2_0');
    expect(proposeVnicName('web-2', new Set([first]))).toBe('web_2_1');
    expect(proposeVnicName('web-2', new Set(['web_2_0', 'web_2_1', 'web_2_2']))).toBe('web_2_3');
    // a long stem makes room for a longer number
    const taken = new Set(Array.from({ length: 10 }, (_, i) => `${'x'.repeat(30)}${i}`));
    expect(proposeVnicName('x'.repeat(63), taken)).toBe(`${'x'.repeat(29)}10`);
    // a.b_c and a_b_c no longer fold ('.' is a link character)
    expect(proposeVnicName('a.b_c')).not.toBe(proposeVnicName('a_b_c'));
  });
});

describe('ipadm', () => {
  it('builds exact argv', () => {
    expect(ipadmCreateAddrStatic('web01_0', '10.0.0.5/24')).toEqual({ tool: 'ipadm', args: ['create-addr', '-T', 'static', '-a', '10.0.0.5/24', 'web01_0/v4'] });
    expect(ipadmCreateAddrStatic('web01_0', '2001:db8::5/64', 'v6').args).toEqual(['create-addr', '-T', 'static', '-a', '2001:db8::5/64', 'web01_0/v6']);
    expect(ipadmCreateAddrDhcp('web01_0').args).toEqual(['create-addr', '-T', 'dhcp', 'web01_0/v4']);
    expect(ipadmShowAddr()).toEqual({ tool: 'ipadm', args: ['show-addr', '-p', '-o', 'addrobj,type,state,addr'] });
  });

  it('refuses bad interfaces, tags, addresses and fields', () => {
    refusedWith('address', () => ipadmCreateAddrStatic('vnic0', '10.0.0.5'));
    refusedWith('address', () => ipadmCreateAddrStatic('vnic0', '10.0.0.5/24;reboot'));
    refusedWith('interface', () => ipadmCreateAddrDhcp('vnic0:1'));
    refusedWith('tag', () => ipadmCreateAddrDhcp('vnic0', '_a'));
    refusedWith('fields', () => ipadmShowAddr(['addrobj', 'secret']));
  });
});

/** What zlogin does with its words: join them with spaces and hand the line to a shell. */
function runLikeZlogin(call: ToolCall, shell = 'sh'): { stdout: string; status: number | null } {
  const zoneIndex = call.args[0] === '-S' ? 1 : 0;
  const line = call.args.slice(zoneIndex + 1).join(' ') + ' ';
  const r = spawnSync(shell, ['-c', line], { encoding: 'utf8' });
  return { stdout: r.stdout, status: r.status };
}

describe('zlogin', () => {
  it('builds console argv', () => {
    expect(zloginConsole('web01')).toEqual({ tool: 'zlogin', args: ['-C', 'web01'] });
    expect(zloginConsole('web01', { disconnectOnHalt: true, escape: '#' }).args).toEqual(['-C', '-d', '-e', '#', 'web01']);
    expect(zloginConsole('web01', { escape: false }).args).toEqual(['-C', '-E', 'web01']);
    refusedWith('escape', () => zloginConsole('web01', { escape: '~.' }));
    for (const name of HOSTILE_NAMES) refusedWith('zone', () => zloginConsole(name));
  });

  it('quotes every word of a command for the shell in the zone', () => {
    expect(zloginCommand('web01', ['uptime'])).toEqual({ tool: 'zlogin', args: ['web01', "'uptime'"] });
    expect(zloginCommand('web01', ['echo', "it's"], { safe: true }).args).toEqual(['-S', 'web01', "'echo'", `'it'\\''s'`]);
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a;rm -rf /')).toBe("'a;rm -rf /'");
  });

  it.each(['sh', 'bash'])('round-trips hostile words through %s exactly as zlogin would run them', (shell) => {
    const words = ['a;rm -rf /', '$(id)', '`id`', "it's", '"quoted"', 'back\\slash', 'new\nline', '-oProxyCommand=x', '*', '~', '$HOME', '', ' lead', 'tab\there', '!event', 'w\u0435b'];
    const call = zloginCommand('web01', ['printf', '%s\\0', ...words]);
    const { stdout, status } = runLikeZlogin(call, shell);
    expect(status).toBe(0);
    expect(stdout.split('\0').slice(0, -1)).toEqual(words);
  });

  it('refuses what cannot be passed safely', () => {
    refusedWith('command', () => zloginCommand('web01', []));
    refusedWith('command', () => zloginCommand('web01', ['-oProxyCommand=x']));
    refusedWith('word', () => zloginCommand('web01', ['echo', 'a\0b']));
    refusedWith('command', () => zloginCommand('web01', ['echo', 'x'.repeat(70 * 1024)]));
    for (const name of HOSTILE_NAMES) refusedWith('zone', () => zloginCommand(name, ['uptime']));
  });
});

describe('in-zone runbook commands', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'illumos-inzone-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs in-zone words the way zlogin would, with /etc and /root moved into the temp dir. */
  function runInZone(words: string[]): number | null {
    const moved = words.map((w) => w.replaceAll('/etc/', `${dir}/`).replaceAll('/root/', `${dir}/`));
    return runLikeZlogin(zloginCommand('web01', moved)).status;
  }

  it('builds the address, hostname and route commands', () => {
    expect(dhcpAddressWords('web01_0')).toEqual(['/usr/sbin/ipadm', 'create-addr', '-T', 'dhcp', 'web01_0/v4']);
    expect(staticAddressWords('web01_0', '10.0.0.5/24')).toEqual(['/usr/sbin/ipadm', 'create-addr', '-T', 'static', '-a', '10.0.0.5/24', 'web01_0/v4']);
    expect(setHostnameWords('web01.example.com')).toEqual(['/usr/bin/hostname', 'web01.example.com']);
    expect(defaultRouteWords('10.0.0.1')).toEqual(['/usr/sbin/route', '-p', 'add', 'default', '10.0.0.1']);
    refusedWith('hostname', () => setHostnameWords('$(id)'));
    refusedWith('hostname', () => writeHostnameWords('-oProxyCommand=x'));
    refusedWith('gateway', () => defaultRouteWords('10.0.0.1;reboot'));
    refusedWith('interface', () => dhcpAddressWords('a;rm -rf /'));
  });

  it('writes the host name files', () => {
    expect(runInZone(writeHostnameWords('web01'))).toBe(0);
    expect(readFileSync(path.join(dir, 'nodename'), 'utf8')).toBe('web01\n');
    expect(readFileSync(path.join(dir, 'hostname'), 'utf8')).toBe('web01\n');
  });

  it('writes resolv.conf from validated values only', () => {
    const text = resolvConfText({ nameservers: ['1.1.1.1', '2606:4700:4700::1111'], search: ['example.com'] });
    expect(text).toBe('search example.com\nnameserver 1.1.1.1\nnameserver 2606:4700:4700::1111\n');
    expect(runInZone(writeResolvConfWords({ nameservers: ['1.1.1.1', '2606:4700:4700::1111'], search: ['example.com'] }))).toBe(0);
    expect(readFileSync(path.join(dir, 'resolv.conf'), 'utf8')).toBe(text);
    refusedWith('nameservers[0]', () => writeResolvConfWords({ nameservers: ['1.1.1.1\nnameserver 6.6.6.6'] }));
    refusedWith('nameservers', () => writeResolvConfWords({ nameservers: [] }));
    refusedWith('nameservers', () => writeResolvConfWords({ nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] }));
    refusedWith('search[0]', () => writeResolvConfWords({ nameservers: ['1.1.1.1'], search: ['$(id)'] }));
  });

  it('adds dns to the hosts line of nsswitch.conf, once', () => {
    const file = path.join(dir, 'nsswitch.conf');
    writeFileSync(file, '# test\npasswd:     files\nhosts:      files\nipnodes:    files\n');
    expect(enableDnsWords()).toEqual(['/bin/sh', '-c', NSSWITCH_DNS_SCRIPT, 'sh']);
    expect(runInZone(enableDnsWords())).toBe(0);
    expect(runInZone(enableDnsWords())).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('# test\npasswd:     files\nhosts:      files dns\nipnodes:    files\n');
  });

  it('appends an SSH key once', () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@example';
    const words = appendSshKeyWords(key);
    expect(words).toEqual(['/bin/sh', '-c', AUTHORIZED_KEY_SCRIPT, 'sh', key]);
    expect(runInZone(words)).toBe(0);
    expect(runInZone(words)).toBe(0);
    expect(readFileSync(path.join(dir, '.ssh', 'authorized_keys'), 'utf8')).toBe(key + '\n');
    refusedWith('publicKey', () => appendSshKeyWords(`${key}\nssh-ed25519 AAAA evil`));
  });
});
