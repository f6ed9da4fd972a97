// The SSH runner's limits without a server: the FIFO semaphore behind the channel and handshake
// limits, and the reconnection backoff.
import { describe, expect, it } from 'vitest';
import { Semaphore } from './ssh-semaphore';
import { backoffDelay } from './ssh';

describe('Semaphore', () => {
  it('grants up to its limit at once, then in FIFO order as slots come back', async () => {
    const s = new Semaphore(2);
    const a = await s.acquire();
    const b = await s.acquire();
    const order: string[] = [];
    const c = s.acquire().then((r) => (order.push('c'), r));
    const d = s.acquire().then((r) => (order.push('d'), r));
    expect({ used: s.used, queued: s.queued }).toEqual({ used: 2, queued: 2 });
    a();
    const releaseC = await c;
    expect(order).toEqual(['c']);
    b();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    expect({ used: s.used, queued: s.queued }).toEqual({ used: 0, queued: 0 });
  });

  it('a release used twice hands back one slot only', async () => {
    const s = new Semaphore(1);
    const a = await s.acquire();
    const waiting = s.acquire();
    a();
    a();
    const b = await waiting;
    expect(s.used).toBe(1);
    b();
    expect(s.used).toBe(0);
  });

  it('a waiter that gives up leaves the queue and the next one gets the slot', async () => {
    const s = new Semaphore(1);
    const a = await s.acquire();
    const quit = new AbortController();
    const gaveUp = s.acquire(quit.signal);
    const next = s.acquire();
    quit.abort(new Error('timed out'));
    await expect(gaveUp).rejects.toThrow('timed out');
    expect(s.queued).toBe(1);
    a();
    (await next)();
    expect(s.used).toBe(0);
    await expect(s.acquire(AbortSignal.abort())).rejects.toBeDefined();
  });
});

describe('backoffDelay', () => {
  it('doubles from 1 s to a 30 s cap, each delay in the upper half of its step', () => {
    const low = [0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n, () => 0));
    const high = [0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n, () => 1));
    expect(low).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
    expect(high).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});
