// The audit log: one record per mutation, login (success and failure), authorization
// refusal, console open and close, and task outcome. Who, from where, on which host and
// zone, which procedure, the exact argv the tasks ran, the task id, the outcome.
//
// Tasks are tied to the request that started them without the routers knowing: the tRPC
// middleware runs each mutation inside an AsyncLocalStorage scope, and the listener on the
// task manager (which fires synchronously in TaskManager.start) drops the new task into the
// scope it was started from. When the task ends, a second record carries what actually ran.
import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import { database } from '../db/database';
import { serverEnv } from '../env';
import { taskManager } from '../services';
import type { Task, TaskEvent } from '../zones/tasks';
import { clock } from './clock';
import { shellWord as quoteWord } from '../illumos/shell';
import { processSlot, setProcessSlot } from '../process-slots';

export const OUTCOMES = ['ok', 'refused', 'failed', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface AuditEntry {
  id: number;
  at: number;
  user: string;
  address: string;
  host: string;
  zone: string;
  action: string;
  /** the argv of every tool run (or planned to run, for a task just started) */
  argv: string[][];
  taskId: string | null;
  outcome: Outcome;
  detail: string;
}

export type AuditInput = Partial<Omit<AuditEntry, 'id' | 'at' | 'action' | 'outcome'>> & {
  action: string;
  outcome: Outcome;
  /** a refusal anyone can cause without an account (a wrong password, a call without a
   *  session): the same record again within COALESCE_WINDOW_MS counts on the first one's row */
  coalesce?: boolean;
};

const cut = (s: unknown, n: number): string => {
  const text = typeof s === 'string' ? s : s == null ? '' : String(s);
  return text.length > n ? `${text.slice(0, n)}… (${text.length} characters)` : text;
};

// --- floods -------------------------------------------------------------------------------
// An unauthenticated flood (a password guesser, a script without a session) would otherwise
// write one row per request: the log grows as fast as anyone can send, and the records that
// matter drown. The same refusal (action, user, address, target, reason) within a window is
// one row whose detail says how many times and until when.

export const COALESCE_WINDOW_MS = 60_000;
const COALESCE_MAX_OPEN = 10_000;

interface OpenRow {
  id: number;
  count: number;
  first: number;
  until: number;
  detail: string;
}

function openRows(): Map<string, OpenRow> {
  return processSlot('auditCoalescing', () => new Map<string, OpenRow>());
}

const hhmmss = (t: number) => new Date(t).toISOString().slice(11, 19);

/** Counts one more of a coalesced record on its open row; false when there is none to count on. */
function countOnOpenRow(key: string, now: number): number | null {
  const open = openRows().get(key);
  if (!open || now >= open.until) return null;
  open.count++;
  const detail = `${open.detail} (${open.count} times, ${hhmmss(open.first)} to ${hhmmss(now)} UTC)`;
  const r = database().prepare(`UPDATE audit SET detail = ? WHERE id = ?`).run(cut(detail, 2000), open.id);
  if (r.changes === 0) return null; // pruned, or another database (tests)
  return open.id;
}

function openRow(key: string, id: number, now: number, detail: string): void {
  const rows = openRows();
  if (rows.size >= COALESCE_MAX_OPEN) {
    for (const [k, r] of rows) if (r.until <= now) rows.delete(k);
    // still full: the oldest windows close early (their rows stay, with the count so far)
    for (const k of rows.keys()) {
      if (rows.size < COALESCE_MAX_OPEN) break;
      rows.delete(k);
    }
  }
  rows.set(key, { id, count: 1, first: now, until: now + COALESCE_WINDOW_MS, detail });
}

export function audit(e: AuditInput): number {
  const now = clock.now();
  const detail = cut(e.detail, 1800);
  const key = e.coalesce ? [e.action, e.user, e.address, e.host, e.zone, e.outcome, detail].map((v) => v ?? '').join('\u0000') : null;
  if (key !== null) {
    const id = countOnOpenRow(key, now);
    if (id !== null) return id;
  }
  const r = database()
    .prepare(`INSERT INTO audit (at, user, address, host, zone, action, argv, task_id, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(
      now,
      cut(e.user, 64),
      cut(e.address, 100),
      cut(e.host, 100),
      cut(e.zone, 100),
      cut(e.action, 100),
      JSON.stringify(e.argv ?? []),
      e.taskId ?? null,
      e.outcome,
      detail,
    );
  const id = Number(r.lastInsertRowid);
  if (key !== null) openRow(key, id, now, detail);
  return id;
}

// --- retention ----------------------------------------------------------------------------
// Records older than AUDIT_RETENTION_DAYS go, and past AUDIT_MAX_ROWS the oldest go: the log
// cannot fill the disk. The server prunes at start and every few minutes; each pruning that
// removed something leaves a record of it.

export function pruneAudit(): { byAge: number; bySize: number } {
  const env = serverEnv();
  const db = database();
  const cutoff = clock.now() - env.AUDIT_RETENTION_DAYS * 86_400_000;
  const byAge = db.prepare(`DELETE FROM audit WHERE at < ?`).run(cutoff).changes;
  let bySize = 0;
  // keep one row free for the record of this pruning
  const keep = env.AUDIT_MAX_ROWS - 1;
  const edge = db.prepare(`SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET ?`).get(keep) as { id: number } | undefined;
  if (edge) bySize = db.prepare(`DELETE FROM audit WHERE id <= ?`).run(edge.id).changes;
  if (byAge + bySize > 0) {
    const why = [
      byAge ? `${byAge} older than ${env.AUDIT_RETENTION_DAYS} days` : '',
      bySize ? `${bySize} oldest past the bound of ${env.AUDIT_MAX_ROWS} records` : '',
    ].filter(Boolean);
    audit({ action: 'audit.prune', outcome: 'ok', detail: `removed ${why.join(' and ')}` });
  }
  return { byAge, bySize };
}

export function startAuditPruner(everyMs = 10 * 60_000): () => void {
  const running = processSlot<NodeJS.Timeout | null>('auditPruner', () => null);
  if (running) clearInterval(running);
  const prune = () => {
    try {
      pruneAudit();
    } catch (e) {
      console.error('audit pruning failed:', e);
    }
  };
  prune();
  const timer = setInterval(prune, everyMs);
  timer.unref();
  setProcessSlot('auditPruner', timer);
  return () => clearInterval(timer);
}

export const auditFilterSchema = z.object({
  user: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
  host: z.string().max(100).optional(),
  zone: z.string().max(100).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  taskId: z.string().max(64).optional(),
  /** milliseconds since the epoch */
  since: z.number().int().min(0).optional(),
  until: z.number().int().min(0).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

interface Row {
  id: number;
  at: number;
  user: string;
  address: string;
  host: string;
  zone: string;
  action: string;
  argv: string;
  task_id: string | null;
  outcome: Outcome;
  detail: string;
}

function where(f: AuditFilter, before?: number): { sql: string; args: unknown[] } {
  const w: string[] = [];
  const args: unknown[] = [];
  const add = (clause: string, v: unknown) => (w.push(clause), args.push(v));
  if (f.user) add('user = ?', f.user);
  // "zones.action" finds every verb's records ("zones.action:boot"), "auth" every auth.*
  if (f.action) (w.push('(action = ? OR action LIKE ? ESCAPE \'\\\')'), args.push(f.action, `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (f.host) add('host = ?', f.host);
  if (f.zone) add('zone = ?', f.zone);
  if (f.outcome) add('outcome = ?', f.outcome);
  if (f.taskId) add('task_id = ?', f.taskId);
  if (f.since !== undefined) add('at >= ?', f.since);
  if (f.until !== undefined) add('at <= ?', f.until);
  if (before !== undefined) add('id < ?', before);
  return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', args };
}

function toEntry(r: Row): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    user: r.user,
    address: r.address,
    host: r.host,
    zone: r.zone,
    action: r.action,
    argv: JSON.parse(r.argv) as string[][],
    taskId: r.task_id,
    outcome: r.outcome,
    detail: r.detail,
  };
}

/** Newest first, a page at a time (`before`: the last id of the previous page). */
export function listAudit(f: AuditFilter, page: { before?: number; limit?: number } = {}): { entries: AuditEntry[]; nextBefore: number | null } {
  const limit = Math.min(page.limit ?? 100, 1000);
  const { sql, args } = where(f, page.before);
  const rows = database().prepare(`SELECT * FROM audit ${sql} ORDER BY id DESC LIMIT ?`).all(...args, limit + 1) as Row[];
  const entries = rows.slice(0, limit).map(toEntry);
  return { entries, nextBefore: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}

export const EXPORT_MAX_ROWS = 100_000;

/** CSV (RFC 4180, with a header row) or JSON lines, oldest first, at most EXPORT_MAX_ROWS. */
export function exportAudit(f: AuditFilter, format: 'csv' | 'jsonl'): { text: string; rows: number; truncated: boolean } {
  const { sql, args } = where(f);
  const rows = database()
    .prepare(`SELECT * FROM (SELECT * FROM audit ${sql} ORDER BY id DESC LIMIT ?) ORDER BY id ASC`)
    .all(...args, EXPORT_MAX_ROWS + 1) as Row[];
  const truncated = rows.length > EXPORT_MAX_ROWS;
  const entries = (truncated ? rows.slice(1) : rows).map(toEntry);
  if (format === 'jsonl') {
    return { text: entries.map((e) => JSON.stringify({ ...e, time: new Date(e.at).toISOString() })).join('\n') + (entries.length ? '\n' : ''), rows: entries.length, truncated };
  }
  const header = ['id', 'time', 'user', 'address', 'host', 'zone', 'action', 'argv', 'task_id', 'outcome', 'detail'];
  const lines = [header.join(',')];
  for (const e of entries) {
    const argv = e.argv.map((a) => a.map(shellWord).join(' ')).join('; ');
    lines.push(
      [String(e.id), new Date(e.at).toISOString(), e.user, e.address, e.host, e.zone, e.action, argv, e.taskId ?? '', e.outcome, e.detail].map(csvCell).join(','),
    );
  }
  return { text: lines.join('\r\n') + '\r\n', rows: entries.length, truncated };
}

/** A CSV cell, quoted when needed; a cell a spreadsheet would run as a formula is defused. */
export function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** An argv word as a person would type it (readable, not for running); a NUL, which no argv
 *  can carry, is shown as \0 rather than refused, so one odd row cannot fail the export. */
function shellWord(w: string): string {
  return quoteWord(w.replaceAll('\0', '\\0'));
}

// --- tasks ------------------------------------------------------------------------------

export interface MutationScope {
  address: string;
  user: string;
  tasks: Task[];
  /** what the mutation changed, in words (describeChange), for its record */
  change?: string;
}

export function mutationScope(): AsyncLocalStorage<MutationScope> {
  return processSlot('auditScope', () => new AsyncLocalStorage<MutationScope>());
}

/**
 * Says what the running mutation changes, for its audit record: the account's name, the old
 * and the new value ("bob: role viewer → operator"). Never a password: a password change
 * says that it happened, not what it is. Called again, the later words replace the earlier
 * (say what is attempted first, so a refusal names it too; then what was done).
 */
export function describeChange(words: string): void {
  const scope = mutationScope().getStore();
  if (scope) scope.change = words;
}

/** A mutation's record: what it changed, then the rest (tasks started, or the error). */
export function withChange(scope: MutationScope, detail: string): string {
  return [scope.change, detail].filter(Boolean).join('; ');
}

export const plannedArgv = (t: Task): string[][] => t.steps.map((s) => s.argv);

/** Listens to the task manager once per process: new tasks join the mutation that started
 *  them; finished tasks get their own record with the argv that really ran. */
export function hookTaskAudit(): void {
  const manager = taskManager();
  if (processSlot<object | null>('auditTaskHook', () => null) === manager) return;
  setProcessSlot('auditTaskHook', manager);
  const started = new Map<string, string>(); // task id → source address, until it is reported
  const reported = new Set<string>();
  manager.subscribe((e: TaskEvent) => {
    if (e.type !== 'task') return;
    const t = e.task;
    if (reported.has(t.id)) return;
    if (!started.has(t.id)) {
      // the first event of a task is emitted inside TaskManager.start, in the caller's scope
      // (a task with nothing to do is already finished by then)
      const scope = mutationScope().getStore();
      started.set(t.id, scope?.address ?? '');
      scope?.tasks.push(t);
    }
    if (t.status === 'running') return;
    const address = started.get(t.id) ?? '';
    started.delete(t.id);
    reported.add(t.id);
    if (reported.size > 10_000) reported.delete(reported.values().next().value!);
    const ran = t.steps.filter((s) => s.status !== 'pending' && s.status !== 'skipped');
    audit({
      user: t.user,
      address,
      host: t.host,
      zone: t.zone,
      action: `task.${t.kind}`,
      argv: ran.map((s) => s.argv),
      taskId: t.id,
      outcome: t.status === 'succeeded' ? 'ok' : 'failed',
      detail: `${t.title}: ${t.status}${t.summary ? `. ${t.summary}` : ''}`,
    });
  });
}
