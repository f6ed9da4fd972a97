// The fleet with real remote hosts: two OpenSSH servers on loopback in front of simulated
// hosts, added to the hosts table like an admin would, beside an embedded simulated host.
// One host frozen (SIGSTOP on its sshd) is flagged unreachable within 10 s while the others
// keep updating, its zones kept as last known; thawed, it comes back by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import type { ServerEnv } from '../env';
import { createRegistry, type HostRegistry } from '../hosts/registry';
import { startSshd, type TestSshd } from '../hosts/sshd-testkit';
import { addHost, getHost, removeHost } from '../hosts/store';
import { seedDemoHost } from '../sim/seed';
import { ensureHost } from '../sim/store';
import { runTool } from '../sim/tools';
import { Fleet, reconcileTasksOnReturn, type FleetEvent } from './fleet';
import { TaskManager } from './tasks';
import { HostWatcher } from './watcher';

const SIM_BIN = path.resolve(__dirname, '..', 'sim', 'bin');
const dirs: string[] = [];
const servers: TestSshd[] = [];
const watchers = new Map<string, HostWatcher>();
let registry: HostRegistry;
let fleet: Fleet;
const db = openDatabase(':memory:');

async function remoteSim(timeScale = '0'): Promise<{ root: string; sshd: TestSshd }> {
  const root = mkdtempSync(path.join(tmpdir(), 'fleet-ssh-'));
  dirs.push(root);
  await ensureHost(root);
  await seedDemoHost(root);
  const sshd = await startSshd({ pathDirs: [SIM_BIN], env: { SIM_ROOT: root, SIM_TIME_SCALE: timeScale } });
  servers.push(sshd);
  return { root, sshd };
}

const env = { ZONEDASH_HOST: 'sim', SIM_HOSTS: 1, SIM_SEED: '1', SIM_TIME_SCALE: 0 } as unknown as ServerEnv;

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<number> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - t0;
}

let remotes: { root: string; sshd: TestSshd }[] = [];

// No skipping: npm test installs OpenSSH's server (e2e/run-all.ts), and a missing sshd must fail loudly.
describe('fleet over SSH (real sshd on loopback)', () => {
  beforeAll(async () => {
    const local = mkdtempSync(path.join(tmpdir(), 'fleet-local-'));
    dirs.push(local);
    // remote3's simulated durations are real (an install takes about a minute)
    remotes = await Promise.all([remoteSim(), remoteSim(), remoteSim('1')]);
    remotes.forEach(({ sshd }, i) =>
      addHost(
        db,
        {
          name: `remote${i + 1}`,
          address: '127.0.0.1',
          port: sshd.port,
          user: sshd.user,
          fingerprint: sshd.hostFingerprint,
          toolDir: SIM_BIN,
          pfexec: false,
          identityFile: path.join(sshd.dir, 'id_ed25519'),
        },
        'test',
      ),
    );
    registry = await createRegistry({ ...env, SIM_ROOT: local }, db);
    fleet = new Fleet(registry, (host) => {
      let w = watchers.get(host.name);
      if (!w || w.host !== host) {
        w?.stop();
        w = new HostWatcher(host, 1000);
        watchers.set(host.name, w);
      }
      return w;
    });
  }, 60_000);

  afterAll(async () => {
    for (const w of watchers.values()) w.stop();
    registry?.close();
    await Promise.all(servers.map((s) => s.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('lists the zones of the embedded host and of both remote hosts in one list', async () => {
    await until('both remote hosts connected and listed', () =>
      ['remote1', 'remote2'].every((n) => fleet.current().hosts.some((h) => h.name === n && h.state === 'connected' && !h.stale && h.fetchedAt !== null)),
    );
    const snap = await fleet.snapshot();
    expect(snap.hosts.map((h) => [h.name, h.kind, h.state])).toEqual([
      ['sim', 'sim', 'connected'],
      ['remote1', 'ssh', 'connected'],
      ['remote2', 'ssh', 'connected'],
      ['remote3', 'ssh', 'connected'],
    ]);
    const names = (host: string) => snap.zones.filter((z) => z.host === host).map((z) => z.name);
    expect(names('remote1').length).toBeGreaterThan(0);
    // each remote host's release is read once, at its first connection (uname -v)
    await until('the releases read', () => ['remote1', 'remote2'].every((n) => getHost(db, n)?.release != null));
    expect(getHost(db, 'remote1')!.release).toMatch(/^omnios-r\d{6}-[0-9a-f]{10}$/);
    // the same seed on every simulated host: the same zones, told apart by their host
    expect(names('remote1')).toEqual(names('sim'));
    expect(names('remote2')).toEqual(names('sim'));
  }, 30_000);

  it('a change made on a remote host reaches the fleet', async () => {
    const before = await fleet.snapshot();
    const target = before.zones.find((z) => z.host === 'remote1' && z.state === 'installed');
    expect(target).toBeDefined();
    const events: FleetEvent[] = [];
    const off = fleet.subscribe((e) => events.push(e));
    const { root } = remotes[0]!;
    await runTool('zoneadm', ['-z', target!.name, 'ready'], { root, stdin: null, isTTY: false, stdout: () => {}, stderr: () => {}, timeScale: 0 });
    await until('the ready zone in the fleet', () => fleet.current().zones.some((z) => z.host === 'remote1' && z.name === target!.name && z.state === 'ready'));
    off();
    expect(events.some((e) => e.host === 'remote1' && e.changes.some((c) => c.kind === 'upsert' && c.zone.name === target!.name))).toBe(true);
  }, 30_000);

  it('flags a frozen host unreachable within 10 s, keeps its zones as last known, and the others keep answering', async () => {
    const frozen = remotes[1]!.sshd;
    const before = fleet.current().zones.filter((z) => z.host === 'remote2');
    await frozen.freeze();
    try {
      const flagged = await until('remote2 unreachable', () => registry.status('remote2')?.state === 'unreachable', 12_000);
      expect(flagged).toBeLessThanOrEqual(10_000);
      const view = fleet.current().hosts.find((h) => h.name === 'remote2')!;
      expect(view).toMatchObject({ state: 'unreachable', stale: true });
      expect(view.error).toBeTruthy();
      expect(fleet.current().zones.filter((z) => z.host === 'remote2')).toEqual(before);
      // the other remote host still answers a fresh list
      const heard = fleet.current().hosts.find((h) => h.name === 'remote1')!.fetchedAt!;
      await until('remote1 heard again', () => (fleet.current().hosts.find((h) => h.name === 'remote1')!.fetchedAt ?? 0) > heard, 5000);
    } finally {
      await frozen.thaw();
    }
    await until('remote2 connected again', () => registry.status('remote2')?.state === 'connected', 40_000);
    await until('remote2 fresh again', () => fleet.current().hosts.find((h) => h.name === 'remote2')?.stale === false, 10_000);
  }, 70_000);

  it('a task cut off by a lost connection is interrupted, not failed, and learns its zone\'s state when the host is back', async () => {
    const slow = remotes[2]!;
    const host = registry.get('remote3')!;
    await until('remote3 listed', () => fleet.current().hosts.some((h) => h.name === 'remote3' && !h.stale && h.fetchedAt !== null));
    const io = { root: slow.root, stdin: null, isTTY: false, stdout: () => {}, stderr: () => {}, timeScale: 0 };
    await runTool('zonecfg', ['-z', 'slow', 'create -t sparse; set zonepath=/zones/slow'], io);
    const tasks = new TaskManager(db);
    reconcileTasksOnReturn(fleet, tasks);
    const task = tasks.start({
      kind: 'install',
      title: 'install slow',
      user: 'test',
      host,
      zone: 'slow',
      steps: [
        { label: 'install', call: { tool: 'zoneadm', args: ['-z', 'slow', 'install'] }, timeoutMs: 120_000 },
        { label: 'boot', call: { tool: 'zoneadm', args: ['-z', 'slow', 'boot'] } },
      ],
    });
    await until('the install running', () => tasks.get(task.id)!.steps[0]!.status === 'running', 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    await slow.sshd.freeze();
    try {
      await until('the task interrupted', () => tasks.get(task.id)!.status !== 'running', 15_000);
    } finally {
      await slow.sshd.thaw();
    }
    const cut = tasks.get(task.id)!;
    expect(cut.status).toBe('interrupted');
    expect(cut.steps.map((s) => s.status)).toEqual(['interrupted', 'skipped']);
    expect(cut.summary).toMatch(/connection to remote3 was lost during step 1 \(install\)/);
    await until('the zone state learned', () => /answered again, slow was/.test(tasks.get(task.id)!.summary ?? ''), 40_000);
    // what the host itself says is what the task says
    const listed = fleet.current().zones.find((z) => z.host === 'remote3' && z.name === 'slow')!;
    expect(tasks.get(task.id)!.summary).toContain(`slow was ${listed.state}`);
  }, 90_000);

  it('a host removed from the table leaves the fleet with its zones', async () => {
    removeHost(db, 'remote2');
    await registry.reload();
    expect(registry.get('remote2')).toBeUndefined();
    expect(fleet.current().hosts.map((h) => h.name)).toEqual(['sim', 'remote1', 'remote3']);
    expect(fleet.current().zones.some((z) => z.host === 'remote2')).toBe(false);
  });
});
