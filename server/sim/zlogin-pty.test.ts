// bin/zlogin on a real pseudo-terminal (node-pty), as the dashboard's console hub runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import { makeSimHost } from './zoneos-testkit';
import { consoleNotice, zoneBooted } from './zoneos';
import { consoleHolder } from './console';
import { findZone, readState, updateState } from './store';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const bin = path.join(here, 'bin');

/** bin/zlogin through the shared launcher; the stand-alone entry while the launcher is missing */
function zloginArgv(args: string[]): [string, string[]] {
  if (existsSync(path.join(bin, '_launch'))) return [path.join(bin, 'zlogin'), args];
  return [process.execPath, ['--import', 'tsx', path.join(here, 'zlogin-main.ts'), ...args]];
}

let root: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ root, cleanup } = await makeSimHost([{ name: 'web01', state: 'installed' }, { name: 'app01', state: 'running' }]));
});
afterAll(() => cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spawnPty(args: string[]) {
  const [file, argv] = zloginArgv(args);
  const p = pty.spawn(file, argv, { cwd: repo, cols: 80, rows: 24, env: { ...process.env, SIM_ROOT: root, SIM_TIME_SCALE: '0.05' } as Record<string, string> });
  let out = '';
  p.onData((d) => (out += d));
  const exited = new Promise<number>((r) => p.onExit((e) => r(e.exitCode)));
  const waitFor = async (s: string, ms = 15000) => {
    const end = Date.now() + ms;
    while (!out.includes(s)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${JSON.stringify(s)}; got ${JSON.stringify(out)}`);
      await sleep(20);
    }
  };
  return { p, out: () => out, waitFor, exited };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('bin/zlogin -C in a pty', () => {
  it('waits for the boot, logs in as root, runs a command, refuses a second client, leaves on ~.', async () => {
    const c = spawnPty(['-C', 'web01']);
    await c.waitFor("[Connected to zone 'web01' console]\r\n");

    // zoneadm boot, from another process's point of view
    await updateState(root, (s) => {
      const z = findZone(s, 'web01')!;
      z.state = 'running';
      z.id = 3;
    });
    await consoleNotice(root, 'web01', 'NOTICE: Zone booting up');
    await zoneBooted(root, findZone(await readState(root), 'web01')!, '', { timeScale: 0.05 });

    await c.waitFor('\r\n[NOTICE: Zone booting up]\r\n\r\n\r\nSunOS Release 5.11 Version omnios-r151054');
    await c.waitFor('Hostname: web01\r\n');
    await c.waitFor('\r\nweb01 console login: ');
    c.p.write('root\r');
    await c.waitFor('root@web01:~# ');
    c.p.write('echo hi-$((40+2))\r');
    await c.waitFor('echo hi-$((40+2))\r\nhi-42\r\nroot@web01:~# ');

    // one console client at a time
    const [file, argv] = zloginArgv(['-C', 'web01']);
    const second = spawnSync(file, argv, { cwd: repo, env: { ...process.env, SIM_ROOT: root }, encoding: 'utf8', input: '' });
    const holder = consoleHolder(root, 'web01');
    expect(holder).not.toBeNull();
    expect(second.stderr).toBe(`zlogin: Zone is already in use by process ID ${holder}.\n`);
    expect(second.stdout).toBe('');
    expect(second.status).toBe(1);

    c.p.write('~.');
    expect(await c.exited).toBe(0);
    expect(c.out().endsWith("root@web01:~# ~.\r\n[Connection to zone 'web01' console closed]\r\n")).toBe(true);
    expect(c.out()).not.toContain('\r\r\n');
    expect(alive(holder!)).toBe(false);
    expect(consoleHolder(root, 'web01')).toBeNull();
  });

  it('a hang-up (the hub closing the pty) ends zlogin and frees the console', async () => {
    const c = spawnPty(['-C', 'web01']);
    await c.waitFor('console]\r\n');
    await sleep(100);
    const holder = consoleHolder(root, 'web01');
    expect(holder).not.toBeNull();
    c.p.kill('SIGHUP');
    await c.exited;
    await sleep(50);
    expect(alive(holder!)).toBe(false);
    expect(consoleHolder(root, 'web01')).toBeNull();
  });
});

describe('interactive bin/zlogin in a pty', () => {
  it('gives a root shell on a pts and closes with the banner on exit', async () => {
    const c = spawnPty(['app01']);
    await c.waitFor("[Connected to zone 'app01' pts/");
    await c.waitFor('OmniOS 5.11     omnios-r151054-b53bc6f7d7       May 2025\r\nroot@app01:~# ');
    c.p.write('zonename; exit 3\r');
    await c.waitFor('app01\r\n');
    expect(await c.exited).toBe(3);
    expect(c.out()).toMatch(/\r\n\[Connection to zone 'app01' pts\/\d+ closed\]\r\n$/);
  });
});

describe('bin/zlogin ZONE (interactive) in a pty', () => {
  it('prints the banner, motd and prompt of vectors/real-zlogin-interactive-omnios.txt, and the closing banner', async () => {
    const c = spawnPty(['app01']);
    await c.waitFor('root@');
    await c.waitFor(':~# ');
    // The real transcript, with what varies between hosts masked: the pts number, the
    // release string and its date, the zone's name.
    const lines = c.out().split('\r\n');
    expect(lines[0]).toMatch(/^\[Connected to zone 'app01' pts\/\d+\]$/);
    expect(lines[1]).toMatch(/^OmniOS 5\.11 {5}omnios-r\d{6}-[0-9a-f]{10} {7}\w+ \d{4}$/);
    expect(lines[2]).toMatch(/^root@app01:~# $/);
    c.p.write('echo hi-$((40+2))\r');
    await c.waitFor('hi-42');
    c.p.write('exit\r');
    expect(await c.exited).toBe(0);
    expect(c.out()).toMatch(/\[Connection to zone 'app01' pts\/\d+ closed\]/);
  });
});
