// A counting semaphore with FIFO queues: the SSH runner's limits on channels per connection
// (under OpenSSH's MaxSessions) and on handshakes in flight across the process (under
// OpenSSH's MaxStartups), and the Doctor's reads at a time per host. Waiting is cancellable,
// so a command that times out in the queue leaves it.
//
// Two priorities. Low ('low': background work such as the Doctor's reads, the pending-changes
// follower's configuration reads, the metrics samplers) never brings the slots in use above
// limit - reserve, and a freed slot goes to a waiting normal caller first. Measured why
// (bench/fleet-ssh.ts part 5): the first zones page view after 20 hosts were added ran the
// Doctor's ~40 reads per host; queued ahead of them, each host's `zoneadm list` waited, and a
// zone booted on a host reached the page after 24-28 s instead of one interval.

export type Priority = 'normal' | 'low';

interface Waiter {
  grant: (release: () => void) => void;
}

export class Semaphore {
  private inUse = 0;
  private readonly waiting: Record<Priority, Waiter[]> = { normal: [], low: [] };
  /** how many slots low-priority callers may hold at most, together with everything else */
  private readonly lowLimit: number;

  /** `reserve`: slots kept for normal callers (at most limit - 1, so low work always moves) */
  constructor(
    readonly limit: number,
    reserve = 0,
  ) {
    this.lowLimit = limit - Math.max(0, Math.min(reserve, limit - 1));
  }

  /** slots taken now */
  get used(): number {
    return this.inUse;
  }

  /** callers waiting for a slot */
  get queued(): number {
    return this.waiting.normal.length + this.waiting.low.length;
  }

  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal, priority: Priority = 'normal'): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
    const room = priority === 'normal' ? this.inUse < this.limit : this.inUse < this.lowLimit && this.waiting.normal.length === 0;
    if (room && this.waiting[priority].length === 0) {
      this.inUse++;
      return Promise.resolve(this.releaser());
    }
    const queue = this.waiting[priority];
    return new Promise((resolve, reject) => {
      const entry: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const i = queue.indexOf(entry);
        if (i >= 0) queue.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(entry);
    });
  }

  /** A release that works once: a slot handed back twice would let one caller too many in. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // the freed slot passes straight to the next caller (normal first; low only while the
      // slots in use, this one given away included, stay within its limit)
      const next = this.waiting.normal.shift() ?? (this.inUse <= this.lowLimit ? this.waiting.low.shift() : undefined);
      if (next) next.grant(this.releaser());
      else this.inUse--;
    };
  }
}
