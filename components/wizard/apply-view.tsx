'use client';
// A zone creation being applied: the plan as a checklist whose rows follow the task live
// (state, exact command, output), the verification lines once the zone has rebooted, and,
// when a step failed, a retry from that step or a rollback of what was made.
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Button, Dialog } from '@/components/ui/dialog';
import type { ChecklistRow, ProvisionView } from '@/server/zones/provision';
import type { Task } from '@/server/zones/tasks';
import { paths } from '@/components/paths';
import { stepDuration } from './step-duration';

const ICON: Record<string, string> = { pending: '○', running: '◐', succeeded: '✓', failed: '✕', skipped: '–', interrupted: '!', 'not-run': '·' };
const TONE: Record<string, string> = {
  pending: 'text-zinc-500 dark:text-zinc-400',
  running: 'text-sky-700 dark:text-sky-400',
  succeeded: 'text-emerald-700 dark:text-emerald-400',
  failed: 'text-red-700 dark:text-red-400',
  skipped: 'text-zinc-500 dark:text-zinc-400',
  interrupted: 'text-amber-700 dark:text-amber-400',
  'not-run': 'text-zinc-500 dark:text-zinc-400',
};
const WORDS: Record<string, string> = { pending: 'waiting', running: 'running', succeeded: 'done', failed: 'failed', skipped: 'skipped', interrupted: 'interrupted', 'not-run': 'not run' };

export function useProvision(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const view = useQuery({
    ...trpc.provision.get.queryOptions({ id }),
    refetchInterval: (q) => (['running', 'rolling-back'].includes(q.state.data?.status ?? '') ? 3000 : false),
  });
  const taskIds = view.data?.attempts.map((a) => a.taskId) ?? [];
  // the tasks' live state (the page's task subscription keeps these queries current)
  const tasks = useQueries({ queries: taskIds.map((tid) => trpc.tasks.get.queryOptions({ id: tid })) });
  const byId = new Map<string, Task>();
  for (const t of tasks) if (t.data) byId.set(t.data.id, t.data);
  const digest = [...byId.values()].map((t) => `${t.status}:${t.steps.map((s) => s.status[0]).join('')}`).join('|');
  useEffect(() => {
    if (digest) void queryClient.invalidateQueries({ queryKey: trpc.provision.get.queryKey({ id }) });
  }, [digest, id, queryClient, trpc]);
  return { view, tasks: byId };
}

export function ApplyView({ id, onStartOver, onAnother }: { id: string; onStartOver: () => void; onAnother: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { view, tasks } = useProvision(id);
  const [confirm, setConfirm] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.provision.get.queryKey({ id }) });
  const retry = useMutation(trpc.provision.retry.mutationOptions({ onSuccess: refresh }));
  const rollback = useMutation(trpc.provision.rollback.mutationOptions({ onSuccess: refresh }));
  const v = view.data;
  if (view.isPending) return <p role="status" className="text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>;
  if (!v) return <p role="alert" className="text-sm text-red-700 dark:text-red-400">{view.error?.message ?? 'This zone creation is not known.'}</p>;

  const log = (row: ChecklistRow) => (row.taskId && row.idx !== null ? tasks.get(row.taskId)?.steps[row.idx] : undefined);
  const liveStatus = (row: ChecklistRow) => log(row)?.status ?? row.status;
  const apply = v.checklist.filter((r) => r.phase !== 'verify');
  const actionError = retry.error?.message ?? rollback.error?.message;

  return (
    <div className="space-y-6">
      <Outcome view={v} onRetry={() => retry.mutate({ id })} onRollback={() => setConfirm(true)} busy={retry.isPending || rollback.isPending} onStartOver={onStartOver} onAnother={onAnother} />
      {actionError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{actionError}</p>}

      <section aria-labelledby="apply-heading">
        <h3 id="apply-heading" className="text-sm font-semibold">Apply</h3>
        <ol aria-label="Steps" className="mt-2 space-y-2">
          {apply.map((row, i) => (
            <Row key={row.key} n={i + 1} row={row} status={liveStatus(row)} step={log(row)} expandFailed={!v.rollback} />
          ))}
        </ol>
      </section>

      <section aria-labelledby="verify-heading">
        <h3 id="verify-heading" className="text-sm font-semibold">Verify</h3>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">After the reboot, from inside the zone.</p>
        <ul aria-label="Verification" className="mt-2 divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {v.checks.map((c) => {
            const row = v.checklist.find((r) => r.key === c.key)!;
            const live = liveStatus(row);
            const status = live === 'running' ? 'running' : c.status;
            const badge = { pass: 'PASS', fail: 'FAIL', running: 'CHECKING', pending: 'WAITING', 'not-run': 'NOT RUN' }[status];
            return (
              <li key={c.key} className="flex gap-3 px-3 py-2 text-sm">
                <span
                  className={`w-16 shrink-0 pt-px font-mono text-xs font-semibold ${
                    status === 'pass' ? 'text-emerald-700 dark:text-emerald-400' : status === 'fail' ? 'text-red-700 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'
                  }`}
                >
                  {badge}
                </span>
                <span className="min-w-0">
                  <span className="block font-medium">{c.label}</span>
                  {c.line && <span className="block text-xs text-zinc-600 dark:text-zinc-400">{c.line}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      </section>

      {v.rollback && (
        <section aria-labelledby="rollback-heading">
          <h3 id="rollback-heading" className="text-sm font-semibold">Rollback</h3>
          <ol aria-label="Rollback steps" className="mt-2 space-y-2">
            {v.rollback.rows.map((row, i) => (
              <Row key={row.key} n={i + 1} row={row} status={liveStatus(row)} step={log(row)} showAttempt={false} />
            ))}
          </ol>
        </section>
      )}

      <Dialog open={confirm} title={`Roll back the creation of ${v.zone}?`} onClose={() => setConfirm(false)}>
        <p>What this creation made on {v.host} is undone, in this order, each step only if there is something to undo:</p>
        <ul className="mt-2 list-disc pl-5">
          <li>halt {v.zone} if it runs, uninstall it, delete its configuration</li>
          {v.checklist.some((r) => r.key === 'vnic' && r.status === 'succeeded') && <li>delete the VNIC it got</li>}
        </ul>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setConfirm(false)}>Cancel</Button>
          <Button
            variant="danger"
            onClick={() => {
              setConfirm(false);
              rollback.mutate({ id });
            }}
          >
            Roll back
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

function Outcome({
  view: v,
  onRetry,
  onRollback,
  busy,
  onStartOver,
  onAnother,
}: {
  view: ProvisionView;
  onRetry: () => void;
  onRollback: () => void;
  busy: boolean;
  onStartOver: () => void;
  onAnother: () => void;
}) {
  const zoneLink = (
    <Link href={paths.zone(v.host, v.zone)} className="font-medium underline underline-offset-2">
      {v.zone}
    </Link>
  );
  const passed = v.checks.filter((c) => c.status === 'pass').length;
  const box = 'rounded-md border p-4 text-sm';
  switch (v.status) {
    case 'running':
      return (
        <div role="status" className={`${box} border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-200`}>
          Creating {v.zone} on {v.host}…{v.attempts.length > 1 ? ` (attempt ${v.attempts.length})` : ''}
        </div>
      );
    case 'rolling-back':
      return <div role="status" className={`${box} border-amber-200 bg-amber-50 dark:border-amber-900 dark:bg-amber-950`}>Rolling back {v.zone}…</div>;
    case 'succeeded':
      return (
        <div role="status" className={`${box} flex flex-wrap items-center gap-3 border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200`}>
          <p className="mr-auto">
            {zoneLink} is running on {v.host}; all {passed} checks passed.
          </p>
          <Button onClick={onAnother}>Create another zone</Button>
        </div>
      );
    case 'rolled-back':
      return (
        <div role="status" className={`${box} flex flex-wrap items-center gap-3 border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900`}>
          <p className="mr-auto">Rolled back: nothing this creation made is left on {v.host}.</p>
          <Button onClick={onStartOver}>Back to the review</Button>
        </div>
      );
    default: {
      const title =
        v.status === 'rollback-failed'
          ? 'The rollback did not finish.'
          : v.failed
            ? `Step “${v.failed.label}” failed.`
            : v.status === 'interrupted'
              ? 'The dashboard stopped while this was running.'
              : `${v.checks.filter((c) => c.status === 'fail').length} check(s) failed.`;
      return (
        <div role="alert" className={`${box} space-y-3 border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200`}>
          <p className="font-medium">{title}</p>
          {v.failed?.message && <pre tabIndex={0} role="region" aria-label="Error message" className="max-h-40 overflow-auto whitespace-pre-wrap font-mono text-xs">{v.failed.message}</pre>}
          <p>Fix the cause, then retry from the step that failed; or roll back, so no half-made zone is left behind.</p>
          <div className="flex flex-wrap gap-2">
            {v.canRetry && (
              <Button variant="primary" disabled={busy} onClick={onRetry}>
                Retry from the failed step
              </Button>
            )}
            {v.canRollback && (
              <Button variant="danger" disabled={busy} onClick={onRollback}>
                Roll back
              </Button>
            )}
          </div>
        </div>
      );
    }
  }
}

function Row({
  n,
  row,
  status,
  step,
  expandFailed = true,
  showAttempt = true,
}: {
  n: number;
  row: ChecklistRow;
  status: string;
  step: Task['steps'][number] | undefined;
  expandFailed?: boolean;
  showAttempt?: boolean;
}) {
  const duration = stepDuration(step, status);
  const open = status === 'running' || (status === 'failed' && expandFailed);
  const header = (
    <>
      <span aria-hidden="true" className={`w-4 text-center ${TONE[status]} ${status === 'running' ? 'animate-pulse' : ''}`}>{ICON[status]}</span>
      <span className="w-5 text-right tabular-nums text-zinc-500 dark:text-zinc-400">{n}.</span>
      <span className={`font-medium ${status === 'not-run' || status === 'skipped' ? 'text-zinc-500 dark:text-zinc-400' : ''}`}>{row.label}</span>
      <span className={`text-xs ${TONE[status]}`}>{WORDS[status] ?? status}</span>
      {showAttempt && row.attempt !== null && row.attempt > 1 && <span className="rounded bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">attempt {row.attempt}</span>}
      {step?.exitCode != null && status !== 'succeeded' && <span className="text-xs text-zinc-500 dark:text-zinc-400">exit {step.exitCode}</span>}
      {duration && <span className="ml-auto text-xs tabular-nums text-zinc-500 dark:text-zinc-400">{duration}</span>}
    </>
  );
  const note = row.note && <p className="pb-2 pl-[3.25rem] pr-3 text-xs text-zinc-600 dark:text-zinc-400">{row.note}</p>;
  const frame = `rounded-md border ${status === 'failed' ? 'border-red-300 dark:border-red-900' : 'border-zinc-200 dark:border-zinc-800'}`;
  if (!step || (status === 'skipped' && !step.stdout.trim())) {
    return (
      <li data-status={status} className={frame}>
        <div className="flex flex-wrap items-center gap-x-2 px-3 py-2 text-sm">{header}</div>
        {note}
      </li>
    );
  }
  return (
    <li data-status={status} className={frame}>
      <details open={open} className="group">
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-2 px-3 py-2 text-sm [&::-webkit-details-marker]:hidden">
          {header}
          <span aria-hidden="true" className={`text-xs text-zinc-500 dark:text-zinc-400 transition-transform group-open:rotate-90 ${duration ? '' : 'ml-auto'}`}>▸</span>
        </summary>
        <div className="border-t border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-950">
          <p className="break-all text-zinc-500 dark:text-zinc-400">$ {step.argv.join(' ')}</p>
          {step.stdout && <pre tabIndex={0} role="region" aria-label={`Output of ${row.label}`} className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">{step.stdout}</pre>}
          {step.stderr && <pre tabIndex={0} role="region" aria-label={`Errors of ${row.label}`} className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap text-red-700 dark:text-red-400">{step.stderr}</pre>}
        </div>
      </details>
      {note}
    </li>
  );
}
