// zonecfg beyond the vectors: the lexer's quoting rules, resources and their info/export forms,
// select/remove/clear, the three input modes and the prompts.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tmpHost, type TestHost } from './host-testkit';
import { _test } from './zonecfg';
import { findZone, readState } from './store';

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

async function zc(h: TestHost, zone: string, cmds: string) {
  const r = await h.zonecfg('-z', zone, cmds);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
}

describe('lexer', () => {
  it('words, keywords, quoted strings without escapes, lists and complex values', () => {
    const t = _test.lex('set bootargs="-m verbose"; add value (priv=privileged,limit=100,action=deny)\nadd options [ro,"a=b"]\n');
    expect(t.map((x) => `${x.type}:${x.value}`)).toEqual([
      'CMD:set',
      'PROP:bootargs',
      'EQUAL:=',
      'TOKEN:-m verbose',
      'SEMI:;',
      'CMD:add',
      'PROP:value',
      'OPEN_PAREN:(',
      'PROP:priv',
      'EQUAL:=',
      'TOKEN:privileged',
      'COMMA:,',
      'PROP:limit',
      'EQUAL:=',
      'TOKEN:100',
      'COMMA:,',
      'PROP:action',
      'EQUAL:=',
      'TOKEN:deny',
      'CLOSE_PAREN:)',
      'NL:\n',
      'CMD:add',
      'PROP:options',
      'OPEN_SQ:[',
      'TOKEN:ro',
      'COMMA:,',
      'TOKEN:a=b',
      'CLOSE_SQ:]',
      'NL:\n',
      'EOF:',
    ]);
  });

  it('an unquoted = inside a value is a syntax error; so is an unknown command', async () => {
    const h = await host();
    await zc(h, 'z', 'create -t lipkg; set zonepath=/zones/z');
    const r = await h.zonecfg('-z', 'z', 'add attr; set name=a; set type=string; set value=x=y; end');
    expect(r.stderr.startsWith("syntax error at '='\nCommands:\n\n")).toBe(true);
    expect(r.code).toBe(1);
    const b = await h.zonecfg('-z', 'z', 'frobnicate');
    expect(b.stderr.startsWith("syntax error at 'f'\n")).toBe(true);
  });
});

describe('configuration', () => {
  it('fs, net with properties, device, rctl, attr, dataset, dedicated-cpu, capped-*, admin, security-flags', async () => {
    const h = await host();
    await zc(h, 'z', 'create -t lipkg; set zonepath=/zones//z/; set bootargs="-m verbose"; set max-lwps=2000; set hostid=0x1234');
    await zc(h, 'z', 'add fs; set dir=/data; set special=/export/data; set type=lofs; set options=[ro,"retry=5"]; end');
    await zc(h, 'z', 'add net; set physical=z0; set allowed-address=10.0.0.5/24; set defrouter=10.0.0.1; add property (name=mtu,value="9000"); end');
    await zc(h, 'z', 'add device; set match=/dev/zvol/rdsk/rpool/z; end');
    await zc(h, 'z', 'add rctl; set name=zone.max-lofi; add value (priv=privileged,limit=4,action=deny); end');
    await zc(h, 'z', 'add attr; set name=ram; set type=string; set value=2G; end; add dataset; set name=rpool/z/data; end');
    await zc(h, 'z', 'add dedicated-cpu; set ncpus=1-2; set importance=10; end');
    await zc(h, 'z', 'add capped-memory; set physical=1536M; set swap=2G; end');
    await zc(h, 'z', 'add admin; set user=admin; set auths=login,manage; end; add security-flags; set default=aslr; end');
    const info = await zc(h, 'z', 'info');
    expect(info.stdout).toBe(
      [
        'zonename: z',
        'zonepath: /zones/z',
        'brand: lipkg',
        'autoboot: false',
        'bootargs: -m verbose',
        'pool: ',
        'limitpriv: ',
        'scheduling-class: ',
        'ip-type: exclusive',
        'hostid: 0x1234',
        'fs-allowed: ',
        '[max-lwps: 2000]',
        'fs:',
        '\tdir: /data',
        '\tspecial: /export/data',
        '\traw not specified',
        '\ttype: lofs',
        '\toptions: [ro,"retry=5"]',
        'net:',
        '\taddress not specified',
        '\tallowed-address: 10.0.0.5/24',
        '\tdefrouter: 10.0.0.1',
        '\tglobal-nic not specified',
        '\tmac-addr not specified',
        '\tphysical: z0',
        '\tvlan-id not specified',
        '\tproperty: (name=mtu,value="9000")',
        'device:',
        '\tmatch: /dev/zvol/rdsk/rpool/z',
        'dedicated-cpu:',
        '\tncpus: 1-2',
        '\timportance: 10',
        'capped-memory:',
        '\t[physical: 1.5G]',
        '\t[swap: 2G]',
        'attr:',
        '\tname: ram',
        '\ttype: string',
        '\tvalue: 2G',
        'dataset:',
        '\tname: rpool/z/data',
        'admin:',
        '\tuser: admin',
        '\tauths: login,manage',
        'rctl:',
        '\tname: zone.max-lwps',
        '\tvalue: (priv=privileged,limit=2000,action=deny)',
        'rctl:',
        '\tname: zone.max-lofi',
        '\tvalue: (priv=privileged,limit=4,action=deny)',
        'rctl:',
        '\tname: zone.max-physical-memory',
        '\tvalue: (priv=privileged,limit=1610612736,action=deny)',
        'rctl:',
        '\tname: zone.max-swap',
        '\tvalue: (priv=privileged,limit=2147483648,action=deny)',
        'security-flags:',
        '\tdefault: aslr',
        '\tlower not specified',
        '\tupper not specified',
        '',
      ].join('\n'),
    );
    const exp = await zc(h, 'z', 'export');
    expect(exp.stdout).toContain('set bootargs=-m verbose\nset ip-type=exclusive\nset hostid=0x1234\n');
    expect(exp.stdout).toContain('add options ro\nadd options "retry=5"\nend\n');
    expect(exp.stdout).toContain('add property (name=mtu,value="9000")\nend\n');
    expect(exp.stdout).toContain('add dedicated-cpu\nset ncpus=1-2\nset importance=10\nend\n');
    expect(exp.stdout).toContain('add security-flags\nset default="aslr"\nend\n');
    // global properties are exported unquoted (as OmniOS does), so bootargs with a space do not re-import
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zc-'));
    const f = path.join(dir, 'z.cfg');
    writeFileSync(f, exp.stdout);
    const bad = await h.zonecfg('-z', 'y1', '-f', f);
    expect(bad.code).toBe(1);
    expect(bad.stderr.startsWith("syntax error on line 5 at 'verbose'\n")).toBe(true);
    // without the space: a full round trip through a command file
    await zc(h, 'z', 'set bootargs=-s');
    writeFileSync(f, (await zc(h, 'z', 'export')).stdout);
    expect(await h.zonecfg('-z', 'y2', '-f', f)).toMatchObject({ code: 0, stderr: '' });
    expect((await h.zonecfg('-z', 'y2', 'info')).stdout).toBe(
      info.stdout.replace('zonename: z', 'zonename: y2').replace('bootargs: -m verbose', 'bootargs: -s'),
    );
    const capped = await zc(h, 'z', 'info capped-memory');
    expect(capped.stdout).toBe('capped-memory:\n\t[physical: 1.5G]\n\t[swap: 2G]\n');
    expect((await zc(h, 'z', 'info zonepath')).stdout).toBe('zonepath: /zones/z\n');
    expect((await zc(h, 'z', 'info max-lwps')).stdout).toBe('[max-lwps: 2000]\n');
  });

  it('select/modify, remove (qualified and not), clear, cancel', async () => {
    const h = await host();
    await zc(h, 'z', 'create -t lipkg; set zonepath=/zones/z; add net; set physical=a0; end; add net; set physical=b0; end');
    await zc(h, 'z', 'select net physical=b0; set allowed-address=10.1.1.1/24; end');
    expect((await h.zonecfg('-z', 'z', 'info net physical=b0')).stdout).toContain('\tallowed-address: 10.1.1.1/24\n');
    const multi = await h.zonecfg('-z', 'z', 'remove net');
    expect(multi.stderr).toBe(
      'There are multiple instances of this resource.  Either qualify the resource to\nremove a single instance or use the -F option to remove all instances.\n',
    );
    expect(multi.code).toBe(1);
    expect((await h.zonecfg('-z', 'z', 'select net physical=zz0')).stderr).toBe(
      'select net: No such resource with that id\n',
    );
    await zc(h, 'z', 'remove net physical=a0');
    expect((await h.zonecfg('-z', 'z', 'info net')).stdout).not.toContain('a0');
    await zc(h, 'z', 'set autoboot=true; clear autoboot; set cpu-shares=5; clear cpu-shares');
    expect((await h.zonecfg('-z', 'z', 'info autoboot')).stdout).toBe('autoboot: false\n');
    expect((await h.zonecfg('-z', 'z', 'clear zonepath')).stderr).toBe('zonepath: Cannot clear property\n');
    await zc(h, 'z', 'add net; set physical=c0; cancel');
    expect((await h.zonecfg('-z', 'z', 'info net physical=c0')).stdout).toBe('No such net resource.\n');
    await zc(h, 'z', 'remove -F net');
    expect((await h.zonecfg('-z', 'z', 'info net')).stdout).toBe('');
  });

  it('set zonename renames a configured zone; brand and zonepath are frozen once installed', async () => {
    const h = await host();
    await zc(h, 'z', 'create -t sparse; set zonepath=/zones/z');
    await zc(h, 'z', 'set zonename=renamed');
    const s = await readState(h.root);
    expect(findZone(s, 'z')).toBeUndefined();
    expect(findZone(s, 'renamed')?.zonepath).toBe('/zones/z');
    expect((await h.zonecfg('-z', 'renamed', 'set zonename=bad!name')).stderr).toBe(
      "bad!name: Bogus zone name\n\n<zone> := [A-Za-z0-9][A-Za-z0-9_.-]*\n\t(except the reserved words 'global' and anything starting with 'SUNW')\n\tName must be less than 64 characters.\n",
    );
    await h.zoneadm('-z', 'renamed', 'install');
    expect((await h.zonecfg('-z', 'renamed', 'set brand=lipkg')).stderr).toBe('Zone renamed already installed; set brand not allowed.\n');
  });

  it('issue 9 item 17: a refused set zonepath/brand or create -F on an installed zone exits 0', async () => {
    // zonecfg.c: set_func() case RT_ZONEPATH / RT_BRAND and create_func() after
    // check_if_zone_already_exists() print with zerr() and return without setting saw_error,
    // so the run ends with status 0 and nothing is committed
    const h = await host();
    await zc(h, 'inst', 'create -t sparse; set zonepath=/zones/inst');
    expect((await h.zoneadm('-z', 'inst', 'install')).code).toBe(0);
    expect(await h.zonecfg('-z', 'inst', 'set zonepath=/zones/elsewhere')).toMatchObject({
      code: 0,
      stderr: 'Zone inst already installed; set zonepath not allowed.\n',
    });
    expect(await h.zonecfg('-z', 'inst', 'set brand=lipkg')).toMatchObject({ code: 0, stderr: 'Zone inst already installed; set brand not allowed.\n' });
    expect(await h.zonecfg('-z', 'inst', 'create -F')).toMatchObject({ code: 0, stderr: 'Zone inst already installed; create not allowed.\n' });
    const z = findZone(await readState(h.root), 'inst')!;
    expect([z.zonepath, z.brand, z.state]).toEqual(['/zones/inst', 'sparse', 'installed']);
    // the installed check comes first, even before the syntax check...
    expect(await h.zonecfg('-z', 'inst', 'set zonepath=relative')).toMatchObject({ code: 0 });
    // ...which does set saw_error on a zone that is not installed (validate_zonepath_syntax)
    await zc(h, 'cfg', 'create -t sparse; set zonepath=/zones/cfg');
    expect(await h.zonecfg('-z', 'cfg', 'set zonepath=relative')).toMatchObject({ code: 1, stderr: 'relative is not an absolute path.\n' });
  });

  it('create -t: OmniOS templates, capital names verbatim, existing zones only with an upper-case name', async () => {
    const h = await host();
    await zc(h, 'a', 'create -t bhyve; set zonepath=/zones/a');
    expect((await h.zonecfg('-z', 'a', 'info brand')).stdout).toBe('brand: bhyve\n');
    expect((await h.zonecfg('-z', 'b', 'create -t a')).stderr).toBe('OMNIa: No such zone configured\n');
    await zc(h, 'Proto', 'create -t pkgsrc; set zonepath=/zones/Proto; set cpu-shares=3');
    await zc(h, 'c', 'create -t Proto; set zonepath=/zones/c');
    expect((await h.zonecfg('-z', 'c', 'info cpu-shares')).stdout).toBe('[cpu-shares: 3]\n');
    await zc(h, 'd', 'create -b; set zonepath=/zones/d');
    expect((await h.zonecfg('-z', 'd', 'info ip-type')).stdout).toBe('ip-type: shared\n');
  });
});

describe('modes and prompts', () => {
  it('-f - reads stdin, prefixes errors with "On line N:" and goes on after an error', async () => {
    const h = await host();
    const r = await h.run('zonecfg', ['-z', 'z', '-f', '-'], {
      stdin: 'create -t lipkg\nset autoboot=maybe\nset zonepath=/zones/z\n',
    });
    expect(r.stderr).toBe("On line 2:\nautoboot value must be 'true' or 'false'.\n");
    expect(r.code).toBe(1);
    expect(findZone(await readState(h.root), 'z')?.zonepath).toBe('/zones/z');
  });

  it('-f FILE stops at the first error and commits what came before; a missing file', async () => {
    const h = await host();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zc-'));
    const f = path.join(dir, 'cmds');
    writeFileSync(f, 'create -t lipkg\nset zonepath=/zones/z\nset ip-type=bogus\nset autoboot=true\n');
    const r = await h.zonecfg('-z', 'z', '-f', f);
    expect(r.stderr).toBe(`On line 3 of ${f}:\nip-type value must be 'shared' or 'exclusive'.\n`);
    expect(findZone(await readState(h.root), 'z')?.autoboot).toBe(false);
    const m = await h.zonecfg('-z', 'z', '-f', path.join(dir, 'nope'));
    expect(m).toMatchObject({ code: 1, stderr: `could not open file ${path.join(dir, 'nope')}: No such file or directory\n` });
    expect(readFileSync(f, 'utf8')).toContain('bogus');
  });

  it('delete asks on a terminal; a resource left open is "Resource incomplete."', async () => {
    const h = await host();
    await zc(h, 'z', 'create -t lipkg; set zonepath=/zones/z');
    const no = await h.run('zonecfg', ['-z', 'z', 'delete'], { isTTY: true, stdin: 'n\n' });
    expect(no).toMatchObject({ code: 0, stdout: 'Are you sure you want to delete zone z (y/[n])? ' });
    expect(findZone(await readState(h.root), 'z')).toBeDefined();
    const yes = await h.run('zonecfg', ['-z', 'z', 'delete'], { isTTY: true, stdin: 'y\n' });
    expect(yes.code).toBe(0);
    expect(findZone(await readState(h.root), 'z')).toBeUndefined();
    const open = await h.zonecfg('-z', 'q', 'create -t lipkg; set zonepath=/zones/q; add net');
    expect(open).toMatchObject({ code: 1, stderr: 'Resource incomplete.\n' });
    expect(findZone(await readState(h.root), 'q')).toBeUndefined();
  });

  it('a non-root user gets read-only mode; usage and help', async () => {
    const h = await host();
    await zc(h, 'z', 'create -t lipkg; set zonepath=/zones/z');
    const ro = await h.run('zonecfg', ['-z', 'z', 'set autoboot=true'], { user: 'alice' });
    expect(ro).toMatchObject({ code: 1, stderr: 'z: cannot set in read-only mode.\n' });
    expect((await h.run('zonecfg', ['-z', 'z', 'info zonepath'], { user: 'alice' })).stdout).toBe('zonepath: /zones/z\n');
    const u = await h.zonecfg();
    expect(u.code).toBe(2);
    expect(u.stderr.startsWith('usage:\tzonecfg help\n\tzonecfg -z <zone>\t\t\t(interactive)\n')).toBe(true);
    const help = await h.zonecfg('help', 'create');
    expect(help.stdout.startsWith('usage:\ncreate [-F] [ -a <path> | -b | -t <template> ]\n\tCreates a configuration')).toBe(true);
    expect((await h.zonecfg('-z', 'z', 'add')).stderr.startsWith('usage:\nadd <resource-type>\n\t(global scope)\n')).toBe(true);
  });
});
