// Signing in: throttled (throttle.ts), the same answer and about the same time whether the
// name exists or not, a fresh session every time (the one the browser held, if any, ends:
// a session is never carried across a login), and a device cookie for the account so its
// next sign-ins from this browser are counted apart from an attacker's.
import { randomBytes } from 'node:crypto';
import { database } from '../db/database';
import { audit } from './audit';
import { clock } from './clock';
import { hashPassword, needsRehash, verifyPassword } from './passwords';
import { authenticateToken, createSession, endSession, hashToken, type Session } from './sessions';
import { recordFailure, recordSuccess, retryAfterMs, type ThrottleKeys } from './throttle';
import { findUser, noteLogin, replacePasswordHash, type User } from './users';

export interface LoginRequest {
  name: string;
  password: string;
  address: string;
  userAgent: string;
  /** the session token the browser sent along, if any (ended on success: rotation) */
  currentToken?: string | null;
  /** the device cookie the browser sent along, if any */
  deviceToken?: string | null;
}

export type LoginResult =
  | { ok: true; token: string; session: Session; user: User; newDeviceToken: string | null }
  | { ok: false; code: 'UNAUTHORIZED' | 'TOO_MANY_REQUESTS'; message: string; retryAfterMs?: number };

export const WRONG = 'wrong user name or password';

/** The device's id when the browser's device cookie belongs to this account. */
function trustedDevice(token: string | null | undefined, userId: number | undefined): string | undefined {
  if (!token || userId === undefined || token.length > 200) return undefined;
  const h = hashToken(token);
  const row = database().prepare(`SELECT user_id FROM trusted_devices WHERE token_hash = ?`).get(h) as { user_id: number } | undefined;
  return row?.user_id === userId ? h.slice(0, 16) : undefined;
}

function trustDevice(userId: number): string {
  const token = randomBytes(24).toString('base64url');
  const db = database();
  db.prepare(`INSERT INTO trusted_devices (token_hash, user_id, created_at) VALUES (?, ?, ?)`).run(hashToken(token), userId, clock.now());
  // a few browsers per account are remembered; the oldest are forgotten
  db.prepare(
    `DELETE FROM trusted_devices WHERE user_id = ? AND token_hash NOT IN (SELECT token_hash FROM trusted_devices WHERE user_id = ? ORDER BY created_at DESC LIMIT 20)`,
  ).run(userId, userId);
  return token;
}

export async function login(req: LoginRequest): Promise<LoginResult> {
  const user = findUser(req.name);
  const device = trustedDevice(req.deviceToken, user?.id);
  const keys: ThrottleKeys = { account: req.name, address: req.address, device };
  // refusals are coalesced: a guesser's flood is one row per name, address and reason a minute
  const record = (outcome: 'ok' | 'refused', detail: string) =>
    audit({ user: user?.name ?? req.name, address: req.address, action: 'auth.login', outcome, detail, coalesce: outcome === 'refused' });

  const wait = retryAfterMs(keys);
  if (wait > 0) {
    const secs = Math.ceil(wait / 1000);
    // the wait is in the answer (Retry-After); the record stays the same, so a flood coalesces
    record('refused', `too many failed attempts: throttled${device ? ' (trusted device)' : ''}`);
    return { ok: false, code: 'TOO_MANY_REQUESTS', message: `Too many failed attempts. Try again in ${secs} s.`, retryAfterMs: wait };
  }

  const matches = await verifyPassword(user?.passwordHash ?? null, req.password);
  if (!user || !matches || user.disabled) {
    recordFailure(keys);
    record('refused', !user ? 'no such account' : !matches ? 'wrong password' : 'account disabled');
    return { ok: false, code: 'UNAUTHORIZED', message: WRONG };
  }

  recordSuccess(keys);
  // a hash made with older or other parameters (another library's, weaker settings) is
  // replaced now, while the password is at hand: the only moment it can be
  if (needsRehash(user.passwordHash)) replacePasswordHash(user.id, await hashPassword(req.password));
  // rotation: whatever session this browser held is over; the new one has a new token
  const held = authenticateToken(req.currentToken, { touch: false });
  if (held.kind === 'ok') endSession(held.session.id, 'replaced at login');
  const { token, session } = createSession(user, { address: req.address, userAgent: req.userAgent });
  noteLogin(user.id);
  const newDeviceToken = device ? null : trustDevice(user.id);
  record('ok', `signed in${device ? ' (trusted device)' : ''}`);
  const { passwordHash: _, ...plain } = user;
  return { ok: true, token, session, user: plain, newDeviceToken };
}
