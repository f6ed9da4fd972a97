// The Doctor on a remote host over real OpenSSH (loopback sshd in front of a simulated host):
// findings read through the SSH runner, then the host stops answering: the report says so and
// keeps the last run's findings with the time they were made.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEnv } from '../env';
import { createRegistry, type HostRegistry } from '../hosts/registry';
import { startSshd, type TestSshd } from '../hosts/sshd-testkit';
import { addHost } from '../hosts/store';
import { seedDemoHost } from '../sim/seed';
import { ensureHost } from '../sim/store';
import { database } from '../services';
import { DoctorReports } from './reports';

process.env.ZONEDASH_DB = ':memory:';

const SIM_BIN = path.resolve(__dirname, '..', 'sim', 'bin');
let root: string;
let sshd: TestSshd;
let registry: HostRegistry;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'doctor-ssh-'));
  await ensureHost(root);
  await seedDemoHost(root);
  sshd = await startSshd({ pathDirs: [SIM_BIN], env: { SIM_ROOT: root, SIM_TIME_SCALE: '0' } });
  addHost(
    database(),
    { name: 'far', address: '127.0.0.1', port: sshd.port, user: sshd.user, fingerprint: sshd.hostFingerprint, toolDir: SIM_BIN, pfexec: false, identityFile: path.join(sshd.dir, 'id_ed25519') },
    'test',
  );
  registry = await createRegistry({ ZONEDASH_HOST: 'none', SIM_HOSTS: 1, SIM_TIME_SCALE: 0 } as unknown as ServerEnv, database());
}, 60_000);

afterAll(async () => {
  registry?.close();
  await sshd?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('doctor over SSH', () => {
  it('reads a remote host, and when it stops answering says so and keeps the last findings', async () => {
    const host = registry.get('far')!;
    const reports = new DoctorReports();
    const first = await reports.report(host, true);
    expect(first.report.error).toBeNull();
    expect(first.report.findings.map((f) => f.id)).toContain('zone-incomplete:build');
    const incomplete = first.report.findings.find((f) => f.id === 'zone-incomplete:build')!;
    expect(incomplete.evidence[0]!.argv).toEqual(['zoneadm', 'list', '-cp']);
    expect(incomplete.evidence[0]!.output).toMatch(/:build:incomplete:/);
    console.log(`doctor run over ssh on the seeded host: ${first.report.durationMs} ms, ${first.report.findings.length} findings`);

    await sshd.stop();
    const t0 = Date.now();
    const second = await reports.report(host, true);
    console.log(`doctor run on the stopped host: said so after ${Date.now() - t0} ms`);
    expect(second.report.error).toMatch(/did not answer|connect|ECONNREFUSED|not connected/i);
    expect(second.report.ranAt).toBe(first.report.ranAt);
    expect(second.report.triedAt).toBeGreaterThan(first.report.ranAt!);
    expect(second.report.findings.map((f) => f.id)).toEqual(first.report.findings.map((f) => f.id));
  }, 120_000);
});
