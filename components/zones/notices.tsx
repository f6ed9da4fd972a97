'use client';
// Outcomes of actions just requested: "started" lines link to their task; errors are shown
// with the server's words (a CONFLICT names the task holding the zone).
import Link from 'next/link';
import type { ActionNotice } from './use-zone-actions';
import { paths } from '@/components/paths';

export function Notices({ notices, onDismiss }: { notices: ActionNotice[]; onDismiss: (id: number) => void }) {
  return (
    <div aria-live="polite" className="space-y-1.5">
      {notices.map((n) => (
        <div
          key={n.id}
          role={n.kind === 'error' ? 'alert' : 'status'}
          className={`flex items-start justify-between gap-3 rounded-md border px-3 py-2 text-sm ${
            n.kind === 'error'
              ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200'
              : 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200'
          }`}
        >
          <span>
            {n.text}
            {n.taskId && (
              <>
                {' '}
                <Link href={paths.task(n.taskId)} className="underline">view task</Link>
              </>
            )}
          </span>
          <button type="button" onClick={() => onDismiss(n.id)} aria-label="Dismiss" className="opacity-60 hover:opacity-100">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
