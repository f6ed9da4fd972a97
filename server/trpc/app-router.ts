import { router } from './init';
import { hostsRouter } from './routers/hosts';
import { zonesRouter } from './routers/zones';
import { linksRouter } from './routers/links';

export const appRouter = router({
  hosts: hostsRouter,
  zones: zonesRouter,
  links: linksRouter,
});

export type AppRouter = typeof appRouter;
