// A real OpenSSH server on 127.0.0.1 for tests and benchmarks of the SSH runner: Debian's
// /usr/sbin/sshd (CI installs openssh-server), run as the current user on a free port with
// its own host key, an authorized_keys holding a fresh client key, and `SetEnv` putting the
// given tool directories (the simulator's server/sim/bin) and SIM_ROOT on the session's
// environment. Several at once are several hosts. Faults are real: freeze() stops the
// listener and every per-connection process (SIGSTOP), rotateHostKey() makes the host offer a
// new key. Traps (vectors-next/real-sshd-*): sshd must be started by absolute path (it
// re-execs itself), and as root it needs its privilege-separation directory /run/sshd.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';

export interface SshdOptions {
  /** directories put first on the session's PATH (e.g. the simulator's bin) */
  pathDirs?: string[];
  /** extra variables for every session (SIM_ROOT, SIM_TIME_SCALE…); values without spaces or quotes */
  env?: Record<string, string>;
  /**
   * Run every command through `ForceCommand`, which execs /bin/sh -c "$SSH_ORIGINAL_COMMAND".
   * sshd refuses signal requests to forced-command sessions, so this proves that a command is
   * ended by the runner's guard alone.
   */
  forceCommandShell?: boolean;
  /** MaxSessions (default OpenSSH's 10) */
  maxSessions?: number;
}

export interface TestSshd {
  port: number;
  /** the user sessions log in as (the current user) */
  user: string;
  /** 'SHA256:…' as `ssh-keygen -lf` prints it for the host key */
  hostFingerprint: string;
  clientPrivateKey: string;
  clientPublicKey: string;
  /** the server's scratch directory (config, keys, log) */
  dir: string;
  /** the listener's process id */
  pid: number;
  /** the listener and every process below it (per-connection sshd, sessions, tools) */
  processIds(): Promise<number[]>;
  /** SIGSTOP to all of them: the host stops answering, its TCP port still accepts */
  freeze(): Promise<void>;
  /** SIGCONT to all of them */
  thaw(): Promise<void>;
  /** a new host key (the listener restarts on SIGHUP, same port); resolves with its fingerprint */
  rotateHostKey(): Promise<string>;
  log(): Promise<string>;
  stop(): Promise<void>;
}

export function sshdAvailable(): boolean {
  return existsSync(SSHD) && existsSync(SSH_KEYGEN);
}

async function keygen(file: string, comment: string): Promise<void> {
  await rm(file, { force: true });
  await rm(`${file}.pub`, { force: true });
  await run(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  await chmod(file, 0o600);
}

async function fingerprintOfFile(pubFile: string): Promise<string> {
  const { stdout } = await run(SSH_KEYGEN, ['-lf', pubFile]);
  const fp = stdout.split(' ')[1];
  if (!fp?.startsWith('SHA256:')) throw new Error(`ssh-keygen -lf printed ${JSON.stringify(stdout)}`);
  return fp;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function waitListening(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = await readFile(logFile, 'utf8').catch(() => '');
  throw new Error(`sshd did not start listening on 127.0.0.1:${port}:\n${log}`);
}

/** Every process below `root` (children first in the list's tail), from `ps`. */
async function descendants(root: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-e', '-o', 'pid=', '-o', 'ppid=']);
  const children = new Map<number, number[]>();
  for (const line of stdout.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (!pid || ppid === undefined || Number.isNaN(ppid)) continue;
    (children.get(ppid) ?? children.set(ppid, []).get(ppid)!).push(pid);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      /* gone already */
    }
  }
}

export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zd-sshd-'));
  const user = os.userInfo().username;
  const isRoot = process.getuid?.() === 0;
  if (isRoot) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  const clientKey = path.join(dir, 'id_ed25519');
  await Promise.all([keygen(hostKey, 'zd-test-host'), keygen(clientKey, 'zd-test-client')]);
  const clientPublicKey = await readFile(`${clientKey}.pub`, 'utf8');
  const authorized = path.join(dir, 'authorized_keys');
  await writeFile(authorized, clientPublicKey, { mode: 0o600 });

  const envWords = [
    // this very node's directory too: the simulator's launcher runs `node` from PATH, and CI
    // may keep node outside /usr/bin
    `PATH=${[...new Set([...(options.pathDirs ?? []), path.dirname(process.execPath), '/usr/bin', '/bin'])].join(':')}`,
    // bash sources ~/.bashrc even for a command when sshd runs it: the test user's own dotfiles
    // (a pyenv init costs 0.4 s here) would be measured with every command, so HOME is ours
    `HOME=${dir}`,
    ...Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  for (const w of envWords) if (/[\s"'\\]/.test(w)) throw new Error(`SetEnv value must not contain spaces or quotes: ${w}`);

  const lines = [
    'ListenAddress 127.0.0.1',
    'Port PORT',
    `HostKey ${hostKey}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorized}`,
    `AllowUsers ${user}`,
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    isRoot ? 'PermitRootLogin prohibit-password' : 'PermitRootLogin no',
    'StrictModes no',
    'PrintMotd no',
    'PrintLastLog no',
    'UseDNS no',
    `MaxSessions ${options.maxSessions ?? 10}`,
    'LogLevel VERBOSE',
    `SetEnv ${envWords.join(' ')}`,
  ];
  if (options.forceCommandShell) {
    const dispatch = path.join(dir, 'dispatch');
    await writeFile(dispatch, '#!/bin/sh\n[ -n "$SSH_ORIGINAL_COMMAND" ] || { echo "no command" >&2; exit 1; }\nexec /bin/sh -c "$SSH_ORIGINAL_COMMAND"\n', { mode: 0o755 });
    lines.push(`ForceCommand ${dispatch}`);
  }
  const configFile = path.join(dir, 'sshd_config');
  const logFile = path.join(dir, 'sshd.log');

  // a free port can be taken between asking and binding: try a few
  let child: ChildProcess | null = null;
  let port = 0;
  for (let tries = 0; ; tries++) {
    port = await freePort();
    await writeFile(configFile, lines.join('\n').replace('Port PORT', `Port ${port}`) + '\n');
    child = spawn(SSHD, ['-D', '-f', configFile, '-E', logFile], { stdio: 'ignore' });
    try {
      await waitListening(port, child, logFile);
      break;
    } catch (e) {
      child.kill('SIGKILL');
      if (tries >= 2) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
    }
  }
  const listener = child;
  const pid = listener.pid!;
  let hostFingerprint = await fingerprintOfFile(`${hostKey}.pub`);
  const all = async () => [pid, ...(await descendants(pid))];

  return {
    port,
    user,
    get hostFingerprint() {
      return hostFingerprint;
    },
    clientPrivateKey: await readFile(clientKey, 'utf8'),
    clientPublicKey,
    dir,
    pid,
    processIds: all,
    freeze: async () => {
      // the listener first, so that it forks nothing new while its children are stopped
      signal([pid], 'SIGSTOP');
      signal(await descendants(pid), 'SIGSTOP');
    },
    thaw: async () => signal(await all(), 'SIGCONT'),
    rotateHostKey: async () => {
      await keygen(hostKey, 'zd-test-host-rotated');
      hostFingerprint = await fingerprintOfFile(`${hostKey}.pub`);
      // SIGHUP: sshd re-executes itself (same pid, same port) and reads the new key
      signal([pid], 'SIGHUP');
      await new Promise((r) => setTimeout(r, 100));
      await waitListening(port, listener, logFile);
      return hostFingerprint;
    },
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    stop: async () => {
      const pids = await all().catch(() => [pid]);
      // SIGKILL works on stopped processes too; per-connection children outlive the listener otherwise
      signal(pids, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
