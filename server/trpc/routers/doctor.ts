// The Doctor: per host, what is left behind or stuck, each finding with the command that
// shows it and its output, and its fix as exact commands. Reading is everyone's; running a
// fix needs the role of what it does (server/doctor/roles.ts, like the zone verbs).
import { z } from 'zod';
import { runFix } from '../../doctor/fix';
import { FINDING_KINDS, type HostReport } from '../../doctor/types';
import { COUNT_MAX_AGE_MS, doctorReports } from '../../doctor/reports';
import { hostRegistry } from '../../services';
import { hostNameSchema } from '../inputs';
import { procedure, requireHost, router, userOf } from '../init';

/** `<kind>:<subject>`: the subject is a zone, link or dataset name as the finding gave it. */
const findingId = z
  .string()
  .max(600)
  .refine((id) => (FINDING_KINDS as readonly string[]).includes(id.slice(0, id.indexOf(':'))), 'not a Doctor finding id');

export const doctorRouter = router({
  /** Every host's report (each host read at most once a minute unless `fresh`). */
  hosts: procedure.input(z.object({ fresh: z.boolean().optional() })).query(async ({ input }): Promise<HostReport[]> => {
    const registry = await hostRegistry();
    const reports = doctorReports();
    return Promise.all(registry.hosts.map(async (h) => (await reports.report(h, input.fresh ?? false)).report));
  }),

  /** One host's report. */
  host: procedure.input(z.object({ host: hostNameSchema, fresh: z.boolean().optional() })).query(async ({ input }): Promise<HostReport> => {
    const host = await requireHost(input.host);
    return (await doctorReports().report(host, input.fresh ?? false)).report;
  }),

  /** How many findings each host has (the badges on the hosts and zones pages): from the last
   *  report, read again at most every ten minutes for them (or after a task on the host). */
  counts: procedure.query(async () => {
    const registry = await hostRegistry();
    const reports = doctorReports();
    return Promise.all(
      registry.hosts.map(async (h) => {
        const { report } = await reports.report(h, false, COUNT_MAX_AGE_MS);
        return { host: h.name, count: report.findings.length, error: report.error };
      }),
    );
  }),

  /** Runs one finding's fix as a task, after the browser's confirmation; returns the task. */
  fix: procedure.input(z.object({ host: hostNameSchema, id: findingId })).mutation(async ({ ctx, input }) => {
    const host = await requireHost(input.host);
    return runFix(host, input.id, userOf(ctx).user.name);
  }),
});
