import { router } from './init';
import { hostsRouter } from './routers/hosts';
import { zonesRouter } from './routers/zones';
import { linksRouter } from './routers/links';
import { tasksRouter } from './routers/tasks';

export const appRouter = router({
  hosts: hostsRouter,
  zones: zonesRouter,
  links: linksRouter,
  tasks: tasksRouter,
});

export type AppRouter = typeof appRouter;
