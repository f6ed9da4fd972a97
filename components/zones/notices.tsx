'use client';
// Outcomes of actions just requested. A started task's line follows the task to its end (the
// page's live subscription keeps the task's query current): its step while it runs, then
// green when it succeeded, red with the first line of the failed step's stderr when it failed,
// each with a link to the task's log. Errors are shown with the server's words (a CONFLICT
// names the task holding the zone).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc/client';
import type { ActionNotice } from './use-zone-actions';
import { activityOf, failureReason } from './attention';
import { paths } from '@/components/paths';

const TONE = {
  running: 'border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-100',
  succeeded: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  failed: 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200',
};

export function Notices({ notices, onDismiss }: { notices: ActionNotice[]; onDismiss: (id: number) => void }) {
  return (
    <div aria-live="polite" className="space-y-1.5">
      {notices.map((n) =>
        n.taskId ? (
          <TaskNotice key={n.id} text={n.text} taskId={n.taskId} onDismiss={() => onDismiss(n.id)} />
        ) : (
          <Line key={n.id} tone="failed" role="alert" onDismiss={() => onDismiss(n.id)}>
            <span>{n.text}</span>
          </Line>
        ),
      )}
    </div>
  );
}

function TaskNotice({ text, taskId, onDismiss }: { text: string; taskId: string; onDismiss: () => void }) {
  const trpc = useTRPC();
  const { data: task } = useQuery(trpc.tasks.get.queryOptions({ id: taskId }));
  // until the task is read, it is known to have started
  const status = task?.status ?? 'running';
  const activity = task ? activityOf(task) : null;
  if (status === 'failed' || status === 'interrupted') {
    return (
      <Line tone="failed" role="alert" onDismiss={onDismiss}>
        <span>
          <span>{`${text} and ${status === 'failed' ? 'failed' : 'was interrupted'}:`}</span>{' '}
          <span className="font-mono text-xs break-words">{task ? failureReason(task) : ''}</span>{' '}
          <Link href={paths.task(taskId)} className="underline">view the log</Link>
        </span>
      </Line>
    );
  }
  return (
    <Line tone={status === 'succeeded' ? 'succeeded' : 'running'} role="status" onDismiss={onDismiss}>
      <span>
        <span>{status === 'succeeded' ? `${text} and succeeded.` : activity?.kind === 'running' && activity.of > 1 ? `${text} (step ${activity.step} of ${activity.of}: ${activity.label})` : text}</span>{' '}
        <Link href={paths.task(taskId)} className="underline">view task</Link>
      </span>
    </Line>
  );
}

function Line({ tone, role, onDismiss, children }: { tone: keyof typeof TONE; role: 'alert' | 'status'; onDismiss: () => void; children: React.ReactNode }) {
  return (
    <div role={role} className={`flex items-start justify-between gap-3 rounded-md border px-3 py-2 text-sm ${TONE[tone]}`}>
      {children}
      <button type="button" onClick={onDismiss} aria-label="Dismiss" className="opacity-70 hover:opacity-100">
        ✕
      </button>
    </div>
  );
}
