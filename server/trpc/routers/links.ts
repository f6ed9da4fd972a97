import { hostReads } from '../../services';
import { listLinks } from '../../zones/links';
import { hostInput } from '../inputs';
import { procedure, requireHost, router } from '../init';

export const linksRouter = router({
  /** The host's datalinks (physical links, VNICs, etherstubs) with the VNICs' details. */
  list: procedure.input(hostInput).query(async ({ input }) => {
    const host = await requireHost(input.host);
    return hostReads().get(host, 'links', () => listLinks(host));
  }),
});
