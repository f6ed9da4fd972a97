// The hosts: every signed-in user sees them and how each is doing; admins add, edit, disable,
// remove them and trust a changed host key. A new host's key is read first (probe) and shown
// to the admin, who checks it on the host and confirms it: add pins exactly that key. Each
// change is written to the audit log by the procedure itself, with the host as it was and as
// it became (the policy marks these procedures selfAudited; input errors are still recorded by
// the middleware), and makes the registry re-read the table at once.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { audit, type Outcome } from '../../auth/audit';
import { hostDiff, hostSummary } from '../../hosts/host-audit';
import { connectionSchema, fingerprintSchema, hostNameSchema, hostPatchSchema, probeSchema } from '../../hosts/host-input';
import { dashboardIdentity } from '../../hosts/identity';
import type { Host, HostRegistry, HostState } from '../../hosts/registry';
import { hostKeyCommand, probeHostKey } from '../../hosts/ssh';
import {
  addHost,
  getHost,
  HostStoreError,
  listHosts,
  removeHost,
  runningTaskOn,
  setHostDisabled,
  trustFingerprint,
  updateHost,
  type HostRecord,
} from '../../hosts/store';
import { database, hostRegistry, watcherFor } from '../../services';
import { procedure, router, userOf, type Context } from '../init';

export interface HostListItem {
  name: string;
  kind: Host['kind'];
  description: string;
  address: string | null;
  port: number | null;
  user: string | null;
  toolDir: string | null;
  pfexec: boolean | null;
  disabled: boolean;
  state: HostState;
  lastHeardAt: number | null;
  rttMs: number | null;
  /** zones other than the global zone, as last listed; null before the first list */
  zoneCount: number | null;
  release: string | null;
  /** why the host is not connected, in words */
  error: string | null;
  pinnedFingerprint: string | null;
  /** the key the host offers instead of the pinned one (state host-key-mismatch) */
  offeredFingerprint: string | null;
  addedBy: string | null;
  addedAt: number | null;
  /** the host a call without a host name means (the first built-in host) */
  isDefault: boolean;
}

/** The command that prints the fingerprint of the key hosts offer first (ed25519). */
const HOST_KEY_COMMAND = hostKeyCommand('ssh-ed25519');

/** The host's zones as its watcher last listed them (global zone aside), and why the last
 *  list failed (a connected host whose tools fail: wrong tool directory, missing rights). */
function inventory(host: Host): { zoneCount: number | null; error: string | null } {
  const snap = watcherFor(host).current();
  return { zoneCount: snap.fetchedAt === null ? null : snap.zones.filter((z) => z.name !== 'global').length, error: snap.error };
}

function builtinItem(host: Host, registry: HostRegistry): HostListItem {
  const s = registry.status?.(host.name);
  const inv = inventory(host);
  return {
    name: host.name,
    kind: host.kind,
    description: host.description,
    address: null,
    port: null,
    user: null,
    toolDir: null,
    pfexec: null,
    disabled: false,
    state: s?.state ?? 'connected',
    lastHeardAt: s?.lastHeardAt ?? watcherFor(host).current().fetchedAt,
    rttMs: s?.rttMs ?? null,
    zoneCount: inv.zoneCount,
    release: null,
    error: s?.error ?? inv.error,
    pinnedFingerprint: null,
    offeredFingerprint: null,
    addedBy: null,
    addedAt: null,
    isDefault: host === registry.defaultHost,
  };
}

function sshItem(r: HostRecord, registry: HostRegistry): HostListItem {
  const host = registry.get(r.name);
  const s = host ? registry.status?.(r.name) : undefined;
  const inv = host && !r.disabled ? inventory(host) : { zoneCount: null, error: null };
  // a disabled host is not connected to; a host the registry has not started (its identity
  // file is unreadable, or the table changed a moment ago) is not either: both say why
  const error = r.disabled
    ? 'disabled: the dashboard does not connect to it until an admin enables it'
    : !host
      ? 'not started yet: the dashboard has no connection for it (if this lasts, see the server log)'
      : (s?.error ?? (s?.state === 'connected' ? inv.error : null));
  return {
    name: r.name,
    kind: 'ssh',
    description: host?.description ?? `over SSH (${r.user}@${r.address}${r.port === 22 ? '' : `:${r.port}`})`,
    address: r.address,
    port: r.port,
    user: r.user,
    toolDir: r.toolDir,
    pfexec: r.pfexec,
    disabled: r.disabled,
    state: r.disabled || !host ? 'unreachable' : (s?.state ?? 'connecting'),
    lastHeardAt: s?.lastHeardAt ?? null,
    rttMs: s?.rttMs ?? null,
    zoneCount: inv.zoneCount,
    release: r.release,
    error,
    pinnedFingerprint: r.fingerprints[0] ?? null,
    offeredFingerprint: s?.state === 'host-key-mismatch' ? (s.offeredFingerprint ?? null) : null,
    addedBy: r.addedBy,
    addedAt: r.addedAt,
    isDefault: host !== undefined && host === registry.defaultHost,
  };
}

/** The audit record of a host change (the procedures are selfAudited: this is the one record). */
function record(ctx: Context, action: string, host: string, outcome: Outcome, detail: string): void {
  audit({ user: ctx.auth?.user.name ?? '', address: ctx.address ?? '', host, action: `hosts.${action}`, outcome, detail });
}

/** Runs a change; a refusal (no such host, name taken, a task running) is recorded and
 *  becomes the matching tRPC error, with the sentence unchanged. */
async function change<T>(ctx: Context, action: string, host: string, run: () => T | Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await run();
  } catch (e) {
    if (e instanceof HostStoreError) {
      record(ctx, action, host, 'refused', e.message);
      throw new TRPCError({ code: e.code === 'exists' ? 'CONFLICT' : 'NOT_FOUND', message: e.message, cause: e });
    }
    if (e instanceof TRPCError) {
      record(ctx, action, host, 'refused', e.message);
      throw e;
    }
    record(ctx, action, host, 'error', e instanceof Error ? e.message : String(e));
    throw e;
  }
  // the registry starts, replaces or stops the host's connection now, not at its next poll
  // (the change is made and recorded: a failing reload is the registry's to report)
  await (await hostRegistry())
    .reload?.()
    .catch((e: unknown) => console.error(`hosts: reload after ${action} of ${host} failed:`, e));
  return result;
}

const hostRef = z.object({ host: hostNameSchema });

export const hostsRouter = router({
  list: procedure.query(async (): Promise<HostListItem[]> => {
    const registry = await hostRegistry();
    const records = listHosts(database());
    const sshNames = new Set(records.map((r) => r.name));
    const builtin = registry.hosts.filter((h) => h.kind !== 'ssh' && !sshNames.has(h.name));
    return [...builtin.map((h) => builtinItem(h, registry)), ...records.map((r) => sshItem(r, registry))];
  }),

  /** The dashboard's public key, for the zone user's authorized_keys on each host. */
  identity: procedure.query(() => {
    const id = dashboardIdentity();
    return { publicKey: id.publicKey, fingerprint: id.fingerprint, hostKeyCommand: HOST_KEY_COMMAND };
  }),

  /** Reads the key a host offers (no login, nothing runs there), for the admin to check. */
  // (it opens a connection from the dashboard's machine to any address an admin names: the
  // audit record says where, and what came back)
  probe: procedure.input(probeSchema).mutation(async ({ ctx, input }) => {
    const where = `${input.address.includes(':') ? `[${input.address}]` : input.address}:${input.port}`;
    try {
      const key = await probeHostKey({ address: input.address, port: input.port });
      record(ctx, 'probe', input.name ?? '', 'ok', `${where} offers ${key.keyType} ${key.fingerprint}`);
      return { fingerprint: key.fingerprint, keyType: key.keyType, hostKeyCommand: hostKeyCommand(key.keyType) };
    } catch (e) {
      // the runner's words already say where and what to check
      const message = `Could not read the host key: ${e instanceof Error ? e.message : String(e)}`;
      record(ctx, 'probe', input.name ?? '', 'failed', `${where}: ${message}`);
      throw new TRPCError({ code: 'BAD_GATEWAY', message, cause: e });
    }
  }),

  /** Adds a host pinned to the key the admin confirmed (the dashboard's own key logs in). */
  add: procedure
    .input(connectionSchema.extend({ name: hostNameSchema, fingerprint: fingerprintSchema }))
    .mutation(async ({ ctx, input }) => {
      const by = userOf(ctx).user.name;
      return change(ctx, 'add', input.name, async () => {
        const registry = await hostRegistry();
        const builtin = registry.hosts.find((h) => h.kind !== 'ssh' && h.name.toLowerCase() === input.name.toLowerCase());
        if (builtin) throw new TRPCError({ code: 'CONFLICT', message: `"${input.name}" is the name of a built-in host (${builtin.description}); choose another name` });
        const h = addHost(database(), { ...input, identityFile: null }, by);
        record(ctx, 'add', h.name, 'ok', `added ${h.name}: ${hostSummary(h)}`);
        return h;
      });
    }),

  /** Changes where a host is or how its tools run; its pinned key stays. */
  update: procedure.input(hostRef.extend({ patch: hostPatchSchema })).mutation(({ ctx, input }) =>
    change(ctx, 'update', input.host, () => {
      const { before, after } = updateHost(database(), input.host, input.patch, userOf(ctx).user.name);
      record(ctx, 'update', after.name, 'ok', `${after.name}: ${hostDiff(before, after)}`);
      return after;
    }),
  ),

  setDisabled: procedure.input(hostRef.extend({ disabled: z.boolean() })).mutation(({ ctx, input }) =>
    change(ctx, 'setDisabled', input.host, () => {
      const { before, after } = setHostDisabled(database(), input.host, input.disabled, userOf(ctx).user.name);
      record(ctx, 'setDisabled', after.name, 'ok', `${after.name} ${after.disabled ? 'disabled' : 'enabled'}: ${hostDiff(before, after)}`);
      return after;
    }),
  ),

  /** Removes a host, unless a task is running on it (say which: wait for it, then remove). */
  remove: procedure.input(hostRef).mutation(({ ctx, input }) =>
    change(ctx, 'remove', input.host, () => {
      const db = database();
      const task = runningTaskOn(db, input.host);
      if (task) {
        throw new TRPCError({
          code: 'CONFLICT',
          message: `task ${task.id} (${task.title}, zone ${task.zone}, started by ${task.user}) is running on ${input.host}; remove the host when it has finished`,
        });
      }
      const removed = removeHost(db, input.host);
      if (!removed) throw new HostStoreError('not-found', `no host named '${input.host}'`);
      record(ctx, 'remove', removed.name, 'ok', `removed ${removed.name}, which was ${hostSummary(removed)}`);
      return { name: removed.name };
    }),
  ),

  /** Pins the key the host now offers, after the admin checked it on the host. */
  trustKey: procedure.input(hostRef.extend({ fingerprint: fingerprintSchema })).mutation(async ({ ctx, input }) => {
    const registry = await hostRegistry();
    return change(ctx, 'trustKey', input.host, () => {
      const offered = registry.status?.(getHost(database(), input.host)?.name ?? input.host)?.offeredFingerprint ?? null;
      // the admin confirmed one key; if the host offers another by now, they check again
      if (offered && offered !== input.fingerprint) {
        throw new TRPCError({ code: 'CONFLICT', message: `${input.host} now offers ${offered}, not ${input.fingerprint}; check the key on the host again` });
      }
      const { before, after } = trustFingerprint(database(), input.host, input.fingerprint, userOf(ctx).user.name);
      record(ctx, 'trustKey', after.name, 'ok', `${after.name}: ${hostDiff(before, after)}`);
      return after;
    });
  }),
});
