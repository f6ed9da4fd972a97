// First run: with no account in the database the server makes a one-time setup token and
// prints a link with it. The token lives in this process only: it is good until the first
// admin is created with it, or until the server restarts (which prints a new one).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { countUsers } from './users';

const KEY = Symbol.for('zonedash.setupToken');
type Holder = { [KEY]?: string | null };

/** A fresh token when there are no accounts (replacing any earlier one), else null. */
export function issueSetupToken(): string | null {
  const holder = globalThis as Holder;
  holder[KEY] = countUsers() === 0 ? randomBytes(24).toString('base64url') : null;
  return holder[KEY];
}

export function setupTokenValid(token: string | null | undefined): boolean {
  const current = (globalThis as Holder)[KEY];
  if (!current || !token || countUsers() > 0) return false;
  const a = Buffer.from(current);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function consumeSetupToken(): void {
  (globalThis as Holder)[KEY] = null;
}
