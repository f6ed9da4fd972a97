import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startSshd, type TestSshd } from '../server/hosts/sshd-testkit';
import { E2E_DB, SIM_BIN } from './env';
import { simCli } from './sim-cli';
import { cell } from './table';

// A fleet: the embedded simulated host and two remote hosts, each a real OpenSSH server on
// loopback in front of a simulated illumos host of its own (the simulator's tools on the
// session's PATH, as on a real host under /usr/sbin). The remote hosts are added with
// `npm run hosts` on the running server's database, as a script would.

interface Remote {
  name: string;
  root: string;
  sshd: TestSshd;
}
const remotes: Remote[] = [];

function hostsCli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/hosts-cli.ts', ...args], {
    env: { ...process.env, ZONEDASH_DB: E2E_DB },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

const zoneRow = (page: Page, host: string, zone: string) => page.locator(`tr[data-host="${host}"][data-zone="${zone}"]`);
const hostCard = (page: Page, host: string) => page.getByRole('list', { name: 'Hosts' }).locator(`li[data-host="${host}"]`);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  for (const name of ['remote1', 'remote2']) {
    const root = mkdtempSync(path.join(tmpdir(), `e2e-${name}-`));
    // a fresh simulated host with the demo zones, made with its own CLI
    expect(simCli('zoneadm', ['list'], root).status).toBe(0);
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./server/sim/seed.ts').then((m) => m.seedDemoHost(${JSON.stringify(root)}))`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const sshd = await startSshd({ pathDirs: [SIM_BIN], env: { SIM_ROOT: root, SIM_TIME_SCALE: '0.1' } });
    remotes.push({ name, root, sshd });
    hostsCli([
      'add', name, `ssh://${sshd.user}@127.0.0.1:${sshd.port}`,
      '--fingerprint', sshd.hostFingerprint,
      '--identity', path.join(sshd.dir, 'id_ed25519'),
      '--tool-dir', SIM_BIN,
      '--no-pfexec',
    ]);
  }
});

test.afterAll(async () => {
  for (const r of remotes) {
    hostsCli(['remove', r.name]);
    await r.sshd.thaw().catch(() => {});
    await r.sshd.stop();
    rmSync(r.root, { recursive: true, force: true });
  }
});

test('the zones of two SSH hosts and the embedded host are in one table', async ({ page }) => {
  await page.goto('/');
  // the running server picks the hosts up from its database within about a second
  for (const r of remotes) await expect(hostCard(page, r.name).getByText('connected', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('heading', { name: /Zones on 3 hosts/ })).toBeVisible();
  for (const host of ['sim', 'remote1', 'remote2']) {
    const db = zoneRow(page, host, 'db');
    await expect(db).toBeVisible();
    await expect(await cell(db, 'Host')).toHaveText(host);
  }
  // the host filter narrows the table to one host, and lives in the URL
  await page.getByLabel('Host', { exact: true }).selectOption('remote2');
  await expect(page).toHaveURL(/host=remote2/);
  await expect(zoneRow(page, 'sim', 'db')).toHaveCount(0);
  await expect(zoneRow(page, 'remote2', 'db')).toBeVisible();
});

test('booting a zone on a remote host: its row changes live, and the task names the host', async ({ page }) => {
  await page.goto('/');
  const db = zoneRow(page, 'remote1', 'db');
  await expect(await cell(db, 'State')).toHaveText('installed', { timeout: 20_000 });
  const simDbState = await (await cell(zoneRow(page, 'sim', 'db'), 'State')).textContent();
  await db.getByRole('button', { name: /Actions for db/ }).click();
  await page.getByRole('menuitem', { name: /^Boot/ }).click();
  await expect(await cell(db, 'State')).toHaveText(/running/, { timeout: 30_000 });
  // the same zone on the other hosts did not move
  await expect(await cell(zoneRow(page, 'sim', 'db'), 'State')).toHaveText(simDbState ?? '');
  // what the remote host's own tools say agrees
  expect(simCli('zoneadm', ['list', '-p'], remotes[0]!.root).stdout).toMatch(/^\d+:db:running:/m);
  // the task is recorded against the remote host
  await page.getByRole('button', { name: /^Tasks/ }).click();
  const task = page.locator('#task-drawer li').filter({ hasText: 'remote1' }).filter({ hasText: /db/ }).first();
  await expect(task).toBeVisible();
  await expect(task).toContainText('succeeded');
});

test('a console into a zone on a remote host', async ({ page }) => {
  await page.goto('/zones/remote1/www/console');
  const terminal = page.getByRole('application', { name: /^Console of www/ });
  await expect(terminal).toContainText(`[Connected to zone 'www' console]`, { timeout: 30_000 });
  const input = page.getByRole('textbox', { name: 'Terminal input' });
  await input.press('Enter');
  await expect(terminal).toContainText('www console login:', { timeout: 15_000 });
  await input.pressSequentially('root');
  await input.press('Enter');
  await expect(terminal).toContainText('root@www:~#', { timeout: 15_000 });
  await input.pressSequentially('echo hi-$((40+2))');
  await input.press('Enter');
  await expect(terminal).toContainText('hi-42');
});

test('a frozen host is flagged within 10 s, the others keep updating, and it comes back by itself', async ({ page }) => {
  await page.goto('/');
  const frozen = remotes[1]!;
  await expect(hostCard(page, frozen.name).getByText('connected', { exact: true })).toBeVisible({ timeout: 20_000 });
  await frozen.sshd.freeze();
  const t0 = Date.now();
  try {
    await expect(hostCard(page, frozen.name).getByText('unreachable', { exact: true })).toBeVisible({ timeout: 12_000 });
    expect(Date.now() - t0).toBeLessThanOrEqual(10_500);
    // its zones stay, marked as last known
    await expect(zoneRow(page, frozen.name, 'db').getByText('(last known)')).toBeVisible();
    // the embedded host still updates live
    const name = `fl${Date.now().toString(36).slice(-5)}`;
    expect(simCli('zonecfg', ['-z', name, `create -t sparse; set zonepath=/zones/${name}`]).status).toBe(0);
    await expect(zoneRow(page, 'sim', name)).toBeVisible({ timeout: 5000 });
    expect(simCli('zonecfg', ['-z', name, 'delete', '-F']).status).toBe(0);
    // and pages answer: the zone page of a frozen host's zone opens
    const page2 = await page.context().newPage();
    await page2.goto(`/zones/${frozen.name}/db`);
    await expect(page2.getByRole('heading', { name: 'db', level: 1 })).toBeVisible({ timeout: 15_000 });
    await page2.close();
  } finally {
    await frozen.sshd.thaw();
  }
  await expect(hostCard(page, frozen.name).getByText('connected', { exact: true })).toBeVisible({ timeout: 45_000 });
  await expect(zoneRow(page, frozen.name, 'db').getByText('(last known)')).toHaveCount(0, { timeout: 10_000 });
});
