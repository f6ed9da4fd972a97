// Local accounts in SQLite. Names are case-insensitive and Unix-like; passwords are argon2id
// hashes (passwords.ts); a disabled account cannot sign in and has no sessions.
import { z } from 'zod';
import { database } from '../db/database';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { clock } from './clock';
import { hashPassword } from './passwords';
import type { Role } from './roles';

export const userNameSchema = z
  .string()
  .min(1, 'a user name is required')
  .max(32, 'a user name has at most 32 characters')
  .regex(/^[a-z][a-z0-9_.-]*$/, 'a user name is lower-case letters, digits and _ . -, starting with a letter');

export const roleSchema = z.enum(['viewer', 'operator', 'admin'], { message: 'a role is viewer, operator or admin' });

export interface User {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
  passwordChangedAt: number;
  lastLoginAt: number | null;
}

interface UserRow {
  id: number;
  name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: number;
  password_changed_at: number;
  last_login_at: number | null;
}

function toUser(r: UserRow): User {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    disabled: r.disabled !== 0,
    createdAt: r.created_at,
    passwordChangedAt: r.password_changed_at,
    lastLoginAt: r.last_login_at,
  };
}

export function countUsers(): number {
  return (database().prepare(`SELECT count(*) AS n FROM users`).get() as { n: number }).n;
}

export function getUser(id: number): User | null {
  const row = database().prepare(`SELECT * FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  return row ? toUser(row) : null;
}

export function findUser(name: string): (User & { passwordHash: string }) | null {
  const row = database().prepare(`SELECT * FROM users WHERE name = ?`).get(name) as UserRow | undefined;
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

export function listUsers(): User[] {
  return (database().prepare(`SELECT * FROM users ORDER BY name`).all() as UserRow[]).map(toUser);
}

/** Creates an account. `onlyIfNone`: the first-run setup, which must not race a second one. */
export async function createUser(input: { name: string; role: Role; password: string }, opts: { onlyIfNone?: boolean } = {}): Promise<User> {
  const hashed = await hashPassword(input.password);
  const db = database();
  const now = clock.now();
  return db.transaction(() => {
    if (opts.onlyIfNone && countUsers() > 0) {
      throw new ForbiddenError('the dashboard already has accounts: sign in, or ask an admin');
    }
    if (findUser(input.name)) throw new ConflictError(`a user named ${input.name} exists already`);
    const r = db
      .prepare(`INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)`)
      .run(input.name, input.role, hashed, now, now);
    return getUser(Number(r.lastInsertRowid))!;
  })();
}

function activeAdminsOtherThan(id: number): number {
  return (
    database().prepare(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?`).get(id) as { n: number }
  ).n;
}

/** The last enabled admin cannot be demoted or disabled: nobody could manage accounts then. */
function assertNotLastAdmin(user: User, what: string): void {
  if (user.role === 'admin' && !user.disabled && activeAdminsOtherThan(user.id) === 0) {
    throw new ConflictError(`${user.name} is the only enabled admin: ${what} would leave nobody to manage accounts`);
  }
}

function mustGet(id: number): User {
  const user = getUser(id);
  if (!user) throw new NotFoundError(`no user with id ${id}`);
  return user;
}

export function setRole(id: number, role: Role): User {
  const user = mustGet(id);
  if (role !== 'admin') assertNotLastAdmin(user, `making them ${role}`);
  database().prepare(`UPDATE users SET role = ? WHERE id = ?`).run(role, id);
  return mustGet(id);
}

export function setDisabled(id: number, disabled: boolean): User {
  const user = mustGet(id);
  if (disabled) assertNotLastAdmin(user, 'disabling them');
  database().prepare(`UPDATE users SET disabled = ? WHERE id = ?`).run(disabled ? 1 : 0, id);
  return mustGet(id);
}

export async function setPassword(id: number, password: string): Promise<User> {
  mustGet(id);
  const hashed = await hashPassword(password);
  database().prepare(`UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?`).run(hashed, clock.now(), id);
  return mustGet(id);
}

/** The same password under a new hash (made with today's parameters): no change to the
 *  account, so the time the password was changed stays. */
export function replacePasswordHash(id: number, hashed: string): void {
  database().prepare(`UPDATE users SET password_hash = ? WHERE id = ?`).run(hashed, id);
}

export function noteLogin(id: number): void {
  database().prepare(`UPDATE users SET last_login_at = ? WHERE id = ?`).run(clock.now(), id);
}

/** The CLI's way back in: the account becomes an enabled admin with this password. */
export async function forceAdmin(name: string, password: string): Promise<{ user: User; created: boolean }> {
  const existing = findUser(name);
  if (!existing) return { user: await createUser({ name, role: 'admin', password }), created: true };
  const hashed = await hashPassword(password);
  database()
    .prepare(`UPDATE users SET role = 'admin', disabled = 0, password_hash = ?, password_changed_at = ? WHERE id = ?`)
    .run(hashed, clock.now(), existing.id);
  return { user: mustGet(existing.id), created: false };
}
