// The embedded simulated illumos host. Tools run in this process (the simulator's tools are
// async functions that print the real tools' text), so polling costs no process spawn; the
// dashboard still reads their output through the same parsers as on a real host. Consoles,
// which need a terminal, use the simulator's executables in server/sim/bin/.
import { watch } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ToolCall } from '../illumos/types';
import { runTool } from '../sim/tools';
import type { ToolIO } from '../sim/tool-io';
import { simBinDir, spawnPty } from './pty';
import {
  BoundedText,
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_TIMEOUT_MS,
  type PtyProcess,
  type PtySize,
  type RunOptions,
  type RunResult,
  type Runner,
  type TempFile,
} from './runner';

export interface SimRunnerOptions {
  /** the simulated host's state directory (SIM_ROOT) */
  root: string;
  /** SIM_TIME_SCALE: multiplier of simulated durations, 0 = instant */
  timeScale: number;
}

export class SimRunner implements Runner {
  readonly kind = 'sim' as const;
  private spawns = 0;
  constructor(readonly options: SimRunnerOptions) {}

  get spawnCount(): number {
    return this.spawns;
  }

  async run(call: ToolCall, options: RunOptions = {}): Promise<RunResult> {
    this.spawns++;
    const startedAt = Date.now();
    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const out = new BoundedText(limit);
    const err = new BoundedText(limit);
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const io: ToolIO = {
      root: this.options.root,
      stdin: options.stdin ?? null,
      isTTY: false,
      stdout: (t) => {
        out.push(t);
        options.onOutput?.('stdout', t);
      },
      stderr: (t) => {
        err.push(t);
        options.onOutput?.('stderr', t);
      },
      timeScale: this.options.timeScale,
      signal: abort.signal,
    };
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
        resolve(124);
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    });
    let exitCode: number;
    try {
      exitCode = await Promise.race([runTool(call.tool, [...call.args], io), timeout]);
    } catch (e) {
      // A crash of the simulator is a bug of ours, reported like a tool that died.
      err.push(`${call.tool}: simulator error: ${e instanceof Error ? e.message : String(e)}\n`);
      exitCode = 70;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
    return {
      stdout: out.toString(),
      stderr: err.toString(),
      exitCode,
      timedOut,
      truncated: out.truncated || err.truncated,
      startedAt,
      durationMs: Date.now() - startedAt,
    };
  }

  /** The simulator's executable (server/sim/bin/<tool>) on a pty, over this host's state. */
  openPty(call: ToolCall, size: PtySize): PtyProcess {
    this.spawns++;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/',
      LC_ALL: 'C',
      TERM: 'xterm-256color',
      SIM_ROOT: this.options.root,
      SIM_TIME_SCALE: String(this.options.timeScale),
      // the launcher runs the tool with this very node
      SIM_NODE: process.execPath,
    };
    return spawnPty(path.join(simBinDir(), call.tool), call.args, { ...size, env });
  }

  watchHostEvents(onChange: () => void): () => void {
    // The simulator appends every zone state change to events.log and rewrites state.json by
    // rename: either touching the directory means the zones may have changed. Bursts (an
    // install's several writes) are coalesced.
    let timer: NodeJS.Timeout | null = null;
    const watcher = watch(this.options.root, (_event, file) => {
      if (file !== 'state.json' && file !== 'events.log') return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        onChange();
      }, 20);
    });
    watcher.on('error', () => {}); // the interval still covers us
    return () => {
      if (timer) clearTimeout(timer);
      watcher.close();
    };
  }

  async writeTempFile(content: string): Promise<TempFile> {
    const base = path.join(this.options.root, 'tmp');
    await mkdir(base, { recursive: true });
    const dir = await mkdtemp(path.join(base, 'zonedash-'));
    const file = path.join(dir, 'zonecfg.cmd');
    await writeFile(file, content, { mode: 0o600 });
    return { path: file, remove: () => rm(dir, { recursive: true, force: true }) };
  }
}
