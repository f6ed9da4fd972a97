import { expect, test, type Page } from '@playwright/test';
import { addZones, crowdNames, removeZones } from './many-zones';
import { simCli } from './sim-cli';
import { cell } from './table';

// What needs attention, at a glance (issue 15): a failed task seen from the table and the zone
// page, running work on its row, state chips that filter, and the table by keyboard alone.

const row = (page: Page, zone: string) => page.locator(`tr[data-zone="${zone}"]`);

let serial = 0;
/** A zone of the test's own; `ipkg` installs take 16 s at SIM_TIME_SCALE 0.1 (sparse: 6.9 s),
 *  long enough to look at a running install on a loaded machine. */
function makeZone(prefix: string, state: 'configured' | 'installed' | 'running', brand: 'sparse' | 'ipkg' = 'sparse'): string {
  const name = `${prefix}${Date.now().toString(36).slice(-5)}${serial++}`;
  const create = brand === 'sparse' ? 'create -t sparse' : `create -b; set brand=${brand}`;
  expect(simCli('zonecfg', ['-z', name, `${create}; set zonepath=/zones/${name}`]).status).toBe(0);
  if (state !== 'configured') expect(simCli('zoneadm', ['-z', name, 'install']).status).toBe(0);
  if (state === 'running') expect(simCli('zoneadm', ['-z', name, 'boot']).status).toBe(0);
  return name;
}

async function runFromMenu(page: Page, zone: string, verb: string) {
  await page.getByRole('button', { name: `Actions for ${zone}` }).click();
  await page.getByRole('menuitem', { name: verb, exact: true }).click();
}

test('a failed boot is seen from the table, on the zone page with its reason, and clears after a later success', async ({ page }, info) => {
  const zone = makeZone('fail', 'installed');
  expect(simCli('sim-fault', ['add', 'boot-fail', '-z', zone, '--once']).status).toBe(0);
  await page.goto('/');
  await runFromMenu(page, zone, 'Boot');
  // the notice follows the task to its end: red, with the first line of stderr and the log
  const notice = page.getByRole('alert').filter({ hasText: `boot ${zone}: started and failed:` });
  await expect(notice).toContainText(`zoneadm: zone '${zone}': call to zoneadmd failed`, { timeout: 15_000 });
  await expect(notice.getByRole('link', { name: 'view the log' })).toHaveAttribute('href', /^\/tasks\/[0-9a-f-]{36}$/);
  // the row says so, with a link to the task
  const taskCell = await cell(row(page, zone), 'Task');
  await expect(taskCell.getByRole('link', { name: 'last task failed' })).toBeVisible();
  await expect(await cell(row(page, zone), 'State')).toHaveText('installed');
  // and the "needs attention" chip counts it and filters to it, saying "N of M"
  const chips = page.getByRole('group', { name: 'Filter by state' });
  await chips.getByRole('button', { name: /^Needs attention \d+$/ }).click();
  await expect(page).toHaveURL(/attention=1/);
  await expect(row(page, zone)).toBeVisible();
  await expect(row(page, 'www')).toHaveCount(0);
  await expect(page.getByText(/^\d+ of \d+ zones$/)).toBeVisible();

  // the zone page: a red banner with the reason and the log, the history's "failed" with why
  await row(page, zone).getByRole('rowheader').getByRole('link').click();
  await expect(page.getByRole('heading', { name: zone, level: 1 })).toBeVisible();
  const banner = page.getByRole('alert').filter({ hasText: 'last task failed' });
  await expect(banner).toContainText(`boot ${zone}`);
  await expect(banner).toContainText(`zoneadm: zone '${zone}': call to zoneadmd failed`);
  await expect(banner.getByRole('link', { name: 'view the log' })).toHaveAttribute('href', /^\/tasks\//);
  const history = page.getByRole('region', { name: 'Task history' });
  await expect(history.getByText('failed', { exact: true })).toBeVisible();
  await expect(history.getByText(`zoneadm: zone '${zone}': call to zoneadmd failed`)).toBeVisible();
  await page.screenshot({ path: info.outputPath('zone-page-failed.png'), fullPage: true });
  // Boot is offered again (installed); a later success clears the failure everywhere
  await page.getByRole('toolbar', { name: `Actions for ${zone}` }).getByRole('button', { name: 'Boot', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `boot ${zone}: started and succeeded.` })).toBeVisible({ timeout: 15_000 });
  await expect(banner).toHaveCount(0);
  // a running zone's Boot is disabled, and says why in words on the page (no no-op task)
  const boot = page.getByRole('toolbar', { name: `Actions for ${zone}` }).getByRole('button', { name: 'Boot', exact: true });
  await expect(boot).toHaveAttribute('aria-disabled', 'true');
  await expect(boot).toHaveAccessibleDescription('zone is already booted');
  await expect(page.getByRole('list', { name: 'Why some actions are unavailable' }).getByText('zone is already booted')).toBeVisible();
  await page.goto('/');
  await expect((await cell(row(page, zone), 'Task')).getByText('last task failed')).toHaveCount(0);
});

test('a failure can be dismissed from the row', async ({ page }) => {
  const zone = makeZone('dismiss', 'installed');
  expect(simCli('sim-fault', ['add', 'boot-fail', '-z', zone, '--once']).status).toBe(0);
  await page.goto('/');
  await runFromMenu(page, zone, 'Boot');
  const taskCell = await cell(row(page, zone), 'Task');
  await expect(taskCell.getByRole('link', { name: 'last task failed' })).toBeVisible({ timeout: 15_000 });
  await taskCell.getByRole('button', { name: `Dismiss the failure of boot ${zone} on ${zone}` }).click();
  await expect(taskCell.getByRole('link', { name: 'last task failed' })).toHaveCount(0);
  // it stays dismissed in this browser
  await page.reload();
  await expect(row(page, zone)).toBeVisible();
  await expect((await cell(row(page, zone), 'Task')).getByRole('link', { name: 'last task failed' })).toHaveCount(0);
});

test('on a phone the card says what the row says: the last task failed, with its link', async ({ page }) => {
  const zone = makeZone('card', 'installed');
  expect(simCli('sim-fault', ['add', 'boot-fail', '-z', zone, '--once']).status).toBe(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByLabel('Filter zones').fill(zone);
  const card = page.locator(`li[data-zone="${zone}"]`);
  await card.getByRole('button', { name: `Actions for ${zone}` }).click();
  await page.getByRole('menuitem', { name: 'Boot', exact: true }).click();
  await expect(card.getByRole('link', { name: 'last task failed' })).toHaveAttribute('href', /^\/tasks\/[0-9a-f-]{36}$/, { timeout: 15_000 });
  // it takes the place of the brand line and the card keeps its size (the list is virtualized)
  await expect(card).not.toContainText('sparse on');
  await card.getByRole('button', { name: `Dismiss the failure of boot ${zone} on ${zone}` }).click();
  await expect(card).toContainText(`sparse on sim`);
});

test('a running install shows on its row and the zone page, apart from a broken incomplete zone', async ({ page }, info) => {
  test.setTimeout(120_000);
  const zone = makeZone('inst', 'configured', 'ipkg');
  await page.goto('/');
  await runFromMenu(page, zone, 'Install');
  const working = (await cell(row(page, zone), 'Task')).getByRole('link', { name: /^installing…/ });
  await expect(working).toBeVisible({ timeout: 5000 });
  await expect(working).toHaveAttribute('href', /^\/tasks\//);
  await page.screenshot({ path: info.outputPath('table-installing.png') });
  // the seeded 'build' zone is incomplete with nothing running: it needs attention, this one does not
  await expect((await cell(row(page, 'build'), 'Task')).getByRole('link')).toHaveCount(0);
  await page.getByRole('group', { name: 'Filter by state' }).getByRole('button', { name: /^Needs attention/ }).click();
  await expect(row(page, 'build')).toBeVisible();
  await expect(row(page, zone)).toHaveCount(0);
  await page.goto(`/zones/sim/${zone}`);
  await expect(page.getByRole('status').filter({ hasText: /installing…/ })).toBeVisible();
  await expect(page.getByText('This zone is incomplete')).toHaveCount(0);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: info.outputPath('zone-page-installing-dark.png') });
  await page.goto('/');
  await expect(await cell(row(page, zone), 'State')).toHaveText('installed', { timeout: 60_000 });
  await expect((await cell(row(page, zone), 'Task')).getByRole('link')).toHaveCount(0);
});

test('state chips count and filter, pressed and in the URL', async ({ page }) => {
  await page.goto('/');
  const chips = page.getByRole('group', { name: 'Filter by state' });
  const configured = chips.getByRole('button', { name: /^configured \d+$/ });
  const n = Number((await configured.textContent())!.match(/\d+/)![0]);
  await configured.press('Enter');
  await expect(configured).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/state=configured/);
  await expect(page.locator('tbody tr[data-zone]')).toHaveCount(n);
  await expect(row(page, 'vm')).toBeVisible();
  await expect(row(page, 'www')).toHaveCount(0);
  await expect(page.getByText(new RegExp(`^${n} of \\d+ zones$`))).toBeVisible();
  await configured.click();
  await expect(configured).toHaveAttribute('aria-pressed', 'false');
  await expect(row(page, 'www')).toBeVisible();
  // most urgent first: a zone that needs attention (the seeded incomplete 'build' at least) leads
  await page.getByRole('button', { name: 'Most urgent first' }).click();
  await expect(page).toHaveURL(/sort=severity/);
  await expect(page.locator('tbody tr[data-zone]').first()).toHaveText(/last task failed|incomplete/);
});

test('by keyboard: one Tab stop for the table, arrows between rows, the row menu, focus back after a dialog', async ({ page }) => {
  const a = makeZone('kbda', 'running');
  const b = makeZone('kbdb', 'running');
  await page.goto('/');
  await page.getByLabel('Filter zones').fill(a.slice(0, 3));
  await expect(page.locator('tbody tr[data-zone]')).toHaveCount(2);
  // from the last header control, one Tab lands on the first row
  await page.getByRole('button', { name: 'Host', exact: true }).focus();
  await page.keyboard.press('Tab');
  await expect(row(page, a)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(row(page, b)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(row(page, a)).toBeFocused();
  // Tab walks the current row's controls, then leaves the table: the other row is not a stop
  const stops: string[] = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return `${el.closest('tr')?.getAttribute('data-zone') ?? 'outside'}:${el.getAttribute('aria-label') ?? el.textContent}`;
    });
    stops.push(where);
    if (where.startsWith('outside')) break;
  }
  expect(stops.some((s) => s.startsWith(`${b}:`))).toBe(false);
  expect(stops).toContain(`${a}:Actions for ${a}`);
  expect(stops.at(-1)).toMatch(/^outside/);
  // back to the row; the context-menu key opens its menu
  await row(page, a).focus();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: `Actions for ${a}` });
  await expect(menu).toBeVisible();
  for (let i = 0; i < 9 && !(await menu.getByRole('menuitem', { name: 'Halt', exact: true }).evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Halt ${a}?` });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: `Actions for ${a}` })).toBeFocused();
  // Enter on a row opens its zone
  await row(page, b).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/zones/sim/${b}$`));
});

test('73 zones: the bulk bar and table header stay in view when selecting far down; screenshots light and dark', async ({ page }, info) => {
  const names = crowdNames('attn', 67);
  removeZones(names);
  addZones(names);
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/');
      await expect(page.locator('tbody tr[data-zone]').first()).toBeVisible();
      await page.screenshot({ path: info.outputPath(`zones-1440-${scheme}.png`) });
    }
    // no sideways scrolling with the Task column and a 63-character name: neither the page nor
    // the table is wider than the window and the table's card
    const widths = await page.evaluate(() => {
      const table = document.querySelector('table')!;
      return { page: document.documentElement.scrollWidth, table: table.getBoundingClientRect().right, card: table.parentElement!.getBoundingClientRect().right };
    });
    expect(widths.page).toBeLessThanOrEqual(1440);
    expect(widths.table).toBeLessThanOrEqual(widths.card + 1);
    // the rows are virtualized: scroll to the end, then select the last row drawn
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const lastRow = page.locator('tbody tr[data-zone]').last();
    await expect(lastRow).toBeInViewport();
    const last = (await lastRow.getAttribute('data-zone'))!;
    await page.getByRole('checkbox', { name: `Select ${last}`, exact: true }).check();
    const bar = page.getByRole('toolbar', { name: 'Actions on selected zones' });
    await expect(bar).toBeInViewport();
    await expect(page.getByRole('columnheader', { name: 'Name' })).toBeInViewport();
    // the header is under the bar, not beneath it
    const [barBox, headBox] = [await bar.boundingBox(), await page.locator('thead').boundingBox()];
    expect(headBox!.y).toBeGreaterThanOrEqual(barBox!.y + barBox!.height - 1);
    // delete in the bulk bar is drawn as danger, like everywhere else
    await expect(bar.getByRole('button', { name: 'Delete', exact: true })).toHaveClass(/text-red-700/);
    await page.screenshot({ path: info.outputPath('zones-1440-dark-selected-far-down.png') });
  } finally {
    removeZones(names);
  }
});

test('a filter that matches nothing says so and offers to clear it, inside the table', async ({ page }) => {
  await page.goto('/?q=no-such-zone-anywhere');
  const empty = page.getByRole('status').filter({ hasText: 'No zone matches these filters.' });
  await expect(empty).toBeVisible();
  await empty.getByRole('button', { name: 'Clear filters' }).click();
  await expect(row(page, 'www')).toBeVisible();
});
