// bin/_launch and build.ts: the tools run the simulator built to plain JavaScript, build it
// when it is missing (a fresh clone), rebuild it when a source is newer (someone editing the
// simulator), and work from any directory and through a symlink. The staleness cases run on a
// copy of server/sim (its own dist/), so they never rebuild or touch the working tree's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SIM = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(SIM, '..', '..');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'sim-launch-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(exe: string, args: string[], cwd: string, root: string): Run {
  const r = spawnSync(exe, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, SIM_ROOT: root, SIM_TIME_SCALE: '0', SIM_NODE: process.execPath },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runAsync(exe: string, args: string[], cwd: string, root: string): Promise<Run> {
  return new Promise((resolve) => {
    const c = spawn(exe, args, { cwd, env: { ...process.env, SIM_ROOT: root, SIM_TIME_SCALE: '0', SIM_NODE: process.execPath } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const LIST_CV =
  '  ID NAME             STATUS     PATH                           BRAND    IP    \n' +
  '   0 global           running    /                              ipkg     shared\n';

/** A repository of its own: a copy of server/sim (without dist/), package.json and the real node_modules. */
function copyRepo(name: string): { repo: string; sim: string } {
  const repo = path.join(tmp, name);
  const sim = path.join(repo, 'server', 'sim');
  cpSync(SIM, sim, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(repo, 'node_modules'));
  // "type": "module": the sources use top-level await
  cpSync(path.join(REPO, 'package.json'), path.join(repo, 'package.json'));
  return { repo, sim };
}

describe('bin/_launch', () => {
  it('runs zoneadm list -cv from another directory and through a symlink, on the bundle', () => {
    const root = path.join(tmp, 'host-a');
    const link = path.join(tmp, 'zoneadm-link');
    symlinkSync(path.join(SIM, 'bin', 'zoneadm'), link);
    expect(run(path.join(SIM, 'bin', 'zoneadm'), ['list', '-cv'], tmp, root)).toEqual({ code: 0, stdout: LIST_CV, stderr: '' });
    expect(run(link, ['list', '-cv'], os.tmpdir(), root)).toEqual({ code: 0, stdout: LIST_CV, stderr: '' });
    // after a run the bundle exists and no source is newer than it
    const bundle = path.join(SIM, 'dist', 'cli.mjs');
    expect(existsSync(bundle)).toBe(true);
    const dirs = readFileSync(path.join(SIM, 'dist', 'cli.inputs'), 'utf8').trim().split(' ');
    expect(dirs).toContain('server/sim');
    const newer = spawnSync('find', [...dirs, '-maxdepth', '1', '-type', 'f', '-name', '*.ts', '!', '-name', '*.test.ts', '-newer', bundle], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(newer.stdout).toBe('');
  });

  it('builds a missing bundle, also when several tools start together, without eating stdin or writing to stdout', async () => {
    const { sim } = copyRepo('fresh');
    const root = path.join(tmp, 'host-b');
    const zoneadm = path.join(sim, 'bin', 'zoneadm');
    const runs = await Promise.all([1, 2, 3].map(() => runAsync(zoneadm, ['list', '-cv'], tmp, root)));
    for (const r of runs) expect(r).toEqual({ code: 0, stdout: LIST_CV, stderr: '' });
    expect(existsSync(path.join(sim, 'dist', 'cli.mjs'))).toBe(true);
    // zonecfg reading its commands from stdin: the build before it must not have eaten them
    const rm = path.join(sim, 'dist', 'cli.mjs');
    rmSync(rm);
    const c = spawnSync(path.join(sim, 'bin', 'zonecfg'), ['-z', 'z1', '-f', '-'], {
      input: 'create -t sparse\nset zonepath=/zones/z1\ncommit\n',
      encoding: 'utf8',
      env: { ...process.env, SIM_ROOT: root, SIM_TIME_SCALE: '0', SIM_NODE: process.execPath },
    });
    expect({ code: c.status, stdout: c.stdout, stderr: c.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(run(zoneadm, ['list', '-cp'], tmp, root).stdout).toMatch(/^0:global:running:\/::ipkg:shared:0\n-:z1:configured:\/zones\/z1:/);
  });

  it('rebuilds when a source is newer than the bundle, and only then', () => {
    const { sim } = copyRepo('edited');
    const root = path.join(tmp, 'host-c');
    const zoneadm = path.join(sim, 'bin', 'zoneadm');
    const bundle = path.join(sim, 'dist', 'cli.mjs');
    expect(run(zoneadm, ['list'], tmp, root).code).toBe(0);
    const built = statSync(bundle).mtimeMs;
    expect(run(zoneadm, ['list'], tmp, root).code).toBe(0);
    expect(statSync(bundle).mtimeMs).toBe(built); // fresh: no rebuild
    // a test file is not part of the bundle: touching it rebuilds nothing
    const later = new Date(built + 5000);
    utimesSync(path.join(sim, 'zoneadm.test.ts'), later, later);
    expect(run(zoneadm, ['list'], tmp, root).code).toBe(0);
    expect(statSync(bundle).mtimeMs).toBe(built);
    // an edit to a source shows up at the next start
    const usage = path.join(sim, 'zoneadm.ts');
    writeFileSync(usage, readFileSync(usage, 'utf8').replace("zerror(ctx, 'list -p and -v are mutually exclusive.')", "zerror(ctx, 'edited: -p and -v')"));
    utimesSync(usage, later, later);
    expect(run(zoneadm, ['list', '-pv'], tmp, root)).toMatchObject({ code: 1, stderr: 'zoneadm: edited: -p and -v\n' });
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(built);
  });
});
