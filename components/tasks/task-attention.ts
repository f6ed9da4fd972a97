// What the Tasks button and drawer say, as pure functions of the task list: which failures the
// user has not seen yet, the button's accessible name, and times a person reads at a glance.
// (A failed task's reason in one line is components/zones/attention.ts's failureReason, the
// same words the zone table shows.)
import type { Task } from '@/server/zones/tasks';

type TaskLike = Pick<Task, 'status' | 'createdAt' | 'finishedAt'>;

/** When a task ended (or began, for one still without an end): what "seen" is compared with. */
export function taskTime(t: TaskLike): number {
  return t.finishedAt ?? t.createdAt;
}

/** Failed tasks that ended after the user last opened the drawer (`seenAt`, 0: never). */
export function unseenFailures<T extends TaskLike>(tasks: readonly T[], seenAt: number): T[] {
  return tasks.filter((t) => t.status === 'failed' && taskTime(t) > seenAt);
}

/** The newest end among failed tasks: what opening the drawer marks as seen. */
export function latestFailure(tasks: readonly TaskLike[]): number {
  let at = 0;
  for (const t of tasks) if (t.status === 'failed') at = Math.max(at, taskTime(t));
  return at;
}

/** "Tasks", "Tasks: 1 running", "Tasks: 1 running, 2 failed": the button's accessible name. */
export function tasksButtonLabel(running: number, failed: number): string {
  const parts = [running ? `${running} running` : '', failed ? `${failed} failed` : ''].filter(Boolean);
  return parts.length ? `Tasks: ${parts.join(', ')}` : 'Tasks';
}

/** "14:02" today, "3 Dec 14:02" another day: the drawer's times, in the user's locale. */
export function shortTime(at: number, now: number, locale?: string): string {
  const d = new Date(at);
  const n = new Date(now);
  const sameDay = d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${d.toLocaleDateString(locale, { day: 'numeric', month: 'short' })} ${time}`;
}

/** How long a task took (or has been running): "4 s", "2 min 5 s". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}
