'use client';
// Running and recent tasks, one click away on every page, live. The button counts what runs
// and what failed since the user last opened the drawer (red), so a failure is seen from any
// page, not only on its task's page.
//
// The drawer is a non-modal region, not a modal dialog: people keep it open while they work on
// the page beneath (watch a boot while using the zone table), which a focus trap would forbid.
// Opening it moves focus to its heading; it sits just before its button in the tab order, so
// Tab from its last item reaches the button and Shift+Tab from the button goes back in; Escape
// anywhere in it (or on the button) closes it and puts focus back on the button.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useId, useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import type { Task } from '@/server/zones/tasks';
import { TaskSteps } from './task-log';
import { paths } from '@/components/paths';
import { useFailuresSeenAt } from './seen-failures';
import { failureReason } from '@/components/zones/attention';
import { duration, latestFailure, shortTime, tasksButtonLabel, unseenFailures } from './task-attention';

const STATUS_STYLE: Record<string, string> = {
  running: 'text-sky-700 dark:text-sky-300',
  succeeded: 'text-emerald-700 dark:text-emerald-300',
  failed: 'font-semibold text-red-700 dark:text-red-300',
  interrupted: 'text-amber-700 dark:text-amber-300',
};

export function TaskDrawer() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(0);
  const [expanded, setExpanded] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const { data: tasks } = useQuery(trpc.tasks.list.queryOptions({ limit: 20 }));
  const [seenAt, markSeen] = useFailuresSeenAt();
  const running = tasks?.filter((t) => t.status === 'running').length ?? 0;
  const failed = unseenFailures(tasks ?? [], seenAt).length;
  const label = tasksButtonLabel(running, failed);

  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  // failures that are on screen are seen (those arriving while it is open too)
  useEffect(() => {
    if (open && tasks) markSeen(latestFailure(tasks));
  }, [open, tasks, markSeen]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div
      className="pointer-events-none fixed bottom-4 right-4 z-30 flex max-w-[calc(100vw-2rem)] flex-col items-end gap-2 *:pointer-events-auto"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault();
          close();
        }
      }}
    >
      {open && (
        <section
          id="task-drawer"
          aria-labelledby={headingId}
          className="max-h-[70vh] w-[28rem] max-w-full overflow-auto rounded-lg border border-zinc-200 bg-white shadow-xl dark:border-zinc-700 dark:bg-zinc-900"
        >
          <div className="sticky top-0 flex items-center justify-between gap-2 border-b border-zinc-200 bg-white px-4 py-2 dark:border-zinc-700 dark:bg-zinc-900">
            <h2 ref={heading} id={headingId} tabIndex={-1} className="text-sm font-semibold focus:outline-none">
              Tasks
            </h2>
            <span className="text-xs text-zinc-600 dark:text-zinc-300">Esc closes</span>
          </div>
          {!tasks ? (
            // not "No tasks yet" while the list is on its way: that would be a false empty state
            <p role="status" className="px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-300">Loading tasks…</p>
          ) : !tasks.length ? (
            <p className="px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-300">No tasks yet. Actions you run on zones appear here.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {tasks.map((t) => (
                <TaskItem
                  key={t.id}
                  task={t}
                  now={openedAt}
                  expanded={expanded === t.id}
                  onToggle={() => setExpanded((e) => (e === t.id ? null : t.id))}
                />
              ))}
            </ul>
          )}
        </section>
      )}
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="task-drawer"
        aria-label={label}
        onClick={() => {
          setOpenedAt(Date.now());
          setOpen((o) => !o);
        }}
        className={`flex items-center gap-2 rounded-full border px-4 py-2 text-sm font-medium shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 ${
          failed
            ? 'border-red-300 bg-red-50 text-red-900 hover:bg-red-100 dark:border-red-800 dark:bg-red-950 dark:text-red-100 dark:hover:bg-red-900'
            : 'border-zinc-300 bg-white hover:bg-zinc-50 dark:border-zinc-600 dark:bg-zinc-800 dark:hover:bg-zinc-700'
        }`}
      >
        Tasks
        {running > 0 && <span>· {running} running</span>}
        {failed > 0 && <span className="rounded-full bg-red-700 px-2 py-0.5 text-xs font-semibold text-white">{failed} failed</span>}
      </button>
    </div>
  );
}

function TaskItem({ task: t, now, expanded, onToggle }: { task: Task; now: number; expanded: boolean; onToggle: () => void }) {
  const reason = t.status === 'failed' || t.status === 'interrupted' ? failureReason(t) : null;
  return (
    <li className={`px-4 py-2 text-sm ${t.status === 'failed' ? 'border-l-4 border-red-600 bg-red-50/60 dark:bg-red-950/40' : ''}`}>
      <div className="flex items-baseline justify-between gap-2">
        <Link href={paths.task(t.id)} className="min-w-0 font-medium [overflow-wrap:anywhere] hover:underline">
          {t.title}
        </Link>
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={`task-log-${t.id}`}
          onClick={onToggle}
          className="shrink-0 text-xs text-sky-700 hover:underline dark:text-sky-300"
        >
          {expanded ? 'Hide log' : 'Show log'}
          <span className="sr-only"> of {t.title}</span>
        </button>
      </div>
      <div className="flex flex-wrap gap-x-2 text-xs text-zinc-600 dark:text-zinc-300">
        <span className={STATUS_STYLE[t.status]}>{t.status}</span>
        <span>{t.host}</span>
        <time dateTime={new Date(t.createdAt).toISOString()} title={new Date(t.createdAt).toLocaleString()}>
          {shortTime(t.createdAt, now || t.createdAt)}
        </time>
        {t.finishedAt !== null && <span>took {duration(t.finishedAt - t.createdAt)}</span>}
      </div>
      {reason ? (
        <p className="mt-0.5 text-xs text-red-800 [overflow-wrap:anywhere] dark:text-red-200">{reason}</p>
      ) : (
        t.summary && <p className="text-xs text-zinc-700 dark:text-zinc-300">{t.summary}</p>
      )}
      {expanded && (
        <div id={`task-log-${t.id}`} className="mt-2">
          <LiveTaskSteps id={t.id} />
        </div>
      )}
    </li>
  );
}

/** One task's steps and output, kept live by the page's subscription. */
function LiveTaskSteps({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data: task } = useQuery(trpc.tasks.get.queryOptions({ id }));
  if (!task) return <p role="status" className="text-xs text-zinc-600 dark:text-zinc-300">Loading the log…</p>;
  return <TaskSteps task={task} />;
}
