import { inventoryFor } from '../../zones/inventory';
import { readZoneConfig } from '../../zones/config';
import { hostInput, zoneRefInput } from '../inputs';
import { procedure, requireHost, router } from '../init';

export const zonesRouter = router({
  /** The host's zones from the inventory snapshot (never a tool spawn per call). */
  list: procedure.input(hostInput).query(async ({ input }) => {
    const host = await requireHost(input.host);
    return inventoryFor(host).read();
  }),

  /** One zone: its row in the inventory and its configuration from zonecfg. */
  get: procedure.input(zoneRefInput).query(async ({ input }) => {
    const host = await requireHost(input.host);
    const snapshot = await inventoryFor(host).read();
    const row = snapshot.zones.find((z) => z.name === input.zone) ?? null;
    const config = await readZoneConfig(host, input.zone);
    return { row, config, fetchedAt: snapshot.fetchedAt };
  }),
});
