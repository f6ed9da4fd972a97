import { defineConfig } from '@playwright/test';
import { E2E_PORT, storageStateOf } from './e2e/env';

// Browser tests run against the production build served by our own server, on a fresh
// simulated host (e2e/serve.ts). Chromium comes from Debian: no browser download works here.
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  // Per port, like the server's host and database: two runs in one checkout never wipe each
  // other's traces (Playwright empties its output folder at start).
  outputDir: `test-results/e2e-${E2E_PORT}`,
  reporter: [['list'], ['json', { outputFile: `test-results/e2e-${E2E_PORT}.json` }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
    },
  },
  // every spec runs signed in as admin (e2e/auth.setup.ts signs in once and saves the state)
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts$/ },
    { name: 'chromium', dependencies: ['setup'], use: { storageState: storageStateOf('admin') } },
  ],
  webServer: {
    command: 'npx tsx e2e/serve.ts',
    url: `http://localhost:${E2E_PORT}/api/trpc/hosts.list`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
