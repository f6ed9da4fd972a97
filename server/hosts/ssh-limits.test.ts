// The SSH runner's limits without a server: the FIFO semaphore behind the channel and handshake
// limits, and the reconnection backoff.
import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore';
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

describe('Semaphore priorities', () => {
  it('low callers never take the reserved slots; a normal caller gets one at once', async () => {
    const s = new Semaphore(4, 2);
    const low = [await s.acquire(undefined, 'low'), await s.acquire(undefined, 'low')];
    let third = false;
    const lowWaiting = s.acquire(undefined, 'low').then((r) => ((third = true), r));
    await Promise.resolve();
    expect(third).toBe(false);
    expect({ used: s.used, queued: s.queued }).toEqual({ used: 2, queued: 1 });
    // the reserve is there for normal work, without waiting for the background to finish
    const normal = [await s.acquire(), await s.acquire()];
    expect(s.used).toBe(4);
    for (const r of normal) r();
    await Promise.resolve();
    expect(third).toBe(false); // 2 slots in use by low work: still its limit
    low[0]!();
    (await lowWaiting)();
    low[1]!();
    expect({ used: s.used, queued: s.queued }).toEqual({ used: 0, queued: 0 });
  });

  it('a freed slot goes to a waiting normal caller before low callers queued earlier', async () => {
    const s = new Semaphore(2, 1);
    const a = await s.acquire();
    const b = await s.acquire();
    const order: string[] = [];
    const low1 = s.acquire(undefined, 'low').then((r) => (order.push('low1'), r));
    const low2 = s.acquire(undefined, 'low').then((r) => (order.push('low2'), r));
    const normal = s.acquire().then((r) => (order.push('normal'), r));
    a();
    const n = await normal;
    expect(order).toEqual(['normal']);
    b();
    n();
    const l1 = await low1;
    expect(order).toEqual(['normal', 'low1']);
    expect(s.used).toBe(1); // one low caller at a time: the other slot is the reserve
    l1();
    (await low2)();
    expect({ used: s.used, queued: s.queued }).toEqual({ used: 0, queued: 0 });
  });

  it('a low caller does not pass normal callers already waiting', async () => {
    const s = new Semaphore(1);
    const a = await s.acquire();
    const order: string[] = [];
    const normal = s.acquire().then((r) => (order.push('normal'), r));
    const low = s.acquire(undefined, 'low').then((r) => (order.push('low'), r));
    a();
    (await normal)();
    (await low)();
    expect(order).toEqual(['normal', 'low']);
  });

  it('a reserve as large as the limit still leaves low work one slot', async () => {
    const s = new Semaphore(2, 5);
    const r = await s.acquire(undefined, 'low');
    expect(s.used).toBe(1);
    r();
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
