// Console tickets: the one way to open a console websocket. A viewer's ticket is read-only,
// an operator's or admin's read-write unless they ask for read-only.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { CONSOLE_INPUT_ROLE } from '../../auth/policy';
import type { ViewerMode } from '../../console/protocol';
import { roleAtLeast } from '../../auth/roles';
import { issueTicket, TooManyTicketsError } from '../../auth/tickets';
import { zoneNameSchema } from '../../illumos/validate';
import { hostNameSchema } from '../inputs';
import { procedure, requireHost, router, userOf } from '../init';

export const consoleRouter = router({
  ticket: procedure
    .input(z.object({ host: hostNameSchema, zone: zoneNameSchema, readOnly: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const { user, session } = userOf(ctx);
      const host = await requireHost(input.host);
      const mode: ViewerMode = input.readOnly || !roleAtLeast(user.role, CONSOLE_INPUT_ROLE) ? 'ro' : 'rw';
      try {
        const { ticket, expiresAt } = issueTicket({ sessionId: session.id, userId: user.id, userName: user.name, host: host.name, zone: input.zone, mode });
        return { ticket, mode, expiresAt };
      } catch (e) {
        if (e instanceof TooManyTicketsError) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: e.message });
        throw e;
      }
    }),
});
