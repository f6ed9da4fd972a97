// User administration changes nothing on a single keystroke: a role is picked, then saved
// (one ArrowUp on the select saves nothing); Disable and End session ask first; the only
// enabled admin's Disable and role are disabled before anyone tries, with the reason written
// beside the account, and the server still refuses it.
import { expect, test, type Page } from '@playwright/test';
import { contextAs } from './auth-helpers';

/** A procedure called by the page's own fetch (same origin, the page's session). */
function callFromPage(page: Page, procedure: string, input?: unknown) {
  return page.evaluate(
    async ([p, i]) => {
      const r =
        i === undefined
          ? await fetch(`/api/trpc/${p}`)
          : await fetch(`/api/trpc/${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(i) });
      return { status: r.status, body: await r.text() };
    },
    [procedure, input] as const,
  );
}

interface Account {
  id: number;
  name: string;
  role: string;
  disabled: boolean;
}
async function accounts(page: Page): Promise<Account[]> {
  const r = await callFromPage(page, 'users.list');
  expect(r.status).toBe(200);
  return (JSON.parse(r.body) as { result: { data: Account[] } }).result.data;
}
const account = async (page: Page, name: string) => (await accounts(page)).find((a) => a.name === name)!;

async function newAccount(page: Page, role: 'viewer' | 'operator' | 'admin'): Promise<string> {
  const name = `u${role.slice(0, 2)}${Date.now().toString(36).slice(-6)}`;
  const r = await callFromPage(page, 'users.create', { name, role, password: 'a password of some length' });
  expect(r.status, r.body).toBe(200);
  return name;
}
const row = (page: Page, name: string) => page.locator(`tr[data-user="${name}"]`);

test.describe.configure({ mode: 'serial' });

test('a role changes only on Save: ArrowUp on the select alone saves nothing', async ({ page }) => {
  await page.goto('/users');
  const name = await newAccount(page, 'operator');
  await page.reload();
  const select = row(page, name).getByLabel(`Role of ${name}`);
  await expect(select).toHaveValue('operator');
  await select.focus();
  await page.keyboard.press('ArrowUp');
  await expect(select).toHaveValue('viewer');
  const save = row(page, name).getByRole('button', { name: `Save role of ${name}` });
  await expect(save).toBeVisible();
  await page.waitForTimeout(1000); // long enough for any request the keystroke might have sent
  expect((await account(page, name)).role).toBe('operator');
  // Cancel puts the saved role back
  await row(page, name).getByRole('button', { name: `Cancel role change of ${name}` }).click();
  await expect(select).toHaveValue('operator');
  await expect(save).toHaveCount(0);

  await select.selectOption('viewer');
  await save.click();
  await expect(save).toHaveCount(0);
  await expect.poll(async () => (await account(page, name)).role).toBe('viewer');
  await page.reload();
  await expect(row(page, name).getByLabel(`Role of ${name}`)).toHaveValue('viewer');
});

test('Disable asks first: Cancel keeps the account enabled, confirming disables it', async ({ page }) => {
  await page.goto('/users');
  const name = await newAccount(page, 'viewer');
  await page.reload();
  const disable = row(page, name).getByRole('button', { name: `Disable… ${name}` });
  await disable.click();
  const dialog = page.getByRole('dialog', { name: `Disable ${name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot({ path: test.info().outputPath('users-disable-dialog.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(disable).toBeFocused(); // the dialog hands focus back to the button that opened it
  expect((await account(page, name)).disabled).toBe(false);
  await disable.click();
  await dialog.getByRole('button', { name: `Disable ${name}` }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row(page, name)).toContainText('disabled');
  expect((await account(page, name)).disabled).toBe(true);
  // enabling needs no confirmation: it takes no rights away
  await row(page, name).getByRole('button', { name: `Enable ${name}` }).click();
  await expect.poll(async () => (await account(page, name)).disabled).toBe(false);
});

test("the only admin's Disable and role are disabled with the reason shown; the server still refuses", async ({ page }) => {
  await page.goto('/users');
  const admins = (await accounts(page)).filter((a) => a.role === 'admin' && !a.disabled);
  expect(admins.map((a) => a.name)).toEqual(['admin']);
  const admin = row(page, 'admin');
  await expect(admin).toContainText('The only enabled admin: it cannot be demoted or disabled until another account is an admin.');
  const disable = admin.getByRole('button', { name: 'Disable… admin' });
  await expect(disable).toBeDisabled();
  await expect(disable).toHaveAccessibleDescription(/The only enabled admin/);
  await expect(admin.getByLabel('Role of admin')).toBeDisabled();
  await disable.click({ force: true });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('users-only-admin.png'), fullPage: true });
  const refused = await callFromPage(page, 'users.setDisabled', { id: admins[0]!.id, disabled: true });
  expect(refused.status).toBe(409);
  expect(refused.body).toContain('only enabled admin');

  // with a second admin, the signed-in admin's own account is still not offered to itself
  const second = await newAccount(page, 'admin');
  await page.reload();
  await expect(admin).toContainText('Your own account: another admin can change its role or disable it.');
  await expect(admin.getByRole('button', { name: 'Disable… admin' })).toBeDisabled();
  await expect(row(page, second).getByRole('button', { name: `Disable… ${second}` })).toBeEnabled();
  // leave one enabled admin behind, as found
  await row(page, second).getByRole('button', { name: `Disable… ${second}` }).click();
  await page.getByRole('dialog', { name: `Disable ${second}?` }).getByRole('button', { name: `Disable ${second}` }).click();
  await expect(row(page, second)).toContainText('disabled');
});

test('End session asks first, in one quiet button style', async ({ browser, page }) => {
  const { context } = await contextAs(browser, 'viewer');
  await page.goto('/users');
  const rows = page.locator('tr[data-session-user="viewer"]');
  await expect(rows.first()).toBeVisible();
  const n = await rows.count();
  const end = rows.first().getByRole('button', { name: 'End session of viewer' });
  // quiet: not a solid red button in the table (the red one is in the confirmation)
  expect(await end.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toMatch(/^rgb\(2[0-9]{2}, [0-9]{1,2}, [0-9]{1,2}\)$/);
  await end.click();
  const dialog = page.getByRole('dialog', { name: 'End the session of viewer?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows).toHaveCount(n);
  await end.click();
  await dialog.getByRole('button', { name: 'End session' }).click();
  await expect(rows).toHaveCount(n - 1);
  await context.close();
});

test("at 390 px every account's controls are on screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/users');
  const rows = page.locator('tr[data-user]');
  await expect(rows.first()).toBeVisible();
  for (const r of await rows.all()) {
    for (const control of [...(await r.getByRole('button').all()), ...(await r.getByRole('combobox').all())]) {
      const box = (await control.boundingBox())!;
      expect(box.x + box.width, await control.innerText().catch(() => 'a control')).toBeLessThanOrEqual(390);
    }
  }
  await page.screenshot({ path: test.info().outputPath('users-390.png'), fullPage: true });
});
