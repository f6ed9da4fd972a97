import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { E2E_SIM_ROOT } from './env';
import { simCli } from './sim-cli';
import { consoleTerminal, terminalInput, typeLine, terminalRows } from './terminal';

// Snapshots and clones from the zone page, with real clicks: snapshot a zone, change a file in
// it through its console, roll back, and the file is back; clone a zone from a snapshot in
// seconds, and the clone boots with its own VNIC and address. The zones are this spec's own,
// made with the simulator's CLI: snap1 is an lx zone (rollback is offered for it; the
// boot-environment brands get beadm's way instead), gold1 a sparse zone to clone.

const LX = 'snap1';
const GOLD = 'gold1';
const CLONE = 'gold2';
const nodename = (zone: string) => readFileSync(path.join(E2E_SIM_ROOT, 'zones', zone, 'root', 'etc', 'nodename'), 'utf8');

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  const existing = simCli('zoneadm', ['list', '-cp']).stdout;
  if (!existing.includes(`:${LX}:`)) {
    expect(simCli('zonecfg', ['-z', LX, `create -t lx; set zonepath=/zones/${LX}; set autoboot=false`]).status).toBe(0);
    expect(simCli('zoneadm', ['-z', LX, 'install']).status).toBe(0);
    expect(simCli('zoneadm', ['-z', LX, 'boot']).status).toBe(0);
  }
  if (!existing.includes(`:${GOLD}:`)) {
    expect(simCli('dladm', ['create-vnic', '-l', 'i40e0', 'goldv0']).status).toBe(0);
    expect(simCli('zonecfg', ['-z', GOLD, `create -t sparse; set zonepath=/zones/${GOLD}; add net; set physical=goldv0; end`]).status).toBe(0);
    expect(simCli('zoneadm', ['-z', GOLD, 'install']).status).toBe(0);
  }
});

const term = (page: Page): Locator => consoleTerminal(page, LX);
const input = terminalInput;

const rows = (page: Page): Promise<string[]> => terminalRows(term(page));

/** On the console page: a shell prompt as root (logging in if the console is at its login prompt). */
async function shell(page: Page) {
  await page.goto(`/zones/sim/${LX}/console`);
  await expect(page.getByRole('toolbar', { name: 'Console controls' }).getByRole('status')).toContainText('Connected', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Send Enter' }).click();
  await expect(term(page)).toContainText(/console login:|root@snap1:~#/);
  await typeLine(page, 'root');
  await expect(term(page)).toContainText(`root@${LX}:~#`);
}

const section = (page: Page) => page.getByRole('region', { name: 'Snapshots' });

test('snapshot, change a file in the zone, roll back: the file is back', async ({ page }) => {
  await page.goto(`/zones/sim/${LX}`);
  await section(page).getByLabel('New snapshot name').fill('before');
  await section(page).getByRole('button', { name: 'Take snapshot' }).click();
  await expect(section(page).getByRole('status').filter({ hasText: `Done: snapshot ${LX} as before` })).toBeVisible({ timeout: 30_000 });
  await expect(section(page).getByRole('rowheader', { name: 'before' })).toBeVisible();
  await expect(section(page).getByRole('row', { name: /before/ }).getByRole('cell', { name: 'dashboard' })).toBeVisible();

  // change a file inside the zone, through its console
  await shell(page);
  await typeLine(page, 'echo broken-$((40+2)) > /etc/nodename');
  await typeLine(page, 'cat /etc/nodename');
  await expect(term(page)).toContainText('broken-42');
  expect(nodename(LX)).toBe('broken-42\n');

  // roll back from the zone page: the dialog says what happens and shows the commands
  await page.goto(`/zones/sim/${LX}`);
  await section(page).getByRole('button', { name: `Roll back ${LX} to before` }).click();
  const dialog = page.getByRole('dialog', { name: `Roll ${LX} back to before?` });
  await expect(dialog).toContainText('is running: it is halted first');
  await expect(dialog).toContainText(`is booted again`);
  await expect(dialog.getByLabel('Commands that will run')).toHaveText(`zoneadm -z ${LX} halt\nzfs rollback rpool/zones/${LX}@before\nzoneadm -z ${LX} boot`);
  await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(section(page).getByRole('status').filter({ hasText: `Done: roll ${LX} back to before` })).toBeVisible({ timeout: 60_000 });
  expect(nodename(LX)).toBe(`${LX}\n`);

  // and inside the zone, booted again, the file says what it said at the snapshot
  await shell(page);
  await typeLine(page, 'cat /etc/nodename; echo end-$((1+1))');
  await expect
    .poll(async () => {
      const r = await rows(page);
      const end = r.lastIndexOf('end-2');
      return end > 0 ? r[end - 1] : null;
    })
    .toBe(LX);
});

test('clone a zone from a new snapshot: seconds, and it boots with its own VNIC and address', async ({ page }) => {
  await page.goto(`/zones/sim/${GOLD}`);
  await section(page).getByRole('button', { name: 'Clone this zone…' }).click();
  const dialog = page.getByRole('dialog', { name: `Clone ${GOLD}` });
  await dialog.getByLabel('New zone name').fill(CLONE);
  await dialog.getByRole('radio', { name: 'Static address' }).check();
  await dialog.getByLabel('Address/prefix').fill('192.168.5.88/24');
  await dialog.getByLabel('Gateway').fill('192.168.5.1');
  await dialog.getByLabel('Its name').fill('golden');
  await dialog.getByRole('button', { name: 'Review' }).click();
  const commands = dialog.getByLabel('Commands that will run');
  await expect(commands).toContainText(`zoneadm -z ${CLONE} clone -s golden ${GOLD}`);
  await expect(commands).toContainText(`dladm create-vnic -l i40e0 ${CLONE}_0`);
  await expect(commands).toContainText(/zfs snapshot -r -o org\.zonedash:made=\S+ rpool\/zones\/gold1@golden/);

  const t0 = Date.now();
  await dialog.getByRole('button', { name: 'Clone', exact: true }).click();
  await expect(page).toHaveURL(/\/zones\/new\?p=/);
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`${CLONE} is running on sim; all \\d+ checks passed`) })).toBeVisible({ timeout: 90_000 });
  const seconds = (Date.now() - t0) / 1000;
  test.info().annotations.push({ type: 'clone-to-running-seconds', description: seconds.toFixed(1) });
  expect(seconds).toBeLessThan(45);
  // the checks ran inside the clone: its own address on its own VNIC
  await expect(page.getByText(`${CLONE}_0/v4 is up with 192.168.5.88/24 (static)`)).toBeVisible();

  // its page: running, with its own VNIC, a clone of the snapshot
  await page.goto(`/zones/sim/${CLONE}`);
  await expect(page.getByRole('region', { name: 'VNICs' }).getByRole('cell', { name: `${CLONE}_0`, exact: true })).toBeVisible();
  expect(simCli('zoneadm', ['-z', CLONE, 'list', '-p']).stdout).toMatch(new RegExp(`^\\d+:${CLONE}:running:`));
  expect(simCli('zlogin', [CLONE, 'ipadm', 'show-addr', '-p', '-o', 'addrobj,addr']).stdout).toContain(`${CLONE}_0/v4:192.168.5.88/24`);
});
