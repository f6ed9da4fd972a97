// Where the browser tests' server listens and keeps its simulated host and database.
import path from 'node:path';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3107);
// Per port, so two test runs in one checkout (E2E_PORT=...) never share a host or database.
export const E2E_SIM_ROOT = path.resolve(process.cwd(), '.sim', `e2e-${E2E_PORT}`);
export const E2E_DB = path.resolve(process.cwd(), '.sim', `e2e-${E2E_PORT}-db`, 'zonedash.sqlite');
export const SIM_BIN = path.resolve(process.cwd(), 'server', 'sim', 'bin');
