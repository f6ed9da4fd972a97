// Every mutation is a task: who, which host and zone, and steps, each with its exact argv,
// output, exit code and times, persisted as it runs and streamed to every viewer. One task
// per zone at a time: a second is refused at once with a CONFLICT naming the one running.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { BusyError } from '../errors';
import type { DB } from '../db/database';
import type { Host } from '../hosts/registry';
import type { RunResult } from '../hosts/runner';
import type { ToolCall } from '../illumos/types';

export type TaskStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'interrupted';

export interface StepPlan {
  label: string;
  /** the tool to run, fixed when the task is planned so the plan shown is the plan run */
  call: ToolCall;
  timeoutMs?: number;
  stdin?: string;
  /** decide whether to run at all when the step is reached (e.g. halt only a zone that runs) */
  skip?: () => Promise<string | null>;
  /** classify the result; by default exit 0 succeeds */
  judge?: (r: RunResult) => boolean;
  /** a check (e.g. the verification after a zone's first boot): its failure fails the task
   *  but the steps after it still run, so every check reports */
  keepGoing?: boolean;
}

export interface TaskStep {
  idx: number;
  label: string;
  argv: string[];
  status: StepStatus;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface Task {
  id: string;
  kind: string;
  title: string;
  user: string;
  host: string;
  zone: string;
  status: TaskStatus;
  /** a plain-language line about the outcome */
  summary: string | null;
  createdAt: number;
  finishedAt: number | null;
  steps: TaskStep[];
}

/** A task as the zone table needs it to say what happened last on each zone: its steps
 *  without their argv and stdout (an install's stdout runs to pages), but with stderr, which
 *  carries the reason a step failed. A whole Task is one too. */
export interface TaskBrief extends Omit<Task, 'steps'> {
  steps: Pick<TaskStep, 'idx' | 'label' | 'status' | 'stderr'>[];
}

export type TaskEvent =
  | { type: 'task'; task: Task }
  | { type: 'output'; taskId: string; idx: number; stream: 'stdout' | 'stderr'; text: string };

export interface TaskRequest {
  kind: string;
  title: string;
  user: string;
  host: Host;
  zone: string;
  steps: StepPlan[];
  /** called after every step and at the end (the watcher refreshes) */
  afterStep?: () => void;
}

const FLUSH_MS = 250;

export class TaskManager {
  private readonly busy = new Map<string, string>();
  private readonly emitter = new EventEmitter();
  private readonly running = new Map<string, Promise<void>>();
  /** per host: tasks cut off by a lost connection, waiting to learn their zone's state */
  private readonly awaitingHost = new Map<string, Set<string>>();

  constructor(private readonly db: DB) {
    this.emitter.setMaxListeners(0);
  }

  /** After a restart: tasks that were running did not finish; say so, and touch nothing. */
  markInterrupted(): number {
    const now = Date.now();
    return this.db.transaction(() => {
      this.db
        .prepare(`UPDATE task_steps SET status = 'interrupted', finished_at = ? WHERE status = 'running'`)
        .run(now);
      return this.db
        .prepare(
          `UPDATE tasks SET status = 'interrupted', finished_at = ?,
             summary = 'The dashboard stopped while this task was running; the zone was left as the host reports it.'
           WHERE status = 'running'`,
        )
        .run(now).changes;
    })();
  }

  /** Throws BusyError, naming the running task, when the zone already has one. */
  assertFree(host: string, zone: string): void {
    const holder = this.busy.get(`${host}/${zone}`);
    if (!holder) return;
    const t = holder === 'pending' ? null : this.get(holder);
    throw new BusyError(`zone ${zone} is busy: task ${holder}${t ? ` (${t.title}, started by ${t.user})` : ''} is running`, holder);
  }

  /** Starts a task and returns it at once; its steps run in the background. */
  start(req: TaskRequest): Task {
    const key = `${req.host.name}/${req.zone}`;
    this.assertFree(req.host.name, req.zone);
    this.busy.set(key, 'pending');
    const id = randomUUID();
    const now = Date.now();
    try {
      this.db.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO tasks (id, kind, title, user, host, zone, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?)`,
          )
          .run(id, req.kind, req.title, req.user, req.host.name, req.zone, now);
        const insert = this.db.prepare(
          `INSERT INTO task_steps (task_id, idx, label, argv, status) VALUES (?, ?, ?, ?, 'pending')`,
        );
        req.steps.forEach((s, i) => insert.run(id, i, s.label, JSON.stringify([s.call.tool, ...s.call.args])));
      })();
    } catch (e) {
      this.busy.delete(key);
      throw e;
    }
    this.busy.set(key, id);
    const run = this.execute(id, req).finally(() => {
      this.busy.delete(key);
      this.running.delete(id);
    });
    this.running.set(id, run);
    const task = this.get(id)!;
    this.emit(task);
    return task;
  }

  /** Resolves when the task has finished (tests and the CLI wait on it). */
  async wait(id: string): Promise<Task | null> {
    await this.running.get(id);
    return this.get(id);
  }

  holder(host: string, zone: string): string | null {
    const id = this.busy.get(`${host}/${zone}`);
    return id && id !== 'pending' ? id : null;
  }

  get(id: string): Task | null {
    const row = this.db.prepare(`SELECT * FROM tasks WHERE id = ?`).get(id) as TaskRow | undefined;
    if (!row) return null;
    const steps = this.db.prepare(`SELECT * FROM task_steps WHERE task_id = ? ORDER BY idx`).all(id) as StepRow[];
    return toTask(row, steps);
  }

  list(filter: { host?: string; zone?: string; limit?: number; status?: TaskStatus }): Task[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.host) (where.push('host = ?'), args.push(filter.host));
    if (filter.zone) (where.push('zone = ?'), args.push(filter.zone));
    if (filter.status) (where.push('status = ?'), args.push(filter.status));
    const sql = `SELECT * FROM tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, Math.min(filter.limit ?? 50, 500)) as TaskRow[];
    const stepsOf = this.db.prepare(`SELECT * FROM task_steps WHERE task_id = ? ORDER BY idx`);
    return rows.map((r) => toTask(r, stepsOf.all(r.id) as StepRow[]));
  }

  /** The latest task of every zone (of one host, or all), newest first: whether each zone's
   *  last task is running, failed or succeeded. Zones that no longer exist are the caller's
   *  to leave out. */
  latestPerZone(filter: { host?: string; limit?: number } = {}): TaskBrief[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM (
           SELECT *, ROW_NUMBER() OVER (PARTITION BY host, zone ORDER BY created_at DESC, rowid DESC) AS nth
           FROM tasks ${filter.host ? 'WHERE host = ?' : ''}
         ) WHERE nth = 1 ORDER BY created_at DESC LIMIT ?`,
      )
      .all(...(filter.host ? [filter.host] : []), Math.min(filter.limit ?? 5000, 5000)) as TaskRow[];
    const stepsOf = this.db.prepare(`SELECT idx, label, status, stderr FROM task_steps WHERE task_id = ? ORDER BY idx`);
    return rows.map((r) => ({ ...toTask(r, []), steps: stepsOf.all(r.id) as TaskBrief['steps'] }));
  }

  subscribe(listener: (e: TaskEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  private emit(task: Task): void {
    this.emitter.emit('event', { type: 'task', task } satisfies TaskEvent);
  }

  private async execute(id: string, req: TaskRequest): Promise<void> {
    let failed: { idx: number; label: string } | null = null;
    const failedChecks: string[] = [];
    for (const [idx, step] of req.steps.entries()) {
      if (failed) {
        this.setStep(id, idx, { status: 'skipped' });
        continue;
      }
      const skipReason = step.skip ? await step.skip().catch((e: Error) => `could not decide: ${e.message}`) : null;
      if (skipReason) {
        this.setStep(id, idx, { status: 'skipped', stdout: `skipped: ${skipReason}\n`, started_at: Date.now(), finished_at: Date.now() });
        this.emit(this.get(id)!);
        continue;
      }
      this.setStep(id, idx, { status: 'running', started_at: Date.now() });
      this.emit(this.get(id)!);
      const buffers = { stdout: '', stderr: '' };
      let flushTimer: NodeJS.Timeout | null = null;
      const flush = () => {
        flushTimer = null;
        this.setStep(id, idx, { stdout: buffers.stdout, stderr: buffers.stderr });
      };
      const result = await req.host.runner.run(step.call, {
        timeoutMs: step.timeoutMs,
        stdin: step.stdin,
        onOutput: (stream, text) => {
          buffers[stream] += text;
          this.emitter.emit('event', { type: 'output', taskId: id, idx, stream, text } satisfies TaskEvent);
          flushTimer ??= setTimeout(flush, FLUSH_MS);
        },
      });
      if (flushTimer) clearTimeout(flushTimer);
      if (result.connectionLost) {
        // Not a failure of the tool: nobody knows how it ended. The task stops here, and the
        // zone's real state is added when the host answers again (reconcile()).
        this.setStep(id, idx, { status: 'interrupted', stdout: result.stdout, stderr: result.stderr, exit_code: null, finished_at: Date.now() });
        for (let later = idx + 1; later < req.steps.length; later++) this.setStep(id, later, { status: 'skipped' });
        this.db
          .prepare(`UPDATE tasks SET status = 'interrupted', summary = ?, finished_at = ? WHERE id = ?`)
          .run(
            `The connection to ${req.host.name} was lost during step ${idx + 1} (${step.label}); whether it finished on the host is not known, and later steps were not run.`,
            Date.now(),
            id,
          );
        const waiting = this.awaitingHost.get(req.host.name) ?? new Set<string>();
        waiting.add(id);
        this.awaitingHost.set(req.host.name, waiting);
        req.afterStep?.();
        this.emit(this.get(id)!);
        return;
      }
      const ok = step.judge ? step.judge(result) : result.exitCode === 0;
      this.setStep(id, idx, {
        status: ok ? 'succeeded' : 'failed',
        stdout: result.stdout,
        stderr: result.stderr + (result.timedOut ? `\n[the dashboard stopped waiting after ${result.durationMs} ms]\n` : ''),
        exit_code: result.exitCode,
        finished_at: Date.now(),
      });
      if (!ok && step.keepGoing) failedChecks.push(step.label);
      else if (!ok) failed = { idx, label: step.label };
      req.afterStep?.();
      this.emit(this.get(id)!);
    }
    const summary = failed
      ? `Step ${failed.idx + 1} (${failed.label}) failed; later steps were not run.`
      : failedChecks.length
        ? `${failedChecks.length} check${failedChecks.length === 1 ? '' : 's'} failed: ${failedChecks.join('; ')}.`
        : null;
    this.db
      .prepare(`UPDATE tasks SET status = ?, summary = ?, finished_at = ? WHERE id = ?`)
      .run(failed || failedChecks.length ? 'failed' : 'succeeded', summary, Date.now(), id);
    this.emit(this.get(id)!);
  }

  /** Whether tasks cut off by a lost connection wait for the host to answer again. */
  awaiting(host: string): boolean {
    return (this.awaitingHost.get(host)?.size ?? 0) > 0;
  }

  /** The host answers again: each task cut off there learns its zone's real state. */
  reconcile(host: string, stateOf: (zone: string) => string | null): void {
    const ids = this.awaitingHost.get(host);
    if (!ids) return;
    this.awaitingHost.delete(host);
    for (const id of ids) {
      const task = this.get(id);
      if (!task) continue;
      const state = stateOf(task.zone);
      const now = state ? `When ${host} answered again, ${task.zone} was ${state}.` : `When ${host} answered again, ${task.zone} was not configured there.`;
      this.db.prepare(`UPDATE tasks SET summary = ? WHERE id = ?`).run(`${task.summary ?? ''} ${now}`.trim(), id);
      this.emit(this.get(id)!);
    }
  }

  private setStep(id: string, idx: number, fields: Record<string, string | number | null>): void {
    const keys = Object.keys(fields);
    const sql = `UPDATE task_steps SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE task_id = ? AND idx = ?`;
    this.db.prepare(sql).run(...keys.map((k) => fields[k]), id, idx);
  }
}

interface TaskRow {
  id: string;
  kind: string;
  title: string;
  user: string;
  host: string;
  zone: string;
  status: TaskStatus;
  summary: string | null;
  created_at: number;
  finished_at: number | null;
}

interface StepRow {
  idx: number;
  label: string;
  argv: string;
  status: StepStatus;
  stdout: string;
  stderr: string;
  exit_code: number | null;
  started_at: number | null;
  finished_at: number | null;
}

function toTask(r: TaskRow, steps: StepRow[]): Task {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    user: r.user,
    host: r.host,
    zone: r.zone,
    status: r.status,
    summary: r.summary,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    steps: steps.map((s) => ({
      idx: s.idx,
      label: s.label,
      argv: JSON.parse(s.argv) as string[],
      status: s.status,
      stdout: s.stdout,
      stderr: s.stderr,
      exitCode: s.exit_code,
      startedAt: s.started_at,
      finishedAt: s.finished_at,
    })),
  };
}
