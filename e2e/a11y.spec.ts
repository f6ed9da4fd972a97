// Every page as the accessibility reviewer scanned it: axe-core (WCAG 2.1 A and AA) in light
// and dark, at 1440 and 390 px wide, on a host of 73 zones with a 63-character name. No rule
// is excluded. One test per colour scheme and width, each visiting every page in one tab; the
// violations of all pages are listed together so one run shows everything that is wrong.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_PORT, storageStateOf } from './env';
import { addZones, crowdNames, removeZones } from './many-zones';

const crowd = crowdNames('zz-a11y', 67);
let taskId = '';

test.beforeAll(async ({ browser }) => {
  addZones(crowd);
  // a finished task to look at: boot one of the crowd's installed zones through the API
  const context = await browser.newContext({ storageState: storageStateOf('admin') });
  const base = `http://localhost:${E2E_PORT}`;
  const res = await context.request.post(`${base}/api/trpc/zones.action`, {
    headers: { origin: base, 'content-type': 'application/json' },
    data: { host: 'sim', zone: crowd[1], verb: 'boot' },
  });
  expect(res.status(), await res.text()).toBe(200);
  taskId = ((await res.json()) as { result: { data: { id: string } } }).result.data.id;
  await context.close();
});

test.afterAll(() => removeZones(crowd));

/** WCAG 2 A/AA as axe sees the page now, as "rule: element, element" lines. */
async function violations(page: Page, where: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map((v) => `${where}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).first();
const h2 = (page: Page, name: string) => page.getByRole('heading', { level: 2, name });

/** Pages that need no session: the sign-in page and the first-run page (set up already). */
async function signedOut(browser: Browser, scheme: 'light' | 'dark', width: number): Promise<string[]> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, colorScheme: scheme, viewport: { width, height: 900 } });
  const page = await context.newPage();
  const found: string[] = [];
  for (const url of ['/login', '/setup']) {
    await page.goto(url);
    await expect(h1(page)).toBeVisible();
    found.push(...(await violations(page, url)));
  }
  await context.close();
  return found;
}

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [1440, 390]) {
    test(`${scheme}, ${width} px: no axe violation on any page`, async ({ browser, page }) => {
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      const found = await signedOut(browser, scheme, width);
      const scan = async (url: string, ready: (p: Page) => ReturnType<Page['getByRole']>) => {
        await page.goto(url);
        // a page that never shows what it should is listed with the violations, and the scan goes on
        const shown = await expect(ready(page)).toBeVisible({ timeout: 20_000 }).then(() => true, () => false);
        if (!shown) found.push(`${url}: did not show ${ready(page)}`);
        found.push(...(await violations(page, url)));
      };
      await scan('/', (p) => p.getByRole('heading', { level: 1, name: /Zones/ }));
      await scan('/zones/sim/www', (p) => p.getByRole('heading', { level: 2, name: 'Configuration', exact: true }));
      await scan('/zones/sim/build', (p) => p.getByText('This zone is incomplete'));
      await scan('/zones/sim/www/console', (p) => p.getByRole('application'));
      await scan(`/tasks/${taskId}`, h1);
      await scan('/tasks/00000000-0000-4000-8000-000000000000', h1);
      await scan('/zones/sim/no-such-zone', h1);
      await scan('/hosts', h1);
      await scan('/users', h1);
      await scan('/audit', h1);
      await scan('/doctor', h1);
      await scan('/account', h1);
      await scan('/no/such/page', h1);

      // the wizard, step by step, with a name and the host's defaults
      await page.goto('/zones/new');
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await expect(h2(page, 'Basics')).toBeVisible();
      await page.getByLabel('Zone name').fill('a11yzone');
      found.push(...(await violations(page, 'wizard basics')));
      for (const step of ['Network', 'Resources', 'First boot', 'Review']) {
        await page.getByRole('button', { name: /^Next:/ }).click();
        await expect(h2(page, step)).toBeVisible();
        if (step === 'Review') await expect(page.getByRole('heading', { name: 'The steps' })).toBeVisible();
        found.push(...(await violations(page, `wizard ${step}`)));
      }
      expect(found).toEqual([]);
    });
  }
}
