// Passwords: argon2id (@node-rs/argon2, OWASP's parameters: 19 MiB, 2 passes, 1 lane), PHC
// strings in the database. Verifying an unknown account still costs one hash, so the time a
// refusal takes does not tell whether the account exists.
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

// algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules)
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 256;

/** A new password: long enough to matter, short enough that hashing it is no attack. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD, `a password has at least ${MIN_PASSWORD} characters`)
  .max(MAX_PASSWORD, `a password has at most ${MAX_PASSWORD} characters`);

/** A password typed at login: any text, bounded. */
export const passwordInputSchema = z.string().min(1, 'the password is required').max(MAX_PASSWORD, `a password has at most ${MAX_PASSWORD} characters`);

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;

/** True when the password matches the stored hash; with no hash, burns the same time and says no. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummy ??= hashPassword('not a password of anyone: timing equaliser');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
