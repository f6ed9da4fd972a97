// A zone's ZFS snapshots and clones (server/zones/snapshots.ts, server/zones/clone.ts). Reading
// is everyone's; taking a snapshot is the operator's; rolling back, deleting and cloning change
// or create zones and are the admin's (server/auth/policy.ts). Every mutation is a task, audited
// with its argv by the procedure middleware.
import { z } from 'zod';
import { zoneNameSchema } from '../../illumos/validate';
import { planClone, startClone, type CloneRequest } from '../../zones/clone';
import { planCommands, planCreate, planDestroy, planRollback, snapshotsView, startSnapshotTask } from '../../zones/snapshots';
import { taskManager } from '../../services';
import { hostNameSchema, zoneRefInput } from '../inputs';
import { procedure, requireHost, router, userOf } from '../init';

// names are checked with zfs's rules where they are used (server/illumos/zfs.ts); here, only size
const snapName = z.string().min(1, 'a snapshot name is required').max(200, 'at most 200 characters');

const cloneInput = z.object({
  host: hostNameSchema,
  source: zoneNameSchema,
  target: zoneNameSchema,
  network: z.object({
    over: z.string().max(32),
    address: z.enum(['dhcp', 'static']),
    staticAddress: z.string().max(64),
    gateway: z.string().max(64),
    nameservers: z.string().max(256),
  }),
  snapshot: z.discriminatedUnion('kind', [z.object({ kind: z.literal('existing'), name: snapName }), z.object({ kind: z.literal('new'), name: snapName.nullable() })]),
});

const toRequest = (i: z.infer<typeof cloneInput>): CloneRequest => ({ source: i.source, target: i.target, network: i.network, snapshot: i.snapshot });

export const snapshotsRouter = router({
  /** The zone's dataset and snapshots, and why rollback or clone is not offered. */
  list: procedure.input(zoneRefInput).query(async ({ input }) => snapshotsView(await requireHost(input.host), input.zone)),

  /** What a rollback would run and which newer snapshots it would destroy, before it runs. */
  rollbackPlan: procedure.input(zoneRefInput.extend({ name: snapName })).query(async ({ input }) => {
    const plan = await planRollback(await requireHost(input.host), input.zone, input.name, { destroyNewer: true });
    return { newer: plan.newer, wasRunning: plan.wasRunning, steps: planCommands(plan) };
  }),

  create: procedure.input(zoneRefInput.extend({ name: snapName.nullable() })).mutation(async ({ ctx, input }) => {
    const host = await requireHost(input.host);
    taskManager().assertFree(host.name, input.zone);
    const plan = await planCreate(host, input.zone, input.name);
    return startSnapshotTask(host, input.zone, 'snapshot', plan, userOf(ctx).user.name);
  }),

  rollback: procedure.input(zoneRefInput.extend({ name: snapName, destroyNewer: z.boolean() })).mutation(async ({ ctx, input }) => {
    const host = await requireHost(input.host);
    taskManager().assertFree(host.name, input.zone);
    const plan = await planRollback(host, input.zone, input.name, { destroyNewer: input.destroyNewer });
    return startSnapshotTask(host, input.zone, 'rollback', plan, userOf(ctx).user.name);
  }),

  destroy: procedure.input(zoneRefInput.extend({ name: snapName })).mutation(async ({ ctx, input }) => {
    const host = await requireHost(input.host);
    taskManager().assertFree(host.name, input.zone);
    const plan = await planDestroy(host, input.zone, input.name);
    return startSnapshotTask(host, input.zone, 'destroy-snapshot', plan, userOf(ctx).user.name);
  }),

  /** The clone's whole plan (configuration, VNIC, every command), shown before it runs. */
  clonePlan: procedure.input(cloneInput).query(async ({ input }) => {
    const plan = await planClone(await requireHost(input.host), toRequest(input));
    return { warnings: plan.warnings, commands: plan.commands, zonecfgFile: plan.zonecfgFile, vnic: plan.vnic, hostname: plan.hostname };
  }),

  /** Starts the clone as a creation (its progress is the wizard's checklist). */
  clone: procedure.input(cloneInput).mutation(async ({ ctx, input }) => startClone(await requireHost(input.host), toRequest(input), userOf(ctx).user.name)),
});
