'use client';
// When the user last looked at the Tasks drawer's failures, kept in localStorage so that a
// failure counts on the Tasks button until it has been seen once, in any tab of this browser
// (other tabs hear of it through the storage event). Nothing on the server: a fresh browser
// sees the recent failures as new, which they are to that person.
import { useCallback, useSyncExternalStore } from 'react';

const KEY = 'zonedash.tasks.failuresSeenAt';
const listeners = new Set<() => void>();

function read(): number {
  try {
    const v = Number(localStorage.getItem(KEY));
    return Number.isFinite(v) && v > 0 ? v : 0;
  } catch {
    return 0; // storage refused: every failure stays new, which errs on the side of telling
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** [the time up to which failures were seen (0: never; Infinity while rendering on the server,
 *  which knows nothing of this browser, so the first paint counts none), mark up to `at` seen]. */
export function useFailuresSeenAt(): [number, (at: number) => void] {
  const seenAt = useSyncExternalStore(subscribe, read, () => Number.POSITIVE_INFINITY);
  const markSeen = useCallback((at: number) => {
    if (at <= read()) return;
    try {
      localStorage.setItem(KEY, String(at));
    } catch {
      /* storage refused: the count stays */
    }
    for (const l of listeners) l();
  }, []);
  return [seenAt, markSeen];
}
