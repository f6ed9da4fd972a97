import { expect, test, type Page } from '@playwright/test';
import { simCli } from './sim-cli';

// Editing a running zone's configuration: the diff and the exact command file before anything
// runs, the change waiting for the next boot (zone page and table), Reboot to apply; a
// configuration changed behind the form's back is refused with what changed; Apply now (prctl)
// for cpu-shares. The spec makes its own zone (cfg1) with the simulator's CLI.

const ZONE = 'cfg1';
const zoneUrl = `/zones/sim/${ZONE}`;
// (visible: once in CI a second, hidden copy of the row was in the DOM right after the reboot;
// what a person sees is the visible one)
const row = (page: Page) => page.locator(`tr[data-host="sim"][data-zone="${ZONE}"]`).filter({ visible: true });

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  if (!simCli('zoneadm', ['list', '-cp']).stdout.includes(`:${ZONE}:`)) {
    const cfg = `create -t sparse; set zonepath=/zones/${ZONE}; set cpu-shares=4; add capped-memory; set physical=1G; end`;
    expect(simCli('zonecfg', ['-z', ZONE, cfg]).status).toBe(0);
    expect(simCli('zoneadm', ['-z', ZONE, 'install']).status).toBe(0);
  }
  expect([0, 1]).toContain(simCli('zoneadm', ['-z', ZONE, 'boot']).status); // 1: already running (a rerun)
});

async function openForm(page: Page) {
  await page.goto(zoneUrl);
  await page.getByRole('button', { name: 'Edit configuration…' }).click();
  await expect(page.getByLabel('Physical memory cap')).toBeVisible({ timeout: 20_000 });
}

test('raise the memory cap: diff and command file, pending badge, Reboot to apply', async ({ page }) => {
  await openForm(page);
  await expect(page.getByLabel('Physical memory cap')).toHaveValue('1G');
  await page.getByLabel('Physical memory cap').fill('2G');
  await page.getByRole('button', { name: 'Review changes' }).click();
  const diff = page.getByRole('table', { name: `Changes to the configuration of ${ZONE}` });
  await expect(diff.getByRole('row', { name: /capped-memory physical/ })).toContainText('1G');
  await expect(diff.getByRole('row', { name: /capped-memory physical/ })).toContainText('2G');
  await expect(page.getByText(`zonecfg -z ${ZONE} -f -`)).toBeVisible();
  await expect(page.getByLabel('zonecfg command file')).toHaveText('select capped-memory\nset physical="2G"\nend\nverify\ncommit\n');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `edit the configuration of ${ZONE} (1 change)` })).toBeVisible();

  // waits for the next boot: on the zone page, without a reload
  const pending = page.getByRole('heading', { name: '1 change takes effect at the next boot' });
  await expect(pending).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('table', { name: `Changes waiting for the next boot of ${ZONE}` })).toContainText('2G');
  expect(simCli('zonecfg', ['-z', ZONE, 'info', 'capped-memory']).stdout).toContain('[physical: 2G]');

  // and in the table
  await page.goto('/');
  await expect(row(page)).toContainText('1 pending', { timeout: 20_000 });

  // Reboot to apply: confirmed, then nothing waits
  await page.goto(zoneUrl);
  await expect(pending).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Reboot to apply' }).click();
  await page.getByRole('dialog', { name: `Reboot ${ZONE}?` }).getByRole('button', { name: `Reboot ${ZONE}` }).click();
  await expect(pending).toBeHidden({ timeout: 30_000 });
  await page.goto('/');
  await expect(row(page)).toBeVisible({ timeout: 20_000 });
  await expect(row(page)).not.toContainText('pending');
});

test('an edit is refused when the configuration changed on the host since the form was opened', async ({ page }) => {
  await openForm(page);
  await page.getByLabel('Boot arguments').fill('-m verbose');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.getByLabel('zonecfg command file')).toHaveText('set bootargs="-m verbose"\nverify\ncommit\n');
  // behind the dashboard's back, between opening the form and saving it
  expect(simCli('zonecfg', ['-z', ZONE, 'set max-lwps=3000']).status).toBe(0);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not applied' })).toContainText('max-lwps: (none) → 3000');
  const changed = page.getByRole('table', { name: 'What changed on the host' });
  await expect(changed.getByRole('row', { name: /max-lwps/ })).toContainText('3000');
  await expect(page.getByRole('button', { name: 'Apply', exact: true })).toHaveAttribute('aria-disabled', 'true');
  expect(simCli('zonecfg', ['-z', ZONE, 'info', 'bootargs']).stdout).toBe('bootargs: \n');
});

test('Apply now changes cpu-shares on the running zone with prctl', async ({ page }) => {
  await openForm(page);
  await page.getByLabel('CPU shares').fill('8');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.getByLabel('zonecfg command file')).toHaveText('set cpu-shares=8\nverify\ncommit\n');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  // max-lwps (set on the host in the test before) and cpu-shares wait; both are rctls
  await expect(page.getByRole('heading', { name: '2 changes take effect at the next boot' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByLabel('Commands Apply now runs')).toContainText(`prctl -n zone.cpu-shares -t privileged -r -v 8 -i zone ${ZONE}`);
  await page.getByRole('button', { name: 'Apply now (2)' }).click();
  await expect(page.getByRole('heading', { name: /take effect at the next boot/ })).toBeHidden({ timeout: 20_000 });
  expect(simCli('prctl', ['-P', '-n', 'zone.cpu-shares', '-i', 'zone', ZONE]).stdout).toContain('zone.cpu-shares privileged 8 - none -\n');
});
