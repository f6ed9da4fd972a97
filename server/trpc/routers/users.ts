// Accounts, for admins: create, change a role, disable or enable, reset a password. A change
// that takes rights away ends the account's sessions at once (its consoles close too).
import { z } from 'zod';
import { newPasswordSchema } from '../../auth/passwords';
import { endSessionsOf, listSessions } from '../../auth/sessions';
import { createUser, listUsers, roleSchema, setDisabled, setPassword, setRole, userNameSchema } from '../../auth/users';
import { roleAtLeast } from '../../auth/roles';
import { procedure, router, userOf } from '../init';

const userId = z.number({ message: 'a user id is a number' }).int().min(1).max(2 ** 31);

export const usersRouter = router({
  list: procedure.query(() => {
    const open = new Map<number, number>();
    for (const s of listSessions()) open.set(s.userId, (open.get(s.userId) ?? 0) + 1);
    return listUsers().map((u) => ({ ...u, sessions: open.get(u.id) ?? 0 }));
  }),

  create: procedure
    .input(z.object({ name: userNameSchema, role: roleSchema, password: newPasswordSchema }))
    .mutation(({ input }) => createUser(input)),

  setRole: procedure.input(z.object({ id: userId, role: roleSchema })).mutation(({ ctx, input }) => {
    const before = listUsers().find((u) => u.id === input.id);
    const user = setRole(input.id, input.role);
    // fewer rights: what the account holds open under the old role closes now
    if (before && !roleAtLeast(input.role, before.role)) endSessionsOf(user.id, 'ended by an admin', userOf(ctx).user.id === user.id ? userOf(ctx).session.id : undefined);
    return user;
  }),

  setDisabled: procedure.input(z.object({ id: userId, disabled: z.boolean() })).mutation(({ input }) => {
    const user = setDisabled(input.id, input.disabled);
    if (input.disabled) endSessionsOf(user.id, 'account disabled');
    return user;
  }),

  /** A new password chosen by the admin (they hand it over); the account's sessions end. */
  resetPassword: procedure.input(z.object({ id: userId, password: newPasswordSchema })).mutation(async ({ input }) => {
    const user = await setPassword(input.id, input.password);
    endSessionsOf(user.id, 'password changed');
    return user;
  }),
});
