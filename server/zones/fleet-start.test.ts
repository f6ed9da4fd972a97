// A start over SSH does the table's work first: each host's first command is its one zone list
// (not repeated when the connection comes up), and background work (here the release read,
// `uname -v`) waits until the first table with every host's zones has been served. Two real
// OpenSSH servers on loopback in front of simulated hosts whose tools note each call.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import type { ServerEnv } from '../env';
import { createRegistry, type HostRegistry } from '../hosts/registry';
import { startSshd, type TestSshd } from '../hosts/sshd-testkit';
import { addHost, getHost } from '../hosts/store';
import { seedDemoHost } from '../sim/seed';
import { ensureHost } from '../sim/store';
import { Fleet } from './fleet';
import { HostWatcher } from './watcher';

const SIM_BIN = path.resolve(__dirname, '..', 'sim', 'bin');
const dirs: string[] = [];
const servers: TestSshd[] = [];
const watchers: HostWatcher[] = [];
let registry: HostRegistry | undefined;

afterAll(async () => {
  for (const w of watchers) w.stop();
  registry?.close();
  await Promise.all(servers.map((s) => s.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** the simulator's tools, each noting `tool first-arg` in $SIM_ROOT/calls.log first */
function loggingTools(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fleet-start-tools-'));
  dirs.push(dir);
  for (const name of readdirSync(SIM_BIN)) {
    if (name.startsWith('_')) continue;
    writeFileSync(path.join(dir, name), `#!/bin/sh\necho "${name} $1" >> "$SIM_ROOT/calls.log"\nexec ${path.join(SIM_BIN, name)} "$@"\n`, { mode: 0o755 });
  }
  return dir;
}

const calls = (root: string) => {
  try {
    return readFileSync(path.join(root, 'calls.log'), 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a start over SSH', () => {
  it('lists each host once, first, and reads releases only after the first full table was served', async () => {
    const tools = loggingTools();
    const db = openDatabase(':memory:');
    const roots: string[] = [];
    for (let i = 0; i < 2; i++) {
      const root = mkdtempSync(path.join(tmpdir(), 'fleet-start-'));
      dirs.push(root);
      mkdirSync(root, { recursive: true });
      await ensureHost(root);
      await seedDemoHost(root);
      const sshd = await startSshd({ pathDirs: [SIM_BIN], env: { SIM_ROOT: root, SIM_TIME_SCALE: '0' } });
      servers.push(sshd);
      roots.push(root);
      addHost(db, { name: `r${i + 1}`, address: '127.0.0.1', port: sshd.port, user: sshd.user, fingerprint: sshd.hostFingerprint, toolDir: tools, pfexec: false, identityFile: path.join(sshd.dir, 'id_ed25519') }, 'test');
    }
    const env = { ZONEDASH_HOST: 'none', SIM_HOSTS: 1, SIM_SEED: '0', SIM_TIME_SCALE: 0 } as unknown as ServerEnv;
    registry = await createRegistry(env, db);
    // an interval longer than the test: every list below is the start's own
    const fleet = new Fleet(registry, (host) => {
      let w = watchers.find((x) => x.host === host);
      if (!w) watchers.push((w = new HostWatcher(host, 600_000)));
      return w;
    });
    await until('both hosts listed', () => watchers.length === 2 && watchers.every((w) => w.current().fetchedAt !== null));
    // connected and listed, but no page has been served its table yet: nothing else has run
    await new Promise((r) => setTimeout(r, 700));
    expect(roots.map(calls)).toEqual([['zoneadm list'], ['zoneadm list']]);
    expect(getHost(db, 'r1')!.release).toBeNull();

    const table = await fleet.snapshot();
    expect(table.zones.filter((z) => z.host === 'r1').length).toBeGreaterThan(0);
    await until('both releases read', () => ['r1', 'r2'].every((n) => getHost(db, n)?.release != null));
    expect(roots.map(calls)).toEqual([
      ['zoneadm list', 'uname -v'],
      ['zoneadm list', 'uname -v'],
    ]);
  }, 40_000);
});
