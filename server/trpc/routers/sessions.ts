// Open sessions, for admins, and "end session": it takes effect at once, consoles included.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { describeChange } from '../../auth/audit';
import { endSession, listSessions } from '../../auth/sessions';
import { procedure, router, userOf } from '../init';

export const sessionsRouter = router({
  list: procedure.query(({ ctx }) => {
    const mine = userOf(ctx).session.id;
    return listSessions().map((s) => ({ ...s, current: s.id === mine }));
  }),

  end: procedure.input(z.object({ id: z.string().uuid('not a session id') })).mutation(({ input }) => {
    // the record names whose session it was, and which one (from where, since when)
    const s = listSessions().find((x) => x.id === input.id);
    describeChange(
      s
        ? `session of ${s.userName} ended (from ${s.address || 'an unknown address'}, signed in ${new Date(s.createdAt).toISOString()}, id ${s.id.slice(0, 8)})`
        : `session ${input.id.slice(0, 8)} ended`,
    );
    if (!endSession(input.id, 'ended by an admin')) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such session (it may have ended already)' });
    return { ok: true };
  }),
});
