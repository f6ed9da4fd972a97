'use client';
// "Updated 3 s ago" next to the table, and a plain warning when the host stops answering.
import { useEffect, useState } from 'react';

const SILENT_AFTER_S = 5;

export function HostFreshness({ fetchedAt, error }: { fetchedAt: number | null; error: string | null }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    // the clock starts after hydration (the server's time would not match), at once
    const first = setTimeout(() => setNow(Date.now()), 0);
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, []);

  if (fetchedAt === null) {
    return <p className="text-xs text-red-700 dark:text-red-400">The host has not answered yet</p>;
  }
  const age = now === null ? 0 : Math.max(0, Math.round((now - fetchedAt) / 1000));
  const at = new Date(fetchedAt).toLocaleTimeString();
  if (age >= SILENT_AFTER_S) {
    // The watcher asks every second: this long without an answer means the host is not
    // answering (or the connection to the dashboard dropped), and the table may be stale.
    return (
      <p role="status" className="text-xs font-medium text-amber-700 dark:text-amber-400">
        <time dateTime={new Date(fetchedAt).toISOString()} title={at}>
          No answer from the host for {age} s; the table shows what it said at {at}
        </time>
      </p>
    );
  }
  return (
    <p className={`text-xs ${error ? 'text-amber-700 dark:text-amber-400' : 'text-zinc-500'}`}>
      <time dateTime={new Date(fetchedAt).toISOString()} title={at}>
        Last heard from the host {age <= 1 ? 'just now' : `${age} s ago`}
      </time>
    </p>
  );
}
