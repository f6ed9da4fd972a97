import { expect, test, type Page } from '@playwright/test';
import { simCli } from './sim-cli';

// The seeded simulated host: www, api, mail (running), db (installed), build (incomplete),
// vm (configured). Tests that change a zone restore what they need or use their own zone.

const row = (page: Page, zone: string) => page.locator(`tr[data-zone="${zone}"]`);

/** Records every text the zone's state badge shows, from now on, in the page. */
async function recordStates(page: Page, zone: string) {
  await page.evaluate((z) => {
    const w = window as unknown as { __states: string[] };
    w.__states = [];
    const target = document.querySelector('tbody')!;
    const read = () => {
      const text = document.querySelector(`tr[data-zone="${z}"] td:nth-child(3)`)?.textContent ?? '';
      if (w.__states.at(-1) !== text) w.__states.push(text);
    };
    read();
    new MutationObserver(read).observe(target, { subtree: true, childList: true, characterData: true });
  }, zone);
}
const statesSeen = (page: Page) => page.evaluate(() => (window as unknown as { __states: string[] }).__states);

test('the zone table is server-rendered from zoneadm list', async ({ request }) => {
  const html = await (await request.get('/')).text();
  for (const zone of ['www', 'api', 'db', 'build', 'vm']) expect(html).toContain(`data-zone="${zone}"`);
  expect(html).toContain('/zones/db');
});

test('each row shows name, state, brand, IP type, zonepath and host', async ({ page }) => {
  await page.goto('/');
  const db = row(page, 'db');
  await expect(db.getByRole('rowheader')).toHaveText('db');
  await expect(db.locator('td').nth(1)).toHaveText('installed');
  await expect(db.locator('td').nth(2)).toHaveText('sparse');
  await expect(db.locator('td').nth(3)).toHaveText('exclusive');
  await expect(db.locator('td').nth(4)).toHaveText('/zones/db');
  await expect(db.locator('td').nth(5)).toHaveText('sim');
  await expect(page.getByText(/Last heard from the host/)).toBeVisible();
  // what the simulator's own CLI says agrees with the table
  const listed = simCli('zoneadm', ['list', '-cp']).stdout;
  expect(listed).toMatch(/^-:db:installed:\/zones\/db:[0-9a-f-]+:sparse:excl:\d+$/m);
});

test('sorting and filters live in the URL and survive a reload', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('State').selectOption('running');
  await expect(page).toHaveURL(/state=running/);
  await expect(row(page, 'db')).toHaveCount(0);
  await expect(row(page, 'www')).toBeVisible();
  await page.getByRole('button', { name: 'Brand' }).click();
  await expect(page).toHaveURL(/sort=brand/);
  await page.reload();
  await expect(page.getByLabel('State')).toHaveValue('running');
  await expect(row(page, 'db')).toHaveCount(0);
  await page.getByLabel('Filter zones').fill('mai');
  await expect(row(page, 'www')).toHaveCount(0);
  await expect(row(page, 'mail')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(row(page, 'db')).toBeVisible();
});

test('an invalid action is disabled and says why', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Actions for vm' }).click();
  const boot = page.getByRole('menuitem', { name: /Boot/ });
  await expect(boot).toHaveAttribute('aria-disabled', 'true');
  await expect(boot).toContainText('must be installed before boot');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
});

test('booting from the table turns the badge running in a second tab, through ready', async ({ page, context }) => {
  const other = await context.newPage();
  await page.goto('/');
  await other.goto('/');
  await expect(row(other, 'db').locator('td').nth(1)).toHaveText('installed');
  await recordStates(other, 'db');
  await page.getByRole('button', { name: 'Actions for db' }).click();
  await page.getByRole('menuitem', { name: 'Boot' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'boot db: started' })).toBeVisible();
  await expect(row(other, 'db').locator('td').nth(1)).toHaveText('running', { timeout: 10_000 });
  await expect(row(page, 'db').locator('td').nth(1)).toHaveText('running');
  const seen = await statesSeen(other);
  expect(seen[0]).toBe('installed');
  expect(seen).toContain('ready');
  expect(seen.at(-1)).toBe('running');
  // the task is recorded with its exact argv
  await page.getByRole('link', { name: 'view task' }).first().click();
  await expect(page.getByRole('heading', { name: 'boot db' })).toBeVisible();
  await expect(page.getByText('$ zoneadm -z db boot')).toBeVisible();
  await expect(page.getByText('succeeded').first()).toBeVisible();
});

test('a zone halted with the simulator CLI behind the dashboard turns installed in the table', async ({ page }) => {
  await page.goto('/');
  await expect(row(page, 'api').locator('td').nth(1)).toHaveText('running');
  const r = simCli('zoneadm', ['-z', 'api', 'halt']);
  expect(r.status).toBe(0);
  await expect(row(page, 'api').locator('td').nth(1)).toHaveText('installed', { timeout: 5000 });
  expect(simCli('zoneadm', ['-z', 'api', 'boot']).status).toBe(0);
  await expect(row(page, 'api').locator('td').nth(1)).toHaveText('running', { timeout: 5000 });
});

test('two quick boots of one zone: one runs, the other is refused naming the running task', async ({ page }) => {
  // a zone of our own, installed, so the boot takes its simulated second
  expect(simCli('zonecfg', ['-z', 'twice', 'create -t sparse; set zonepath=/zones/twice']).status).toBe(0);
  expect(simCli('zoneadm', ['-z', 'twice', 'install']).status).toBe(0);
  await page.goto('/');
  await expect(row(page, 'twice')).toBeVisible();
  const results = await page.evaluate(async () => {
    const call = () =>
      fetch('/api/trpc/zones.action?batch=1', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 0: { host: 'sim', zone: 'twice', verb: 'boot' } }),
      }).then(async (r) => ({ status: r.status, body: await r.text() }));
    return Promise.all([call(), call()]);
  });
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 409]);
  const refused = results.find((r) => r.status === 409)!;
  expect(refused.body).toMatch(/zone twice is busy: task [0-9a-f-]{36} \(boot twice/);
  await expect(row(page, 'twice').locator('td').nth(1)).toHaveText('running', { timeout: 10_000 });
});

test('delete with cascade leaves no zone, config or VNIC behind', async ({ page }) => {
  expect(simCli('dladm', ['create-vnic', '-l', 'i40e0', 'gone0']).status).toBe(0);
  expect(simCli('zonecfg', ['-z', 'gone', 'create -t lipkg; set zonepath=/zones/gone; add net; set physical=gone0; end']).status).toBe(0);
  expect(simCli('zoneadm', ['-z', 'gone', 'install']).status).toBe(0);
  expect(simCli('zoneadm', ['-z', 'gone', 'boot']).status).toBe(0);
  await page.goto('/zones/sim/gone');
  await expect(page.getByRole('heading', { name: 'gone', level: 1 })).toBeVisible();
  await page.getByRole('toolbar', { name: 'Actions for gone' }).getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete gone?' });
  await expect(dialog.getByText('zoneadm -z gone halt')).toBeVisible();
  await expect(dialog.getByText('zoneadm -z gone uninstall -F')).toBeVisible();
  await expect(dialog.getByText('zonecfg -z gone delete -F')).toBeVisible();
  await expect(dialog.getByText('dladm delete-vnic gone0')).toBeVisible();
  const confirm = dialog.getByRole('button', { name: 'Delete' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type gone to confirm/).fill('gon');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type gone to confirm/).fill('gone');
  await confirm.click();
  await expect(page.getByRole('status').filter({ hasText: 'delete gone: started' })).toBeVisible();
  await expect.poll(() => simCli('zoneadm', ['list', '-cp']).stdout, { timeout: 15_000 }).not.toMatch(/:gone:/);
  expect(simCli('zonecfg', ['-z', 'gone', 'info']).stderr).toContain('gone: No such zone configured');
  expect(simCli('dladm', ['show-vnic', 'gone0']).stderr).toContain("dladm: invalid vnic name 'gone0': object not found");
});
