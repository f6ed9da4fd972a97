// A counting semaphore with a FIFO queue: the SSH runner's limits on channels per connection
// (under OpenSSH's MaxSessions) and on handshakes in flight across the process (under
// OpenSSH's MaxStartups). Waiting is cancellable, so a command that times out in the queue
// leaves it.

export class Semaphore {
  private inUse = 0;
  private readonly waiting: Array<{ grant: (release: () => void) => void }> = [];

  constructor(readonly limit: number) {}

  /** slots taken now */
  get used(): number {
    return this.inUse;
  }

  /** callers waiting for a slot */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
    if (this.inUse < this.limit) {
      this.inUse++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: (release: () => void) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  /** A release that works once: a slot handed back twice would let one caller too many in. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant(this.releaser());
      else this.inUse--;
    };
  }
}
