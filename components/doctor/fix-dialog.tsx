'use client';
// The confirmation before a fix runs: the exact commands, then the task it became, followed
// until it ends; the host is read again afterwards, so a fixed finding leaves the page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { paths } from '@/components/paths';
import { useTRPC } from '@/components/trpc/client';
import { Alert } from '@/components/ui/alert';
import { Button, Dialog } from '@/components/ui/dialog';
import type { Finding } from '@/server/doctor/types';
import { shellWords } from './shell-words';

export function FixDialog({ finding, onClose }: { finding: Finding; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const fix = useMutation(trpc.doctor.fix.mutationOptions());
  const taskId = fix.data?.id;
  const task = useQuery({
    ...trpc.tasks.get.queryOptions({ id: taskId ?? '' }),
    enabled: taskId !== undefined,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 500),
  });
  const finished = task.data && task.data.status !== 'running';
  const close = () => {
    // whatever ran may have changed every host's findings and counts
    if (taskId) void qc.invalidateQueries({ queryKey: trpc.doctor.pathKey() });
    onClose();
  };
  const steps = finding.fix?.steps ?? [];
  return (
    <Dialog open title={`Fix on ${finding.host}: ${finding.fix?.summary ?? ''}`} onClose={close}>
      <p>{taskId ? 'The dashboard ran:' : 'The dashboard will run, as one task, in this order:'}</p>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        {steps.map((s, i) => (
          <li key={i}>
            <span className="text-zinc-600 dark:text-zinc-400">{s.label}</span>
            <pre className="mt-0.5 font-mono text-xs whitespace-pre-wrap break-all">{shellWords(s.argv)}</pre>
          </li>
        ))}
      </ol>
      {fix.error && (
        <Alert role="alert" className="mt-3">
          {fix.error.message}
        </Alert>
      )}
      {taskId && (
        <p role="status" className="mt-3">
          Task <Link className="underline" href={paths.task(taskId)}>{fix.data?.title}</Link>:{' '}
          <span className="font-medium">{task.data?.status ?? 'running'}</span>
          {task.data?.summary ? ` · ${task.data.summary}` : ''}
        </p>
      )}
      <div className="mt-4 flex justify-end gap-2">
        {taskId ? (
          <Button variant="primary" onClick={close} disabledReason={finished ? null : 'the task is still running'}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={close}>Cancel</Button>
            <Button variant={finding.fix?.role === 'admin' ? 'danger' : 'primary'} onClick={() => fix.mutate({ host: finding.host, id: finding.id })} disabledReason={fix.isPending ? 'starting…' : null}>
              Run fix
            </Button>
          </>
        )}
      </div>
    </Dialog>
  );
}
