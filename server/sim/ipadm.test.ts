import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vectorSections } from '../testkit/vectors';
import { ipadmMain, ipadmRun } from './ipadm';
import { makeSimHost, runToolMain } from './zoneos-testkit';
import { zoneBooted, zoneStopped, readZoneOs } from './zoneos';
import { readState, findZone } from './store';

let root: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ root, cleanup } = await makeSimHost([
    { name: 'vz', net: [{ physical: 'vnic0' }] },
    { name: 'gz1', net: [{ physical: 'gz10', allowedAddress: '10.0.0.154/24', defrouter: '10.0.0.1' }] },
    { name: 'sh1', ipType: 'shared', net: [{ physical: 'i40e0', address: '192.168.5.60/24' }] },
    { name: 'bare', net: [] },
  ]));
});
afterAll(() => cleanup());

/** ipadm in a zone: stdout, stderr, and both in the order written (what a terminal shows) */
async function inZone(zone: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  let both = '';
  const code = await ipadmRun(
    args,
    { root, zone },
    {
      stdout: (t) => ((stdout += t), (both += t)),
      stderr: (t) => ((stderr += t), (both += t)),
    },
  );
  return { code, stdout, stderr, both };
}

describe('ipadm against vectors/recon-ipadm.txt', () => {
  const sections = vectorSections('recon-ipadm.txt');
  it('replays the reconstructed session byte for byte', async () => {
    expect(sections.length).toBe(5);
    for (const s of sections) {
      const argv = s.command.replace(/\s+\(.*$/, '').split(/\s+/).slice(1);
      const r = await inZone('vz', argv);
      // the vector is a terminal transcript: die()'s message (stderr) then its newline (stdout)
      let out = r.both;
      // the simulated DHCP server hands out its own (deterministic) address
      out = out.replace(/(vnic0\/dhcp\s+dhcp\s+ok\s+)\S+/, '$110.0.0.77/24');
      expect(out, s.command).toBe(s.output);
      expect(r.code, s.command).toBe(s.output.startsWith('ipadm:') ? 1 : 0);
    }
  });
});

describe('ipadm against the ipadm section of vectors/recon-dladm-parsable.txt', () => {
  it('parsable show-addr of a zone with only loopback', async () => {
    const s = vectorSections('recon-dladm-parsable.txt').find((x) => x.command.startsWith('ipadm '))!;
    const r = await inZone('bare', s.command.split(/\s+/).slice(1));
    expect(r.stdout).toBe(s.output);
    expect(r.code).toBe(0);
  });
});

describe('ipadm in a zone', () => {
  it('parsable output escapes colons only with several fields', async () => {
    const r = await inZone('vz', ['show-addr', '-p', '-o', 'addrobj,type,state,addr']);
    expect(r.stdout.split('\n')).toContain('lo0/v6:static:ok:\\:\\:1/128');
    const one = await inZone('vz', ['show-addr', '-p', '-o', 'addr', 'lo0/v6']);
    expect(one.stdout).toBe('::1/128\n');
  });
  it('-p without -o, unknown fields, unknown address objects', async () => {
    // every die() below: message on stderr without its newline, the newline on stdout
    expect(await inZone('vz', ['show-addr', '-p'])).toMatchObject({ code: 1, stderr: 'ipadm: -p requires -o', stdout: '\n' });
    expect((await inZone('vz', ['show-addr', '-p', '-o', 'addr,bogus'])).stderr).toBe("ipadm: unknown output field: `bogus'");
    // ofmt_open() finds no valid field at all: OFMT_ENOFIELDS, fatal in either mode
    expect((await inZone('vz', ['show-addr', '-p', '-o', 'bogus'])).stderr).toBe('ipadm: no valid output fields');
    expect((await inZone('vz', ['show-addr', '-o', 'bogus'])).stderr).toBe('ipadm: no valid output fields');
    const w = await inZone('vz', ['show-addr', '-o', 'addrobj,bogus', 'lo0/v4']);
    // warn() ends its own line on stderr
    expect(w.stderr).toBe("ipadm: warning: ignoring unknown output field: `bogus'\n");
    expect(w.stdout).toBe('ADDROBJ\nlo0/v4\n');
    expect((await inZone('vz', ['show-addr', 'vnic0/nope'])).both).toBe('ipadm: Address object not found\n');
    expect((await inZone('vz', ['show-addr', 'vnic0'])).both).toBe('ipadm: Invalid address object name provided\n');
  });
  it('issue 9 item 17: die() puts its newline on stdout; show-if leaves -p/-o to libofmt', async () => {
    // ipadm.c die(): fprintf(stderr, "%s: ", progname); vfprintf(stderr, ...); putchar('\n')
    const r = await inZone('vz', ['delete-addr', 'vnic0/zz']);
    expect(r).toMatchObject({ code: 1, stderr: 'ipadm: could not delete address: Object not found', stdout: '\n' });
    // do_show_if() has no "-p requires -o": ofmt_open() → OFMT_EPARSENONE / OFMT_EPARSEALL
    // (libofmt ofmt.c), made fatal by ipadm_ofmt_check()
    expect(await inZone('vz', ['show-if', '-p'])).toMatchObject({ code: 1, stderr: 'ipadm: output fields must be specified in parsable mode', stdout: '\n' });
    expect((await inZone('vz', ['show-if', '-p', '-o', 'all'])).stderr).toBe("ipadm: output field `all' invalid in parsable mode");
    expect((await inZone('vz', ['show-addr', '-p', '-o', 'ALL'])).stderr).toBe("ipadm: output field `all' invalid in parsable mode");
    expect((await inZone('vz', ['show-if', '-p', '-o', 'ifname', 'lo0'])).stdout).toBe('lo0\n');
    // do_create_addr() itself only wants a '/' with something after it; the tag and interface
    // rules are libipadm's (ipadm_create_addrobj → IPADM_INVALID_ARG), reported without usage,
    // after the type's own argument checks
    expect((await inZone('vz', ['create-addr', '-T', 'dhcp', 'vnic0/'])).stderr.split('\n')[0]).toBe('ipadm: invalid address object name: vnic0/');
    expect(await inZone('vz', ['create-addr', '-T', 'dhcp', 'vnic0/4a'])).toMatchObject({
      code: 1,
      stderr: 'ipadm: Error in creating address object: Invalid argument provided',
      stdout: '\n',
    });
    expect((await inZone('vz', ['create-addr', '-T', 'static', '-a', '10.0.0.9/24', 'vnic0/a-b'])).stderr).toBe('ipadm: Error in creating address object: Invalid argument provided');
    expect((await inZone('vz', ['create-addr', '-T', 'static', 'vnic0/a-b'])).stderr.split('\n')[0]).toBe('ipadm: Invalid arguments for type static');
  });
  it('from-gz addresses of an exclusive zone with allowed-address', async () => {
    const r = await inZone('gz1', ['show-addr']);
    expect(r.stdout).toBe(
      'ADDROBJ           TYPE     STATE        ADDR\n' +
        'lo0/v4            static   ok           127.0.0.1/8\n' +
        'gz10/_a           from-gz  ok           10.0.0.154/24\n' +
        'lo0/v6            static   ok           ::1/128\n',
    );
    expect((await inZone('gz1', ['create-addr', '-T', 'dhcp', 'gz10/v4'])).both).toBe(
      'ipadm: Could not create address: Operation not permitted on from-gz interface\n',
    );
    expect((await inZone('gz1', ['delete-addr', 'gz10/_a'])).both).toBe('ipadm: could not delete address: Operation not permitted on from-gz interface\n');
    const si = await inZone('gz1', ['show-if']);
    expect(si.stdout).toBe('IFNAME     STATE    CURRENT      PERSISTENT\nlo0        ok       -m-v------46 ---\ngz10       ok       bm-------Z4- ---\n');
  });
  it('shared-IP zones see addresses from the global zone', async () => {
    const r = await inZone('sh1', ['show-addr']);
    expect(r.stdout).toBe(
      'ADDROBJ           TYPE     STATE        ADDR\n' +
        'lo0/?             from-gz  ok           127.0.0.1/8\n' +
        'i40e0/?           from-gz  ok           192.168.5.60/24\n' +
        'lo0/?             from-gz  ok           ::1/128\n',
    );
  });
  it('usage errors', async () => {
    const r = await inZone('vz', ['create-addr', '-T', 'dhcp', 'vnic0']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('ipadm: invalid address object name: vnic0');
    expect((await inZone('vz', ['create-addr', '-x', 'vnic0/a'])).stderr.split('\n')[0]).toBe("ipadm: unrecognized option '-x'");
    expect((await inZone('vz', ['delete-addr', 'vnic0/zz'])).both).toBe('ipadm: could not delete address: Object not found\n');
    const u = await inZone('vz', ['frobnicate']);
    expect(u.stderr.startsWith("ipadm: unknown subcommand 'frobnicate'\nusage:  ipadm <subcommand> <args> ...\n\tcreate-if\t[-t] <interface>\n")).toBe(true);
  });
  it('persistent addresses come back after a reboot, temporary ones do not', async () => {
    await inZone('vz', ['create-addr', '-t', '-T', 'static', '-a', '10.1.1.1/16', 'vnic0/tmp']);
    const before = (await inZone('vz', ['show-addr', '-p', '-o', 'addrobj,persistent'])).stdout;
    expect(before).toContain('vnic0/tmp:---');
    expect(before).toContain('vnic0/v4:U--');
    await zoneStopped(root, 'vz', 'reboot');
    expect((await readZoneOs(root, 'vz')).addrs).toEqual([]);
    const z = findZone(await readState(root), 'vz')!;
    await zoneBooted(root, z, '', { timeScale: 0 });
    const after = (await inZone('vz', ['show-addr', '-p', '-o', 'addrobj'])).stdout;
    expect(after).toBe('lo0/v4\nvnic0/v4\nvnic0/dhcp\nlo0/v6\n');
  });
});

describe('ipadm in the global zone', () => {
  it('lists lo0 and i40e0', async () => {
    const r = await runToolMain(ipadmMain, root, ['show-addr']);
    expect(r.stdout).toBe(
      'ADDROBJ           TYPE     STATE        ADDR\n' +
        'lo0/v4            static   ok           127.0.0.1/8\n' +
        'i40e0/v4          static   ok           192.168.5.10/24\n' +
        'lo0/v6            static   ok           ::1/128\n',
    );
    expect(r.code).toBe(0);
  });
});
