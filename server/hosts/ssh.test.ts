// The SSH runner against real OpenSSH servers on 127.0.0.1 (sshd-testkit.ts): three hosts in
// one run. What travels is real: the quoted command line goes through sshd, the login shell and
// /bin/sh; the simulator's tools run as the sessions' programs; faults are real signals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { zloginConsole } from '../illumos/zlogin';
import { makeSimHost } from '../sim/zoneos-testkit';
import { consoleHolder } from '../sim/console';
import { simBinDir } from './pty';
import { startGate } from './ssh-start-gate';
import { MAX_CONCURRENT_HANDSHAKES, MAX_HANDSHAKES_PER_SERVER, SshRunner, fingerprintOf, generateIdentity, handshakeUse, probeHostKey, type SshHostConfig, type SshState } from './ssh';
import { sshdAvailable, startSshd, type TestSshd } from './sshd-testkit';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, fn: () => T | Promise<T>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function waitState(runner: SshRunner, state: SshState, ms = 10_000): Promise<true> {
  return until(`state ${state} (now ${runner.state}: ${runner.lastError})`, () => runner.state === state || undefined, ms) as Promise<true>;
}

// Stand-ins for the tools, in a tool directory of their own: the runner calls <toolDir>/<tool>.
const TOOLS: Record<string, string> = {
  // its argv, each word followed by a NUL: what arrived, byte for byte
  zoneadm: `printf '%s\\000' "$@"`,
  // its standard input, untouched
  zonecfg: 'exec cat',
  // records its pid and a child's, then hangs (a stuck tool)
  dladm: 'echo $$ > "$1.tmp"; sleep 300 & echo $! > "$1.child"; mv "$1.tmp" "$1"; wait',
  // the locale it got; optionally sleeps (for the channel limit)
  ipadm: 'echo "LC_ALL=$LC_ALL"; [ "$1" = sleep ] && sleep "$2"; exit 0',
};

let toolDir: string;
let sim: { root: string; cleanup(): void };
let hostA: TestSshd; // plain: the login shell runs the command line
let hostB: TestSshd; // ForceCommand: /bin/sh runs it, and sshd refuses signal requests
let hostC: TestSshd; // frozen and re-keyed by the tests below
const runners: SshRunner[] = [];

function configFor(host: TestSshd, extra: Partial<SshHostConfig> = {}): SshHostConfig {
  return {
    name: `h${host.port}`,
    address: '127.0.0.1',
    port: host.port,
    user: host.user,
    privateKey: host.clientPrivateKey,
    pinnedFingerprints: [host.hostFingerprint],
    toolDir,
    pfexec: false,
    ...extra,
  };
}

function runner(host: TestSshd, extra: Partial<SshHostConfig> = {}): SshRunner {
  const r = new SshRunner(configFor(host, extra));
  runners.push(r);
  return r;
}

const skip = !sshdAvailable();

beforeAll(async () => {
  if (skip) return;
  toolDir = await mkdtemp(path.join(os.tmpdir(), 'zd-ssh-tools-'));
  for (const [name, body] of Object.entries(TOOLS)) await writeFile(path.join(toolDir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  sim = await makeSimHost([{ name: 'app01', state: 'running' }, { name: 'web01', state: 'installed' }]);
  const env = { SIM_ROOT: sim.root, SIM_TIME_SCALE: '0', SIM_NODE: process.execPath };
  [hostA, hostB, hostC] = await Promise.all([
    startSshd({ pathDirs: [simBinDir()], env }),
    startSshd({ pathDirs: [simBinDir()], env, forceCommandShell: true }),
    startSshd({ pathDirs: [simBinDir()], env }),
  ]);
}, 30_000);

afterAll(async () => {
  for (const r of runners) r.close();
  await Promise.all([hostA, hostB, hostC].filter(Boolean).map((h) => h.stop()));
  sim?.cleanup();
  if (toolDir) await rm(toolDir, { recursive: true, force: true });
});

const HOSTILE = [
  "it's",
  '"double"',
  '$(touch /tmp/zd-pwned)',
  '`touch /tmp/zd-pwned`',
  '$HOME ${PATH} $$ $1',
  'a; touch /tmp/zd-pwned',
  'a && b || c | d & e',
  'line1\nline2\n',
  '\r\t\v\f',
  '-oProxyCommand=touch /tmp/zd-pwned',
  '--',
  '-',
  '  leading and trailing spaces  ',
  '',
  '*',
  '/*/*',
  '~root',
  '!!',
  '#not a comment',
  '\\',
  "'\\''",
  'é 中文 🎉',
  '\u202Eevil\u202C bidi \u2066x\u2069',
  '\u0001\u001b[31m\u007f',
  '> /tmp/zd-pwned',
  'x'.repeat(10 * 1024),
];

describe.skipIf(skip)('SSH runner over a real sshd', () => {
  it('connects, pins the host key that ssh-keygen -lf prints, and measures the round trip', async () => {
    const r = runner(hostA);
    await waitState(r, 'connected');
    await until('a keepalive answer', () => r.rttMs !== null);
    expect(r.rttMs).toBeGreaterThanOrEqual(0);
    expect(r.lastHeardAt).toBeGreaterThan(Date.now() - 5000);
    expect(r.lastError).toBeNull();
    const probed = await probeHostKey({ address: '127.0.0.1', port: hostA.port });
    expect(probed).toEqual({ fingerprint: hostA.hostFingerprint, keyType: 'ssh-ed25519' });
    // fingerprintOf agrees with ssh-keygen on the same key
    const blob = Buffer.from(hostA.clientPublicKey.split(' ')[1]!, 'base64');
    expect(fingerprintOf(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it.each([
    ['the login shell', () => hostA],
    ['/bin/sh under ForceCommand', () => hostB],
  ])('hostile argv words arrive byte for byte through sshd and %s', async (_label, host) => {
    await rm('/tmp/zd-pwned', { force: true });
    const r = runner(host());
    await waitState(r, 'connected');
    const res = await r.run({ tool: 'zoneadm', args: HOSTILE });
    expect(res.stderr).toBe('');
    expect(res.exitCode).toBe(0);
    expect(res.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE);
    expect(existsSync('/tmp/zd-pwned')).toBe(false);
  });

  it('a command issued while the connection is being made waits for it', async () => {
    const r = runner(hostA);
    expect(r.state).toBe('connecting');
    const res = await r.run({ tool: 'ipadm', args: [] }, { timeoutMs: 10_000 });
    expect(res).toMatchObject({ exitCode: 0, stdout: 'LC_ALL=C\n' });
  });

  it('calls <toolDir>/<tool>, under /usr/bin/pfexec when asked', () => {
    const plain = runner(hostA, { port: 1, toolDir: '/usr/sbin/' });
    const rbac = runner(hostA, { port: 1, toolDir: '/opt/zones/bin', pfexec: true });
    expect(plain.argvOf({ tool: 'zoneadm', args: ['list', '-cp'] })).toEqual(['/usr/sbin/zoneadm', 'list', '-cp']);
    expect(rbac.argvOf({ tool: 'zlogin', args: ['-C', 'web01'] })).toEqual(['/usr/bin/pfexec', '/opt/zones/bin/zlogin', '-C', 'web01']);
    // the default directory is illumos's layout: kstat is not under /usr/sbin there
    expect(plain.argvOf({ tool: 'kstat', args: ['-p'] })).toEqual(['/usr/bin/kstat', '-p']);
    expect(rbac.argvOf({ tool: 'kstat', args: ['-p'] })).toEqual(['/usr/bin/pfexec', '/opt/zones/bin/kstat', '-p']);
    plain.close();
    rbac.close();
  });

  it('refuses a NUL in a word before anything is sent', async () => {
    const r = runner(hostA);
    await waitState(r, 'connected');
    await expect(r.run({ tool: 'zoneadm', args: ['a\0b'] })).rejects.toThrow(/NUL/);
    expect(r.spawnCount).toBe(0);
  });

  it('standard input arrives byte for byte (zonecfg -f - without a temp file) and the tools run under LC_ALL=C', async () => {
    const r = runner(hostB);
    await waitState(r, 'connected');
    const text = "create -b\nset zonepath=/zones/a'b\n\r\n$(id) `id` \\ é🎉\u202E\n" + 'y'.repeat(20_000) + '\nno trailing newline';
    const res = await r.run({ tool: 'zonecfg', args: ['-z', 'x', '-f', '-'] }, { stdin: text });
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toBe(text);
    const empty = await r.run({ tool: 'zonecfg', args: [] });
    expect(empty).toMatchObject({ stdout: '', exitCode: 0 });
    expect((await r.run({ tool: 'ipadm', args: [] })).stdout).toBe('LC_ALL=C\n');
  });

  it.each([
    ['signal request and guard', () => hostA],
    ['the guard alone (sshd refuses signals to a forced command)', () => hostB],
  ])('a timed-out command dies on the host, with what it started (%s)', async (_label, host) => {
    const r = runner(host());
    await waitState(r, 'connected');
    const pidFile = path.join(toolDir, `pid-${host().port}`);
    const started = Date.now();
    const res = await r.run({ tool: 'dladm', args: [pidFile] }, { timeoutMs: 1500 });
    expect(res).toMatchObject({ exitCode: 124, timedOut: true });
    expect(Date.now() - started).toBeLessThan(2500);
    const pid = Number(await readFile(pidFile, 'utf8'));
    const child = Number(await readFile(`${pidFile}.child`, 'utf8'));
    expect(pid).toBeGreaterThan(1);
    await until(`pid ${pid} and its child ${child} to be gone`, () => !alive(pid) && !alive(child), 3000);
    // and the connection is still good for the next command
    expect((await r.run({ tool: 'ipadm', args: [] })).exitCode).toBe(0);
  });

  it('an abandoned command (AbortSignal) dies on the host too', async () => {
    const r = runner(hostA);
    await waitState(r, 'connected');
    const pidFile = path.join(toolDir, 'pid-abandoned');
    const quit = new AbortController();
    const running = r.run({ tool: 'dladm', args: [pidFile] }, { signal: quit.signal, timeoutMs: 30_000 });
    await until('the pid file', () => existsSync(pidFile));
    quit.abort();
    expect(await running).toMatchObject({ exitCode: 128, timedOut: false });
    const pid = Number(await readFile(pidFile, 'utf8'));
    const child = Number(await readFile(`${pidFile}.child`, 'utf8'));
    await until(`pid ${pid} and its child ${child} to be gone`, () => !alive(pid) && !alive(child), 3000);
  });

  it('queues beyond maxChannels: 20 concurrent runs on 8 channels all succeed', async () => {
    const r = runner(hostA, { maxChannels: 8 });
    await waitState(r, 'connected');
    let maxUsed = 0;
    let maxQueued = 0;
    const sample = setInterval(() => {
      maxUsed = Math.max(maxUsed, r.channelUse.used);
      maxQueued = Math.max(maxQueued, r.channelUse.queued);
    }, 5);
    const results = await Promise.all(Array.from({ length: 20 }, () => r.run({ tool: 'ipadm', args: ['sleep', '0.3'] })));
    clearInterval(sample);
    expect(results.filter((x) => x.exitCode !== 0).map((x) => x.stderr)).toEqual([]);
    expect(results.map((x) => x.exitCode)).toEqual(Array(20).fill(0));
    expect(results.every((x) => x.stdout === 'LC_ALL=C\n')).toBe(true);
    expect(maxUsed).toBe(8);
    expect(maxQueued).toBeGreaterThan(0);
    expect(r.channelUse).toEqual({ used: 0, queued: 0 });
  });

  it('background runs leave two channels free: a zone list starts at once behind 20 queued background reads', async () => {
    const r = runner(hostA, { maxChannels: 8 });
    await waitState(r, 'connected');
    // the host's first command (the watcher's list, in the dashboard) opens the start gate that
    // background work waits behind
    expect((await r.run({ tool: 'ipadm', args: ['sleep', '0'] })).exitCode).toBe(0);
    let maxUsed = 0;
    const sample = setInterval(() => (maxUsed = Math.max(maxUsed, r.channelUse.used)), 5);
    const background = Array.from({ length: 20 }, () => r.run({ tool: 'ipadm', args: ['sleep', '0.5'] }, { background: true }));
    await until('the background reads to fill their channels', () => r.channelUse.used === 6 && r.channelUse.queued === 14);
    const list = await r.run({ tool: 'ipadm', args: ['sleep', '0'] });
    // done while background reads still wait: it did not queue behind them (they take >= 1.5 s
    // more: three more rounds of 0.5 s on six channels)
    const stillQueued = r.channelUse.queued;
    const rest = await Promise.all(background);
    clearInterval(sample);
    expect(list.exitCode).toBe(0);
    expect(stillQueued).toBeGreaterThan(0);
    expect(rest.map((x) => x.exitCode)).toEqual(Array(20).fill(0));
    expect(maxUsed).toBe(7);
    expect(r.channelUse).toEqual({ used: 0, queued: 0 });
  });

  it('runs the simulator over SSH and keeps a console on a pty channel (zlogin -C): input echoed, close frees the console', async () => {
    const r = runner(hostA, { toolDir: simBinDir() });
    await waitState(r, 'connected');
    const list = await r.run({ tool: 'zoneadm', args: ['list', '-cp'] });
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/^\d+:app01:running:/m);

    const p = r.openPty(zloginConsole('app01'), { cols: 100, rows: 30 });
    let out = '';
    p.onData((d) => (out += d.toString('utf8')));
    const exited = new Promise<{ exitCode: number }>((res) => p.onExit(res));
    await until('the console banner', () => out.includes("[Connected to zone 'app01' console]"));
    p.resize({ cols: 120, rows: 40 });
    p.write('\r');
    await until('the login prompt', () => out.includes('app01 console login: '));
    p.write('root\r');
    await until('a shell prompt', () => out.includes('root@app01:~# '));
    p.write('echo hi-$((40+2))\r');
    await until('the echoed command and its output', () => out.includes('echo hi-$((40+2))\r\nhi-42\r\n'));
    expect(r.channelUse.used).toBe(1);
    expect(consoleHolder(sim.root, 'app01')).not.toBeNull();
    p.close();
    await exited;
    await until('the console to be free on the host', () => consoleHolder(sim.root, 'app01') === null, 5000);
    await until('the channel slot back', () => r.channelUse.used === 0, 5000);
  });

  it('a host key that is not pinned: never authenticates, runs nothing, reports both fingerprints', async () => {
    const r = runner(hostA, { pinnedFingerprints: [hostB.hostFingerprint] });
    await waitState(r, 'host-key-mismatch');
    expect(r.offeredFingerprint).toBe(hostA.hostFingerprint);
    expect(r.lastError).toContain(hostA.hostFingerprint);
    expect(r.lastError).toContain(hostB.hostFingerprint);
    expect(r.lastError).toContain('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    const res = await r.run({ tool: 'zoneadm', args: ['list'] });
    expect(res.exitCode).toBe(255);
    expect(res.stderr).toContain('host-key-mismatch');
    expect(r.spawnCount).toBe(0);
    // no login attempt reached sshd for this key: the client's key is offered only after the host key checks out
    expect(await hostA.log()).not.toMatch(/Failed publickey/);
  });

  it("a key the host does not accept: 'auth-failed' in words, and no retry loop", async () => {
    const stranger = generateIdentity('zd-stranger');
    const r = runner(hostA, { privateKey: stranger.privateKey });
    await waitState(r, 'auth-failed');
    expect(r.lastError).toMatch(/refused the dashboard's key for user .*All configured authentication methods failed/);
    const attempts = (await hostA.log()).split('\n').filter((l) => l.includes('Connection closed by authenticating user')).length;
    await sleep(2500);
    expect((await hostA.log()).split('\n').filter((l) => l.includes('Connection closed by authenticating user')).length).toBe(attempts);
    expect(r.state).toBe('auth-failed');
  });

  it("nothing listening: 'unreachable' with the reason, and run fails fast", async () => {
    const r = runner(hostA, { port: 1 });
    await waitState(r, 'unreachable');
    expect(r.lastError).toMatch(/refused.*ECONNREFUSED/);
    const t = Date.now();
    const res = await r.run({ tool: 'zoneadm', args: ['list'] });
    expect(res.exitCode).toBe(255);
    expect(Date.now() - t).toBeLessThan(100);
  });

  it("a port that accepts but never speaks SSH: 'unreachable' after readyTimeoutMs, in words", async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((res) => silent.listen(0, '127.0.0.1', res));
    try {
      const r = runner(hostA, { port: (silent.address() as net.AddressInfo).port, readyTimeoutMs: 1000 });
      await waitState(r, 'unreachable', 5000);
      expect(r.lastError).toMatch(/no SSH handshake within 1 s/);
      expect(r.nextRetryAt).toBeGreaterThan(Date.now() - 100);
      r.close();
    } finally {
      silent.close();
    }
  });

  it('background work waits for the first thing asked of a starting host; a host that fails its login holds nothing back', async () => {
    const gate = startGate();
    const r = runner(hostA);
    const refused = runner(hostC, { privateKey: generateIdentity().privateKey });
    expect(gate.pending).toBeGreaterThanOrEqual(2);
    const order: string[] = [];
    // asked first and quicker, but background: it runs after the host's first answer
    const background = r.run({ tool: 'ipadm', args: [] }, { background: true, timeoutMs: 20_000 }).then((x) => (order.push('background'), x));
    const first = r.run({ tool: 'ipadm', args: ['sleep', '0.3'] }).then((x) => (order.push('first'), x));
    const [b, f] = await Promise.all([background, first]);
    expect([b.exitCode, f.exitCode]).toEqual([0, 0]);
    expect(order).toEqual(['first', 'background']);
    await waitState(refused, 'auth-failed');
    // neither holds the gate now: the one answered its first command, the other gave up
    const before = gate.pending;
    r.close();
    refused.close();
    expect(gate.pending).toBe(before);
  });

  it('at most MAX_HANDSHAKES_PER_SERVER connections handshake at once with one server (its MaxStartups), other servers beside them', async () => {
    let most = 0;
    let mostAll = 0;
    const server = { address: '127.0.0.1', port: hostB.port };
    const sample = setInterval(() => {
      most = Math.max(most, handshakeUse(server).used);
      mostAll = Math.max(mostAll, handshakeUse().used);
    }, 2);
    // 10 host entries for one server, and 2 for others: those do not wait behind the 10
    const many = Array.from({ length: 10 }, () => runner(hostB));
    const others = [runner(hostA), runner(hostC)];
    await Promise.all([...many, ...others].map((r) => waitState(r, 'connected', 15_000)));
    clearInterval(sample);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(MAX_HANDSHAKES_PER_SERVER);
    expect(mostAll).toBeLessThanOrEqual(MAX_CONCURRENT_HANDSHAKES);
    expect(mostAll).toBeGreaterThan(most);
    expect(handshakeUse(server)).toEqual({ used: 0, queued: 0 });
    for (const r of [...many, ...others]) r.close();
  });

  it('a frozen host is unreachable within 10 s, its pending command fails instead of hanging, and it comes back by itself', async () => {
    const r = runner(hostC);
    await waitState(r, 'connected');
    const pending = r.run({ tool: 'ipadm', args: ['sleep', '60'] }, { timeoutMs: 60_000 });
    await until('the pending command to be running', () => r.channelUse.used === 1);
    await hostC.freeze();
    const frozenAt = Date.now();
    await waitState(r, 'unreachable', 11_000);
    const detectMs = Date.now() - frozenAt;
    expect(detectMs).toBeLessThan(10_000);
    const res = await pending;
    expect(res.exitCode).toBe(255);
    expect(res.stderr).toMatch(/connection was lost.*keepalive/);
    const fast = await r.run({ tool: 'ipadm', args: [] });
    expect(fast.exitCode).toBe(255);
    await hostC.thaw();
    await waitState(r, 'connected', 20_000);
    expect((await r.run({ tool: 'ipadm', args: [] })).stdout).toBe('LC_ALL=C\n');
  }, 40_000);

  it('a host whose key changed is refused until the new key is pinned', async () => {
    const r = runner(hostC);
    await waitState(r, 'connected');
    const old = hostC.hostFingerprint;
    const fresh = await hostC.rotateHostKey();
    expect(fresh).not.toBe(old);
    r.reconnectNow();
    await waitState(r, 'host-key-mismatch');
    expect(r.offeredFingerprint).toBe(fresh);
    expect(r.lastError).toContain(old);
    expect((await r.run({ tool: 'ipadm', args: [] })).exitCode).toBe(255);
    r.updateConfig(configFor(hostC, { pinnedFingerprints: [fresh] }));
    await waitState(r, 'connected');
    expect((await r.run({ tool: 'ipadm', args: [] })).stdout).toBe('LC_ALL=C\n');
  });

  it('writeTempFile makes a 0600 file on the host, and removes it', async () => {
    const r = runner(hostA);
    await waitState(r, 'connected');
    const f = await r.writeTempFile("set zonepath='/zones/x'\n");
    expect(await readFile(f.path, 'utf8')).toBe("set zonepath='/zones/x'\n");
    const { statSync } = await import('node:fs');
    expect(statSync(f.path).mode & 0o777).toBe(0o600);
    await f.remove();
    expect(existsSync(f.path)).toBe(false);
  });
});
