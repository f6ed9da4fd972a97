// The zone-creation wizard: what a host offers, answers checked as they are typed, the plan,
// applying it as a task, retrying a failed attempt, rolling it back, and starting from an
// existing zone's configuration or a pasted `zonecfg export`.
import { z } from 'zod';
import { hostReads } from '../../services';
import { zoneNameSchema } from '../../illumos/validate';
import {
  applyProvision,
  checkAnswers,
  cloneAnswers,
  hostFacts,
  importAnswers,
  provisionView,
  retryProvision,
  rollbackProvision,
} from '../../zones/provision';
import { provisionAnswersSchema, wizardAnswersShape } from '../../zones/provision-spec';
import { hostNameSchema } from '../inputs';
import { procedure, requireHost, router, userOf } from '../init';

const provisionId = z.object({ id: z.string().uuid('not a zone creation id') });

export const provisionRouter = router({
  /** Brands, links, VNICs and zones of a host: the wizard's choices. */
  options: procedure.input(z.object({ host: hostNameSchema.optional() })).query(async ({ input }) => {
    const host = await requireHost(input.host);
    return hostReads().get(host, 'facts', () => hostFacts(host));
  }),

  /** Every field's problem in words, the defaults blank fields stand for, and the plan once all is well. */
  check: procedure.input(z.object({ host: hostNameSchema.optional(), answers: wizardAnswersShape })).query(async ({ input }) => {
    const host = await requireHost(input.host);
    return checkAnswers(host, input.answers);
  }),

  /** Runs the plan as one task; refused answers run nothing. */
  create: procedure.input(z.object({ host: hostNameSchema, answers: provisionAnswersSchema })).mutation(async ({ ctx, input }) => {
    const host = await requireHost(input.host);
    return applyProvision(host, input.answers, userOf(ctx).user.name);
  }),

  /** A zone creation: its plan, its attempts, the live checklist and the verification lines. */
  get: procedure.input(provisionId).query(({ input }) => provisionView(input.id)),

  retry: procedure.input(provisionId).mutation(({ ctx, input }) => retryProvision(input.id, userOf(ctx).user.name)),

  rollback: procedure.input(provisionId).mutation(({ ctx, input }) => rollbackProvision(input.id, userOf(ctx).user.name)),

  /** An existing zone's configuration as the wizard's starting point. */
  fromZone: procedure.input(z.object({ host: hostNameSchema, zone: zoneNameSchema })).mutation(async ({ input }) => {
    const host = await requireHost(input.host);
    return cloneAnswers(host, input.zone);
  }),

  /** A pasted `zonecfg export` as the wizard's starting point. */
  fromExport: procedure.input(z.object({ text: z.string().max(65536, 'an export of at most 64 KiB') })).mutation(({ input }) => importAnswers(input.text)),
});
