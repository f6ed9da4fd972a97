// The audit log, for admins: pages with filters, and the same filters exported whole.
import { z } from 'zod';
import { auditFilterSchema, exportAudit, listAudit } from '../../auth/audit';
import { procedure, router } from '../init';

export const auditRouter = router({
  list: procedure
    .input(z.object({ filter: auditFilterSchema.default({}), cursor: z.number().int().min(1).nullish(), limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ input }) => {
      const page = listAudit(input.filter, { before: input.cursor ?? undefined, limit: input.limit });
      return { entries: page.entries, nextCursor: page.nextBefore };
    }),

  /** The whole filtered log as CSV or JSON lines (the browser saves it as a file). */
  export: procedure.input(z.object({ filter: auditFilterSchema.default({}), format: z.enum(['csv', 'jsonl']) })).query(({ input }) => {
    const { text, rows, truncated } = exportAudit(input.filter, input.format);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return { filename: `zonedash-audit-${stamp}.${input.format === 'csv' ? 'csv' : 'jsonl'}`, text, rows, truncated };
  }),
});
