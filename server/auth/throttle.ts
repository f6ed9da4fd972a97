// Login throttling: delays, never locks. Failed attempts are counted per account, per source
// address, and per trusted device (a browser that signed in to that account before). Past a
// few free attempts each failure makes the key wait longer before its next attempt (1 s,
// 2 s, 4 s … up to 15 minutes); attempts made while waiting are refused without looking at
// the password and do not lengthen the wait. Counts are forgotten an hour after the last
// failure, and `npm run admin -- reset` clears an account's.
//
// The current-password check of a password change is throttled the same way, on a count of
// its own per account: whoever holds a session (a borrowed laptop, a stolen cookie) must not
// get to guess the password at full speed through it, and those guesses must not delay the
// account's sign-ins either.
//
// Why an attacker cannot lock the admin out with it: a browser that has signed in to an
// account before carries a device cookie for it, and its attempts are counted on that
// device alone, not on the account or the address an attacker is hammering. A person on a
// new browser waits at most the backoff; the CLI is the last resort.
import { database } from '../db/database';
import { clock } from './clock';

export interface ThrottleKeys {
  account: string;
  address: string;
  /** the trusted device's id, when the browser presented a valid one for this account */
  device?: string;
  /** what is being guessed: a sign-in (the default) or the current password of a change */
  purpose?: 'login' | 'password-change';
}

interface Limit {
  free: number;
  maxDelayMs: number;
}

const LIMITS: Record<'account' | 'address' | 'device', Limit> = {
  account: { free: 5, maxDelayMs: 15 * 60_000 },
  address: { free: 20, maxDelayMs: 15 * 60_000 },
  device: { free: 5, maxDelayMs: 15 * 60_000 },
};
const FORGET_AFTER_MS = 60 * 60_000;

function keysOf(k: ThrottleKeys): { key: string; limit: Limit }[] {
  // the caller holds a session of the account: the account is the one thing to count
  if (k.purpose === 'password-change') return [{ key: `password-change:${k.account.toLowerCase()}`, limit: LIMITS.account }];
  if (k.device) return [{ key: `device:${k.device}`, limit: LIMITS.device }];
  return [
    { key: `account:${k.account.toLowerCase()}`, limit: LIMITS.account },
    { key: `address:${k.address}`, limit: LIMITS.address },
  ];
}

interface Row {
  key: string;
  failures: number;
  last_failure_at: number;
  blocked_until: number;
}

export function delayAfter(failures: number, limit: Limit): number {
  if (failures < limit.free) return 0;
  return Math.min(1000 * 2 ** Math.min(failures - limit.free, 30), limit.maxDelayMs);
}

/** 0 when an attempt may be made now, otherwise how long to wait. */
export function retryAfterMs(k: ThrottleKeys): number {
  const now = clock.now();
  let wait = 0;
  for (const { key } of keysOf(k)) {
    const row = database().prepare(`SELECT * FROM login_throttle WHERE key = ?`).get(key) as Row | undefined;
    if (row && row.blocked_until > now) wait = Math.max(wait, row.blocked_until - now);
  }
  return wait;
}

export function recordFailure(k: ThrottleKeys): void {
  const now = clock.now();
  const db = database();
  db.transaction(() => {
    for (const { key, limit } of keysOf(k)) {
      const row = db.prepare(`SELECT * FROM login_throttle WHERE key = ?`).get(key) as Row | undefined;
      const failures = row && now - row.last_failure_at < FORGET_AFTER_MS ? row.failures + 1 : 1;
      const blockedUntil = now + delayAfter(failures, limit);
      db.prepare(
        `INSERT INTO login_throttle (key, failures, last_failure_at, blocked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, blocked_until = excluded.blocked_until`,
      ).run(key, failures, now, blockedUntil);
    }
    db.prepare(`DELETE FROM login_throttle WHERE last_failure_at < ?`).run(now - FORGET_AFTER_MS);
  })();
}

export function recordSuccess(k: ThrottleKeys): void {
  const db = database();
  for (const { key } of keysOf(k)) db.prepare(`DELETE FROM login_throttle WHERE key = ?`).run(key);
  if (k.purpose === 'password-change') return;
  // a success from an address the account was hammered from also clears the account's count
  db.prepare(`DELETE FROM login_throttle WHERE key = ?`).run(`account:${k.account.toLowerCase()}`);
}

/** The CLI's reset: the account's own count goes (addresses and devices keep theirs). */
export function clearAccount(name: string): void {
  database().prepare(`DELETE FROM login_throttle WHERE key = ?`).run(`account:${name.toLowerCase()}`);
}
