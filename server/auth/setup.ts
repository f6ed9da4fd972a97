// First run: with no account in the database the server makes a one-time setup token and
// prints a link with it. The token lives in this process only: it is good until the first
// admin is created with it, or until the server restarts (which prints a new one).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { countUsers } from './users';
import { processSlot, setProcessSlot } from '../process-slots';

const SLOT = 'setupToken';

/** A fresh token when there are no accounts (replacing any earlier one), else null. */
export function issueSetupToken(): string | null {
  const token = countUsers() === 0 ? randomBytes(24).toString('base64url') : null;
  setProcessSlot(SLOT, token);
  return token;
}

export function setupTokenValid(token: string | null | undefined): boolean {
  const current = processSlot<string | null>(SLOT, () => null);
  if (!current || !token || countUsers() > 0) return false;
  const a = Buffer.from(current);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function consumeSetupToken(): void {
  setProcessSlot(SLOT, null);
}
