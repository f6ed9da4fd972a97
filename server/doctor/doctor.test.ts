// Every Doctor finding built on the real simulator, the way an operator would leave it behind
// (the simulator's own tools, run beside the dashboard), then found, and the runnable fixes run
// as tasks until the finding is gone.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Host } from '../hosts/registry';
import { LocalRunner } from '../hosts/local';
import { SimRunner } from '../hosts/sim';
import { runTool } from '../sim/tools';
import { ensureHost } from '../sim/store';
import { addFault, clearFaults } from '../sim/faults';
import type { SimToolName } from '../sim/tool-io';
import { taskManager } from '../services';
import { createdVnics } from '../zones/created-vnics';
import { collect } from './collect';
import { runFix } from './fix';
import { DoctorReports } from './reports';
import type { DoctorFinding } from './finding';

process.env.ZONEDASH_DB = ':memory:';

const SIM_BIN = path.resolve(__dirname, '../sim/bin');
let root: string;
let host: Host;
let n = 0;

async function sim(tool: SimToolName, ...args: string[]): Promise<string> {
  let out = '';
  const code = await runTool(tool, args, { root, stdin: null, isTTY: false, stdout: (t) => (out += t), stderr: (t) => (out += t), timeScale: 0 });
  if (code !== 0) throw new Error(`${tool} ${args.join(' ')}: ${out}`);
  return out;
}

beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'doctor-'));
  await ensureHost(root);
  // a host name of its own per test: the reports and first-seen times are per host name
  host = { name: `sim-doctor-${++n}`, kind: 'sim', description: 'test', runner: new SimRunner({ root, timeScale: 0 }) };
});

const kinds = (fs: DoctorFinding[]) => fs.map((f) => f.id).sort();

async function fixAndWait(id: string, user = 'alice', reports?: DoctorReports) {
  const task = await runFix(host, id, user, reports);
  const done = await taskManager().wait(task.id);
  return done!;
}

describe('doctor on the simulator', () => {
  it('a clean host has nothing to clean up, and every command it ran is a read', async () => {
    await sim('zonecfg', '-z', 'ok', 'create -t lipkg; set zonepath=/zones/ok; set autoboot=true');
    await sim('zoneadm', '-z', 'ok', 'install');
    await sim('zoneadm', '-z', 'ok', 'boot');
    const seq = () => (JSON.parse(readFileSync(path.join(root, 'state.json'), 'utf8')) as { seq: number }).seq;
    const before = seq();
    const c = await collect(host);
    expect(c.findings).toEqual([]);
    expect(c.notes).toEqual([]);
    // the host's state did not move: the run only read
    expect(seq()).toBe(before);
  });

  it('a VNIC the dashboard created that no configuration names any more: found with its command and output, deleted by its fix, record gone', async () => {
    await sim('dladm', 'create-vnic', '-l', 'i40e0', 'web0');
    // made by hand and never recorded: not ours to report
    await sim('dladm', 'create-vnic', '-l', 'i40e0', 'hand0');
    createdVnics().record({ host: host.name, link: 'web0', zone: 'web', taskId: 'wizard-1' });
    const c = await collect(host);
    expect(kinds(c.findings)).toEqual(['vnic-orphan:web0']);
    const f = c.findings[0]!;
    expect(f.title).toBe('VNIC web0 is left over');
    expect(f.evidence[0]).toMatchObject({ argv: ['dladm', 'show-vnic', '-p', '-o', 'link,over,zone'], exitCode: 0 });
    expect(f.evidence[0]!.output).toContain('web0:i40e0:');
    expect(f.marks).toEqual(['web0:']);
    expect(f.fix).toMatchObject({ runnable: true, role: 'admin', steps: [{ argv: ['dladm', 'delete-vnic', 'web0'] }] });
    const task = await fixAndWait(f.id);
    expect(task).toMatchObject({ status: 'succeeded', kind: 'doctor:vnic-orphan', zone: 'web', user: 'alice' });
    expect(task.steps.map((s) => s.argv)).toEqual([['dladm', 'delete-vnic', 'web0']]);
    expect(createdVnics().get(host.name, 'web0')).toBeNull();
    expect((await collect(host)).findings).toEqual([]);
    expect(await sim('dladm', 'show-vnic', '-p', '-o', 'link')).toBe('hand0\n');
  });

  it('a VNIC a configuration names that the host does not have: recreated over the physical link', async () => {
    await sim('zonecfg', '-z', 'db', 'create -t lipkg; set zonepath=/zones/db; set ip-type=exclusive; add net; set physical=db0; end');
    const c = await collect(host);
    expect(kinds(c.findings)).toEqual(['vnic-missing:db/db0']);
    const f = c.findings[0]!;
    expect(f.evidence.map((e) => e.argv.join(' '))).toEqual(['zonecfg -z db info', 'dladm show-link -p -o link,class,state,over']);
    expect(f.evidence[0]!.output).toContain('physical: db0');
    expect(f.fix?.steps.map((s) => s.argv.join(' '))).toEqual(['dladm create-vnic -l i40e0 db0']);
    expect((await fixAndWait(f.id)).status).toBe('succeeded');
    expect(createdVnics().get(host.name, 'db0')?.zone).toBe('db');
    expect((await collect(host)).findings).toEqual([]);
  });

  it('an install that died leaves the zone incomplete: uninstall -F', async () => {
    await sim('zonecfg', '-z', 'half', 'create -t lipkg; set zonepath=/zones/half');
    await addFault(root, { kind: 'install-fail', zone: 'half', once: true });
    await expect(sim('zoneadm', '-z', 'half', 'install')).rejects.toThrow();
    const c = await collect(host);
    expect(kinds(c.findings)).toEqual(['zone-incomplete:half']);
    expect(c.findings[0]!.evidence[0]!.output).toMatch(/:half:incomplete:/);
    expect(c.findings[0]!.fix?.steps.map((s) => s.argv.join(' '))).toEqual(['zoneadm -z half uninstall -F']);
    expect((await fixAndWait('zone-incomplete:half')).status).toBe('succeeded');
    expect(await sim('zoneadm', 'list', '-cp')).toMatch(/:half:configured:/);
    expect((await collect(host)).findings).toEqual([]);
  });

  it('autoboot=true and not running: boot (the operator may)', async () => {
    await sim('zonecfg', '-z', 'auto', 'create -t lipkg; set zonepath=/zones/auto; set autoboot=true');
    await sim('zoneadm', '-z', 'auto', 'install');
    const c = await collect(host);
    expect(kinds(c.findings)).toEqual(['zone-autoboot:auto']);
    expect(c.findings[0]!.fix).toMatchObject({ role: 'operator', steps: [{ argv: ['zoneadm', '-z', 'auto', 'boot'] }] });
    expect(c.findings[0]!.evidence[1]!.output).toContain('autoboot: true');
    expect((await fixAndWait('zone-autoboot:auto', 'olga')).status).toBe('succeeded');
    expect((await collect(host)).findings).toEqual([]);
  });

  it('a zone left in shutting_down is stuck only past the bound, dated from when the dashboard first saw it', async () => {
    await sim('zonecfg', '-z', 'stuck', 'create -t lipkg; set zonepath=/zones/stuck');
    await sim('zoneadm', '-z', 'stuck', 'install');
    await sim('zoneadm', '-z', 'stuck', 'boot');
    // a shutdown whose zoneadm dies mid-way (killed): the zone stays shutting_down
    const abort = new AbortController();
    const dying = runTool('zoneadm', ['-z', 'stuck', 'shutdown'], { root, stdin: null, isTTY: false, stdout: () => {}, stderr: () => {}, timeScale: 1, signal: abort.signal }).catch(() => -1);
    for (let i = 0; i < 100 && !/:stuck:shutting_down:/.test(await sim('zoneadm', 'list', '-cp')); i++) await new Promise((r) => setTimeout(r, 20));
    abort.abort();
    await dying;
    expect(await sim('zoneadm', 'list', '-cp')).toMatch(/:stuck:shutting_down:/);
    const first = Date.now();
    expect((await collect(host)).findings).toEqual([]);
    const later = await collect(host, { now: () => first + 6 * 60_000 });
    expect(kinds(later.findings)).toEqual(['zone-stuck:stuck']);
    expect(later.findings[0]!.title).toMatch(/^Zone stuck has been shutting_down for at least [56] min$/);
    expect(later.findings[0]!.fix?.steps.map((s) => s.argv.join(' '))).toEqual(['zoneadm -z stuck halt']);
    const task = await fixAndWait('zone-stuck:stuck', 'olga', new DoctorReports({ now: () => first + 6 * 60_000 }));
    expect(task.status).toBe('succeeded');
    expect(await sim('zoneadm', 'list', '-cp')).toMatch(/:stuck:installed:/);
  });

  it('a dataset under the zones root with no zone (a clone left behind): zfs destroy -r', async () => {
    await sim('zonecfg', '-z', 'src', 'create -t lipkg; set zonepath=/zones/src');
    await sim('zoneadm', '-z', 'src', 'install');
    await sim('zfs', 'snapshot', 'rpool/zones/src/ROOT/zbe@base');
    await sim('zfs', 'clone', 'rpool/zones/src/ROOT/zbe@base', 'rpool/zones/gone');
    const c = await collect(host);
    expect(kinds(c.findings)).toEqual(['dataset-leftover:rpool/zones/gone']);
    const f = c.findings[0]!;
    expect(f.evidence[0]!.argv.join(' ')).toBe('zfs list -Hp -o name,used,avail,mountpoint');
    expect(f.evidence[0]!.output).toContain('rpool/zones/gone\t');
    expect(f.fix?.steps.map((s) => s.argv.join(' '))).toEqual(['zfs destroy -r rpool/zones/gone']);
    expect((await fixAndWait(f.id)).status).toBe('succeeded');
    expect((await collect(host)).findings).toEqual([]);
  });

  it("a snapshot the dashboard made (org.zonedash:made) older than the bound; others' snapshots are not ours", async () => {
    await sim('zonecfg', '-z', 'snap', 'create -t lipkg; set zonepath=/zones/snap');
    await sim('zoneadm', '-z', 'snap', 'install');
    const made = new Date().toISOString();
    // as the zone page takes them (server/zones/snapshots.ts): -r, marked, at the zonepath's dataset
    await sim('zfs', 'snapshot', '-r', '-o', `org.zonedash:made=${made}`, 'rpool/zones/snap@ours');
    await sim('zfs', 'snapshot', 'rpool/zones/snap@theirs');
    expect((await collect(host)).findings).toEqual([]);
    const monthLater = { now: () => Date.now() + 31 * 24 * 3600_000 };
    const c = await collect(host, monthLater);
    expect(kinds(c.findings)).toEqual(['snapshot-old:rpool/zones/snap@ours']);
    const f = c.findings[0]!;
    expect(f.zone).toBe('snap');
    expect(f.evidence[0]!.argv.join(' ')).toBe('zfs list -H -p -t snapshot -o name,used,refer,creation,org.zonedash:made -d 1 rpool/zones/snap');
    expect(f.evidence[0]!.output).toContain(`rpool/zones/snap@ours\t`);
    expect(f.fix?.steps.map((s) => s.argv.join(' '))).toEqual(['zfs destroy -r rpool/zones/snap@ours']);
    expect((await fixAndWait(f.id, 'alice', new DoctorReports(monthLater))).status).toBe('succeeded');
    // the namesakes below went with it; the operator's snapshot stays
    expect(await sim('zfs', 'list', '-H', '-t', 'snapshot', '-o', 'name')).toBe('rpool/zones/snap@theirs\n');
  });

  it('the zones root short of space (a quota on rpool/zones, as the simulator keeps it in zfs.json)', async () => {
    await sim('zonecfg', '-z', 'big', 'create -t lipkg; set zonepath=/zones/big');
    await sim('zoneadm', '-z', 'big', 'install');
    const file = path.join(root, 'zfs.json');
    const zfs = (() => {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as { props?: Record<string, { quota?: number }> };
      } catch {
        return {};
      }
    })();
    const used = Number((await sim('zfs', 'list', '-Hp', '-o', 'used', 'rpool/zones')).trim());
    zfs.props = { ...zfs.props, 'rpool/zones': { quota: used + 100 * 1024 ** 2 } };
    writeFileSync(file, JSON.stringify(zfs));
    const c = await collect(host);
    expect(kinds(c.findings)).toEqual(['pool-space:rpool/zones']);
    expect(c.findings[0]!.title).toMatch(/^rpool\/zones has 100\.0 MiB free \(\d+ % of /);
    expect(c.findings[0]!.fix).toMatchObject({ runnable: false, steps: [{ argv: ['zfs', 'list', '-o', 'space', '-S', 'used', '-r', 'rpool/zones'] }] });
    await expect(runFix(host, c.findings[0]!.id, 'alice')).rejects.toMatchObject({ kind: 'refused' });
  });
});

describe('doctor: the host clock', () => {
  it("a host whose clock runs 90 s behind the dashboard's (the simulator's clock-skew fault, as sim-fault sets it)", async () => {
    await addFault(root, { kind: 'clock-skew', seconds: -90 });
    const c = await collect(host);
    expect(kinds(c.findings)).toEqual([`clock-skew:${host.name}`]);
    const f = c.findings[0]!;
    expect(f.title).toMatch(new RegExp(`^${host.name}'s clock is (89|90|91)(\\.\\d)? s behind the dashboard's$`));
    expect(f.evidence[0]!.argv).toEqual(['kstat', '-p', '-T', 'u', 'unix:0:system_misc:boot_time']);
    expect(f.fix).toMatchObject({ runnable: false, steps: [{ argv: ['svcadm', 'enable', 'network/ntp'] }] });
    // within the bound: nothing
    await clearFaults(root, 'clock-skew');
    await addFault(root, { kind: 'clock-skew', seconds: 3 });
    expect((await collect(host)).findings).toEqual([]);
  });
});

describe('doctor: tools and privileges, over the simulator run as a local host would run it', () => {
  const localHost = (env: Record<string, string>, paths: Partial<Record<string, string>> = {}): Host => {
    const toolPaths = Object.fromEntries(['zoneadm', 'zonecfg', 'dladm', 'ipadm', 'zlogin', 'zfs', 'kstat', 'uname'].map((t) => [t, paths[t] ?? path.join(SIM_BIN, t)]));
    return {
      name: `local-doctor-${++n}`,
      kind: 'local',
      description: 'test',
      runner: new LocalRunner({ pfexec: false, toolPaths, env: { SIM_ROOT: root, SIM_TIME_SCALE: '0', PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } }),
    };
  };

  it('a tool that is not there, and zoneadm refused for want of the Zone Management profile (named exactly)', { timeout: 120_000 }, async () => {
    await sim('zonecfg', '-z', 'p', 'create -t lipkg; set zonepath=/zones/p');
    host = localHost({ SIM_USER: 'zdash' }, { ipadm: '/nonexistent/ipadm' });
    const c = await collect(host);
    expect(kinds(c.findings)).toEqual(['privilege-missing:zoneadm', 'tool-missing:ipadm']);
    const priv = c.findings.find((f) => f.kind === 'privilege-missing')!;
    expect(priv.title).toMatch(/lacks the RBAC profile 'Zone Management' for zoneadm on /);
    expect(priv.evidence[0]).toMatchObject({ argv: ['zoneadm', '-z', 'p', 'verify'], output: "zoneadm: zone 'p': only a privileged user may verify a zone.\n" });
    expect(priv.fix?.runnable).toBe(false);
    expect(priv.fix?.steps[0]!.argv.slice(0, 3)).toEqual(['usermod', '-P', 'Zone Management,Zone Security,Network Management,ZFS File System Management']);
    const tool = c.findings.find((f) => f.kind === 'tool-missing')!;
    expect(tool.title).toMatch(/^ipadm is not on /);
    expect(tool.evidence[0]).toMatchObject({ argv: ['ipadm', 'show-if', '-p', '-o', 'ifname'], exitCode: 127 });
  });
});
