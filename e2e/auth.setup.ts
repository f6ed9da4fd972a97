// Signs in as admin once through the sign-in page and saves the browser's state: every spec
// starts from it (playwright.config.ts), so specs written before accounts existed run as
// admin unchanged. Specs that sign out or need another role sign in for themselves.
import { expect, test as setup } from '@playwright/test';
import { storageStateOf } from './env';
import { signIn } from './auth-helpers';

setup('sign in as admin', async ({ page }) => {
  await signIn(page, 'admin');
  await expect(page.getByLabel('Signed in as')).toContainText('admin');
  await page.context().storageState({ path: storageStateOf('admin') });
});
