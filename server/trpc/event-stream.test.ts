import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { eventStream } from './event-stream';

function source() {
  const ee = new EventEmitter();
  return {
    ee,
    subscribe: (l: (n: number) => void) => {
      ee.on('e', l);
      return () => ee.off('e', l);
    },
  };
}

describe('eventStream', () => {
  it('keeps events published before the first read, in order', async () => {
    const { ee, subscribe } = source();
    const abort = new AbortController();
    const stream = eventStream<number>(subscribe, abort.signal);
    ee.emit('e', 1);
    ee.emit('e', 2);
    const seen: number[] = [];
    setTimeout(() => ee.emit('e', 3), 5);
    setTimeout(() => abort.abort(), 20);
    for await (const n of stream) seen.push(n);
    expect(seen).toEqual([1, 2, 3]);
    expect(ee.listenerCount('e')).toBe(0);
  });

  it('adds one abort listener however long it waits, and none is left after', async () => {
    const { ee, subscribe } = source();
    const abort = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = abort.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => (added++, add(...a))) as typeof add;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => (removed++, remove(...a))) as typeof remove;
    const stream = eventStream<number>(subscribe, signal);
    const run = (async () => {
      let n = 0;
      for await (const _ of stream) if (++n === 50) break;
    })();
    for (let i = 0; i < 50; i++) {
      ee.emit('e', i);
      await new Promise((r) => setTimeout(r, 0));
    }
    await run;
    expect(added).toBe(1);
    expect(removed).toBe(1);
    expect(ee.listenerCount('e')).toBe(0);
  });

  it('close() before iterating unsubscribes', () => {
    const { ee, subscribe } = source();
    const stream = eventStream<number>(subscribe, undefined);
    expect(ee.listenerCount('e')).toBe(1);
    stream.close();
    expect(ee.listenerCount('e')).toBe(0);
  });
});
