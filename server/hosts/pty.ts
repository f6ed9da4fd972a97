// Tools on a pseudo-terminal, for the console hub: `zlogin -C` wants a terminal so that its
// raw mode and line discipline behave (REFERENCE §6). node-pty forks the tool as a session
// leader on a new pty (argv, never a shell) and hands us the master side as raw bytes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import type { PtyProcess, PtySize } from './runner';

/** How long a hung-up tool may take to exit before its process group is killed. */
const KILL_AFTER_MS = 3000;

export interface SpawnPtyOptions extends PtySize {
  env: Record<string, string>;
  cwd?: string;
}

export function spawnPty(file: string, args: readonly string[], options: SpawnPtyOptions): PtyProcess {
  const p = pty.spawn(file, [...args], {
    name: 'xterm-256color',
    cols: clampSize(options.cols, 80),
    rows: clampSize(options.rows, 24),
    cwd: options.cwd ?? process.cwd(),
    env: options.env,
    // raw bytes: the hub relays them untouched, and a UTF-8 sequence split across two reads
    // must not be turned into replacement characters
    encoding: null,
  });
  const pid = p.pid;
  let exited = false;
  let killTimer: NodeJS.Timeout | null = null;
  p.onExit(() => {
    exited = true;
    if (killTimer) clearTimeout(killTimer);
  });
  const signalGroup = (sig: NodeJS.Signals) => {
    // the tool is a session leader: its process group has its id; -pid reaches a launcher's
    // children too (bin/zlogin → sh → node)
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  return {
    pid,
    onData: (listener) => {
      // with encoding null node-pty delivers Buffers; its typings say string
      p.onData((d: string | Buffer) => listener(typeof d === 'string' ? Buffer.from(d, 'utf8') : d));
    },
    onExit: (listener) => {
      p.onExit((e) => listener({ exitCode: e.exitCode, signal: e.signal ?? null }));
    },
    write: (data) => {
      if (!exited) p.write(data);
    },
    resize: (size) => {
      if (exited) return;
      try {
        p.resize(clampSize(size.cols, 80), clampSize(size.rows, 24));
      } catch {
        /* the pty is closing */
      }
    },
    close: () => {
      if (exited || killTimer) return;
      signalGroup('SIGHUP');
      killTimer = setTimeout(() => {
        if (!exited) signalGroup('SIGKILL');
      }, KILL_AFTER_MS);
      killTimer.unref();
    },
  };
}

function clampSize(n: number, fallback: number): number {
  return Number.isInteger(n) && n >= 2 && n <= 1000 ? n : fallback;
}

/**
 * Where the simulator's executables are. This module runs under tsx in the custom server;
 * should it ever be evaluated from Next's bundle, import.meta.url points into .next, so the
 * repository's own copy (from the working directory) is the fallback.
 */
export function simBinDir(): string {
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const dir = path.resolve(here, '..', 'sim', 'bin');
    if (existsSync(path.join(dir, '_launch'))) return dir;
  } catch {
    /* not a file: URL */
  }
  return path.resolve(process.cwd(), 'server', 'sim', 'bin');
}
