'use client';
// The audit log: newest first, filtered by user, action, host, zone, outcome and time,
// a page at a time; the same filters export the whole log as CSV or JSON lines.
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { AuditFilter } from '@/server/auth/audit';
import { paths } from '@/components/paths';

const OUTCOMES = ['ok', 'refused', 'failed', 'error'] as const;
const OUTCOME_STYLE: Record<string, string> = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  refused: 'text-amber-700 dark:text-amber-400',
  failed: 'text-red-700 dark:text-red-400',
  error: 'text-red-700 dark:text-red-400',
};

const input = 'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-600 dark:bg-zinc-800';
const cell = 'px-2 py-1.5 align-top';

function toFilter(form: FormData): AuditFilter {
  const text = (k: string) => {
    const v = String(form.get(k) ?? '').trim();
    return v ? v : undefined;
  };
  const time = (k: string) => {
    const v = text(k);
    const t = v ? new Date(v).getTime() : NaN;
    return Number.isFinite(t) ? t : undefined;
  };
  const outcome = text('outcome');
  return {
    user: text('user'),
    action: text('action'),
    host: text('host'),
    zone: text('zone'),
    outcome: OUTCOMES.find((o) => o === outcome),
    taskId: text('taskId'),
    since: time('since'),
    until: time('until'),
  };
}

export function AuditLog() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [exporting, setExporting] = useState<string | null>(null);
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ filter, limit: 100 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];

  const download = async (format: 'csv' | 'jsonl') => {
    setExporting(format);
    try {
      const file = await qc.fetchQuery({ ...trpc.audit.export.queryOptions({ filter, format }), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([file.text], { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setExporting(null);
    }
  };

  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 id="audit-heading" className="text-xl font-semibold tracking-tight">Audit log</h1>
        <div className="flex gap-2">
          <Button onClick={() => void download('csv')} disabled={exporting !== null}>Export CSV</Button>
          <Button onClick={() => void download('jsonl')} disabled={exporting !== null}>Export JSON lines</Button>
        </div>
      </div>
      <form
        role="search"
        aria-label="Filter the audit log"
        className="grid gap-3 rounded-md border border-zinc-200 bg-white p-3 text-sm sm:grid-cols-4 lg:grid-cols-8 dark:border-zinc-800 dark:bg-zinc-900"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(toFilter(new FormData(e.currentTarget)));
        }}
      >
        <label>User<input name="user" className={input} autoComplete="off" /></label>
        <label>Action<input name="action" className={input} placeholder="zones.action" autoComplete="off" /></label>
        <label>Host<input name="host" className={input} autoComplete="off" /></label>
        <label>Zone<input name="zone" className={input} autoComplete="off" /></label>
        <label>Outcome
          <select name="outcome" className={input} defaultValue="">
            <option value="">any</option>
            {OUTCOMES.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        </label>
        <label>From<input name="since" type="datetime-local" className={input} /></label>
        <label>To<input name="until" type="datetime-local" className={input} /></label>
        <div className="flex items-end gap-2">
          <Button type="submit" variant="primary">Filter</Button>
          <Button type="reset" onClick={() => setFilter({})}>Clear</Button>
        </div>
      </form>

      {log.error && <Alert inline>{log.error.message}</Alert>}
      {/* scrolls sideways on a phone: focusable, so the keyboard scrolls it too; relative, so its
          screen-reader-only (absolute) text stays inside it instead of widening the page */}
      <div tabIndex={0} role="region" aria-label="Audit log table" className="relative overflow-x-auto rounded-md border border-zinc-200 bg-white focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-xs">
          <thead className="border-b border-zinc-200 text-left uppercase text-zinc-500 dark:border-zinc-800">
            <tr>
              <th className={cell}>Time</th><th className={cell}>User</th><th className={cell}>From</th><th className={cell}>Host / zone</th>
              <th className={cell}>Action</th><th className={cell}>Outcome</th><th className={cell}>Detail and commands</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {entries.map((e) => (
              <tr key={e.id} data-action={e.action} data-outcome={e.outcome}>
                <td className={`${cell} whitespace-nowrap`}><time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleString()}</time></td>
                <td className={cell}>{e.user || <span className="text-zinc-500 dark:text-zinc-400">anonymous</span>}</td>
                <td className={`${cell} font-mono`}>{e.address || '—'}</td>
                <td className={`${cell} font-mono`}>{e.host || e.zone ? `${e.host}${e.zone ? ` / ${e.zone}` : ''}` : '—'}</td>
                <td className={`${cell} font-mono`}>{e.action}</td>
                <td className={`${cell} font-medium ${OUTCOME_STYLE[e.outcome] ?? ''}`}>{e.outcome}</td>
                <td className={`${cell} max-w-xl`}>
                  <span className="break-words">{e.detail}</span>
                  {e.argv.length > 0 && (
                    <ul className="mt-1 space-y-0.5 font-mono text-[11px] text-zinc-600 dark:text-zinc-400">
                      {e.argv.map((a, i) => <li key={i} className="break-all">$ {a.join(' ')}</li>)}
                    </ul>
                  )}
                  {e.taskId && <Link href={paths.task(e.taskId)} className="mt-1 inline-block text-sky-700 hover:underline dark:text-sky-400">task {e.taskId.slice(0, 8)}</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {log.isSuccess && entries.length === 0 && <p className="p-3 text-sm text-zinc-500">Nothing recorded matches these filters.</p>}
      </div>
      {log.hasNextPage && <Button onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>Load older entries</Button>}
    </section>
  );
}
