// Sessions: an opaque random token in the browser's cookie, only its SHA-256 in the database.
// A session ends when it has been idle too long (15 minutes by default), when it reaches its
// absolute lifetime, at logout, when an admin ends it, or when its account is disabled; every
// end is announced (sessionEvents) so open console sockets and live subscriptions of that
// session close at once, in this process, whichever bundle holds them.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { database } from '../db/database';
import { serverEnv } from '../env';
import { clock } from './clock';
import type { Role } from './roles';
import { processSlot, setProcessSlot } from '../process-slots';

export interface SessionUser {
  id: number;
  name: string;
  role: Role;
}

export interface Session {
  id: string;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  address: string;
  userAgent: string;
}

export type EndReason = 'logout' | 'ended by an admin' | 'expired' | 'account disabled' | 'password changed' | 'replaced at login';

export interface SessionEnded {
  sessionId: string;
  userId: number;
  userName: string;
  reason: EndReason;
}

export type Authentication =
  | { kind: 'ok'; session: Session; user: SessionUser }
  /** the token named a session that is over now: refused, and said why */
  | { kind: 'expired'; userName: string; why: string }
  | { kind: 'unknown' };

/** Touch a session at most this often (its idle clock has this much slack). */
const TOUCH_EVERY_MS = 5_000;

export function sessionEvents(): EventEmitter {
  return processSlot('sessionEvents', () => new EventEmitter().setMaxListeners(0));
}

/** Calls back once when that session ends; returns the unsubscribe. */
export function onSessionEnd(sessionId: string, listener: (e: SessionEnded) => void): () => void {
  const events = sessionEvents();
  const handler = (e: SessionEnded) => {
    if (e.sessionId !== sessionId) return;
    events.off('ended', handler);
    listener(e);
  };
  events.on('ended', handler);
  return () => events.off('ended', handler);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sessionLimits(): { idleMs: number; maxMs: number } {
  const env = serverEnv();
  return { idleMs: env.SESSION_IDLE_MINUTES * 60_000, maxMs: env.SESSION_MAX_HOURS * 3_600_000 };
}

interface Row {
  id: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  address: string;
  user_agent: string;
  name: string;
  role: Role;
  disabled: number;
}

const SELECT = `SELECT s.*, u.name, u.role, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id`;

function toSession(r: Row): Session {
  return {
    id: r.id,
    userId: r.user_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    address: r.address,
    userAgent: r.user_agent,
  };
}

export function createSession(user: { id: number }, meta: { address: string; userAgent: string }): { token: string; session: Session } {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  const id = randomUUID();
  const { maxMs } = sessionLimits();
  database()
    .prepare(
      `INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, hashToken(token), user.id, now, now, now + maxMs, meta.address.slice(0, 100), meta.userAgent.slice(0, 300));
  return { token, session: getSession(id)! };
}

export function getSession(id: string): Session | null {
  const row = database().prepare(`${SELECT} WHERE s.id = ?`).get(id) as Row | undefined;
  return row ? toSession(row) : null;
}

function whyOver(r: Row, now: number): string | null {
  const { idleMs } = sessionLimits();
  if (r.disabled) return 'the account is disabled';
  if (now >= r.expires_at) return 'the session reached its maximum lifetime';
  if (now - r.last_seen_at >= idleMs) return `the session was idle for more than ${Math.round(idleMs / 60_000)} minutes`;
  return null;
}

/** The session a cookie's token names, if it is still valid. `touch` counts the request as
 *  activity (every request does; a long-lived stream does not). */
export function authenticateToken(token: string | null | undefined, opts: { touch?: boolean } = {}): Authentication {
  if (!token || token.length > 200) return { kind: 'unknown' };
  const db = database();
  const row = db.prepare(`${SELECT} WHERE s.token_hash = ?`).get(hashToken(token)) as Row | undefined;
  if (!row) return { kind: 'unknown' };
  const now = clock.now();
  const over = whyOver(row, now);
  if (over) {
    endSession(row.id, row.disabled ? 'account disabled' : 'expired');
    return { kind: 'expired', userName: row.name, why: over };
  }
  if (opts.touch !== false && now - row.last_seen_at >= TOUCH_EVERY_MS) {
    db.prepare(`UPDATE sessions SET last_seen_at = ? WHERE id = ?`).run(now, row.id);
    row.last_seen_at = now;
  }
  return { kind: 'ok', session: toSession(row), user: { id: row.user_id, name: row.name, role: row.role } };
}

/** Counts activity that reaches us outside HTTP requests (typing into a console). */
export function touchSession(id: string): void {
  database().prepare(`UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE id = ?`).run(clock.now(), id);
}

/** Is the session still on (for checks long after it was authenticated)? */
export function sessionAlive(id: string): boolean {
  const row = database().prepare(`${SELECT} WHERE s.id = ?`).get(id) as Row | undefined;
  return !!row && whyOver(row, clock.now()) === null;
}

export function endSession(id: string, reason: EndReason): boolean {
  const row = database().prepare(`${SELECT} WHERE s.id = ?`).get(id) as Row | undefined;
  if (!row) return false;
  database().prepare(`DELETE FROM sessions WHERE id = ?`).run(id);
  sessionEvents().emit('ended', { sessionId: id, userId: row.user_id, userName: row.name, reason } satisfies SessionEnded);
  return true;
}

export function endSessionsOf(userId: number, reason: EndReason, except?: string): number {
  const ids = database().prepare(`SELECT id FROM sessions WHERE user_id = ?`).all(userId) as { id: string }[];
  let n = 0;
  for (const { id } of ids) if (id !== except && endSession(id, reason)) n++;
  return n;
}

export interface SessionInfo extends Session {
  userName: string;
  role: Role;
}

export function listSessions(): SessionInfo[] {
  const now = clock.now();
  return (database().prepare(`${SELECT} ORDER BY s.last_seen_at DESC`).all() as Row[])
    .filter((r) => whyOver(r, now) === null)
    .map((r) => ({ ...toSession(r), userName: r.name, role: r.role }));
}

/** Ends every session that is over (idle, too old, disabled account): what is open on it closes. */
export function sweepSessions(): number {
  const now = clock.now();
  let n = 0;
  for (const r of database().prepare(SELECT).all() as Row[]) {
    if (whyOver(r, now) !== null && endSession(r.id, r.disabled ? 'account disabled' : 'expired')) n++;
  }
  return n;
}

/** The server sweeps every few seconds, so an idle session's open streams close on time. */
export function startSessionSweeper(everyMs = 10_000): () => void {
  const running = processSlot<NodeJS.Timeout | null>('sessionSweeper', () => null);
  if (running) clearInterval(running);
  const timer = setInterval(() => {
    try {
      sweepSessions();
    } catch (e) {
      console.error('session sweep failed:', e);
    }
  }, everyMs);
  timer.unref();
  setProcessSlot('sessionSweeper', timer);
  return () => clearInterval(timer);
}
