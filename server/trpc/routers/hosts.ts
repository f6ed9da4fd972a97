import { hostRegistry } from '../../hosts/registry';
import { procedure, router } from '../init';

export const hostsRouter = router({
  list: procedure.query(async () => {
    const registry = await hostRegistry();
    return registry.hosts.map((h) => ({
      name: h.name,
      kind: h.kind,
      description: h.description,
      isDefault: h === registry.defaultHost,
    }));
  }),
});
