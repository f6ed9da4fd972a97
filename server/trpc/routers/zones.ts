import { tracked } from '@trpc/server';
import { z } from 'zod';
import { vnicNameSchema } from '../../illumos/validate';
import { planAction } from '../../zones/actions';
import { capabilityTable, ZONE_VERBS } from '../../zones/capabilities';
import { readZoneConfig } from '../../zones/config';
import { liveMetrics, type LiveMetrics } from '../../metrics/live';
import { fleetOf, hostReads, metricsOf, taskManager, watcherFor } from '../../services';
import type { FleetEvent, FleetSnapshot } from '../../zones/fleet';
import type { TaskEvent } from '../../zones/tasks';
import { eventStream } from '../event-stream';
import { hostInput, zoneRefInput } from '../inputs';
import { procedure, requireHost, router, userOf } from '../init';

export type WatchMessage =
  | { kind: 'snapshot'; snapshot: FleetSnapshot }
  | { kind: 'event'; event: FleetEvent }
  | { kind: 'task'; event: TaskEvent }
  | { kind: 'metrics'; metrics: LiveMetrics };

export const zonesRouter = router({
  /** Every host's zones (or one host's) from the watchers' snapshots: never a tool spawn
   *  per call, and a host that does not answer never holds up the others. */
  list: procedure.input(hostInput).query(async ({ input }): Promise<FleetSnapshot> => {
    // an unknown host is refused before anything is read
    const host = input.host === undefined ? null : await requireHost(input.host);
    const snapshot = await (await fleetOf()).snapshot();
    if (!host) return snapshot;
    return { ...snapshot, hosts: snapshot.hosts.filter((h) => h.name === host.name), zones: snapshot.zones.filter((z) => z.host === host.name) };
  }),

  /** One zone: its row in the snapshot and its configuration from zonecfg. */
  get: procedure.input(zoneRefInput).query(async ({ input }) => {
    const host = await requireHost(input.host);
    const snapshot = await watcherFor(host).snapshot();
    const row = snapshot.zones.find((z) => z.name === input.zone) ?? null;
    const config = await hostReads().get(host, `config:${input.zone}`, () => readZoneConfig(host, input.zone));
    return { row, config, fetchedAt: snapshot.fetchedAt };
  }),

  /** Which verb is valid in which state, and why not: the browser draws its menus from it. */
  capabilities: procedure.query(() => capabilityTable()),

  /** The steps a verb would run on a zone, shown before anything runs (delete's cascade). */
  plan: procedure.input(zoneRefInput.extend({ verb: z.enum(ZONE_VERBS) })).query(async ({ input }) => {
    const host = await requireHost(input.host);
    const plan = await planAction(host, watcherFor(host), input.zone, input.verb);
    return { title: plan.title, noop: plan.noop, steps: plan.steps.map((s) => ({ label: s.label, argv: [s.call.tool, ...s.call.args] })), kept: plan.kept };
  }),

  /** Runs a verb on a zone as a task and returns the task at once. */
  action: procedure.input(zoneRefInput.extend({ verb: z.enum(ZONE_VERBS), alsoDeleteVnics: z.array(vnicNameSchema).max(32).optional() })).mutation(async ({ ctx, input }) => {
    const host = await requireHost(input.host);
    const watcher = watcherFor(host);
    const tasks = taskManager();
    // Refuse before planning, so a second click never waits behind the first.
    tasks.assertFree(host.name, input.zone);
    // delete: VNICs the dashboard did not create that the operator ticked to delete as well
    const plan = await planAction(host, watcher, input.zone, input.verb, { alsoDeleteVnics: input.alsoDeleteVnics ?? [] });
    const task = tasks.start({
      kind: input.verb,
      title: plan.noop ? `${plan.title} (nothing to do: ${plan.noop})` : plan.title,
      user: userOf(ctx).user.name,
      host,
      zone: input.zone,
      steps: plan.steps,
      afterStep: () => void watcher.refresh(),
    });
    return task;
  }),

  /** Everything live on a page, in ONE subscription (browsers allow six connections per
   *  origin): every host's zone changes and connection state, every task's progress and
   *  output, and every host's resource samples (the table's sparklines). Each message carries the fleet's version as its tracked id: a reconnect sends it
   *  back and resumes with the changes it missed (or a fresh snapshot when those are no
   *  longer kept); task messages are not replayed, so a client refetches its task queries on
   *  a snapshot. */
  watch: procedure
    .input(z.object({ lastEventId: z.string().max(32).nullish() }))
    .subscription(async function* ({ input, signal }) {
      const fleet = await fleetOf();
      const metrics = await metricsOf();
      type Item = { kind: 'zones'; event: FleetEvent } | { kind: 'task'; event: TaskEvent } | { kind: 'metrics'; metrics: LiveMetrics };
      // Subscribe before reading the snapshot, so no change falls between the two.
      const items = eventStream<Item>((push) => {
        const offZones = fleet.subscribe((event) => push({ kind: 'zones', event }));
        const offTasks = taskManager().subscribe((event) => push({ kind: 'task', event }));
        const offMetrics = metrics.subscribe((e) => push({ kind: 'metrics', metrics: liveMetrics(e) }));
        return () => {
          offZones();
          offTasks();
          offMetrics();
        };
      }, signal);
      const snapshot = await fleet.snapshot().catch((e: unknown) => {
        items.close();
        throw e;
      });
      const since = input.lastEventId != null ? Number(input.lastEventId) : NaN;
      const missed = Number.isInteger(since) ? fleet.eventsSince(since) : null;
      if (missed === null) {
        yield tracked(String(snapshot.version), { kind: 'snapshot', snapshot } satisfies WatchMessage);
      } else {
        for (const event of missed) yield tracked(String(event.version), { kind: 'event', event } satisfies WatchMessage);
      }
      let sent = missed?.at(-1)?.version ?? snapshot.version;
      for await (const item of items) {
        // task progress and resource samples are not replayed after a reconnect (the client
        // reads them again), so they carry the zone version already sent
        if (item.kind === 'task') {
          yield tracked(String(sent), { kind: 'task', event: item.event } satisfies WatchMessage);
          continue;
        }
        if (item.kind === 'metrics') {
          yield tracked(String(sent), { kind: 'metrics', metrics: item.metrics } satisfies WatchMessage);
          continue;
        }
        const event = item.event;
        // Already sent in the snapshot or the replay; heartbeats (no changes) always pass.
        const heartbeat = event.changes.length === 0 && event.version === sent;
        if (event.version < sent || (event.version === sent && !heartbeat)) continue;
        sent = event.version;
        yield tracked(String(event.version), { kind: 'event', event } satisfies WatchMessage);
      }
    }),
});
