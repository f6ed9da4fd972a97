import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from './auth-helpers';
import { E2E_PORT } from './env';
import { simCli } from './sim-cli';

// Kill the server in the middle of an install, start it again: the task says interrupted,
// the zone is incomplete, and its cleanup is offered, not done. A server of our own, on its
// own port, host and database, with real-time durations so the install is still running.
// Its own port next to the suite's, so two runs with different E2E_PORTs never collide.
const PORT = E2E_PORT + 44;
const BASE = `http://localhost:${PORT}`;
const ROOT = path.resolve('.sim', `e2e-${PORT}`);

function startServer(keep: boolean): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/serve.ts'], {
    env: { ...process.env, E2E_PORT: String(PORT), E2E_KEEP: keep ? '1' : '0', SIM_TIME_SCALE: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  return child;
}

async function waitUp(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`${BASE}/login`); // a page that needs no session
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not start');
}

let server: ChildProcess | null = null;
test.afterEach(() => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

test('a server killed during an install comes back with the task interrupted and cleanup offered', async ({ page }) => {
  test.setTimeout(120_000);
  server = startServer(false);
  await waitUp();
  expect(simCli('zonecfg', ['-z', 'slow1', 'create -t sparse; set zonepath=/zones/slow1'], ROOT).status).toBe(0);

  // this server has its own database: sign in there (the session outlives the restart)
  await signIn(page, 'admin', { base: BASE });
  await page.goto(`${BASE}/zones/sim/slow1`);
  const badge = page.locator('header').getByText(/^(configured|incomplete|installed)$/);
  await expect(badge).toHaveText('configured');
  await page.getByRole('toolbar', { name: 'Actions for slow1' }).getByRole('button', { name: 'Install', exact: true }).click();
  await expect(badge).toHaveText('incomplete', { timeout: 10_000 });

  // The power goes out.
  process.kill(-server.pid!, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 500));
  server = startServer(true);
  await waitUp();

  await page.reload();
  await expect(badge).toHaveText('incomplete');
  await expect(page.getByRole('alert').filter({ hasText: 'This zone is incomplete' })).toBeVisible();
  const history = page.getByRole('region', { name: 'Task history' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'Task history' }) }));
  await expect(history.getByText('interrupted')).toBeVisible();
  // nothing destructive happened by itself
  expect(simCli('zoneadm', ['list', '-cp'], ROOT).stdout).toMatch(/^-:slow1:incomplete:/m);

  await page.getByRole('button', { name: 'Clean up (uninstall)…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Uninstall slow1?' });
  await dialog.getByRole('button', { name: 'Uninstall', exact: true }).click();
  await expect(badge).toHaveText('configured', { timeout: 20_000 });
  expect(simCli('zoneadm', ['list', '-cp'], ROOT).stdout).toMatch(/^-:slow1:configured:/m);
});
