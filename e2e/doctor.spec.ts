// The Doctor in Chromium against the production server and a fresh simulated host: a VNIC the
// dashboard created (through the wizard) is left behind when its zone is removed by hand; the
// Doctor shows it with the command that shows it and that command's output, its fix is the
// exact dladm command, confirmed, run as an audited task, and the finding goes. Text a zone's
// configuration carries (a hostile attr) is shown as text, never as markup.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { simCli } from './sim-cli';

test.describe.configure({ mode: 'serial' });

const finding = (page: Page, title: string | RegExp) => page.getByRole('listitem', { name: title });

async function runDoctor(page: Page): Promise<void> {
  await page.goto('/doctor');
  await expect(page.getByRole('heading', { level: 1, name: 'Doctor' })).toBeVisible();
  // the page may show a report read before this test changed the host
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^sim/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run again' })).not.toHaveAttribute('aria-disabled', 'true', { timeout: 30_000 });
}

test('a VNIC the dashboard created, left behind by a zone removed by hand: shown with its command and output, fixed after confirmation, audited, gone', async ({ page }) => {
  test.setTimeout(180_000);
  const zone = `e2edoc${Date.now().toString(36).slice(-4)}`;
  // the dashboard creates the zone and its VNIC (the wizard, every default)
  await page.goto('/zones/new');
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByLabel('Zone name').fill(zone);
  for (const step of ['Network', 'Resources', 'First boot', 'Review']) {
    await page.getByRole('button', { name: /^Next:/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: step })).toBeVisible();
  }
  await page.getByRole('button', { name: `Create ${zone}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `${zone} is running on sim` })).toBeVisible({ timeout: 120_000 });
  // the VNIC the wizard made for it, as the host says (the zone holds it while it runs)
  const vnic = simCli('dladm', ['show-vnic', '-p', '-o', 'link,zone']).stdout.split('\n').find((l) => l.endsWith(`:${zone}`))?.split(':')[0] ?? '';
  expect(vnic).toMatch(new RegExp(`^${zone}_?0$`));

  // someone removes the zone by hand, as zadm would, and leaves its VNIC
  for (const args of [['-z', zone, 'halt'], ['-z', zone, 'uninstall', '-F']]) expect(simCli('zoneadm', args).status).toBe(0);
  expect(simCli('zonecfg', ['-z', zone, 'delete', '-F']).status).toBe(0);
  expect(simCli('dladm', ['show-vnic', '-p', '-o', 'link']).stdout).toContain(`${vnic}\n`);

  await runDoctor(page);
  const card = finding(page, `VNIC ${vnic} is left over`);
  await expect(card).toBeVisible();
  await expect(card).toContainText(`The dashboard created ${vnic} for zone ${zone}`);
  await expect(card.getByText('$ dladm show-vnic -p -o link,over,zone')).toBeVisible();
  await expect(card.locator('pre').first()).toContainText(`${vnic}:i40e0:`);
  // the line that shows it is marked
  await expect(card.locator('pre').first().locator('mark')).toHaveText(new RegExp(`^${vnic}:i40e0:`));
  await expect(card.locator('pre').last()).toHaveText(`dladm delete-vnic ${vnic}`);
  // the hosts page and the zones page count findings too
  await page.goto('/hosts');
  await expect(page.getByRole('link', { name: /^Doctor: \d+ findings? on sim$/ })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('link', { name: /^Doctor: \d+ findings?$/ })).toBeVisible();
  await page.getByRole('link', { name: /^Doctor: \d+ findings?$/ }).click();
  await expect(page).toHaveURL(/\/doctor$/);

  // nothing runs until confirmed: the dialog shows the exact command first
  await finding(page, `VNIC ${vnic} is left over`).getByRole('button', { name: 'Fix…' }).click();
  const dialog = page.getByRole('dialog', { name: `Fix on sim: Delete the VNIC ${vnic}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(`dladm delete-vnic ${vnic}`, { exact: true })).toBeVisible();
  expect(simCli('dladm', ['show-vnic', '-p', '-o', 'link']).stdout).toContain(`${vnic}\n`);
  await dialog.getByRole('button', { name: 'Run fix' }).click();
  await expect(dialog.getByRole('status')).toContainText('succeeded', { timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(finding(page, `VNIC ${vnic} is left over`)).toHaveCount(0, { timeout: 30_000 });
  expect(simCli('dladm', ['show-vnic', '-p', '-o', 'link']).stdout).not.toContain(vnic);

  // audited: who, the exact argv, the task
  const r = await page.request.get(`/api/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ filter: { action: 'doctor.fix' }, limit: 20 }))}`);
  const entries = (await r.json()).result.data.entries as { user: string; argv: string[][]; outcome: string; taskId: string | null }[];
  expect(entries.find((e) => JSON.stringify(e.argv) === JSON.stringify([['dladm', 'delete-vnic', vnic]]))).toMatchObject({ user: 'admin', outcome: 'ok', taskId: expect.any(String) });
});

test("a hostile zone attribute in a finding's output is text, never markup", async ({ page }) => {
  const zone = `e2ehost${Date.now().toString(36).slice(-4)}`;
  // as hostile as zonecfg's lexer lets a value be (in double quotes: no '"' inside)
  const hostile = '<img src=x onerror=window.__pwned=1> & </pre><b>bold</b>';
  const cfg = `create -t sparse; set zonepath=/zones/${zone}; set autoboot=true; add attr; set name=note; set type=string; set value="${hostile}"; end`;
  expect(simCli('zonecfg', ['-z', zone, cfg]).status).toBe(0);
  expect(simCli('zoneadm', ['-z', zone, 'install']).status).toBe(0);
  try {
    await runDoctor(page);
    const card = finding(page, `Zone ${zone} has autoboot=true but is installed`);
    await expect(card).toBeVisible();
    await expect(card.getByText('$ zonecfg -z ' + zone + ' info')).toBeVisible();
    await expect(card.locator('pre').filter({ hasText: `value: "${hostile}"` })).toBeVisible();
    await expect(card.locator('img')).toHaveCount(0);
    await expect(card.locator('b')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(card.locator('pre').last()).toHaveText(`zoneadm -z ${zone} boot`);
    // the page with its findings meets WCAG 2 A/AA as axe sees it, light and dark
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(r.violations.map((v) => `${scheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    await page.screenshot({ path: test.info().outputPath('doctor-dark.png'), fullPage: true });
  } finally {
    simCli('zoneadm', ['-z', zone, 'uninstall', '-F']);
    simCli('zonecfg', ['-z', zone, 'delete', '-F']);
  }
});
