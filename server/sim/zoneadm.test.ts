// zoneadm's state machine with real (scaled) durations: the intermediate states other tools
// see, the per-zone operation lock and its recovery from a killed zoneadm, and failure injection.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpHost, type TestHost } from './host-testkit';
import { addFault, readFaults } from './faults';
import { findZone, readState } from './store';
import type { SimZoneState } from './types';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bin');

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

async function zone(h: TestHost, name: string, template = 'sparse', install = true) {
  const r = await h.zonecfg('-z', name, `create -t ${template}; set zonepath=/zones/${name}`);
  expect(r.stderr).toBe('');
  if (install) expect((await h.zoneadm('-z', name, 'install')).code).toBe(0);
}

/** run fn while sampling the zone's state every few ms; returns the distinct states seen, in order */
async function watchStates(h: TestHost, name: string, fn: () => Promise<unknown>): Promise<SimZoneState[]> {
  const seen: SimZoneState[] = [];
  let done = false;
  const sampler = (async () => {
    while (!done) {
      const st = findZone(await readState(h.root), name)?.state;
      if (st && seen.at(-1) !== st) seen.push(st);
      await new Promise((r) => setTimeout(r, 3));
    }
  })();
  await fn();
  done = true;
  await sampler;
  const st = findZone(await readState(h.root), name)?.state;
  if (st && seen.at(-1) !== st) seen.push(st);
  return seen;
}

describe('state machine', () => {
  it('install goes configured -> incomplete -> installed and streams its output', async () => {
    const h = await host();
    await zone(h, 'web', 'sparse', false);
    const t0 = Date.now();
    const seen = await watchStates(h, 'web', async () => {
      const r = await h.run('zoneadm', ['-z', 'web', 'install'], { timeScale: 0.01 });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Done: Installation completed in 68.616 seconds.');
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(600); // 68.6 s x 0.01
    expect(seen).toEqual(['configured', 'incomplete', 'installed']);
    const l = await h.zoneadm('list', '-cp');
    expect(l.stdout).toMatch(/^-:web:installed:\/zones\/web:[0-9a-f-]{36}:sparse:excl:1$/m);
  });

  it('boot passes through ready; shutdown through shutting_down; halt back to installed', async () => {
    const h = await host();
    await zone(h, 'web');
    const boot = await watchStates(h, 'web', () => h.run('zoneadm', ['-z', 'web', 'boot'], { timeScale: 0.1 }));
    expect(boot).toEqual(['installed', 'ready', 'running']);
    const down = await watchStates(h, 'web', () => h.run('zoneadm', ['-z', 'web', 'shutdown'], { timeScale: 0.03 }));
    expect(down).toEqual(['running', 'shutting_down', 'down', 'installed']);
    await h.zoneadm('-z', 'web', 'boot');
    const halt = await watchStates(h, 'web', () => h.run('zoneadm', ['-z', 'web', 'halt'], { timeScale: 0.1 }));
    expect(halt[0]).toBe('running');
    expect(halt.at(-1)).toBe('installed');
    expect(halt).toContain('shutting_down');
  });

  it('shutdown -r and reboot come back running with a new zone id; ready/halt are idempotent', async () => {
    const h = await host();
    await zone(h, 'web');
    await h.zoneadm('-z', 'web', 'boot');
    const id1 = findZone(await readState(h.root), 'web')!.id;
    expect((await h.zoneadm('-z', 'web', 'shutdown', '-r', '--', '-m', 'verbose')).code).toBe(0);
    const z = findZone(await readState(h.root), 'web')!;
    expect(z.state).toBe('running');
    expect(z.id).not.toBe(id1);
    expect(z.bootargsRuntime).toBe('-m verbose');
    expect((await h.zoneadm('-z', 'web', 'reboot')).code).toBe(0);
    expect(findZone(await readState(h.root), 'web')!.state).toBe('running');
    expect(await h.zoneadm('-z', 'web', 'ready')).toMatchObject({ code: 0, stderr: '' });
    expect(findZone(await readState(h.root), 'web')!.state).toBe('ready');
    expect(await h.zoneadm('-z', 'web', 'ready')).toMatchObject({ code: 0, stderr: "zone 'web': zone is already ready\n" });
    expect(await h.zoneadm('-z', 'web', 'boot')).toMatchObject({ code: 0, stderr: '' });
    expect(await h.zoneadm('-z', 'web', 'boot')).toMatchObject({ code: 0, stderr: "zone 'web': zone is already booted\n" });
  });

  it('uninstall, clone, detach/attach, move, mark', async () => {
    const h = await host();
    await zone(h, 'src');
    await zone(h, 'dst', 'sparse', false);
    expect(await h.zoneadm('-z', 'dst', 'clone', 'src')).toMatchObject({ code: 0, stderr: '' });
    expect(findZone(await readState(h.root), 'dst')!.state).toBe('installed');
    expect(await h.zoneadm('-z', 'dst', 'move', '/zones/elsewhere')).toMatchObject({ code: 0 });
    expect(findZone(await readState(h.root), 'dst')!.zonepath).toBe('/zones/elsewhere');
    expect(await h.zoneadm('-z', 'dst', 'detach')).toMatchObject({ code: 0 });
    expect(findZone(await readState(h.root), 'dst')!.state).toBe('configured');
    expect(await h.zoneadm('-z', 'dst', 'attach')).toMatchObject({ code: 0 });
    expect(findZone(await readState(h.root), 'dst')!.state).toBe('installed');
    expect(await h.zoneadm('-z', 'dst', 'mark', 'incomplete')).toMatchObject({ code: 0 });
    expect(await h.zoneadm('-z', 'dst', 'boot')).toMatchObject({ code: 1, stderr: "zoneadm: zone 'dst': must be installed before boot.\n" });
    expect(await h.zoneadm('-z', 'dst', 'uninstall', '-F')).toMatchObject({ code: 0 });
    const z = findZone(await readState(h.root), 'dst')!;
    expect([z.state, z.uuid]).toEqual(['configured', '']);
    expect((await h.zoneadm('-z', 'src', 'uninstall')).stderr).toBe(
      "zoneadm: zone 'src': Input not from terminal and -F not specified: uninstall not done.\n",
    );
    const y = await h.run('zoneadm', ['-z', 'src', 'uninstall'], { isTTY: true, stdin: 'y\n' });
    expect(y).toMatchObject({ code: 0, stdout: 'Are you sure you want to uninstall zone src (y/[n])? ' });
    expect(findZone(await readState(h.root), 'src')!.state).toBe('configured');
  });

  it('issue 9 item 17: clone errors in clone_func() order', async () => {
    // zoneadm.c clone_func(): target sanity checks; source not global ("%s operation is invalid
    // for the global zone."), not SUNW*, not in the kernel ("... invalid for %s zones."),
    // zone_get_state() (zperror2: "execname: zone: could not get state: <libzonecfg text>"),
    // installed ("%s: zone %s is %s; %s is required."); valid_brand_clone() ("%s: Zones '%s' and
    // '%s' have different brand types.")
    const h = await host();
    await zone(h, 'src');
    await zone(h, 'dst', 'sparse', false);
    await zone(h, 'lx1', 'lipkg');
    await zone(h, 'cfg', 'sparse', false);
    await zone(h, 'run');
    await h.zoneadm('-z', 'run', 'boot');
    await h.zoneadm('-z', 'src', 'ready');
    expect(await h.zoneadm('-z', 'dst', 'clone', 'global')).toMatchObject({ code: 1, stderr: "zoneadm: zone 'dst': clone operation is invalid for the global zone.\n" });
    expect(await h.zoneadm('-z', 'dst', 'clone', 'SUNWx')).toMatchObject({ code: 1, stderr: "zoneadm: zone 'dst': clone operation is invalid for zones starting with SUNW.\n" });
    expect(await h.zoneadm('-z', 'dst', 'clone', 'nosuch')).toMatchObject({ code: 1, stderr: 'zoneadm: nosuch: could not get state: No such zone configured\n' });
    expect(await h.zoneadm('-z', 'dst', 'clone', 'run')).toMatchObject({ code: 1, stderr: "zoneadm: zone 'dst': clone operation is invalid for running zones.\n" });
    expect(await h.zoneadm('-z', 'dst', 'clone', 'src')).toMatchObject({ code: 1, stderr: "zoneadm: zone 'dst': clone operation is invalid for ready zones.\n" });
    expect(await h.zoneadm('-z', 'dst', 'clone', 'cfg')).toMatchObject({ code: 1, stderr: 'zoneadm: zone cfg is configured; installed is required.\n' });
    expect(await h.zoneadm('-z', 'dst', 'clone', 'lx1')).toMatchObject({ code: 1, stderr: "zoneadm: Zones 'lx1' and 'dst' have different brand types.\n" });
    // none of these touched the target
    expect(findZone(await readState(h.root), 'dst')!.state).toBe('configured');
    // the ipkg-family clone hook refuses -m; the target was already marked incomplete
    await h.zoneadm('-z', 'src', 'halt');
    const m = await h.zoneadm('-z', 'dst', 'clone', '-m', 'copy', 'src');
    expect(m.code).toBe(1);
    expect(m.stderr.startsWith('/usr/lib/brand/ipkg/clone: -m: unknown option\n')).toBe(true);
    expect(findZone(await readState(h.root), 'dst')!.state).toBe('incomplete');
  });

  it('issue 9 item 17: list ignores a stray operand unless a zone is named', async () => {
    // list_func(): the all-zones branch never compares optind with argc; the -z branch does
    // ("if (argc > optind) { sub_usage(SHELP_LIST, CMD_LIST); return (Z_USAGE); }")
    const h = await host();
    await zone(h, 'a');
    expect(await h.zoneadm('list', 'stray')).toMatchObject({ code: 0, stdout: 'global\n', stderr: '' });
    expect(await h.zoneadm('list', '-c', 'stray')).toMatchObject({ code: 0, stdout: 'global\na\n' });
    const r = await h.zoneadm('-z', 'a', 'list', 'stray');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith('usage:\tlist')).toBe(true);
  });

  it('issue 18: every boot, reboot and ready makes a new kernel zone with the next free ID', async () => {
    // zone_create() takes id_alloc(zoneid_space) (uts/common/os/zone.c), and id_alloc() is
    // vmem_alloc(..., VM_NEXTFIT) (uts/common/os/id_space.c): the next ID after the last one
    // handed out, skipping IDs in use, wrapping past MAX_ZONEID (9999)
    const h = await host();
    await zone(h, 'a');
    await zone(h, 'b');
    const id = async (n: string) => findZone(await readState(h.root), n)!.id;
    await h.zoneadm('-z', 'a', 'boot');
    expect(await id('a')).toBe(1);
    await h.zoneadm('-z', 'b', 'boot');
    expect(await id('b')).toBe(2);
    await h.zoneadm('-z', 'a', 'reboot');
    expect(await id('a')).toBe(3);
    await h.zoneadm('-z', 'a', 'halt');
    expect(await id('a')).toBe(null);
    await h.zoneadm('-z', 'a', 'boot');
    expect(await id('a')).toBe(4);
    await h.zoneadm('-z', 'a', 'ready');
    expect(await id('a')).toBe(5);
    await h.zoneadm('-z', 'a', 'boot'); // a ready zone boots in the kernel zone it has
    expect(await id('a')).toBe(5);
    await h.zoneadm('-z', 'a', 'shutdown', '-r');
    expect(await id('a')).toBe(6);
    // the rotor wraps past MAX_ZONEID and skips IDs still in use (b holds 2)
    await h.setup((s) => {
      s.nextZoneId = 9999;
    });
    await h.zoneadm('-z', 'a', 'reboot');
    expect(await id('a')).toBe(9999);
    await h.zoneadm('-z', 'a', 'reboot');
    expect(await id('a')).toBe(1);
    await h.zoneadm('-z', 'a', 'reboot');
    expect(await id('a')).toBe(3);
    expect(await id('b')).toBe(2);
    expect((await h.zoneadm('list', '-p')).stdout.split('\n')[2]).toMatch(/^3:a:running:/);
  });

  it('list variants: -i leaves out configured and incomplete, -n leaves out global, -z picks one', async () => {
    const h = await host();
    await zone(h, 'a');
    await zone(h, 'b', 'sparse', false);
    await h.zoneadm('-z', 'a', 'boot');
    expect((await h.zoneadm('list')).stdout).toBe('global\na\n');
    expect((await h.zoneadm('list', '-i')).stdout).toBe('global\na\n');
    expect((await h.zoneadm('list', '-ci')).stdout).toBe('global\na\nb\n');
    expect((await h.zoneadm('list', '-cn')).stdout).toBe('a\nb\n');
    expect((await h.zoneadm('-z', 'b', 'list', '-p')).stdout).toBe('-:b:configured:/zones/b::sparse:excl:2\n');
    expect(await h.zoneadm('-z', 'b', 'list', '-c')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage:\tlist [-cinpv]') });
    expect(await h.zoneadm('-z', 'nope', 'list')).toMatchObject({ code: 1, stderr: 'zoneadm: nope: No such zone configured\n' });
    const uuid = findZone(await readState(h.root), 'a')!.uuid;
    expect((await h.zoneadm('-u', uuid, 'list')).stdout).toBe('a\n');
  });
});

describe('the per-zone operation lock', () => {
  it('a second zoneadm on the same zone is refused while an install runs', async () => {
    const h = await host();
    await zone(h, 'web', 'sparse', false);
    const install = h.run('zoneadm', ['-z', 'web', 'install'], { timeScale: 0.01 });
    for (;;) {
      if (findZone(await readState(h.root), 'web')!.state === 'incomplete') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await h.zoneadm('-z', 'web', 'uninstall', '-F')).toMatchObject({
      code: 1,
      stderr: "zoneadm: zone 'web': another zoneadm may have an operation in progress.\n",
    });
    expect(await h.zoneadm('-z', 'web', 'boot')).toMatchObject({ code: 1, stderr: "zoneadm: zone 'web': must be installed before boot.\n" });
    expect(await h.zoneadm('-z', 'web', 'halt')).toMatchObject({
      code: 1,
      stderr: "cannot manage a zone which is in state 'incomplete'\nzone 'web': could not start zoneadmd\n",
    });
    expect((await install).code).toBe(0);
    expect(findZone(await readState(h.root), 'web')!.opLock).toBeUndefined();
  });

  it('an install killed midway leaves the zone incomplete, and its lock is recovered', async () => {
    const h = await host();
    await zone(h, 'web', 'sparse', false);
    const child = spawn(path.join(BIN, 'zoneadm'), ['-z', 'web', 'install'], {
      env: { ...process.env, SIM_ROOT: h.root, SIM_TIME_SCALE: '1' },
      stdio: 'ignore',
    });
    for (let i = 0; ; i++) {
      const z = findZone(await readState(h.root), 'web')!;
      if (z.state === 'incomplete' && z.opLock) break;
      expect(i).toBeLessThan(400);
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect((await h.zoneadm('list', '-cp')).stdout).toMatch(/^-:web:incomplete:/m);
    expect(await h.zoneadm('-z', 'web', 'install')).toMatchObject({ code: 1, stderr: "zoneadm: zone 'web': zone is incomplete; uninstall required.\n" });
    expect(await h.zoneadm('-z', 'web', 'uninstall', '-F')).toMatchObject({ code: 0, stderr: '' });
    expect(await h.zoneadm('-z', 'web', 'install')).toMatchObject({ code: 0, stderr: '' });
  }, 20000);

  it('an aborted install (runner timeout) leaves the zone incomplete and releases the lock', async () => {
    const h = await host();
    await zone(h, 'web', 'sparse', false);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 60);
    const r = await h.run('zoneadm', ['-z', 'web', 'install'], { timeScale: 0.05, signal: ac.signal });
    expect(r.code).toBe(1);
    const z = findZone(await readState(h.root), 'web')!;
    expect(z.state).toBe('incomplete');
    expect(z.opLock).toBeUndefined();
  });

  it('boot and halt requests are serialized like zoneadmd does', async () => {
    const h = await host();
    await zone(h, 'web');
    const [b1, b2] = await Promise.all([
      h.run('zoneadm', ['-z', 'web', 'boot'], { timeScale: 0.05 }),
      h.run('zoneadm', ['-z', 'web', 'boot'], { timeScale: 0.05 }),
    ]);
    expect([b1.code, b2.code]).toEqual([0, 0]);
    expect([b1.stderr, b2.stderr].sort()).toEqual(['', "zone 'web': zone is already booted\n"]);
  });
});

describe('failure injection', () => {
  it('install-fail (one zone, once): output stops, error on stderr, zone incomplete; next install works', async () => {
    const h = await host();
    await zone(h, 'web', 'lipkg', false);
    await zone(h, 'other', 'lipkg', false);
    await addFault(h.root, { kind: 'install-fail', zone: 'web', once: true });
    const r = await h.zoneadm('-z', 'web', 'install');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Installing: Packages (output follows)');
    expect(r.stdout).not.toContain('Done:');
    expect(r.stderr).toContain('ERROR: Could not install packages.');
    expect(findZone(await readState(h.root), 'web')!.state).toBe('incomplete');
    expect((await readFaults(h.root)).faults).toEqual([]);
    expect((await h.zoneadm('-z', 'other', 'install')).code).toBe(0);
    await h.zoneadm('-z', 'web', 'uninstall', '-F');
    expect((await h.zoneadm('-z', 'web', 'install')).code).toBe(0);
  });

  it('boot-fail: zoneadmd failure, the zone stays installed; scoped to its zone', async () => {
    const h = await host();
    await zone(h, 'web');
    await zone(h, 'db');
    await addFault(h.root, { kind: 'boot-fail', zone: 'web' });
    expect(await h.zoneadm('-z', 'web', 'boot')).toMatchObject({ code: 1, stderr: "zoneadm: zone 'web': call to zoneadmd failed\n" });
    expect(findZone(await readState(h.root), 'web')).toMatchObject({ state: 'installed', id: null });
    expect(await h.zoneadm('-z', 'db', 'boot')).toMatchObject({ code: 0 });
    // not a once fault: it keeps failing
    expect((await h.zoneadm('-z', 'web', 'boot')).code).toBe(1);
  });

  it('slow: extra real delay for one tool, even at time scale 0', async () => {
    const h = await host();
    await addFault(h.root, { kind: 'slow', tool: 'dladm', seconds: 0.3 });
    let t = Date.now();
    await h.dladm('show-link');
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    t = Date.now();
    await h.zoneadm('list');
    expect(Date.now() - t).toBeLessThan(250);
  });

  it('the sim-fault command sets faults from a terminal', async () => {
    const h = await host();
    const run = (args: string[]) =>
      new Promise<number>((resolve) => {
        const c = spawn(path.join(BIN, 'sim-fault'), args, { env: { ...process.env, SIM_ROOT: h.root }, stdio: 'ignore' });
        c.on('exit', (code) => resolve(code ?? -1));
      });
    expect(await run(['add', 'boot-fail', '-z', 'web', '--once'])).toBe(0);
    expect(await run(['mkdir', '/zones/q', '0750'])).toBe(0);
    expect(await run(['add', 'nonsense'])).toBe(2);
    expect(await readFaults(h.root)).toEqual({ faults: [{ kind: 'boot-fail', zone: 'web', once: true }], paths: { '/zones/q': '0750' } });
  }, 15000);
});

describe('sanity checks', () => {
  it('inside a non-global zone, and as an ordinary user', async () => {
    const h = await host();
    await zone(h, 'web');
    await h.zoneadm('-z', 'web', 'boot');
    const inz = { zonename: 'web' };
    expect(await h.run('zoneadm', ['-z', 'web', 'halt'], inz)).toMatchObject({ code: 1, stderr: "zoneadm: zone 'web': use halt(1M) to halt this zone.\n" });
    expect(await h.run('zoneadm', ['-z', 'web', 'install'], inz)).toMatchObject({
      code: 1,
      stderr: "zoneadm: zone 'web': must be in the global zone to install a zone.\n",
    });
    expect(await h.run('zoneadm', ['-z', 'global', 'list'], inz)).toMatchObject({ code: 1, stderr: 'zoneadm: global: No such zone configured\n' });
    expect((await h.run('zoneadm', ['list', '-v'], inz)).stdout).toContain('web              running    /');
    expect(await h.run('zoneadm', ['-z', 'web', 'halt'], { user: 'alice' })).toMatchObject({
      code: 1,
      stderr: "zoneadm: zone 'web': only a privileged user may halt a zone.\n",
    });
    expect((await h.run('zoneadm', ['list'], { user: 'alice' })).stdout).toBe('global\nweb\n');
    expect(await h.zoneadm('-z', 'SUNWx', 'boot')).toMatchObject({ code: 1, stderr: 'zoneadm: SUNWx: No such zone configured\n' });
    expect(await h.zoneadm('-z', 'web', 'frob')).toMatchObject({ code: 2 });
  });
});
