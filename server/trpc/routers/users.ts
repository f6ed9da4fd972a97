// Accounts, for admins: create, change a role, disable or enable, reset a password. A change
// that takes rights away ends the account's sessions at once (its consoles close too).
import { z } from 'zod';
import { describeChange } from '../../auth/audit';
import { newPasswordSchema } from '../../auth/passwords';
import { endSessionsOf, listSessions } from '../../auth/sessions';
import { createUser, getUser, listUsers, roleSchema, setDisabled, setPassword, setRole, userNameSchema } from '../../auth/users';
import { roleAtLeast } from '../../auth/roles';
import { procedure, router, userOf } from '../init';

const userId = z.number({ message: 'a user id is a number' }).int().min(1).max(2 ** 31);

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
const state = (disabled: boolean) => (disabled ? 'disabled' : 'enabled');

/** The account an id names, for the record (the change itself says NOT_FOUND if there is none). */
const nameOf = (id: number) => getUser(id)?.name ?? `user id ${id}`;

// Each change says in its audit record which account, and the old and new values
// (describeChange); a password is never among them.
export const usersRouter = router({
  list: procedure.query(() => {
    const open = new Map<number, number>();
    for (const s of listSessions()) open.set(s.userId, (open.get(s.userId) ?? 0) + 1);
    return listUsers().map((u) => ({ ...u, sessions: open.get(u.id) ?? 0 }));
  }),

  create: procedure
    .input(z.object({ name: userNameSchema, role: roleSchema, password: newPasswordSchema }))
    .mutation(async ({ input }) => {
      describeChange(`account ${input.name} created with role ${input.role}`);
      return createUser(input);
    }),

  setRole: procedure.input(z.object({ id: userId, role: roleSchema })).mutation(({ ctx, input }) => {
    const before = getUser(input.id);
    describeChange(`${nameOf(input.id)}: role ${before?.role ?? '?'} → ${input.role}`);
    const user = setRole(input.id, input.role);
    // fewer rights: what the account holds open under the old role closes now
    if (before && !roleAtLeast(input.role, before.role)) {
      const ended = endSessionsOf(user.id, 'ended by an admin', userOf(ctx).user.id === user.id ? userOf(ctx).session.id : undefined);
      describeChange(`${user.name}: role ${before.role} → ${user.role}; ${plural(ended, 'session')} ended`);
    }
    return user;
  }),

  setDisabled: procedure.input(z.object({ id: userId, disabled: z.boolean() })).mutation(({ input }) => {
    const before = getUser(input.id);
    describeChange(`${nameOf(input.id)}: ${before ? state(before.disabled) : '?'} → ${state(input.disabled)}`);
    const user = setDisabled(input.id, input.disabled);
    if (input.disabled) {
      const ended = endSessionsOf(user.id, 'account disabled');
      describeChange(`${user.name}: ${before ? state(before.disabled) : '?'} → ${state(user.disabled)}; ${plural(ended, 'session')} ended`);
    }
    return user;
  }),

  /** A new password chosen by the admin (they hand it over); the account's sessions end. */
  resetPassword: procedure.input(z.object({ id: userId, password: newPasswordSchema })).mutation(async ({ input }) => {
    describeChange(`${nameOf(input.id)}: password reset by an admin`);
    const user = await setPassword(input.id, input.password);
    const ended = endSessionsOf(user.id, 'password changed');
    describeChange(`${user.name}: password reset by an admin; ${plural(ended, 'session')} ended`);
    return user;
  }),
});
