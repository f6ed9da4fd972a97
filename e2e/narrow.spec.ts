// A phone's width (390 px) on a host of 73 zones with a 63-character name: no page scrolls
// sideways, the header's links fold behind a Menu button that works by keyboard, and the zones
// are cards whose actions menu works. Screenshots of the zones page, a zone page and the
// wizard at 390 and 1440 px, light and dark, land in this spec's output folder to be looked at.
import { expect, test, type Page } from '@playwright/test';
import { addZones, crowdNames, removeZones } from './many-zones';
import { simCli } from './sim-cli';
import { compareNames } from '../components/zones/sort';

const crowd = crowdNames('zz-narrow', 67);
const longName = crowd[0]!;

test.beforeAll(() => addZones(crowd));
test.afterAll(() => removeZones(crowd));

test.use({ viewport: { width: 390, height: 844 } });

/** "N zones" as the page counts them: the crowd plus the seeded zones and what earlier specs left. */
const zoneCount = () => `${simCli('zoneadm', ['list', '-c']).stdout.split('\n').filter((n) => n && n !== 'global').length} zones`;

/** How far the page scrolls sideways (0 when it fits). */
const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: false });
}

test('no page scrolls sideways at 390 px', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const wide: string[] = [];
  const check = async (where: string) => {
    const px = await overflow(page);
    if (px > 0) wide.push(`${where}: ${px} px too wide`);
  };
  const pages: [string, (p: Page) => ReturnType<Page['getByRole']>][] = [
    ['/', (p) => p.getByRole('list', { name: 'Zones on sim' })],
    ['/zones/sim/www', (p) => p.getByRole('heading', { level: 2, name: 'Configuration', exact: true })],
    ['/zones/sim/build', (p) => p.getByText('This zone is incomplete')],
    ['/zones/sim/www/console', (p) => p.getByRole('application')],
    ['/zones/sim/no-such-zone', (p) => p.getByRole('heading', { level: 1 })],
    ['/tasks/00000000-0000-4000-8000-000000000000', (p) => p.getByRole('heading', { level: 1, name: 'No such task' })],
    ['/hosts', (p) => p.getByRole('heading', { level: 1, name: 'Hosts' })],
    ['/users', (p) => p.getByRole('heading', { level: 1, name: 'Users' })],
    ['/audit', (p) => p.getByRole('heading', { level: 1, name: 'Audit log' })],
    ['/doctor', (p) => p.getByRole('heading', { level: 1 })],
    ['/account', (p) => p.getByRole('heading', { level: 1 })],
    ['/no/such/page', (p) => p.getByRole('heading', { level: 1, name: 'Page not found' })],
  ];
  for (const [url, ready] of pages) {
    await page.goto(url);
    await expect(ready(page)).toBeVisible({ timeout: 20_000 });
    await check(url);
  }
  // a task of its own: one of the crowd verified from its card's menu
  await page.goto(`/?q=${crowd[3]}`);
  await page.getByRole('button', { name: `Actions for ${crowd[3]}` }).click();
  await page.getByRole('menuitem', { name: /^Verify/ }).click();
  await page.getByRole('link', { name: /log|task/i }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: `verify ${crowd[3]}` })).toBeVisible();
  await check('a task page');

  await page.goto('/zones/new');
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByLabel('Zone name').fill('narrowzone');
  await check('wizard Basics');
  for (const step of ['Network', 'Resources', 'First boot', 'Review']) {
    await page.getByRole('button', { name: /^Next:/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: step })).toBeVisible();
    await check(`wizard ${step}`);
  }

  // signed out: the sign-in page and the first-run page
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 390, height: 844 } });
  const out = await context.newPage();
  for (const url of ['/login', '/setup']) {
    await out.goto(url);
    await expect(out.getByRole('heading', { level: 1 })).toBeVisible();
    const px = await overflow(out);
    if (px > 0) wide.push(`${url}: ${px} px too wide`);
  }
  await context.close();
  expect(wide).toEqual([]);
});

test('the header folds behind a Menu button that opens and closes by keyboard', async ({ page }) => {
  await page.goto('/');
  const menu = page.getByRole('button', { name: 'Menu' });
  const users = page.getByRole('link', { name: 'Users' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(users).toBeHidden();
  // Tab from the top of the page: the skip link, the dashboard's name, then the Menu button
  await page.locator('body').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await expect(menu).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator(`#${await menu.getAttribute('aria-controls')}`)).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(users).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();
  await expect(users).toBeHidden();
  // Space opens it too; following a link closes it on the next page
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(users).toBeHidden();
  // at 1440 px the links are in the bar and there is no Menu button
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(users).toBeVisible();
  await expect(menu).toBeHidden();
});

test('zones are cards: the long name is cut but whole in its title, the menu fits and runs', async ({ page }) => {
  await page.goto('/');
  const cards = page.getByRole('list', { name: 'Zones on sim' });
  // (earlier specs may leave enough zones that www is below the virtualized window: find it)
  await page.getByLabel('Filter zones').fill('www');
  await expect(cards.locator('li[data-zone="www"]')).toContainText('running');
  await page.getByLabel('Filter zones').fill('');
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByText(zoneCount(), { exact: true })).toBeVisible();
  await shot(page, 'zones-390-light');
  // the cards are virtualized like the rows: the last of 73 is there at the bottom of the page
  const last = [...crowd].sort().at(-1)!;
  await expect(cards.locator(`li[data-zone="${last}"]`)).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
  await expect(cards.locator(`li[data-zone="${last}"]`)).toBeInViewport();
  await page.evaluate(() => window.scrollTo(0, 0));

  await page.getByLabel('Filter zones').fill('frontend');
  const card = cards.locator(`li[data-zone="${longName}"]`);
  const name = card.getByRole('link', { name: longName });
  await expect(name).toHaveAttribute('title', longName);
  expect(await name.evaluate((a) => a.scrollWidth > a.clientWidth)).toBe(true);
  const button = card.getByRole('button', { name: `Actions for ${longName}` });
  const box = (await button.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);

  // the menu by keyboard: it opens on its first item, fits the screen, Escape gives focus back
  await button.focus();
  await page.keyboard.press('Enter');
  const items = page.getByRole('menu', { name: `Actions for ${longName}` });
  await expect(items.getByRole('menuitem').first()).toBeFocused();
  const menuBox = (await items.boundingBox())!;
  expect(menuBox.x).toBeGreaterThanOrEqual(0);
  expect(menuBox.x + menuBox.width).toBeLessThanOrEqual(390);
  await page.keyboard.press('Escape');
  await expect(items).toBeHidden();
  await expect(button).toBeFocused();
  // and it runs: verify from the card, announced with the task
  await button.click();
  await items.getByRole('menuitem', { name: /^Verify/ }).click();
  await expect(page.getByText(`verify ${longName}`).first()).toBeVisible();
});

test('the cards sort from a list (no column headers on a phone), kept in the URL like the table', async ({ page }) => {
  await page.goto('/');
  const cards = page.getByRole('list', { name: 'Zones on sim' });
  await page.getByLabel('Filter zones').fill('zz-narrow');
  const names = () => cards.locator('li[data-zone]').evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-zone')));
  const sorted = [...crowd].sort(compareNames); // the table's own name order
  await expect.poll(names).toEqual(sorted.slice(0, 3));
  const sort = page.getByLabel('Sort zones');
  await expect(sort).toHaveValue('name:asc');
  await sort.selectOption({ label: 'Name, descending' });
  await expect(page).toHaveURL(/sort=name&dir=desc|dir=desc&sort=name/);
  await expect.poll(names).toEqual(sorted.slice(-3).reverse());
  await page.reload();
  await expect(page.getByLabel('Sort zones')).toHaveValue('name:desc');
  await expect.poll(names).toEqual(sorted.slice(-3).reverse());
  await page.getByLabel('Sort zones').selectOption({ label: 'Most urgent first' });
  await expect(page).toHaveURL(/sort=severity/);
  await expect(page.getByRole('button', { name: 'Most urgent first' })).toHaveAttribute('aria-pressed', 'true');
});

test('cards are selected with a box each, and the bulk bar acts on them as on the table rows', async ({ page }) => {
  await page.goto('/');
  const cards = page.getByRole('list', { name: 'Zones on sim' });
  // two running zones of the crowd (every third is booted)
  const [a, b] = [crowd[2]!, crowd[5]!];
  for (const z of [a, b]) {
    await page.getByLabel('Filter zones').fill(z);
    await cards.getByRole('checkbox', { name: `Select ${z}` }).check();
  }
  const bar = page.getByRole('toolbar', { name: 'Actions on selected zones' });
  await expect(bar).toContainText('2 selected');
  // valid for both running zones: Shut down; not Boot (already running), which says why
  await expect(bar.getByRole('button', { name: 'Shut down' })).toBeEnabled();
  await expect(bar.getByRole('button', { name: 'Boot', exact: true })).toBeDisabled();
  const box = (await bar.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await page.getByLabel('Filter zones').fill(a);
  await expect(cards.getByRole('checkbox', { name: `Select ${a}` })).toBeChecked();
  await shot(page, 'cards-selected-390');
  await bar.getByRole('button', { name: 'Clear selection' }).click();
  await expect(bar).toBeHidden();
  await expect(cards.getByRole('checkbox', { name: `Select ${a}` })).not.toBeChecked();
});

test('screenshots: zones, a zone and the wizard at 390 and 1440 px, light and dark', async ({ page }) => {
  test.setTimeout(120_000);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1440]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.goto('/');
      await expect(page.getByText(zoneCount(), { exact: true })).toBeVisible();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `zones-${width}-${scheme}`);
      if (width === 1440) {
        // the table at 1440: the 63-character row's actions are on the screen
        await page.getByLabel('Filter zones').fill('frontend');
        const actions = page.getByRole('button', { name: `Actions for ${longName}` });
        const box = (await actions.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(1440);
      }
      await page.goto('/zones/sim/www');
      await expect(page.getByRole('heading', { level: 2, name: 'Configuration', exact: true })).toBeVisible({ timeout: 20_000 });
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `zone-${width}-${scheme}`);
      await page.goto('/zones/new');
      await expect(page.getByRole('heading', { level: 2, name: 'Basics' })).toBeVisible();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      // a focused radio keeps its round ring: the input is as tall as it is wide (it was
      // stretched to its card's height, and its focus ring with it)
      const radio = page.getByRole('radio', { name: 'A new configuration' });
      await radio.focus();
      const r = (await radio.boundingBox())!;
      expect(Math.abs(r.height - r.width)).toBeLessThanOrEqual(1);
      await shot(page, `wizard-${width}-${scheme}`);
    }
  }
});

test("a zone page's charts follow the window when it narrows (a window made narrower, a tablet turned)", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/zones/sim/www');
  const figures = page.getByRole('figure');
  await expect(figures.first()).toBeVisible({ timeout: 20_000 });
  await page.setViewportSize({ width: 390, height: 844 });
  // every chart, its canvas and its text alternative inside the 390 px window (they kept their
  // 616 px when the grid's items could not shrink below their canvas)
  await expect
    .poll(() => page.evaluate(() => [...document.querySelectorAll('figure')].map((f) => Math.round(f.getBoundingClientRect().right)).filter((r) => r > window.innerWidth)))
    .toEqual([]);
  expect(await figures.count()).toBeGreaterThanOrEqual(4);
  await page.getByRole('heading', { name: 'Resource usage' }).scrollIntoViewIfNeeded();
  await shot(page, 'zone-charts-narrowed');
});
