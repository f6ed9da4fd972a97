// Signing in from a test, as a person does: the sign-in page, name, password, Sign in.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { E2E_PASSWORD, type E2EUser } from './env';

export async function signIn(page: Page, user: E2EUser | string, opts: { base?: string; password?: string } = {}): Promise<void> {
  await page.goto(`${opts.base ?? ''}/login`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(opts.password ?? E2E_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Signed in as')).toContainText(user);
}

/** A browser context of its own (no saved state), signed in as that user. */
export async function contextAs(browser: Browser, user: E2EUser, baseURL?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, ...(baseURL ? { baseURL } : {}) });
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}
