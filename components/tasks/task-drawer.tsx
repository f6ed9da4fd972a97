'use client';
// Running and recent tasks, one click away on every page, live.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { TaskSteps } from './task-log';
import { paths } from '@/components/paths';

const STATUS_STYLE: Record<string, string> = {
  running: 'text-sky-700 dark:text-sky-400',
  succeeded: 'text-emerald-700 dark:text-emerald-400',
  failed: 'text-red-700 dark:text-red-400',
  interrupted: 'text-amber-700 dark:text-amber-400',
};

export function TaskDrawer() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [expanded, setExpanded] = useState<string | null>(null);
  const { data: tasks } = useQuery(trpc.tasks.list.queryOptions({ limit: 20 }));
  const running = tasks?.filter((t) => t.status === 'running').length ?? 0;
  return (
    <div className="fixed bottom-4 right-4 z-30 flex flex-col items-end gap-2">
      {open && (
        <section
          id="task-drawer"
          aria-label="Recent tasks"
          className="max-h-[70vh] w-[28rem] overflow-auto rounded-lg border border-zinc-200 bg-white shadow-xl dark:border-zinc-700 dark:bg-zinc-900"
        >
          <h2 className="sticky top-0 border-b border-zinc-200 bg-white px-4 py-2 text-sm font-semibold dark:border-zinc-700 dark:bg-zinc-900">
            Tasks
          </h2>
          {!tasks?.length ? (
            <p className="px-4 py-6 text-center text-sm text-zinc-500">No tasks yet. Actions you run on zones appear here.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {tasks.map((t) => (
                <li key={t.id} className="px-4 py-2 text-sm">
                  <div className="flex items-baseline justify-between gap-2">
                    <Link href={paths.task(t.id)} className="font-medium hover:underline">{t.title}</Link>
                    <button
                      type="button"
                      aria-expanded={expanded === t.id}
                      aria-controls={`task-log-${t.id}`}
                      onClick={() => setExpanded((e) => (e === t.id ? null : t.id))}
                      className="shrink-0 text-xs text-sky-700 hover:underline dark:text-sky-400"
                    >
                      {expanded === t.id ? 'Hide log' : 'Show log'}
                      <span className="sr-only"> of {t.title}</span>
                    </button>
                  </div>
                  <div className="flex gap-2 text-xs text-zinc-500">
                    <span className={STATUS_STYLE[t.status]}>{t.status}</span>
                    <span>{t.host}</span>
                    <time dateTime={new Date(t.createdAt).toISOString()}>{new Date(t.createdAt).toLocaleTimeString()}</time>
                  </div>
                  {t.summary && <p className="text-xs text-zinc-600 dark:text-zinc-400">{t.summary}</p>}
                  {expanded === t.id && (
                    <div id={`task-log-${t.id}`} className="mt-2">
                      <LiveTaskSteps id={t.id} />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <button
        type="button"
        aria-expanded={open}
        aria-controls="task-drawer"
        onClick={() => setOpen((o) => !o)}
        className="rounded-full border border-zinc-300 bg-white px-4 py-2 text-sm font-medium shadow-md hover:bg-zinc-50 dark:border-zinc-600 dark:bg-zinc-800 dark:hover:bg-zinc-700"
      >
        Tasks{running > 0 ? ` · ${running} running` : ''}
      </button>
    </div>
  );
}

/** One task's steps and output, kept live by the page's subscription. */
function LiveTaskSteps({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data: task } = useQuery(trpc.tasks.get.queryOptions({ id }));
  if (!task) return <p role="status" className="text-xs text-zinc-500">Loading the log…</p>;
  return <TaskSteps task={task} />;
}
