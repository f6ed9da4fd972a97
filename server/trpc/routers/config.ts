// Editing a zone's configuration, what waits for its next boot, and applying what illumos can
// change on the running zone (prctl). Every value reaches zonecfg through the creation
// writer's validation (server/illumos/zonecfgFile.ts), which names the field it refuses.
import { z } from 'zod';
import type { EditableConfig } from '../../illumos/config-diff';
import { fleetOf } from '../../services';
import { followBoots, pendingCounts, pendingFor } from '../../zones/booted-config-follow';
import { applyEdit, applyLive, openEdit, planEdit } from '../../zones/config-edit';
import { zoneRefInput } from '../inputs';
import { procedure, requireHost, router, userOf } from '../init';

const text = z.string().max(2048, 'at most 2048 characters');
/** A blank field is an unset property. */
const optional = text.optional().transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const net = z.object({
  address: optional,
  allowedAddress: optional,
  physical: text,
  defrouter: optional,
  globalNic: optional,
  macAddr: optional,
  vlanId: optional,
  properties: z.array(z.object({ name: text, value: text })).max(32),
});

const fs = z.object({ dir: text, special: text, raw: optional, type: text, options: z.array(text).max(32) });

const editable = z.object({
  autoboot: z.boolean(),
  bootargs: optional,
  pool: optional,
  limitpriv: optional,
  schedulingClass: optional,
  hostid: optional,
  fsAllowed: optional,
  cpuShares: optional,
  maxLwps: optional,
  maxProcesses: optional,
  maxShmMemory: optional,
  maxShmIds: optional,
  maxMsgIds: optional,
  maxSemIds: optional,
  cappedMemory: z.object({ physical: optional, swap: optional, locked: optional }).optional(),
  cappedCpu: z.object({ ncpus: text }).optional(),
  net: z.array(net).max(64),
  fs: z.array(fs).max(64),
  dataset: z.array(z.object({ name: text })).max(64),
  attr: z.array(z.object({ name: text, type: text, value: text })).max(64),
});

/** The form's values: capped-memory with no size at all is no capped-memory. */
function edits(v: z.infer<typeof editable>): EditableConfig {
  const mem = v.cappedMemory && Object.values(v.cappedMemory).some((x) => x !== undefined) ? v.cappedMemory : undefined;
  const cpu = v.cappedCpu && v.cappedCpu.ncpus.trim() !== '' ? { ncpus: v.cappedCpu.ncpus.trim() } : undefined;
  return { ...v, cappedMemory: mem, cappedCpu: cpu } as EditableConfig;
}

const opened = z.object({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'not a configuration fingerprint'), form: editable });
const editInput = zoneRefInput.extend({ edits: editable, opened });

export const configRouter = router({
  /** The form's starting values and the fingerprint of the configuration they came from. */
  editForm: procedure.input(zoneRefInput).query(async ({ input }) => openEdit(await requireHost(input.host), input.zone)),

  /** The diff and the exact command file; `conflict` when the host's configuration moved. */
  plan: procedure.input(editInput).query(async ({ input }) =>
    planEdit(await requireHost(input.host), input.zone, edits(input.edits), { fingerprint: input.opened.fingerprint, form: edits(input.opened.form) }),
  ),

  /** Runs the command file as a task; refused (CONFLICT) when the configuration moved. */
  save: procedure.input(editInput).mutation(async ({ ctx, input }) =>
    applyEdit(await requireHost(input.host), input.zone, edits(input.edits), { fingerprint: input.opened.fingerprint, form: edits(input.opened.form) }, userOf(ctx).user.name),
  ),

  /** What waits for one running zone's next boot (null when it does not run). */
  pending: procedure.input(zoneRefInput).query(async ({ input }) => {
    followBoots();
    const host = await requireHost(input.host);
    const row = (await fleetOf().then((f) => f.snapshot())).zones.find((z) => z.host === host.name && z.name === input.zone);
    return pendingFor(host, row);
  }),

  /** For the zone table's badge: how many changes wait for each running zone's next boot,
   *  as last computed (a page view runs no tool; server/zones/booted-config-follow.ts). */
  pendingAll: procedure.query(async () => {
    return pendingCounts();
  }),

  /** "Apply now": the pending changes prctl can make on the running zone (all, or those keys). */
  applyLive: procedure
    .input(zoneRefInput.extend({ keys: z.array(z.string().max(64)).max(32).optional() }))
    .mutation(async ({ ctx, input }) => applyLive(await requireHost(input.host), input.zone, input.keys ?? null, userOf(ctx).user.name)),
});
