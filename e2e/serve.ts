// The server the browser tests talk to: the production build on a fresh, seeded simulated
// host whose state directory the tests can also reach with the simulator's CLI, with the
// test accounts (admin, operator, viewer: E2E_ADMIN_PASSWORD) made before it starts.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { E2E_DB, E2E_PORT, E2E_SIM_ROOT, E2E_USERS } from './env';

// E2E_KEEP=1 restarts on the same host and database (the restart test); otherwise start fresh.
if (process.env.E2E_KEEP !== '1') {
  rmSync(E2E_SIM_ROOT, { recursive: true, force: true });
  rmSync(path.dirname(E2E_DB), { recursive: true, force: true });
}
Object.assign(process.env, {
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  PORT: String(E2E_PORT),
  HOST: process.env.E2E_HOST ?? 'localhost',
  SIM_ROOT: E2E_SIM_ROOT,
  ZONEDASH_DB: E2E_DB,
  SIM_TIME_SCALE: process.env.SIM_TIME_SCALE ?? '0.1',
  ZONEDASH_HOST: 'sim',
});
const password = process.env.E2E_ADMIN_PASSWORD;
if (password) {
  // each account has its own role and this password (made again on a restart with E2E_KEEP)
  const { createUser, findUser, setDisabled, setPassword, setRole } = await import('../server/auth/users');
  for (const name of E2E_USERS) {
    const user = findUser(name);
    if (!user) await createUser({ name, role: name, password });
    else {
      await setPassword(user.id, password);
      setDisabled(user.id, false);
      setRole(user.id, name);
    }
  }
}
const { startServer } = await import('../server/main');
await startServer({ dev: false });
