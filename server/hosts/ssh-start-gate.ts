// At a start every SSH host connects and lists its zones, and every host's metrics sampler
// and release read want their tools too: on a host that is a process start per tool, and
// with the hosts' tools, the sshd servers and the dashboard sharing a machine (the fleet bench:
// 20 loopback hosts on 2 cores) the metrics' runs made the first full zone table wait for them
// (bench/fleet-ssh-start.ts: 138 tool runs before the table, 20 of them the lists). Background
// work therefore waits, process-wide, while any host is still on its first connection and first
// zone list (each SshRunner takes part), and until the first table with every host's zones has
// been served (the Fleet takes part), each never longer than a bound: a host that does not
// answer, or a start with nobody looking, cannot hold metrics back beyond it.
import { processSlot } from '../process-slots';

export class StartGate {
  private readonly starting = new Set<object>();
  private readonly waiters = new Set<() => void>();

  /** `who` is starting: background work waits for it. */
  begin(who: object): void {
    this.starting.add(who);
  }

  /** `who` has shown its first zone list, or gave up trying: it no longer holds anything. */
  end(who: object): void {
    if (!this.starting.delete(who) || this.starting.size > 0) return;
    for (const w of [...this.waiters]) w();
  }

  /** hosts still starting */
  get pending(): number {
    return this.starting.size;
  }

  /** Resolves when no host is starting, after `maxMs`, or when `signal` aborts. */
  wait(maxMs: number, signal?: AbortSignal): Promise<void> {
    if (this.starting.size === 0 || maxMs <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}

/** The process's one gate (server/main.ts and Next's bundled routes are two module instances). */
export function startGate(): StartGate {
  return processSlot('sshStartGate', () => new StartGate());
}
