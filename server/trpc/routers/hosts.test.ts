// The hosts procedures through the tRPC caller, on a real SQLite database, with the real
// registry reaching real OpenSSH servers on loopback in front of the simulator: probe reads the
// key the server offers; add pins it and the host goes connecting → connected with its zones
// counted; a changed host key shows both fingerprints until trusted; a host that does not know
// the dashboard's key says auth-failed; disable, edit and remove (refused while a task runs
// there) are each one audit record with before and after. Viewers see the list, nothing more.
import { spawnSync } from 'node:child_process';
import { appendFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const scratch = await mkdtemp(path.join(os.tmpdir(), 'zd-hosts-router-'));
process.env.ZONEDASH_DB = path.join(scratch, 'data', 'zonedash.sqlite');
process.env.ZONEDASH_HOST = 'sim';
process.env.SIM_ROOT = path.join(scratch, 'sim-local');
process.env.SIM_SEED = '0';
process.env.ZONEDASH_POLL_MS = '500';

const { signIn } = await import('../../auth/testkit');
const { createCallerFactory } = await import('../init');
const { appRouter } = await import('../app-router');
const { database, hostRegistry, startServices } = await import('../../services');
const { dashboardIdentity } = await import('../../hosts/identity');
const { simBinDir } = await import('../../hosts/pty');
const { sshdAvailable, startSshd } = await import('../../hosts/sshd-testkit');
type TestSshd = Awaited<ReturnType<typeof startSshd>>;
const makeCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof makeCaller>;

const skip = !sshdAvailable();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let admin: Caller;
let viewer: Caller;
let good: TestSshd; // knows the dashboard's key
let stranger: TestSshd; // does not
const remoteRoot = path.join(scratch, 'sim-remote');

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 12_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    const v = await fn().catch((e: unknown) => ((last = e), undefined));
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await sleep(100);
  }
}

const row = async (name: string) => (await admin.hosts.list()).find((h) => h.name === name);
const audits = (action: string) =>
  database().prepare(`SELECT user, host, action, outcome, detail FROM audit WHERE action = ? ORDER BY id`).all(action) as { user: string; host: string; outcome: string; detail: string }[];

beforeAll(async () => {
  // as the server starts: the registry, and the fleet that keeps a watcher on every host
  await startServices();
  admin = makeCaller((await signIn('admin')).ctx);
  viewer = makeCaller((await signIn('viewer')).ctx);
  if (skip) return;
  // seeded by a process of its own, as a host's state is made by another machine (a process
  // that seeded a simulated host in-process keeps holding on to it: see the report)
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { seedDemoHost } from ${JSON.stringify(path.resolve('server/sim/seed.ts'))}; await seedDemoHost(${JSON.stringify(remoteRoot)});`], { encoding: 'utf8' });
  expect(seeded.stderr).toBe('');
  const env = { SIM_ROOT: remoteRoot, SIM_TIME_SCALE: '0' };
  [good, stranger] = await Promise.all([startSshd({ env }), startSshd({ env })]);
  // the good host lets the dashboard's own key in, as the Add-host commands tell an admin to
  await appendFile(path.join(good.dir, 'authorized_keys'), `${dashboardIdentity().publicKey}\n`);
}, 60_000);

afterAll(async () => {
  (await hostRegistry()).close();
  await Promise.all([good?.stop(), stranger?.stop()]);
});

describe('hosts.list', () => {
  it('shows the built-in simulated host to every role, connected', async () => {
    for (const caller of [admin, viewer]) {
      const sim = (await caller.hosts.list()).find((h) => h.name === 'sim');
      expect(sim).toMatchObject({ kind: 'sim', state: 'connected', disabled: false, isDefault: true, address: null });
    }
  });

  it('leaves every change and the probe to admins', async () => {
    await expect(viewer.hosts.probe({ address: '127.0.0.1', port: 22 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.hosts.identity()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.hosts.remove({ host: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe.skipIf(skip)('adding a host over SSH', () => {
  it('probe reads the key the host offers, with the command that prints it there', async () => {
    const key = await admin.hosts.probe({ address: '127.0.0.1', port: good.port });
    expect(key).toEqual({ fingerprint: good.hostFingerprint, keyType: 'ssh-ed25519', hostKeyCommand: 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' });
    expect(audits('hosts.probe').at(-1)).toMatchObject({ user: 'admin', outcome: 'ok', detail: `127.0.0.1:${good.port} offers ssh-ed25519 ${good.hostFingerprint}` });
  });

  it('probe of a closed port says so in words', async () => {
    const closed = good.port === 1 ? 2 : 1;
    await expect(admin.hosts.probe({ address: '127.0.0.1', port: closed })).rejects.toMatchObject({ code: 'BAD_GATEWAY', message: expect.stringMatching(/refused/) });
    expect(audits('hosts.probe').at(-1)).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1:${closed}: Could not read the host key: .*refused`)) });
  });

  it('refuses option-looking and malformed values before any connection', async () => {
    for (const input of [
      { name: 'h', address: '-oProxyCommand=touch /tmp/x', port: 22, user: 'zonedash', fingerprint: good.hostFingerprint },
      { name: 'h', address: '127.0.0.1', port: 0, user: 'zonedash', fingerprint: good.hostFingerprint },
      { name: 'h', address: '127.0.0.1', port: 22, user: '-lroot', fingerprint: good.hostFingerprint },
      { name: 'h', address: '127.0.0.1', port: 22, user: 'zonedash', toolDir: '/usr/sbin;id', fingerprint: good.hostFingerprint },
      { name: 'h', address: '127.0.0.1', port: 22, user: 'zonedash', fingerprint: 'SHA256:short' },
      { name: 'sim', address: '127.0.0.1', port: 22, user: 'zonedash', fingerprint: good.hostFingerprint },
      { name: '-h', address: '127.0.0.1', port: 22, user: 'zonedash', fingerprint: good.hostFingerprint },
    ]) {
      await expect(admin.hosts.add(input)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(admin.hosts.probe({ address: '-oProxyCommand=id', port: 22 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/option/) });
    // the dialog sends every setting with the probe: a bad one stops it before it connects
    await expect(admin.hosts.probe({ name: 'ok', address: '127.0.0.1', port: good.port, user: 'zonedash', toolDir: '/usr/sbin;id' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/toolDir: tool directory/),
    });
    await expect(admin.hosts.probe({ name: 'sim', address: '127.0.0.1', port: good.port })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/built-in/) });
    expect((await admin.hosts.list()).filter((h) => h.kind === 'ssh')).toEqual([]);
  });

  it('add pins the confirmed key; the host goes connected with its zones counted; audited', async () => {
    const h = await admin.hosts.add({ name: 'omni1', address: '127.0.0.1', port: good.port, user: good.user, toolDir: simBinDir(), pfexec: false, fingerprint: good.hostFingerprint });
    expect(h).toMatchObject({ name: 'omni1', fingerprints: [good.hostFingerprint], addedBy: 'admin' });
    const connected = await until('omni1 connected with zones', async () => {
      const r = await row('omni1');
      if (r?.state === 'connected' && r.zoneCount !== null) return r;
      throw new Error(JSON.stringify(r));
    });
    expect(connected).toMatchObject({ kind: 'ssh', address: '127.0.0.1', port: good.port, pinnedFingerprint: good.hostFingerprint, offeredFingerprint: null, error: null });
    expect(connected.zoneCount).toBeGreaterThan(0);
    expect(connected.lastHeardAt).toBeGreaterThan(Date.now() - 60_000);
    // one record, the procedure's own (the refused inputs above are the middleware's, 'error')
    const ok = audits('hosts.add').filter((a) => a.outcome === 'ok');
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ user: 'admin', host: 'omni1' });
    expect(ok[0]!.detail).toContain(`host key ${good.hostFingerprint}`);
    expect(audits('hosts.add').filter((a) => a.outcome === 'error')).toHaveLength(7);
  });

  it('a taken name is refused, in any case', async () => {
    await expect(admin.hosts.add({ name: 'OMNI1', address: '127.0.0.1', port: good.port, user: good.user, fingerprint: good.hostFingerprint })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/exists already/),
    });
    expect(audits('hosts.add').at(-1)).toMatchObject({ outcome: 'refused' });
  });

  it('a host that does not know the dashboard key is auth-failed, in words', async () => {
    await admin.hosts.add({ name: 'stranger', address: '127.0.0.1', port: stranger.port, user: stranger.user, toolDir: simBinDir(), pfexec: false, fingerprint: stranger.hostFingerprint });
    const r = await until('stranger auth-failed', async () => ((await row('stranger'))?.state === 'auth-failed' ? row('stranger') : undefined));
    expect(r!.error).toMatch(/refused the dashboard's key/);
    await admin.hosts.remove({ host: 'stranger' });
  });

  it('a changed host key stops the host, shows both keys, and is trusted only as offered', async () => {
    const pinned = good.hostFingerprint;
    const rotated = await good.rotateHostKey();
    // the kept connection is still the old one: edit the port to force a new handshake… by
    // disabling and enabling, which reconnects
    await admin.hosts.setDisabled({ host: 'omni1', disabled: true });
    expect(await row('omni1')).toMatchObject({ disabled: true, state: 'unreachable', error: expect.stringMatching(/disabled/) });
    await admin.hosts.setDisabled({ host: 'omni1', disabled: false });
    const mismatch = await until('omni1 host-key-mismatch', async () => {
      const r = await row('omni1');
      return r?.state === 'host-key-mismatch' ? r : undefined;
    });
    expect(mismatch).toMatchObject({ pinnedFingerprint: pinned, offeredFingerprint: rotated });
    await expect(admin.hosts.trustKey({ host: 'omni1', fingerprint: pinned })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(rotated) });
    await admin.hosts.trustKey({ host: 'omni1', fingerprint: rotated });
    await until('omni1 connected again', async () => (await row('omni1'))?.state === 'connected');
    expect(audits('hosts.trustKey').at(-1)).toMatchObject({ outcome: 'ok', detail: `omni1: host key ${pinned} → ${rotated}` });
    expect(audits('hosts.setDisabled').map((a) => a.detail)).toEqual(['omni1 disabled: disabled false → true', 'omni1 enabled: disabled true → false']);
  });

  it('edit says what changed in the audit log', async () => {
    await admin.hosts.update({ host: 'omni1', patch: { pfexec: true, toolDir: '/opt/none' } });
    expect(audits('hosts.update').at(-1)).toMatchObject({ outcome: 'ok', detail: `omni1: tool dir ${simBinDir()} → /opt/none; pfexec false → true` });
    await admin.hosts.update({ host: 'omni1', patch: { pfexec: false, toolDir: simBinDir() } });
    await expect(admin.hosts.update({ host: 'ghost', patch: { port: 22 } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('remove is refused while a task runs there, naming it; then removes and is audited', async () => {
    database()
      .prepare(`INSERT INTO tasks (id, kind, title, user, host, zone, status, created_at) VALUES ('t-run', 'boot', 'Boot web01', 'operator', 'omni1', 'web01', 'running', ?)`)
      .run(Date.now());
    await expect(admin.hosts.remove({ host: 'omni1' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/task t-run \(Boot web01/) });
    database().prepare(`UPDATE tasks SET status = 'succeeded' WHERE id = 't-run'`).run();
    await admin.hosts.remove({ host: 'omni1' });
    expect(await row('omni1')).toBeUndefined();
    expect((await hostRegistry()).get('omni1')).toBeUndefined();
    // (the viewer's refused attempt above is the authorization middleware's record)
    expect(audits('hosts.remove').filter((a) => a.user === 'admin').map((a) => a.outcome)).toEqual(['ok', 'refused', 'ok']);
    expect(audits('hosts.remove').at(-1)!.detail).toMatch(/^removed omni1, which was ssh:\/\/.*@127\.0\.0\.1:\d+;/);
  });
});
