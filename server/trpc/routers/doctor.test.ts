// The Doctor's procedures through the tRPC caller, on a real SQLite database and the embedded
// simulated host (seeded: www, api, mail running; db installed; build incomplete; vm
// configured): everyone reads the findings; a fix needs the role of what it does (boot: the
// operator; uninstall: the admin), runs as a task and lands in the audit log with its argv.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const scratch = await mkdtemp(path.join(os.tmpdir(), 'zd-doctor-router-'));
process.env.ZONEDASH_DB = path.join(scratch, 'data', 'zonedash.sqlite');
process.env.ZONEDASH_HOST = 'sim';
process.env.SIM_ROOT = path.join(scratch, 'sim');
process.env.SIM_SEED = '1';
process.env.SIM_TIME_SCALE = '0';

const { signIn } = await import('../../auth/testkit');
const { listAudit } = await import('../../auth/audit');
const { createCallerFactory } = await import('../init');
const { appRouter } = await import('../app-router');
const { startServices, taskManager } = await import('../../services');
const { runTool } = await import('../../sim/tools');
const makeCaller = createCallerFactory(appRouter);

let viewer: ReturnType<typeof makeCaller>;
let operator: ReturnType<typeof makeCaller>;
let admin: ReturnType<typeof makeCaller>;

async function sim(tool: 'zoneadm' | 'zonecfg', ...args: string[]) {
  let out = '';
  const code = await runTool(tool, args, { root: process.env.SIM_ROOT!, stdin: null, isTTY: false, stdout: (t) => (out += t), stderr: (t) => (out += t), timeScale: 0 });
  if (code !== 0) throw new Error(out);
}

beforeAll(async () => {
  await startServices();
  viewer = makeCaller((await signIn('viewer')).ctx);
  operator = makeCaller((await signIn('operator')).ctx);
  admin = makeCaller((await signIn('admin')).ctx);
});

describe('doctor router', () => {
  it('every signed-in user reads every host\'s findings and counts', async () => {
    const [sim] = await viewer.doctor.hosts({});
    expect(sim).toMatchObject({ host: 'sim', error: null });
    expect(sim!.findings.map((f) => f.id)).toContain('zone-incomplete:build');
    // the planned steps stay on the server: the browser sees the commands
    expect(sim!.findings.find((f) => f.id === 'zone-incomplete:build')).not.toHaveProperty('plan');
    expect(await viewer.doctor.counts()).toEqual([{ host: 'sim', count: sim!.findings.length, error: null }]);
  }, 30_000);

  it('a fix needs the role of what it does; refused calls run nothing', async () => {
    await expect(viewer.doctor.fix({ host: 'sim', id: 'zone-incomplete:build' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(operator.doctor.fix({ host: 'sim', id: 'zone-incomplete:build' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/needs the admin role/) });
    await expect(admin.doctor.fix({ host: 'sim', id: 'nonsense:build' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.doctor.fix({ host: 'sim', id: 'vnic-orphan:nosuch0' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(taskManager().list({ host: 'sim' }).filter((t) => t.kind.startsWith('doctor'))).toEqual([]);
  }, 30_000);

  it('the operator boots an autoboot zone left installed: one task, audited with its argv', async () => {
    await sim('zonecfg', '-z', 'docauto', 'create -t sparse; set zonepath=/zones/docauto; set autoboot=true');
    await sim('zoneadm', '-z', 'docauto', 'install');
    const [report] = await operator.doctor.hosts({ fresh: true });
    const f = report!.findings.find((x) => x.id === 'zone-autoboot:docauto');
    expect(f?.fix).toMatchObject({ runnable: true, role: 'operator', steps: [{ argv: ['zoneadm', '-z', 'docauto', 'boot'] }] });
    const task = await operator.doctor.fix({ host: 'sim', id: 'zone-autoboot:docauto' });
    expect((await taskManager().wait(task.id))?.status).toBe('succeeded');
    const audit = listAudit({ action: 'doctor.fix' }).entries;
    expect(audit[0]).toMatchObject({ user: 'operator', host: 'sim', zone: 'docauto', outcome: 'ok', argv: [['zoneadm', '-z', 'docauto', 'boot']], taskId: task.id });
    const [after] = await viewer.doctor.hosts({});
    expect(after!.findings.map((x) => x.id)).not.toContain('zone-autoboot:docauto');
  }, 60_000);
});
