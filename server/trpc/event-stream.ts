// Turns a listener-style subscription into an async iterable for tRPC subscriptions. It
// subscribes at once (so nothing published between subscribing and the first read is
// lost), uses one abort listener for the whole stream (not one per wait, which leaks on long
// streams), and unsubscribes when iteration ends, the signal aborts, or close() is called.
export interface EventStream<T> extends AsyncIterable<T> {
  close(): void;
}

export function eventStream<T>(
  subscribe: (listener: (event: T) => void) => () => void,
  signal: AbortSignal | undefined,
): EventStream<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const unsubscribe = subscribe((e) => {
    queue.push(e);
    wake?.();
  });
  const close = () => {
    if (closed) return;
    closed = true;
    signal?.removeEventListener('abort', close);
    unsubscribe();
    wake?.();
  };
  signal?.addEventListener('abort', close, { once: true });
  if (signal?.aborted) close();
  return {
    close,
    async *[Symbol.asyncIterator]() {
      try {
        while (!closed) {
          const next = queue.shift();
          if (next !== undefined) {
            yield next;
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
        }
      } finally {
        close();
      }
    },
  };
}
