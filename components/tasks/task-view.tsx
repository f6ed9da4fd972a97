'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc/client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { downloadTaskLog, TaskSteps } from './task-log';
import { paths } from '@/components/paths';

export function TaskView({ id }: { id: string }) {
  const trpc = useTRPC();
  // no retries: an unknown task stays unknown, and the page says so at once
  const { data: task, error, isPending } = useQuery({ ...trpc.tasks.get.queryOptions({ id }), retry: false });
  if (isPending) return <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">Loading task…</p>;
  if (!task) {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold tracking-tight">No such task</h1>
        <Alert inline>{error?.message ?? `no task ${id}`}</Alert>
        <p className="text-sm">
          Tasks of a zone are listed on its page. <Link href={paths.zones()} className="underline">All zones</Link>
        </p>
      </div>
    );
  }
  return (
    <article className="space-y-4">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">{task.title}</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            <span className="font-medium">{task.status}</span> · zone{' '}
            <Link className="underline" href={paths.zone(task.host, task.zone)}>{task.zone}</Link> on{' '}
            {task.host} · by {task.user} · {new Date(task.createdAt).toLocaleString()}
          </p>
          {task.summary && <p className="mt-2 text-sm">{task.summary}</p>}
        </div>
        <Button onClick={() => downloadTaskLog(task)}>Download log</Button>
      </header>
      <TaskSteps task={task} />
    </article>
  );
}
