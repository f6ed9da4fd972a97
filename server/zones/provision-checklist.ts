// The live checklist of a creation: each planned step with the attempt that ran it, its
// status and what it found, the verification lines, the rollback's rows, and whether a
// retry or a rollback is possible now.
import { evaluateCheck, PHASE_LABELS, planProvision, type Phase, type PlanStep } from './provision-plan';
import { describeCarried } from './provision-import';
import { requireRecord, type AttemptKind } from './provision-records';
import { DONE_EARLIER } from './provision-run';
import type { WizardAnswers } from './provision-spec';
import { planView, type PlanView } from './provision-view';
import { taskManager } from '../services';
import type { StepStatus, Task, TaskStatus } from './tasks';


export type RowStatus = StepStatus | 'not-run';

export interface ChecklistRow {
  key: string;
  phase: Phase | 'cleanup';
  label: string;
  argv: string[];
  status: RowStatus;
  /** the task and step index that holds this row's log */
  taskId: string | null;
  idx: number | null;
  /** 1-based attempt that ran it */
  attempt: number | null;
  /** why it was skipped, or what a wait or check found */
  note: string | null;
  exitCode: number | null;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface CheckLine {
  key: string;
  label: string;
  status: 'pending' | 'running' | 'pass' | 'fail' | 'not-run';
  line: string | null;
}

export type ProvisionStatus = TaskStatus | 'rolling-back' | 'rolled-back' | 'rollback-failed';

export interface ProvisionView {
  id: string;
  host: string;
  zone: string;
  user: string;
  createdAt: number;
  status: ProvisionStatus;
  plan: PlanView;
  /** the answers the creation was made from ("Back to the review" from any tab) */
  answers: WizardAnswers;
  attempts: { kind: AttemptKind; taskId: string; status: TaskStatus | 'missing'; title: string }[];
  /** the task now running or last run, for live output */
  currentTaskId: string;
  checklist: ChecklistRow[];
  checks: CheckLine[];
  rollback: { taskId: string; status: TaskStatus | 'missing'; rows: ChecklistRow[] } | null;
  failed: { key: string; label: string; message: string } | null;
  canRetry: boolean;
  canRollback: boolean;
}

function rowFrom(task: Task, idx: number, key: string, phase: ChecklistRow['phase'], attempt: number, check?: PlanStep['check']): ChecklistRow {
  const s = task.steps[idx]!;
  let note: string | null = null;
  if (s.status === 'skipped' && s.stdout) note = s.stdout.replace(/^skipped: /, '').trim();
  else if (check && (s.status === 'succeeded' || s.status === 'failed')) note = evaluateCheck(check, s).line;
  return {
    key,
    phase,
    label: s.label,
    argv: s.argv,
    status: s.status,
    taskId: task.id,
    idx,
    attempt,
    note,
    exitCode: s.exitCode,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
  };
}

export function provisionView(id: string): ProvisionView {
  const r = requireRecord(id);
  const tasks = taskManager();
  const plan = planProvision(r.spec, { hostName: r.host });
  const byKey = new Map(plan.steps.map((s) => [s.key, s]));
  const rows = new Map<string, ChecklistRow>();
  const cleanup: ChecklistRow[] = [];
  const attempts: ProvisionView['attempts'] = [];
  let rollback: ProvisionView['rollback'] = null;
  r.attempts.forEach((a, n) => {
    const t = tasks.get(a.taskId);
    attempts.push({ kind: a.kind, taskId: a.taskId, status: t?.status ?? 'missing', title: t?.title ?? '' });
    if (!t) return;
    if (a.kind === 'rollback') {
      rollback = { taskId: t.id, status: t.status, rows: t.steps.map((s) => rowFrom(t, s.idx, a.keys[s.idx] ?? `rollback:${s.idx}`, 'cleanup', n + 1)) };
      return;
    }
    t.steps.forEach((s) => {
      const key = a.keys[s.idx];
      if (!key) return;
      if (s.status === 'skipped' && s.stdout.includes(DONE_EARLIER)) return;
      const step = byKey.get(key);
      if (!step) {
        cleanup.push(rowFrom(t, s.idx, `${key}#${n + 1}`, 'cleanup', n + 1));
        return;
      }
      rows.set(key, rowFrom(t, s.idx, key, step.phase, n + 1, step.check));
    });
  });
  const checklist: ChecklistRow[] = [];
  for (const s of plan.steps) {
    if (s.key === 'install') checklist.push(...cleanup);
    checklist.push(
      rows.get(s.key) ?? {
        key: s.key,
        phase: s.phase,
        label: s.label,
        argv: [s.call.tool, ...s.call.args],
        status: 'not-run',
        taskId: null,
        idx: null,
        attempt: null,
        note: null,
        exitCode: null,
        startedAt: null,
        finishedAt: null,
      },
    );
  }
  const last = attempts.at(-1)!;
  const lastKind = r.attempts.at(-1)!.kind;
  const status: ProvisionStatus =
    lastKind === 'rollback'
      ? last.status === 'running'
        ? 'rolling-back'
        : last.status === 'succeeded'
          ? 'rolled-back'
          : 'rollback-failed'
      : last.status === 'missing'
        ? 'interrupted'
        : last.status;
  const checks: CheckLine[] = checklist
    .filter((row) => row.phase === 'verify')
    .map((row) => ({
      key: row.key,
      label: row.label,
      status:
        row.status === 'succeeded'
          ? 'pass'
          : row.status === 'failed'
            ? 'fail'
            : row.status === 'running'
              ? 'running'
              : row.status === 'pending'
                ? 'pending'
                : 'not-run',
      line: row.note,
    }));
  const failedRow = lastKind === 'rollback' ? null : checklist.find((row) => row.status === 'failed' && row.phase !== 'verify') ?? null;
  let failed: ProvisionView['failed'] = null;
  if (failedRow?.taskId != null && failedRow.idx != null) {
    const s = tasks.get(failedRow.taskId)?.steps[failedRow.idx];
    const message = failedRow.note ?? ((s?.stderr.trim() || s?.stdout.trim().split('\n').slice(-3).join('\n')) ?? '');
    failed = { key: failedRow.key, label: failedRow.label, message };
  }
  const busy = tasks.holder(r.host, r.zone) !== null;
  const view = planView(plan, r.spec);
  view.carried = r.answers.carried ? describeCarried(r.answers.carried) : [];
  return {
    id: r.id,
    host: r.host,
    zone: r.zone,
    user: r.user,
    createdAt: r.createdAt,
    status,
    plan: view,
    answers: r.answers,
    attempts,
    currentTaskId: last.taskId,
    checklist,
    checks,
    rollback,
    failed,
    canRetry: !busy && lastKind !== 'rollback' && (status === 'failed' || status === 'interrupted'),
    canRollback: !busy && (status === 'failed' || status === 'interrupted' || status === 'rollback-failed'),
  };
}
