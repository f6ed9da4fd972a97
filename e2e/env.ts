// Where the browser tests' server listens and keeps its simulated host and database.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3107);
// Per port, so two test runs in one checkout (E2E_PORT=...) never share a host or database.
export const E2E_SIM_ROOT = path.resolve(process.cwd(), '.sim', `e2e-${E2E_PORT}`);
export const E2E_DB = path.resolve(process.cwd(), '.sim', `e2e-${E2E_PORT}-db`, 'zonedash.sqlite');
export const SIM_BIN = path.resolve(process.cwd(), 'server', 'sim', 'bin');

// Accounts: e2e/serve.ts makes admin, operator and viewer with this password (made up for
// each run unless given; set here, in the runner's process, so its workers and the servers
// it starts inherit it). An empty E2E_ADMIN_PASSWORD starts a server with no accounts.
export const E2E_PASSWORD = (process.env.E2E_ADMIN_PASSWORD ??= `e2e-${randomBytes(12).toString('base64url')}`);
export const E2E_USERS = ['admin', 'operator', 'viewer'] as const;
export type E2EUser = (typeof E2E_USERS)[number];
/** the signed-in browser state the setup project saves (e2e/auth.setup.ts) */
export const storageStateOf = (user: E2EUser) => path.resolve(process.cwd(), '.sim', `e2e-${E2E_PORT}-auth`, `${user}.json`);
