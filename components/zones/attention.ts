// What needs attention on a zone, as pure functions of its row and its latest task: the zone
// table's chips, its "needs attention" filter and severity sort, the row's task cell and the
// zone page's header all read from here, so they never disagree.
import type { TaskBrief } from '@/server/zones/tasks';
import { compareNames, compareStates } from './sort';

/** What a zone's latest task says now: work under way, a failure not yet dealt with, or
 *  nothing (the last task succeeded, was dismissed, or there was none). */
export type Activity =
  | { kind: 'running'; taskId: string; title: string; doing: string; step: number; of: number; label: string }
  | { kind: 'failed'; taskId: string; title: string; status: 'failed' | 'interrupted'; reason: string }
  | null;

/** The -ing word of a task kind, for "installing…" on a row. */
const DOING: Record<string, string> = {
  boot: 'booting',
  shutdown: 'shutting down',
  reboot: 'rebooting',
  halt: 'halting',
  ready: 'readying',
  install: 'installing',
  uninstall: 'uninstalling',
  verify: 'verifying',
  delete: 'deleting',
  create: 'creating',
  'create-rollback': 'rolling back',
  clone: 'cloning',
};

export function doingWord(kind: string): string {
  return DOING[kind] ?? `${kind.replace(/[-_]/g, ' ')}ing`.replace(/eing$/, 'ing');
}

/** The first line of a failed step's stderr (the tool's own words for why), else the task's
 *  summary; cut to a line a row can show. Untrusted text: rendered as text, never markup. */
export function failureReason(task: Pick<TaskBrief, 'steps' | 'summary'>): string {
  const failed = task.steps.find((s) => s.status === 'failed' || s.status === 'interrupted');
  const line = failed?.stderr.split('\n').map((l) => l.trim()).find((l) => l.length > 0);
  const text = line ?? task.summary ?? (failed ? `step ${failed.idx + 1} (${failed.label}) failed` : 'the task did not finish');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function activityOf(task: TaskBrief | undefined, dismissed: ReadonlySet<string> = new Set()): Activity {
  if (!task) return null;
  if (task.status === 'running') {
    // the step running now, or the next one to run while a skip is being decided
    const current = task.steps.find((s) => s.status === 'running') ?? task.steps.find((s) => s.status === 'pending');
    return {
      kind: 'running',
      taskId: task.id,
      title: task.title,
      doing: doingWord(task.kind),
      step: current ? current.idx + 1 : task.steps.length,
      of: task.steps.length,
      label: current?.label ?? '',
    };
  }
  if ((task.status === 'failed' || task.status === 'interrupted') && !dismissed.has(task.id)) {
    return { kind: 'failed', taskId: task.id, title: task.title, status: task.status, reason: failureReason(task) };
  }
  return null;
}

/** Why a zone needs an operator, most urgent first; empty when it does not. `autoboot` is
 *  known only where the zone's configuration was read (the zone page): zoneadm list does not
 *  print it. */
export type Concern = 'task-failed' | 'down' | 'incomplete' | 'not-booted';

export const CONCERN_TEXT: Record<Concern, string> = {
  'task-failed': 'last task failed',
  down: 'down: stuck between running and installed',
  incomplete: 'incomplete: an install or uninstall did not finish',
  'not-booted': 'autoboot is on but the zone is not running',
};

export function concernsOf(zone: { state: string; autoboot?: boolean }, activity: Activity): Concern[] {
  const out: Concern[] = [];
  const busy = activity?.kind === 'running';
  if (activity?.kind === 'failed') out.push('task-failed');
  if (zone.state === 'down' && !busy) out.push('down');
  if (zone.state === 'incomplete' && !busy) out.push('incomplete');
  if (zone.autoboot === true && !busy && zone.state !== 'running') out.push('not-booted');
  return out;
}

/** How urgent a zone is, 0 = not at all: a failed task, then a zone stuck down, then an
 *  incomplete zone, then one that should run but does not; work under way ranks above a
 *  zone at rest so it stays in sight. */
export function severity(zone: { state: string; autoboot?: boolean }, activity: Activity): number {
  const c = concernsOf(zone, activity);
  if (c.includes('task-failed')) return 5;
  if (c.includes('down')) return 4;
  if (c.includes('incomplete')) return 3;
  if (c.includes('not-booted')) return 2;
  return activity?.kind === 'running' ? 1 : 0;
}

/** Most urgent first; within one urgency, in the order of a zone's life, then by name. */
export function compareSeverity<Z extends { name: string; state: string; autoboot?: boolean }>(
  a: { zone: Z; activity: Activity },
  b: { zone: Z; activity: Activity },
): number {
  return severity(b.zone, b.activity) - severity(a.zone, a.activity) || compareStates(a.zone.state, b.zone.state) || compareNames(a.zone.name, b.zone.name);
}

/** The chips above the table: each state present with its count, in the order of a zone's
 *  life, and how many zones need attention. */
export function chipCounts(items: { zone: { state: string; autoboot?: boolean }; activity: Activity }[]): {
  states: { state: string; count: number }[];
  attention: number;
} {
  const byState = new Map<string, number>();
  let attention = 0;
  for (const { zone, activity } of items) {
    byState.set(zone.state, (byState.get(zone.state) ?? 0) + 1);
    if (concernsOf(zone, activity).length > 0) attention++;
  }
  const states = [...byState].map(([state, count]) => ({ state, count })).sort((a, b) => compareStates(a.state, b.state));
  return { states, attention };
}

/** A task event's task as the latest-per-zone list keeps it (stdout and argv dropped). */
export function briefOf(task: TaskBrief): TaskBrief {
  const { steps, ...rest } = task;
  return { ...rest, steps: steps.map(({ idx, label, status, stderr }) => ({ idx, label, status, stderr })) };
}

/** The latest-per-zone list after a task event: the task replaces its zone's entry when it
 *  is that entry or newer. */
export function mergeLatest(prev: TaskBrief[] | undefined, task: TaskBrief): TaskBrief[] | undefined {
  if (!prev) return prev;
  const i = prev.findIndex((t) => t.host === task.host && t.zone === task.zone);
  if (i === -1) return [briefOf(task), ...prev];
  const old = prev[i]!;
  if (old.id !== task.id && old.createdAt > task.createdAt) return prev;
  const next = prev.slice();
  next[i] = briefOf(task);
  return next;
}

/** Each zone's latest task, by `host/zone`. */
export function latestByZone(list: TaskBrief[] | undefined): Map<string, TaskBrief> {
  return new Map((list ?? []).map((t) => [`${t.host}/${t.zone}`, t]));
}

/** While a task works on a zone every verb waits for it (the server takes one task per zone
 *  and refuses a second with a CONFLICT): said before the click, not after. */
export function busyReason(activity: Activity): string | null {
  return activity?.kind === 'running' ? `wait: ${activity.title} is running (one task per zone at a time)` : null;
}
