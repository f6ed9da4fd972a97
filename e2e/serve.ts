// The server the browser tests talk to: the production build on a fresh, seeded simulated
// host whose state directory the tests can also reach with the simulator's CLI.
import { rmSync } from 'node:fs';
import { E2E_PORT, E2E_SIM_ROOT } from './env';

rmSync(E2E_SIM_ROOT, { recursive: true, force: true });
Object.assign(process.env, {
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  PORT: String(E2E_PORT),
  HOST: 'localhost',
  SIM_ROOT: E2E_SIM_ROOT,
  SIM_TIME_SCALE: process.env.SIM_TIME_SCALE ?? '0.05',
  ZONEDASH_HOST: 'sim',
});
const { startServer } = await import('../server/main');
await startServer({ dev: false });
