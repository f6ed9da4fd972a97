import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { readVector } from '../testkit/vectors';
import { ConsoleFollower, appendConsole, claimConsole, claimPath, consoleHolder, renderNotice } from './console';
import { consoleNotice, zoneBooted, zoneStopped, removeZoneRoot } from './zoneos';
import { runConsole, parseZloginArgs, type InputSource } from './zlogin';
import { makeSimHost } from './zoneos-testkit';
import { findZone, readState, updateState } from './store';

let root: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ root, cleanup } = await makeSimHost([{ name: 'web01', state: 'installed' }, { name: 'db01', state: 'installed' }]));
});
afterAll(() => cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(pred: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** an input source the test types into */
function typist(): InputSource & { type(s: string): void; eof(): void } {
  let data: (c: string) => void = () => {};
  let end: () => void = () => {};
  return {
    onData: (cb) => (data = cb),
    onEnd: (cb) => (end = cb),
    start: () => {},
    stop: () => {},
    type: (s) => data(s),
    eof: () => end(),
  };
}

async function boot(zone: string, scale: number): Promise<void> {
  await updateState(root, (s) => {
    const z = findZone(s, zone)!;
    z.state = 'running';
    z.id = 7;
  });
  await consoleNotice(root, zone, 'NOTICE: Zone booting up');
  await zoneBooted(root, findZone(await readState(root), zone)!, '', { timeScale: scale });
}

async function halt(zone: string): Promise<void> {
  await zoneStopped(root, zone, 'halt');
  await updateState(root, (s) => {
    const z = findZone(s, zone)!;
    z.state = 'installed';
    z.id = null;
  });
  await consoleNotice(root, zone, 'NOTICE: Zone halted');
}

describe('zoneadmd notices', () => {
  it('render as the reconstructed zcons notices, with the -d variants', () => {
    const lines = readVector('recon-zlogin-C-halt-notices.txt').body.trim().split('\n');
    for (const line of lines) {
      const m = /^\[(.*?)(\.  Disconnecting\.\.\.)?\]$/.exec(line)!;
      const base = m[1]!;
      if (m[2] && base !== 'NOTICE: Zone is being uninstalled') {
        expect(renderNotice(base, true)).toEqual({ text: `\r\n${line}\r\n`, disconnect: true });
      } else {
        const n = renderNotice(line.slice(1, -1), false);
        expect(n.text).toBe(`\r\n${line}\r\n`);
        expect(n.disconnect).toBe(line.includes('Disconnecting'));
      }
    }
  });
});

describe('zlogin -C session (in process)', () => {
  it('shows the boot transcript of vectors/recon-zlogin-C-native-boot.txt and leaves on ~.', async () => {
    // a second boot: the first one also loads the SMF service descriptions
    await boot('web01', 0);
    await halt('web01');
    const input = typist();
    let out = '';
    let err = '';
    const p = parseZloginArgs(['-C', 'web01']);
    if (!p.ok) throw new Error(p.stderr);
    const done = runConsole(root, p.o, { stdout: (t) => (out += t), stderr: (t) => (err += t), input }, 0);
    await until(() => out.includes('console]'), 'the banner');
    await boot('web01', 0.02);
    await until(() => out.includes('console login: '), 'the login prompt');
    input.type('~.');
    expect(await done).toBe(0);
    expect(err).toBe('');
    const norm = (s: string) => s.replace(/\r\n/g, '\n').replace(/omnios-r\d+-[0-9a-f]+/, 'VERSION').replace(/2017-20\d\d/g, 'YEARS');
    expect(norm(out)).toBe(norm(readVector('recon-zlogin-C-native-boot.txt').body));
  });

  it('login as root, run a command, log out, and the login state survives a detach', async () => {
    const input = typist();
    let out = '';
    const p = parseZloginArgs(['-C', 'web01']);
    if (!p.ok) throw new Error(p.stderr);
    const done = runConsole(root, p.o, { stdout: (t) => (out += t), stderr: () => {}, input }, 0);
    await sleep(50);
    input.type('\r');
    await until(() => out.includes('web01 console login: '), 'a fresh prompt');
    input.type('root\r');
    await until(() => out.includes('root@web01:~# '), 'the shell prompt');
    input.type('cd /etc; echo hi-$((40+2))\r');
    await until(() => out.includes('hi-42\r\nroot@web01:/etc# '), 'the command output');
    input.type('~.');
    await done;
    // reattach: still logged in, still in /etc
    const input2 = typist();
    let out2 = '';
    const done2 = runConsole(root, p.o, { stdout: (t) => (out2 += t), stderr: () => {}, input: input2 }, 0);
    await sleep(50);
    input2.type('pwd\r');
    await until(() => out2.includes('pwd\r\n/etc\r\nroot@web01:/etc# '), 'pwd in the kept session');
    input2.type('sleep 30\r');
    await sleep(100);
    input2.type('\x03');
    await until(() => out2.includes('sleep 30\r\n^C\r\nroot@web01:/etc# '), '^C interrupting sleep');
    input2.type('exit\r');
    await until(() => out2.includes('logout\r\n\r\nweb01 console login: '), 'logout');
    input2.eof();
    expect(await done2).toBe(0);
    expect(out2.endsWith("\n[Connection to zone 'web01' console closed]\n")).toBe(true);
  });

  it('-d disconnects when the zone halts; without -d the client stays', async () => {
    const withD = parseZloginArgs(['-C', '-d', 'db01']);
    if (!withD.ok) throw new Error(withD.stderr);
    await boot('db01', 0);
    let out = '';
    const input = typist();
    const done = runConsole(root, withD.o, { stdout: (t) => (out += t), stderr: () => {}, input }, 0);
    await sleep(50);
    await halt('db01');
    expect(await done).toBe(0);
    expect(out).toBe("[Connected to zone 'db01' console]\n\r\n[NOTICE: Zone halted.  Disconnecting...]\r\n\n[Connection to zone 'db01' console closed]\n");
  });

  it('-e changes the escape character, -E disables it', async () => {
    const p = parseZloginArgs(['-C', '-e', '@', 'db01']);
    if (!p.ok) throw new Error(p.stderr);
    expect(p.o.cmdchar).toBe('@');
    let out = '';
    const input = typist();
    const done = runConsole(root, p.o, { stdout: (t) => (out += t), stderr: () => {}, input }, 0);
    await sleep(30);
    input.type('~.');
    await sleep(50);
    input.type('\r@.');
    await done;
    expect(out).toContain('@.\n[Connection');
    const e = parseZloginArgs(['-C', '-E', 'db01']);
    expect(e.ok && e.o.nocmdchar).toBe(true);
    const oct = parseZloginArgs(['-C', '-e', '\\101', 'db01']);
    expect(oct.ok && oct.o.cmdchar).toBe('A');
  });
});

describe('the console log', () => {
  it('a reader attaching later still gets output scheduled by an earlier process', async () => {
    await boot('db01', 0.05); // banner after 15 ms, login prompt after 200 ms
    await sleep(80);
    let out = '';
    const f = new ConsoleFollower(root, 'db01', { onData: (t) => (out += t), onDetach: () => {} });
    f.start();
    await until(() => out.includes('db01 console login: '), 'the scheduled prompt');
    f.stop();
    expect(out).not.toContain('SunOS Release'); // already shown before this reader attached
  });

  it('a halt drops what the boot had not shown yet', async () => {
    let out = '';
    const f = new ConsoleFollower(root, 'db01', { onData: (t) => (out += t), onDetach: () => {} });
    f.start();
    await appendConsole(root, 'db01', [{ at: Date.now() + 150, d: 'LATE' }]);
    await halt('db01');
    await sleep(300);
    f.stop();
    expect(out).toBe('\r\n[NOTICE: Zone halted]\r\n');
  });

  it('uninstall detaches readers', async () => {
    let detached = '';
    const f = new ConsoleFollower(root, 'db01', { onData: () => {}, onDetach: (r) => (detached = r) });
    f.start();
    await removeZoneRoot(root, 'db01');
    await until(() => detached !== '', 'the detach');
    expect(detached).toBe('detach');
  });
});

describe('the one-client claim', () => {
  it('refuses a second client with the holder pid, and takes over a dead holder', async () => {
    const a = await claimConsole(root, 'web01');
    expect(a.ok).toBe(true);
    const b = await claimConsole(root, 'web01');
    expect(b).toEqual({ ok: false, pid: process.pid });
    expect(consoleHolder(root, 'web01')).toBe(process.pid);
    if (a.ok) a.release();
    expect(consoleHolder(root, 'web01')).toBeNull();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(claimPath(root, 'web01'), `${dead.stdout} 1 ${os.hostname()}`);
    const c = await claimConsole(root, 'web01');
    expect(c.ok).toBe(true);
    if (c.ok) c.release();
  });
});
