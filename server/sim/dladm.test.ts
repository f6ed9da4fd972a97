// dladm beyond the vectors: libofmt's header repeat and field selection, VNIC life cycle,
// the ZONE column and link busy while a zone holds the VNIC, OmniOS global-nic VNICs.
import { afterEach, describe, expect, it } from 'vitest';
import { tmpHost, type TestHost } from './host-testkit';
import { ofmtRender } from './ofmt';
import { findLink, readState } from './store';
import { seedDemoHost } from './seed';
import { LINK_NAME_RE, validLinkName } from './dladm';

let hosts: TestHost[] = [];
async function host(): Promise<TestHost> {
  const h = await tmpHost();
  hosts.push(h);
  return h;
}
afterEach(() => {
  for (const h of hosts) h.cleanup();
  hosts = [];
});

describe('libofmt', () => {
  it('repeats the header every 23 rows when not on a terminal', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `r${i}`);
    const out = ofmtRender(rows, [{ name: 'LINK', width: 6, get: (r: string) => r }]).split('\n');
    const headers = out.map((l, i) => (l === 'LINK' ? i : -1)).filter((i) => i >= 0);
    expect(headers).toEqual([0, 24, 48]);
  });

  it('wraps comma lists (show-linkprop POSSIBLE) and escapes only with several fields', () => {
    const f = [
      { name: 'A', width: 5, get: () => 'x' },
      { name: 'POSSIBLE', width: 20, get: () => 'mac-nospoof,restricted,ip-nospoof,dhcp-nospoof' },
    ];
    expect(ofmtRender([1], f, { wrap: true })).toBe(
      'A    POSSIBLE\nx    mac-nospoof,\n     restricted,\n     ip-nospoof,\n     dhcp-nospoof\n',
    );
    expect(ofmtRender(['a:b\\c'], [{ name: 'V', width: 4, get: (r: string) => r }], { parsable: true })).toBe('a:b\\c\n');
    expect(
      ofmtRender(['a:b\\c'], [{ name: 'V', width: 4, get: (r: string) => r }, { name: 'W', width: 4, get: () => '' }], { parsable: true }),
    ).toBe('a\\:b\\\\c:\n');
  });
});

describe('dladm', () => {
  it('create-vnic variants, -o selection, unknown fields, -l and -z filters', async () => {
    const h = await host();
    expect(await h.dladm('create-vnic', '-t', '-l', 'i40e0', '-m', '02:08:20:0a:0b:0c', '-v', '12', 'web0')).toMatchObject({ code: 0 });
    expect(await h.dladm('create-vnic', '-l', 'e1000g0', 'db0')).toMatchObject({ code: 0 });
    expect((await h.dladm('show-vnic', '-p', '-o', 'LINK,macaddress,MACADDRTYPE,vid', 'web0')).stdout).toBe('web0:2\\:8\\:20\\:a\\:b\\:c:fixed:12\n');
    expect((await h.dladm('show-vnic', '-l', 'e1000g0', '-p', '-o', 'link')).stdout).toBe('db0\n');
    expect((await h.dladm('show-vnic', '-P', '-p', '-o', 'link')).stdout).toBe('db0\n');
    const w = await h.dladm('show-vnic', '-o', 'link,bogus');
    expect(w).toMatchObject({ code: 0, stderr: "dladm: warning: ignoring unknown output field: `bogus'\n", stdout: 'LINK\nweb0\ndb0\n' });
    expect(await h.dladm('show-vnic', '-p', '-o', 'link,bogus')).toMatchObject({ code: 1, stderr: "dladm: unknown output field: `bogus'\n" });
    expect(await h.dladm('show-vnic', '-p', '-o', 'all')).toMatchObject({ code: 1, stderr: "dladm: output field `all' invalid in parsable mode\n" });
    expect(await h.dladm('create-vnic', '-l', 'web0', 'x1')).toMatchObject({ code: 1, stderr: 'dladm: vnic creation over web0 failed: invalid argument\n' });
    expect(await h.dladm('create-vnic', '-x', 'x1')).toMatchObject({ code: 1 });
    expect((await h.dladm('create-vnic', '-x', 'x1')).stderr.startsWith("dladm: unrecognized option '-x'\nusage:     create-vnic")).toBe(true);
    expect((await h.dladm('show-phys', '-m')).stdout).toContain('i40e0        primary');
    expect(await h.dladm('delete-vnic', 'web0')).toMatchObject({ code: 0, stderr: '' });
    expect(findLink(await readState(h.root), 'web0')).toBeUndefined();
    const u = await h.dladm();
    expect(u.code).toBe(1);
    expect(u.stderr.startsWith('usage:  dladm <subcommand> <args> ...\n    rename-link      <oldlink> <newlink>\n')).toBe(true);
    expect((await h.dladm('frob')).stderr.startsWith("dladm: unknown subcommand 'frob'\nusage:")).toBe(true);
  });

  it('issue 9 item 17: the link-name rule of dladm_valid_linkname()', async () => {
    // libdladm.c dladm_valid_linkname(): len < MAXLINKNAMELEN (32); the first character is no
    // digit; the name ends in a number, and "nd > 1 && *(cp + 1) == '0'" refuses a number of
    // several digits that starts with 0; characters: isalnum, '_' and '.'
    const h = await host();
    for (const ok of ['web0', 'web10', 'db0', 'vnic1', 'a_b.c7', '_0', 'x'.repeat(30) + '9'])
      expect(await h.dladm('create-vnic', '-l', 'i40e0', ok), ok).toMatchObject({ code: 0, stderr: '' });
    for (const bad of ['web01', 'db00', 'vnic', '1vnic0', 'web-0', 'web 0', 'x0y'])
      expect(await h.dladm('create-vnic', '-l', 'i40e0', bad), bad).toMatchObject({ code: 1, stderr: `dladm: invalid link name '${bad}'\n` });
    const long = 'x'.repeat(31) + '9';
    expect(await h.dladm('create-vnic', '-l', 'i40e0', long)).toMatchObject({ code: 1, stderr: `dladm: link name too long '${long}'\n` });
    expect(await h.dladm('create-etherstub', 'stub01')).toMatchObject({ code: 1, stderr: "dladm: invalid link name 'stub01'\n" });
  });

  it('LINK_NAME_RE is dladm_valid_linkname(), checked against a transliteration of the C loop', () => {
    // the C function, statement for statement (the oracle for the one-line expression that
    // the dashboard's validator can share)
    const c = (link: string): boolean => {
      const digit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
      if (link.length >= 32) return false;
      if (digit(link[0])) return false;
      let cp = link.length - 1;
      let nd = 0;
      while (cp >= 0 && digit(link[cp])) {
        cp--;
        nd++;
      }
      if (nd === 0 || (nd > 1 && link[cp + 1] === '0')) return false;
      for (const ch of link) if (!/[A-Za-z0-9]/.test(ch) && ch !== '_' && ch !== '.') return false;
      return true;
    };
    const alphabet = ['a', 'Z', '0', '1', '9', '_', '.', '-'];
    let checked = 0;
    const walk = (prefix: string, depth: number) => {
      for (const ch of alphabet) {
        const name = prefix + ch;
        expect(LINK_NAME_RE.test(name), name).toBe(c(name));
        expect(validLinkName(name)).toBe(c(name));
        checked++;
        if (depth > 1) walk(name, depth - 1);
      }
    };
    walk('', 5);
    for (const n of [30, 31, 32, 33]) for (const tail of ['0', '10', '01']) expect(LINK_NAME_RE.test('a'.repeat(n - tail.length) + tail)).toBe(c('a'.repeat(n - tail.length) + tail));
    expect(checked).toBe(8 + 64 + 512 + 4096 + 32768);
  });

  it('issue 9 item 17: show-vnic -p/-o are libofmt\'s; a missing -l link gets die_dlerr\'s status', async () => {
    const h = await host();
    await h.dladm('create-vnic', '-l', 'i40e0', 'web0');
    await h.dladm('create-etherstub', 'stub0');
    // do_show_vnic_common() has no "-p requires -o": ofmt_open() returns OFMT_EPARSENONE /
    // OFMT_EPARSEALL (libofmt ofmt.c), which dladm_ofmt_check() makes fatal with ofmt_strerror()
    expect(await h.dladm('show-vnic', '-p')).toMatchObject({ code: 1, stdout: '', stderr: 'dladm: output fields must be specified in parsable mode\n' });
    expect(await h.dladm('show-vnic', '-p', '-o', 'All')).toMatchObject({ code: 1, stderr: "dladm: output field `all' invalid in parsable mode\n" });
    // -o all without -p: every field of vnic_fields
    expect((await h.dladm('show-vnic', '-o', 'all')).stdout.split('\n')[0]).toBe('LINK         OVER       SPEED MACADDRESS        MACADDRTYPE VID  ZONE');
    // OFMT_ENOFIELDS is fatal in either mode
    expect(await h.dladm('show-vnic', '-o', 'bogus')).toMatchObject({ code: 1, stderr: 'dladm: no valid output fields\n' });
    expect(await h.dladm('show-vnic', '-p', '-o', 'bogus')).toMatchObject({ code: 1, stderr: 'dladm: no valid output fields\n' });
    // show-link and show-phys keep their own checks (do_show_link, do_show_phys)
    expect(await h.dladm('show-link', '-p')).toMatchObject({ code: 1, stderr: 'dladm: -p requires -o\n' });
    expect(await h.dladm('show-phys', '-p', '-o', 'all')).toMatchObject({ code: 1, stderr: 'dladm: "-o all" is invalid with -p\n' });
    // -l: dladm_zname2info() fails → die_dlerr(status, "invalid link name '%s'")
    expect(await h.dladm('show-vnic', '-l', 'nosuch0')).toMatchObject({ code: 1, stderr: "dladm: invalid link name 'nosuch0': object not found\n" });
    // the lookups come before libofmt's checks
    expect((await h.dladm('show-vnic', '-p', '-l', 'nosuch0')).stderr).toBe("dladm: invalid link name 'nosuch0': object not found\n");
    // an existing link that is no VNIC: print_vnic() fails; an etherstub is skipped silently
    expect(await h.dladm('show-vnic', 'i40e0')).toMatchObject({ code: 1, stdout: '', stderr: "dladm: failed to show vnic 'i40e0': object not found\n" });
    expect(await h.dladm('show-vnic', 'stub0')).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await h.dladm('show-vnic', 'nosuch0')).toMatchObject({ code: 1, stderr: "dladm: invalid vnic name 'nosuch0': object not found\n" });
  });

  it('a running exclusive-IP zone holds its VNIC: ZONE column, -z filter, link busy', async () => {
    const h = await host();
    await h.dladm('create-vnic', '-l', 'i40e0', 'www0');
    await h.zonecfg('-z', 'www', 'create -t lipkg; set zonepath=/zones/www; add net; set physical=www0; end');
    await h.zoneadm('-z', 'www', 'install');
    expect((await h.dladm('show-vnic', '-p', '-o', 'link,zone')).stdout).toBe('www0:\n');
    await h.zoneadm('-z', 'www', 'boot');
    expect((await h.dladm('show-vnic', '-p', '-o', 'link,zone')).stdout).toBe('www0:www\n');
    expect((await h.dladm('show-link', '-z', 'www', '-p', '-o', 'link')).stdout).toBe('www0\n');
    expect(await h.dladm('delete-vnic', 'www0')).toMatchObject({ code: 1, stderr: 'dladm: vnic deletion failed: link busy\n' });
    await h.zoneadm('-z', 'www', 'halt');
    expect(await h.dladm('delete-vnic', 'www0')).toMatchObject({ code: 0 });
  });

  it('OmniOS global-nic: the zone gets its VNIC at boot and loses it at halt', async () => {
    const h = await host();
    await h.zonecfg('-z', 'g', 'create -t sparse; set zonepath=/zones/g; add net; set physical=g0; set global-nic=auto; set vlan-id=7; end');
    await h.zoneadm('-z', 'g', 'install');
    await h.zoneadm('-z', 'g', 'boot');
    expect((await h.dladm('show-vnic', '-p', '-o', 'link,over,vid,zone')).stdout).toBe('g0:i40e0:7:g\n');
    await h.zoneadm('-z', 'g', 'halt');
    expect((await h.dladm('show-vnic', '-p', '-o', 'link')).stdout).toBe('');
  });

  it('non-root users cannot create VNICs', async () => {
    const h = await host();
    const r = await h.run('dladm', ['create-vnic', '-l', 'i40e0', 'v0'], { user: 'alice' });
    expect(r).toMatchObject({ code: 1, stderr: 'dladm: vnic creation over i40e0 failed: permission denied\n' });
  });
});

describe('seedDemoHost', () => {
  it('builds the demo picture once, through the tools', async () => {
    const h = await host();
    expect(await seedDemoHost(h.root)).toBe(true);
    expect(await seedDemoHost(h.root)).toBe(false);
    const l = await h.zoneadm('list', '-cv');
    const rows = l.stdout.trim().split('\n').slice(1).map((r) => r.trim().split(/\s+/).slice(0, 5));
    expect(rows).toEqual([
      ['0', 'global', 'running', '/', 'ipkg'],
      ['1', 'www', 'running', '/zones/www', 'lipkg'],
      ['2', 'api', 'running', '/zones/api', 'lipkg'],
      ['3', 'mail', 'running', '/zones/mail', 'sparse'],
      ['-', 'db', 'installed', '/zones/db', 'sparse'],
      ['-', 'build', 'incomplete', '/zones/build', 'pkgsrc'],
      ['-', 'vm', 'configured', '/zones/vm', 'bhyve'],
    ]);
    expect((await h.dladm('show-vnic', '-p', '-o', 'link,zone')).stdout).toBe('www0:www\napi0:api\nmail0:mail\ndb0:\nvm0:\n');
  });
});
