// The host store: updates are never lost, across async callers of one process and across
// processes (the executables spawned side by side); a lock left by a dead process is broken.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpHost, type TestHost } from './host-testkit';
import { ensureHost, findLink, readState, updateState, zoneDir } from './store';

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

function bin(tool: string, args: string[], root: string, cwd = '/'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(path.join(BIN, tool), args, { cwd, env: { ...process.env, SIM_ROOT: root, SIM_TIME_SCALE: '0' } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('store', () => {
  it('a fresh host: the global zone and physical links i40e0, e1000g0', async () => {
    const h = await host();
    const s = await readState(h.root);
    expect(s.zones.map((z) => [z.name, z.state, z.id])).toEqual([['global', 'running', 0]]);
    expect(s.links.map((l) => [l.name, l.class])).toEqual([
      ['i40e0', 'phys'],
      ['e1000g0', 'phys'],
    ]);
    expect(zoneDir(h.root, 'web')).toBe(path.join(h.root, 'zones', 'web'));
  });

  it('concurrent in-process updates are serialized', async () => {
    const h = await host();
    await Promise.all(
      Array.from({ length: 40 }, () =>
        updateState(h.root, (s) => {
          s.nextZoneId += 1;
        }),
      ),
    );
    expect((await readState(h.root)).nextZoneId).toBe(41);
  });

  it('two processes updating the same SIM_ROOT lose nothing (bins spawned side by side)', async () => {
    const h = await host();
    const names = Array.from({ length: 6 }, (_, i) => `c${i + 1}`);
    const results = await Promise.all([
      ...names.map((n) => bin('dladm', ['create-vnic', '-l', 'i40e0', n], h.root)),
      bin('zonecfg', ['-z', 'pa', 'create -t sparse; set zonepath=/zones/pa'], h.root),
      bin('zonecfg', ['-z', 'pb', 'create -t lipkg; set zonepath=/zones/pb'], h.root),
    ]);
    for (const r of results) expect(r).toMatchObject({ code: 0, stderr: '' });
    const s = await readState(h.root);
    for (const n of names) expect(findLink(s, n)?.class).toBe('vnic');
    expect(s.zones.map((z) => z.name).sort()).toEqual(['global', 'pa', 'pb']);
  }, 20000);

  it('a state lock left by a dead process is broken at once', async () => {
    const h = await host();
    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    writeFileSync(path.join(h.root, 'state.lock'), `${dead} 0 ${(await import('node:os')).hostname()} x`);
    const t = Date.now();
    await updateState(h.root, (s) => {
      s.hostname = 'recovered';
    });
    expect(Date.now() - t).toBeLessThan(2000);
    expect((await readState(h.root)).hostname).toBe('recovered');
  });

  it('ensureHost leaves an existing host alone; an empty directory becomes a fresh host', async () => {
    const h = await host();
    await updateState(h.root, (s) => {
      s.hostname = 'kept';
    });
    await ensureHost(h.root);
    expect((await readState(h.root)).hostname).toBe('kept');
  });

  it('the executables work from any cwd and print what the in-process tools print', async () => {
    const h = await host();
    await h.zonecfg('-z', 'web', 'create -t lipkg; set zonepath=/zones/web');
    await h.zoneadm('-z', 'web', 'install');
    await h.zoneadm('-z', 'web', 'boot');
    const inproc = await h.zoneadm('list', '-cv');
    const r = await bin('zoneadm', ['list', '-cv'], h.root, '/tmp');
    expect(r).toEqual({ code: 0, stdout: inproc.stdout, stderr: '' });
    const u = await bin('zoneadm', [], h.root);
    expect(u.code).toBe(2);
    expect(u.stderr.startsWith('usage:\tzoneadm help\n')).toBe(true);
  }, 20000);
});
