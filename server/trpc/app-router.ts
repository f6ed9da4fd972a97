import { router } from './init';
import { hostsRouter } from './routers/hosts';
import { zonesRouter } from './routers/zones';
import { linksRouter } from './routers/links';
import { tasksRouter } from './routers/tasks';
import { provisionRouter } from './routers/provision';
import { authRouter } from './routers/auth';
import { usersRouter } from './routers/users';
import { sessionsRouter } from './routers/sessions';
import { auditRouter } from './routers/audit';
import { consoleRouter } from './routers/console';
import { metricsRouter } from './routers/metrics';
import { configRouter } from './routers/config';
import { doctorRouter } from './routers/doctor';
import { snapshotsRouter } from './routers/snapshots';

export const appRouter = router({
  hosts: hostsRouter,
  zones: zonesRouter,
  links: linksRouter,
  tasks: tasksRouter,
  provision: provisionRouter,
  console: consoleRouter,
  metrics: metricsRouter,
  config: configRouter,
  doctor: doctorRouter,
  snapshots: snapshotsRouter,
  auth: authRouter,
  users: usersRouter,
  sessions: sessionsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
