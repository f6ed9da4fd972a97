import { tracked } from '@trpc/server';
import { z } from 'zod';
import { readZoneConfig } from '../../zones/config';
import { watcherFor, type InventorySnapshot, type WatchEvent } from '../../zones/watcher';
import { hostInput, hostNameSchema, zoneRefInput } from '../inputs';
import { procedure, requireHost, router } from '../init';

export type WatchMessage = { kind: 'snapshot'; snapshot: InventorySnapshot } | { kind: 'event'; event: WatchEvent };

export const zonesRouter = router({
  /** The host's zones from the watcher's snapshot (never a tool spawn per call). */
  list: procedure.input(hostInput).query(async ({ input }) => {
    const host = await requireHost(input.host);
    return watcherFor(host).snapshot();
  }),

  /** One zone: its row in the snapshot and its configuration from zonecfg. */
  get: procedure.input(zoneRefInput).query(async ({ input }) => {
    const host = await requireHost(input.host);
    const snapshot = await watcherFor(host).snapshot();
    const row = snapshot.zones.find((z) => z.name === input.zone) ?? null;
    const config = await readZoneConfig(host, input.zone);
    return { row, config, fetchedAt: snapshot.fetchedAt };
  }),

  /** Live changes of a host's zones. Each message carries the watcher's version as its
   *  tracked id: a reconnect sends it back and resumes with what it missed (or a fresh
   *  snapshot when that is no longer kept). */
  watch: procedure
    .input(z.object({ host: hostNameSchema.optional(), lastEventId: z.string().max(32).nullish() }))
    .subscription(async function* ({ input, signal }) {
      const host = await requireHost(input.host);
      const watcher = watcherFor(host);
      const queue: WatchEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = watcher.subscribe((e) => {
        queue.push(e);
        wake?.();
      });
      try {
        const snapshot = await watcher.snapshot();
        const since = input.lastEventId != null ? Number(input.lastEventId) : NaN;
        const missed = Number.isInteger(since) ? watcher.eventsSince(since) : null;
        if (missed === null) {
          yield tracked(String(snapshot.version), { kind: 'snapshot', snapshot } satisfies WatchMessage);
        } else {
          for (const event of missed) yield tracked(String(event.version), { kind: 'event', event } satisfies WatchMessage);
        }
        let sent = missed?.at(-1)?.version ?? snapshot.version;
        while (!signal?.aborted) {
          const event = queue.shift();
          if (!event) {
            await new Promise<void>((resolve) => {
              wake = resolve;
              signal?.addEventListener('abort', () => resolve(), { once: true });
            });
            wake = null;
            continue;
          }
          if (event.version < sent || (event.version === sent && event.changes.length > 0)) continue;
          sent = event.version;
          yield tracked(String(event.version), { kind: 'event', event } satisfies WatchMessage);
        }
      } finally {
        unsubscribe();
      }
    }),
});
