'use client';
// Each zone's latest task as the zone table and zone page show it (components/zones/attention.ts
// says what it means), and the failures the operator has dismissed in this browser. The list
// comes from tasks.latest; the page's one live subscription keeps it current (mergeLatest).
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { activityOf, latestByZone, type Activity } from './attention';

const KEY = 'zonedash.dismissedTasks';
// a failure dismissed long ago has been replaced by later tasks: the newest ids are enough
const KEEP = 500;
const listeners = new Set<() => void>();
const EMPTY: ReadonlySet<string> = new Set();
let cached: { raw: string | null; set: ReadonlySet<string> } = { raw: null, set: EMPTY };

function read(): ReadonlySet<string> {
  const raw = window.localStorage.getItem(KEY);
  if (raw !== cached.raw) {
    let ids: unknown = [];
    try {
      ids = JSON.parse(raw ?? '[]');
    } catch {
      // a hand-edited value: start again
    }
    cached = { raw, set: new Set(Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : []) };
  }
  return cached.set;
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  // another tab dismissed a failure
  const onStorage = (e: StorageEvent) => e.key === KEY && onChange();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onStorage);
  };
}

/** The ids of failed tasks dismissed in this browser (none while rendering on the server). */
export function useDismissed(): { dismissed: ReadonlySet<string>; dismiss: (taskId: string) => void } {
  const dismissed = useSyncExternalStore(subscribe, read, () => EMPTY);
  const dismiss = useCallback((taskId: string) => {
    const ids = [...read(), taskId].slice(-KEEP);
    window.localStorage.setItem(KEY, JSON.stringify(ids));
    for (const l of listeners) l();
  }, []);
  return { dismissed, dismiss };
}

/** Each zone's activity by `host/zone` (a zone absent has nothing to say). */
export function useActivities(): { activities: ReadonlyMap<string, Activity>; dismiss: (taskId: string) => void } {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.tasks.latest.queryOptions({}));
  const { dismissed, dismiss } = useDismissed();
  const activities = useMemo(() => {
    const out = new Map<string, Activity>();
    for (const [key, task] of latestByZone(data)) {
      const a = activityOf(task, dismissed);
      if (a) out.set(key, a);
    }
    return out;
  }, [data, dismissed]);
  return { activities, dismiss };
}
