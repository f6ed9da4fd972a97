// The local runner: this machine is an illumos global zone. Tools are spawned directly (argv,
// no shell) with a clean environment and LC_ALL=C so that messages are the untranslated ones
// our parsers know; with `pfexec` they run under the dashboard user's RBAC profile.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ToolCall } from '../illumos/types';
import { spawnPty } from './pty';
import { ILLUMOS_TOOL_PATHS } from './tool-paths';
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


export interface LocalRunnerOptions {
  /** run tools through /usr/bin/pfexec (RBAC) instead of directly */
  pfexec: boolean;
  /** override tool paths (tests put other executables here) */
  toolPaths?: Partial<Record<ToolCall['tool'], string>>;
  env?: Record<string, string>;
}

export function toolArgv(call: ToolCall, options: LocalRunnerOptions): [string, string[]] {
  const tool = options.toolPaths?.[call.tool] ?? ILLUMOS_TOOL_PATHS[call.tool];
  return options.pfexec ? ['/usr/bin/pfexec', [tool, ...call.args]] : [tool, [...call.args]];
}

export function spawnTool(
  file: string,
  args: string[],
  env: Record<string, string>,
  options: RunOptions,
): Promise<RunResult> {
  const startedAt = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  return new Promise((resolve) => {
    // Its own process group, so a timeout kills the tool and anything it started (a brand
    // script's children would otherwise keep the pipes open).
    const child = spawn(file, args, { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'], shell: false, detached: true });
    const out = new BoundedText(limit);
    const err = new BoundedText(limit);
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out.push(d);
      options.onOutput?.('stdout', d);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err.push(d);
      options.onOutput?.('stderr', d);
    });
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    options.signal?.addEventListener('abort', kill, { once: true });
    child.stdin.on('error', () => {}); // the tool may exit without reading its input
    child.stdin.end(options.stdin ?? '');
    const finish = (exitCode: number, extraErr = '') => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
      resolve({
        stdout: out.toString(),
        stderr: err.toString() + extraErr,
        exitCode: timedOut ? 124 : exitCode,
        timedOut,
        truncated: out.truncated || err.truncated,
        startedAt,
        durationMs: Date.now() - startedAt,
      });
    };
    child.on('error', (e) => finish(127, `${file}: ${e.message}\n`));
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

export class LocalRunner implements Runner {
  readonly kind = 'local' as const;
  private spawns = 0;
  constructor(private readonly options: LocalRunnerOptions) {}

  get spawnCount(): number {
    return this.spawns;
  }

  run(call: ToolCall, options: RunOptions = {}): Promise<RunResult> {
    const [file, args] = toolArgv(call, this.options);
    this.spawns++;
    const env = { LC_ALL: 'C', PATH: '/usr/sbin:/usr/bin', ...this.options.env };
    return spawnTool(file, args, env, options);
  }

  /** `zlogin -C` and the like on a pty, with the same clean environment (and pfexec) as run(). */
  openPty(call: ToolCall, size: PtySize): PtyProcess {
    const [file, args] = toolArgv(call, this.options);
    this.spawns++;
    const env = { LC_ALL: 'C', PATH: '/usr/sbin:/usr/bin', TERM: 'xterm-256color', ...this.options.env };
    return spawnPty(file, args, { ...size, env, cwd: '/' });
  }

  async writeTempFile(content: string): Promise<TempFile> {
    const dir = await mkdtemp(path.join(tmpdir(), 'zonedash-'));
    const file = path.join(dir, 'zonecfg.cmd');
    await writeFile(file, content, { mode: 0o600 });
    return { path: file, remove: () => rm(dir, { recursive: true, force: true }) };
  }
}
