// The Hosts page against real OpenSSH servers on loopback, each in front of a simulated
// illumos host of its own (the simulator's tools in the tool directory, pfexec off): an admin
// adds a host through the dialog, copying the dashboard's key into the host's authorized_keys
// as the dialog says, checks the fingerprint and trusts it; the host connects and its zones
// join the table. A changed host key is refused with both fingerprints shown until trusted; a
// host that does not know the dashboard's key says auth-failed; malformed and option-looking
// values are refused in the dialog before any connection is tried.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startSshd, type TestSshd } from '../server/hosts/sshd-testkit';
import { E2E_DB, SIM_BIN } from './env';
import { contextAs } from './auth-helpers';
import { simCli } from './sim-cli';
import { cell } from './table';

const ZONE = 'h6remote';
let root = '';
let good: TestSshd; // will know the dashboard's key (the test copies it there from the dialog)
let stranger: TestSshd; // never will

const hostRow = (page: Page, name: string) => page.locator(`tr[data-host="${name}"]`);
const stateOf = (page: Page, name: string) => hostRow(page, name).locator('[data-host-state]');
/** The state in words (the badge's glyph beside it is hidden from screen readers). */
async function expectState(page: Page, name: string, state: string, timeout = 20_000) {
  await expect(stateOf(page, name)).toHaveAttribute('data-host-state', state, { timeout });
  await expect(stateOf(page, name)).toHaveText(new RegExp(`^\\W*${state}$`));
}

function hostsCli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/hosts-cli.ts', ...args], { env: { ...process.env, ZONEDASH_DB: E2E_DB }, encoding: 'utf8', timeout: 60_000 });
}

async function openAddDialog(page: Page) {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosts' }).click();
  await expect(page).toHaveURL(/\/hosts$/);
  await page.getByRole('button', { name: 'Add host…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a host' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function fillSettings(page: Page, s: { name: string; address: string; port: string; user: string; toolDir: string; pfexec: boolean }) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name', { exact: true }).fill(s.name);
  await dialog.getByLabel('Address', { exact: true }).fill(s.address);
  await dialog.getByLabel('Port', { exact: true }).fill(s.port);
  await dialog.getByLabel('User', { exact: true }).fill(s.user);
  await dialog.getByLabel('Tool directory', { exact: true }).fill(s.toolDir);
  await dialog.getByLabel('Run the tools with pfexec').setChecked(s.pfexec);
}

const settingsFor = (sshd: TestSshd, name: string) => ({ name, address: '127.0.0.1', port: String(sshd.port), user: sshd.user, toolDir: SIM_BIN, pfexec: false });

/** Check host key → the fingerprint the host offers, as the dialog shows it → trust and add. */
async function checkAndTrust(page: Page, sshd: TestSshd, name: string) {
  await page.getByRole('button', { name: 'Check host key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Check the host key of 127.0.0.1' });
  await expect(dialog.locator('[data-offered-fingerprint]')).toHaveText(sshd.hostFingerprint);
  await page.screenshot({ path: test.info().outputPath(`hosts-check-key-${name}.png`) });
  await expect(dialog.getByLabel("Command that prints the host key's fingerprint")).toHaveText('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
  const add = dialog.getByRole('button', { name: 'I checked, trust and add' });
  await expect(add).toBeDisabled();
  await dialog.getByLabel('The fingerprint the host printed is exactly the one above').check();
  await add.click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${name}: connecting…` })).toBeVisible();
  await expect(hostRow(page, name)).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'e2e-h6-'));
  // the remote host's state is made by processes of its own, as on another machine
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./server/sim/seed.ts').then((m) => m.seedDemoHost(${JSON.stringify(root)}))`], { encoding: 'utf8' });
  expect(seeded.status, seeded.stderr).toBe(0);
  expect(simCli('zonecfg', ['-z', ZONE, `create -t sparse; set zonepath=/zones/${ZONE}`], root).status).toBe(0);
  const env = { SIM_ROOT: root, SIM_TIME_SCALE: '0.1' };
  [good, stranger] = await Promise.all([startSshd({ pathDirs: [SIM_BIN], env }), startSshd({ pathDirs: [SIM_BIN], env })]);
});

test.afterAll(async () => {
  for (const name of ['omni-e2e', 'stranger-e2e']) hostsCli(['remove', name]);
  await Promise.all([good?.stop(), stranger?.stop()]);
  rmSync(root, { recursive: true, force: true });
});

test('malformed and option-looking settings are refused in the dialog before any connection', async ({ page }) => {
  const connections = async () => (await good.log()).match(/Connection from/g)?.length ?? 0;
  const before = await connections(); // the testkit's own check that sshd listens is one
  const dialog = await openAddDialog(page);
  const base = settingsFor(good, 'bad-one');
  const cases: [Partial<typeof base>, string, RegExp][] = [
    [{ address: '-oProxyCommand=touch /tmp/h6-pwned' }, 'Address', /address "-oProxyCommand=touch \/tmp\/h6-pwned" starts with '-': ssh would read it as an option/],
    [{ address: 'host name;id' }, 'Address', /"host name;id" contains a space/],
    [{ port: '0' }, 'Port', /the port is a number from 1 to 65535/],
    [{ port: '-p' }, 'Port', /the port is a number from 1 to 65535/],
    [{ user: '-oProxyCommand=id' }, 'User', /user "-oProxyCommand=id" starts with '-'/],
    [{ user: '$(id)' }, 'User', /user "\$\(id\)" may hold only/],
    [{ toolDir: '/usr/sbin;id' }, 'Tool directory', /tool directory "\/usr\/sbin;id" may hold only/],
    [{ toolDir: 'sbin' }, 'Tool directory', /tool directory "sbin" is not an absolute path/],
    [{ name: 'sim' }, 'Name', /"sim" is the name of a built-in host/],
    [{ name: '-x' }, 'Name', /host name "-x" starts with '-'/],
  ];
  for (const [change, field, message] of cases) {
    await fillSettings(page, { ...base, ...change });
    await dialog.getByRole('button', { name: 'Check host key' }).click();
    // the field says why, and is marked invalid for screen readers
    await expect(dialog.getByLabel(field, { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByText(message).first()).toBeVisible();
    await expect(dialog.locator('[data-offered-fingerprint]')).toHaveCount(0);
  }
  // nothing reached the host's sshd: not even a connection was opened
  expect(await connections()).toBe(before);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('an admin adds a host with the fingerprint check; it connects and its zones join the table', async ({ page }) => {
  const dialog = await openAddDialog(page);
  await fillSettings(page, settingsFor(good, 'omni-e2e'));
  // the dialog shows the commands to run on the host, the dashboard's public key in them
  const keyCommand = await dialog.getByLabel('Let the dashboard log in', { exact: true }).textContent();
  const publicKey = /'(ssh-ed25519 [A-Za-z0-9+/=]+ zonedash@\S+)'/.exec(keyCommand ?? '')?.[1];
  expect(publicKey, keyCommand ?? '').toBeTruthy();
  // (the test's sshd logs in its own user, root here: the dialog then leaves out useradd/usermod)
  if (good.user !== 'root') await expect(dialog.getByLabel('Give it the zone tools', { exact: true })).toHaveText(`usermod -P 'Zone Management,Zone Security,Network Management,ZFS File System Management' ${good.user}`);
  else await expect(dialog.getByLabel('Create the user', { exact: true })).toHaveCount(0);
  await dialog.getByLabel('User', { exact: true }).fill('zonedash');
  await expect(dialog.getByLabel('Create the user', { exact: true })).toHaveText('useradd -m -d /export/home/zonedash -s /bin/sh zonedash');
  await expect(dialog.getByLabel('Give it the zone tools', { exact: true })).toHaveText(`usermod -P 'Zone Management,Zone Security,Network Management,ZFS File System Management' zonedash`);
  await dialog.getByLabel('User', { exact: true }).fill(good.user);
  const axe = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('hosts-add-dialog.png'), fullPage: true });
  // as root on the host: the key into the user's authorized_keys
  appendFileSync(path.join(good.dir, 'authorized_keys'), `${publicKey}\n`);

  await checkAndTrust(page, good, 'omni-e2e');
  await expectState(page, 'omni-e2e', 'connected');
  const row = hostRow(page, 'omni-e2e');
  await expect(row).toContainText(`${good.user}@127.0.0.1:${good.port}`);
  await expect(await cell(row, 'Zones')).toHaveText(/^[1-9]\d*$/); // counted
  await expect(await cell(row, 'Last heard')).toHaveText(/^\d+ s ago$/);
  await expect(await cell(row, 'Round trip')).toHaveText(/^\d+ ms$/);

  // The fleet: the remote host's zones in the one table (needs the lead's fleet table, with
  // its data-host/data-zone rows)
  await page.goto('/');
  await expect(page.locator(`tr[data-host="omni-e2e"][data-zone="${ZONE}"]`)).toBeVisible({ timeout: 20_000 });
});

test('a changed host key is refused with both fingerprints shown, until an admin trusts it', async ({ page }) => {
  const pinned = good.hostFingerprint;
  const rotated = await good.rotateHostKey();
  await page.goto('/hosts');
  // the kept connection predates the new key: disabling and enabling makes a new handshake
  await hostRow(page, 'omni-e2e').getByRole('button', { name: 'Disable omni-e2e' }).click();
  await expect(hostRow(page, 'omni-e2e')).toContainText('disabled');
  await expectState(page, 'omni-e2e', 'unreachable', 5000);
  await hostRow(page, 'omni-e2e').getByRole('button', { name: 'Enable omni-e2e' }).click();
  await expectState(page, 'omni-e2e', 'host-key-mismatch');
  const row = hostRow(page, 'omni-e2e');
  await expect(row.locator('[data-pinned-fingerprint]')).toHaveText(pinned);
  await expect(row.locator('[data-offered-fingerprint]')).toHaveText(rotated);
  await expect(row).toContainText('nothing runs there until an admin trusts it');

  await page.screenshot({ path: test.info().outputPath('hosts-key-mismatch.png'), fullPage: true });
  await row.getByRole('button', { name: 'Trust the new key… of omni-e2e' }).click();
  const dialog = page.getByRole('dialog', { name: 'The key of omni-e2e changed' });
  await expect(dialog).toContainText(pinned);
  await expect(dialog).toContainText(rotated);
  const trust = dialog.getByRole('button', { name: 'Trust the new key' });
  await expect(trust).toBeDisabled();
  await dialog.getByLabel('The host printed exactly the new fingerprint above').check();
  await trust.click();
  await expectState(page, 'omni-e2e', 'connected');
});

test('edit: a port where nothing listens makes the host unreachable, in words; back, it reconnects', async ({ page }) => {
  await page.goto('/hosts');
  const edit = async (port: string) => {
    await hostRow(page, 'omni-e2e').getByRole('button', { name: 'Edit omni-e2e' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit omni-e2e' });
    await dialog.getByLabel('Port', { exact: true }).fill(port);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toHaveCount(0);
  };
  const closed = good.port === 1 ? '2' : '1';
  await edit(closed);
  await expectState(page, 'omni-e2e', 'unreachable');
  await expect(hostRow(page, 'omni-e2e')).toContainText(`127.0.0.1 port ${closed}`);
  await expect(hostRow(page, 'omni-e2e')).toContainText('refused');
  await edit(String(good.port));
  await expectState(page, 'omni-e2e', 'connected');
});

test('a host that does not know the dashboard key says auth-failed, in words', async ({ page }) => {
  await openAddDialog(page);
  await fillSettings(page, settingsFor(stranger, 'stranger-e2e'));
  await checkAndTrust(page, stranger, 'stranger-e2e');
  await expectState(page, 'stranger-e2e', 'auth-failed');
  await expect(hostRow(page, 'stranger-e2e')).toContainText("refused the dashboard's key");
  // every state's badge and problem text reads well, light and dark (axe: contrast, names, roles)
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.screenshot({ path: test.info().outputPath(`hosts-${colorScheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

test('remove asks for the name, then the host is gone', async ({ page }) => {
  await page.goto('/hosts');
  await hostRow(page, 'stranger-e2e').getByRole('button', { name: 'Remove stranger-e2e' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove stranger-e2e?' });
  const remove = dialog.getByRole('button', { name: 'Remove host' });
  await expect(remove).toBeDisabled();
  await dialog.getByLabel('Type stranger-e2e to confirm').fill('stranger-e2e');
  await remove.click();
  await expect(hostRow(page, 'stranger-e2e')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Removed stranger-e2e.' })).toBeVisible();
  expect(hostsCli(['list']).stdout).not.toContain('stranger-e2e');
});

test('the Hosts page is the admin’s: a viewer is told which role it needs, and has no link to it', async ({ browser }) => {
  const { context, page } = await contextAs(browser, 'viewer');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosts' })).toHaveCount(0);
  await page.goto('/hosts');
  await expect(page.getByRole('alert').filter({ hasText: 'Managing hosts needs the admin role.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add host…' })).toHaveCount(0);
  await context.close();
});
