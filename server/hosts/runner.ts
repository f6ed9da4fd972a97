// How a command reaches a host. A Runner runs one tool with an argv (never through a shell),
// bounded by a timeout and output limits, and reports what the tool printed and its exit code.
import type { ToolCall } from '../illumos/types';

export interface RunOptions {
  /** text for the tool's standard input (e.g. `zonecfg -f -`); none means /dev/null */
  stdin?: string;
  /** kill the tool after this long; default 60 s (install passes its own, longer value) */
  timeoutMs?: number;
  /** cap on each of stdout and stderr; the rest is dropped and `truncated` set */
  maxOutputBytes?: number;
  signal?: AbortSignal;
  /** live output as it arrives (a task's log), in addition to the collected result */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** work that yields (metrics, the release read, the Doctor's reads, the pending-changes
   *  follower's configuration reads): over SSH it waits while hosts are still making their first
   *  connection and first zone list (SshRunner, bounded), so a start shows the zone table before
   *  the rest, and it never takes a connection's last CHANNELS_RESERVED channels nor passes a
   *  waiting foreground command, so a zone list or an action never queues behind it. Never for
   *  a command a person asked to run. */
  background?: boolean;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** true when the runner killed the tool at its timeout (exitCode is then 124) */
  timedOut: boolean;
  truncated: boolean;
  startedAt: number;
  durationMs: number;
  /** the tool did not run, or how it ended is unknown, because the host's connection was down
   *  or dropped (remote hosts only) */
  connectionLost?: boolean;
}

export interface TempFile {
  path: string;
  remove(): Promise<void>;
}

/** Size of a pseudo-terminal in character cells. */
export interface PtySize {
  cols: number;
  rows: number;
}

/** A tool running on a pseudo-terminal (the console hub's `zlogin -C`). Output is raw bytes. */
export interface PtyProcess {
  readonly pid: number;
  onData(listener: (data: Buffer) => void): void;
  /** once, when the tool has exited and its output has been delivered */
  onExit(listener: (e: { exitCode: number; signal: number | null }) => void): void;
  write(data: Buffer | string): void;
  resize(size: PtySize): void;
  /** hangs up the terminal (SIGHUP to the tool's process group), SIGKILL if it lingers */
  close(): void;
}

export interface Runner {
  readonly kind: 'sim' | 'local' | 'ssh';
  run(call: ToolCall, options?: RunOptions): Promise<RunResult>;
  /** Runs a tool on a new pseudo-terminal (argv, no shell). Optional: a host without it has no console. */
  openPty?(call: ToolCall, size: PtySize): PtyProcess;
  /** a private file on the host, for `zonecfg -z Z -f FILE` */
  writeTempFile(content: string): Promise<TempFile>;
  /** Calls back when the host says its zones changed (the simulator's event log; on illumos a
   *  sysevent helper could). Returns a function that stops watching. Optional: without it the
   *  watcher relies on its interval. */
  watchHostEvents?(onChange: () => void): () => void;
  /** how many tools this runner has started: tests use it to prove that refused input runs nothing */
  readonly spawnCount: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Collects a stream of text up to a byte bound, remembering whether anything was dropped. */
export class BoundedText {
  private chunks: string[] = [];
  private bytes = 0;
  truncated = false;
  constructor(private readonly limit: number) {}
  push(text: string): void {
    if (this.truncated) return;
    const size = Buffer.byteLength(text);
    if (this.bytes + size <= this.limit) {
      this.chunks.push(text);
      this.bytes += size;
      return;
    }
    const room = this.limit - this.bytes;
    this.chunks.push(Buffer.from(text).subarray(0, room).toString('utf8'));
    this.bytes = this.limit;
    this.truncated = true;
  }
  toString(): string {
    return this.chunks.join('');
  }
}
