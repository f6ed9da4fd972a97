'use client';
// What a zone's latest task says, where the zone is shown: on its table row (short: "installing…
// step 2 of 3", "last task failed") and under the zone page's heading (with the failure's
// reason and a way to dismiss it). Both link to the task's log.
import Link from 'next/link';
import { paths } from '@/components/paths';
import type { Activity } from './attention';

export function progressText(a: Extract<Activity, { kind: 'running' }>): string {
  return a.of > 1 ? `${a.doing}… step ${a.step} of ${a.of}` : `${a.doing}…`;
}

function failedText(a: Extract<Activity, { kind: 'failed' }>): string {
  return a.status === 'interrupted' ? 'last task interrupted' : 'last task failed';
}

/** The row's cell: nothing when the zone's last task succeeded. */
export function ActivityCell({ zone, activity, onDismiss }: { zone: string; activity: Activity; onDismiss: (taskId: string) => void }) {
  if (!activity) return null;
  if (activity.kind === 'running') {
    return (
      <Link
        href={paths.task(activity.taskId)}
        prefetch={false}
        title={`${activity.title}${activity.label ? `: ${activity.label}` : ''}`}
        className="inline-flex items-center gap-1.5 text-xs whitespace-nowrap text-sky-800 underline-offset-2 hover:underline dark:text-sky-300"
      >
        <span aria-hidden="true" className="size-1.5 rounded-full bg-sky-500 motion-safe:animate-pulse" />
        {progressText(activity)}
      </Link>
    );
  }
  return (
    <span className="inline-flex items-center gap-1 text-xs whitespace-nowrap">
      <Link
        href={paths.task(activity.taskId)}
        prefetch={false}
        title={`${activity.title}: ${activity.reason}`}
        className="font-medium text-red-700 underline underline-offset-2 dark:text-red-400"
      >
        {failedText(activity)}
      </Link>
      <button
        type="button"
        onClick={() => onDismiss(activity.taskId)}
        aria-label={`Dismiss the failure of ${activity.title} on ${zone}`}
        title="Dismiss"
        className="rounded px-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <span aria-hidden="true">✕</span>
      </button>
    </span>
  );
}

/** Under the zone page's heading: the work under way, or the last failure and why. */
export function ZoneActivityBanner({ activity, onDismiss }: { activity: Activity; onDismiss: (taskId: string) => void }) {
  if (!activity) return null;
  if (activity.kind === 'running') {
    return (
      <p role="status" className="flex flex-wrap items-center gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-100">
        <span aria-hidden="true" className="size-2 rounded-full bg-sky-500 motion-safe:animate-pulse" />
        <span>
          <span className="font-medium">{progressText(activity)}</span>
          {activity.label && <span className="text-sky-800 dark:text-sky-200"> ({activity.label})</span>}
        </span>
        <Link href={paths.task(activity.taskId)} className="underline">view task</Link>
      </p>
    );
  }
  return (
    <div role="alert" className="flex items-start justify-between gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
      <div className="min-w-0">
        <p>
          <span className="font-medium">{failedText(activity)}:</span> {activity.title}.{' '}
          <Link href={paths.task(activity.taskId)} className="underline">view the log</Link>
        </p>
        <p className="mt-0.5 font-mono text-xs break-words">{activity.reason}</p>
      </div>
      <button type="button" onClick={() => onDismiss(activity.taskId)} className="shrink-0 rounded px-2 py-0.5 text-red-800 underline-offset-2 hover:underline dark:text-red-200">
        Dismiss
      </button>
    </div>
  );
}
