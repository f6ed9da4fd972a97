import { router } from './init';
import { hostsRouter } from './routers/hosts';
import { zonesRouter } from './routers/zones';
import { linksRouter } from './routers/links';
import { tasksRouter } from './routers/tasks';
import { provisionRouter } from './routers/provision';

export const appRouter = router({
  hosts: hostsRouter,
  zones: zonesRouter,
  links: linksRouter,
  tasks: tasksRouter,
  provision: provisionRouter,
});

export type AppRouter = typeof appRouter;
