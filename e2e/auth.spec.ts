// Accounts, roles and sessions in the browser, against the production server: first-run
// setup makes the first admin; a viewer sees every power and delete action disabled with
// the role it needs and the API refuses it too; an operator boots but cannot delete;
// signing out closes an open console within 2 s; a cross-site form runs nothing; admins
// manage users and sessions and read and export the audit log; every response carries the
// security headers and no page breaks its own CSP; TLS works with a self-signed certificate.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { contextAs, signIn } from './auth-helpers';
import { E2E_PORT } from './env';
import { simCli } from './sim-cli';
import { cell } from './table';

const shots = (name: string) => test.info().outputPath(`auth-${name}.png`);
const row = (page: Page, zone: string) => page.locator(`tr[data-zone="${zone}"]`);

let serial = 0;
function makeZone(prefix: string, state: 'installed' | 'running'): string {
  const name = `${prefix}${Date.now().toString(36).slice(-5)}${serial++}`;
  expect(simCli('zonecfg', ['-z', name, `create -t sparse; set zonepath=/zones/${name}`]).status).toBe(0);
  expect(simCli('zoneadm', ['-z', name, 'install']).status).toBe(0);
  if (state === 'running') expect(simCli('zoneadm', ['-z', name, 'boot']).status).toBe(0);
  return name;
}
const stateOf = (zone: string) => simCli('zoneadm', ['list', '-cp']).stdout.split('\n').find((l) => l.split(':')[1] === zone)?.split(':')[2];

/** What the page's own fetch gets back from a procedure (same origin, the page's cookies). */
function callFromPage(page: Page, procedure: string, input: unknown) {
  return page.evaluate(
    async ([p, i]) => {
      const r = await fetch(`/api/trpc/${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(i) });
      return { status: r.status, body: await r.text() };
    },
    [procedure, input] as const,
  );
}

/** The audit log as the admin reads it (the `request` fixture carries the admin's session). */
async function audit(request: APIRequestContext, filter: Record<string, unknown>) {
  const r = await request.get(`/api/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ filter, limit: 200 }))}`);
  expect(r.status()).toBe(200);
  return ((await r.json()) as { result: { data: { entries: { action: string; outcome: string; detail: string; user: string; zone: string; argv: string[][] }[] } } }).result.data.entries;
}

async function expectAccessible(page: Page): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

// ---- servers of our own (first run, TLS): their own port, host and database -----------------

function startServer(port: number, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/serve.ts'], {
    env: { ...process.env, E2E_PORT: String(port), E2E_KEEP: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}
function stopServer(child: ChildProcess | null): void {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}
async function waitFor(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test.describe('first run', () => {
  let server: ChildProcess | null = null;
  test.afterEach(() => stopServer(server));

  test('the server prints a one-time setup link; it makes the first admin; no default password exists', async ({ browser }) => {
    const port = E2E_PORT + 40;
    const s = startServer(port, { E2E_ADMIN_PASSWORD: '' });
    server = s.child;
    await waitFor(() => /\/setup\?token=\S+/.test(s.output()), 'the setup link');
    const link = /(http:\/\/\S+\/setup\?token=\S+)/.exec(s.output())![1]!;
    expect(link.startsWith(`http://localhost:${port}/setup?token=`)).toBe(true);
    expect(s.output()).toContain('npm run admin -- reset NAME');

    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    // nothing but the sign-in page without an account, and no password gets in
    await page.goto(`http://localhost:${port}/`);
    await expect(page).toHaveURL(new RegExp(`localhost:${port}/login`));
    await expect(page.getByText('No accounts yet.')).toBeVisible();
    for (const [name, password] of [['admin', 'admin'], ['admin', 'password'], ['root', 'root']]) {
      await page.getByLabel('User name').fill(name!);
      await page.getByLabel('Password').fill(password!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.locator('main').getByRole('alert')).toHaveText('wrong user name or password');
    }
    // a made-up token is no good
    await page.goto(`http://localhost:${port}/setup?token=guessed`);
    await expect(page.getByRole('heading', { name: 'This setup link is not valid' })).toBeVisible();

    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'Create the first admin' })).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: shots('setup') });
    await page.getByLabel('Admin user name').fill('first');
    await page.getByLabel('Password', { exact: true }).fill('a long first password');
    await page.getByLabel('Password again').fill('a long first password');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await expect(page.getByLabel('Signed in as')).toContainText('first');
    await expect(page.getByLabel('Signed in as')).toContainText('admin');
    await expect(page.getByRole('heading', { name: /Zones/ })).toBeVisible();
    // the link is used up
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'Already set up' })).toBeVisible();
    await context.close();
  });
});

test.describe('roles', () => {
  test('a viewer sees no enabled power or delete action, each says the role it needs; the API refuses it too', async ({ browser, request }) => {
    const zone = makeZone('view', 'running');
    const { context, page } = await contextAs(browser, 'viewer');
    await page.goto('/');
    await expect(row(page, zone)).toBeVisible();
    // the menu: every verb disabled, with the role it needs
    await page.getByRole('button', { name: `Actions for ${zone}` }).click();
    const menu = page.getByRole('menu', { name: `Actions for ${zone}` });
    for (const label of ['Boot', 'Shut down', 'Reboot', 'Halt', 'Ready']) {
      const item = menu.getByRole('menuitem', { name: new RegExp(`^${label}`) });
      await expect(item).toHaveAttribute('aria-disabled', 'true');
      await expect(item).toContainText('needs the operator role');
    }
    for (const label of ['Install', 'Uninstall', 'Verify', 'Delete']) {
      const item = menu.getByRole('menuitem', { name: new RegExp(`^${label}`) });
      await expect(item).toHaveAttribute('aria-disabled', 'true');
      await expect(item).toContainText('needs the admin role');
    }
    await page.screenshot({ path: shots('viewer-menu') });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'Create zone' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Create zone' })).toHaveAccessibleDescription('needs the admin role');
    await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);

    // the zone page: every action button disabled, saying why
    await page.goto(`/zones/sim/${zone}`);
    const toolbar = page.getByRole('toolbar', { name: `Actions for ${zone}` });
    for (const b of await toolbar.getByRole('button').all()) await expect(b).toBeDisabled();
    await expect(toolbar.getByRole('button', { name: 'Halt' })).toHaveAccessibleDescription('needs the operator role');
    await expect(toolbar.getByRole('button', { name: 'Delete' })).toHaveAccessibleDescription('needs the admin role');
    // the console page: read-only, power buttons disabled
    await page.goto(`/zones/sim/${zone}/console`);
    await expect(page.getByRole('toolbar', { name: 'Console controls' }).getByText('read-only', { exact: true })).toBeVisible();
    await expect(page.getByRole('toolbar', { name: `Power for ${zone}` }).getByRole('button', { name: 'Halt' })).toBeDisabled();
    // the admin pages say which role they need
    await page.goto('/users');
    await expect(page.locator('main').getByRole('alert')).toContainText('Managing users needs the admin role.');

    // and the API, called directly by the viewer's own page: refused, nothing runs
    for (const verb of ['halt', 'delete']) {
      const r = await callFromPage(page, 'zones.action', { host: 'sim', zone, verb });
      expect(r.status).toBe(403);
      expect(r.body).toContain(`zones.action ${verb} needs the ${verb === 'halt' ? 'operator' : 'admin'} role (you are viewer)`);
    }
    expect(stateOf(zone)).toBe('running');
    const entries = await audit(request, { user: 'viewer', zone });
    expect(entries.filter((e) => e.outcome === 'refused').map((e) => e.action).sort()).toEqual(['zones.action:delete', 'zones.action:halt']);
    await context.close();
  });

  test('an operator can boot but not delete', async ({ browser, request }) => {
    const zone = makeZone('oper', 'installed');
    const { context, page } = await contextAs(browser, 'operator');
    await page.goto('/');
    await page.getByRole('button', { name: `Actions for ${zone}` }).click();
    const menu = page.getByRole('menu', { name: `Actions for ${zone}` });
    await expect(menu.getByRole('menuitem', { name: /^Delete/ })).toContainText('needs the admin role');
    await menu.getByRole('menuitem', { name: 'Boot', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: `boot ${zone}: started` })).toBeVisible();
    await expect(await cell(row(page, zone), 'State')).toHaveText('running', { timeout: 10_000 });
    await page.getByRole('button', { name: `Actions for ${zone}` }).click();
    await expect(menu.getByRole('menuitem', { name: /^Delete/ })).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Escape');
    const r = await callFromPage(page, 'zones.action', { host: 'sim', zone, verb: 'delete' });
    expect(r.status).toBe(403);
    expect(stateOf(zone)).toBe('running');
    // the boot is in the audit log: who, the exact argv, the outcome
    const entries = await audit(request, { zone });
    const boot = entries.find((e) => e.action === 'zones.action:boot')!;
    expect(boot).toMatchObject({ user: 'operator', outcome: 'ok', argv: [['zoneadm', '-z', zone, 'boot']] });
    expect(entries.find((e) => e.action === 'task.boot')).toMatchObject({ user: 'operator', outcome: 'ok' });
    expect(entries.find((e) => e.action === 'zones.action:delete')).toMatchObject({ user: 'operator', outcome: 'refused' });
    await context.close();
  });
});

test.describe('sessions', () => {
  test('signing out closes an open console within 2 s', async ({ browser, request }) => {
    const zone = makeZone('conout', 'installed');
    const { context, page } = await contextAs(browser, 'operator');
    const closed: number[] = [];
    page.on('websocket', (ws) => {
      if (ws.url().includes('/ws/console/')) ws.on('close', () => closed.push(Date.now()));
    });
    await page.goto(`/zones/sim/${zone}/console`);
    const badge = page.getByRole('toolbar', { name: 'Console controls' }).getByRole('status');
    await expect(badge).toContainText(/Zone not running|Connected/);
    // sign out in another tab of the same browser
    const other = await context.newPage();
    await other.goto('/');
    const t0 = Date.now();
    await other.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => closed.length, { timeout: 2000, intervals: [50] }).toBeGreaterThan(0);
    const took = closed[0]! - t0;
    console.log(`console socket closed ${took} ms after the Sign out click`);
    expect(took).toBeLessThan(2000);
    await expect(badge).toContainText('Signed out');
    await expect(page.getByText('The console closed: session ended: logout. Sign in again to reopen it.')).toBeVisible();
    await expect(other).toHaveURL(/\/login/);
    await page.screenshot({ path: shots('console-signed-out') });
    const entries = await audit(request, { user: 'operator', zone });
    expect(entries.find((e) => e.action === 'console.close')!.detail).toContain('session ended (logout)');
    expect(entries.find((e) => e.action === 'console.open')!.detail).toBe('read-write');
    await context.close();
  });

  test("an admin's End session signs the other browser out", async ({ browser, page }) => {
    const { context, page: viewer } = await contextAs(browser, 'viewer');
    await page.goto('/users');
    await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
    await page.screenshot({ path: shots('users'), fullPage: true });
    const sessions = page.getByRole('region', { name: 'Open sessions' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'Open sessions' }) }));
    // every session of the viewer account (this browser's is one of them)
    const rows = sessions.locator('tr[data-session-user="viewer"]');
    await expect(rows.first()).toBeVisible();
    while ((await rows.count()) > 0) {
      const n = await rows.count();
      await rows.first().getByRole('button', { name: 'End session of viewer' }).click();
      await page.getByRole('dialog', { name: 'End the session of viewer?' }).getByRole('button', { name: 'End session' }).click();
      await expect(rows).toHaveCount(n - 1);
    }
    // the viewer's next step takes it to the sign-in page
    await viewer.goto('/');
    await expect(viewer).toHaveURL(/\/login/);
    await context.close();
  });
});

test.describe('admin pages', () => {
  test('users: add, change the role, reset the password, disable; the account follows', async ({ page, browser }) => {
    const name = `temp${Date.now().toString(36).slice(-5)}`;
    await page.goto('/users');
    await expectAccessible(page);
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('User name').fill(name);
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel('Initial password').fill('initial password 1');
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Added ${name} (viewer).` })).toBeVisible();
    const userRow = page.locator(`tr[data-user="${name}"]`);
    await userRow.getByLabel(`Role of ${name}`).selectOption('operator');
    await userRow.getByRole('button', { name: `Save role of ${name}` }).click();
    await expect(userRow.getByRole('button', { name: `Save role of ${name}` })).toHaveCount(0);
    await userRow.getByRole('button', { name: 'Reset password…' }).click();
    const dialog = page.getByRole('dialog', { name: `Reset the password of ${name}?` });
    await dialog.getByLabel('New password').fill('second password 2');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await expect(dialog).toHaveCount(0);

    const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const p = await other.newPage();
    await signIn(p, name, { password: 'second password 2' });
    await expect(p.getByLabel('Signed in as')).toContainText('operator');
    await userRow.getByRole('button', { name: `Disable… ${name}` }).click();
    await page.getByRole('dialog', { name: `Disable ${name}?` }).getByRole('button', { name: `Disable ${name}` }).click();
    await expect(userRow).toContainText('disabled');
    // its open page loses its live stream and goes to sign in by itself (or on the next load)
    await p.goto('/').catch(() => {});
    await expect(p).toHaveURL(/\/login/);
    await p.getByLabel('User name').fill(name);
    await p.getByLabel('Password').fill('second password 2');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect(p.locator('main').getByRole('alert')).toHaveText('wrong user name or password');
    await other.close();
  });

  test('the audit log: filters, and export as CSV and JSON lines', async ({ page, browser }) => {
    // a failed sign-in to find
    const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const p = await other.newPage();
    await p.goto('/login');
    await p.getByLabel('User name').fill('viewer');
    await p.getByLabel('Password').fill('not the password');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect(p.locator('main').getByRole('alert')).toHaveText('wrong user name or password');
    await other.close();

    await page.goto('/audit');
    await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    await expect(page.locator('tr[data-action]').first()).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: shots('audit'), fullPage: false });
    const filters = page.getByRole('search', { name: 'Filter the audit log' });
    await filters.getByLabel('Action').fill('auth.login');
    await filters.getByLabel('Outcome').selectOption('refused');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect(page.locator('tr[data-action]').first()).toBeVisible();
    for (const r of await page.locator('tr[data-action]').all()) {
      await expect(r).toHaveAttribute('data-action', 'auth.login');
      await expect(r).toHaveAttribute('data-outcome', 'refused');
    }
    await page.screenshot({ path: shots('audit-filtered') });
    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csvText = readFileSync((await (await csv).path())!, 'utf8');
    expect(csvText.split('\r\n')[0]).toBe('id,time,user,address,host,zone,action,argv,task_id,outcome,detail');
    expect(csvText).toMatch(/,auth\.login,,,refused,wrong password\r\n/);
    const jsonl = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON lines' }).click();
    const lines = readFileSync((await (await jsonl).path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; outcome: string; time: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.action === 'auth.login' && l.outcome === 'refused' && /^\d{4}-\d\d-\d\dT/.test(l.time))).toBe(true);
  });
});

test.describe('requests and responses', () => {
  test('a cross-site form posting to the API runs nothing and is in the audit log', async ({ page, request }) => {
    const zone = makeZone('csrf', 'running');
    const target = `http://localhost:${E2E_PORT}/api/trpc/zones.action`;
    // a page on another site, whose form posts JSON-looking text to the dashboard
    await page.route('http://evil.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" action="${target}" enctype="text/plain"><input name='{"host":"sim","zone":"${zone}","verb":"halt","x":"' value='"}'></form><script>document.forms[0].submit()</script>`,
      }),
    );
    const answer = page.waitForResponse((r) => r.url() === target);
    await page.goto('http://evil.test/');
    expect((await answer).status()).toBe(403);
    await new Promise((r) => setTimeout(r, 500));
    expect(stateOf(zone)).toBe('running');
    const entries = await audit(request, { action: 'zones.action', outcome: 'refused' });
    expect(entries.some((e) => /POST refused: cross-(origin|site) request.*evil\.test/.test(e.detail))).toBe(true);
  });

  test('every response carries the security headers; the CSP names no other origin; pages keep to it', async ({ page, request }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
    });
    const responses = [await request.get('/'), await request.get('/login'), await request.get('/api/trpc/hosts.list'), await request.get('/nope-404')];
    await page.goto('/');
    const script = await page.locator('script[src^="/_next/static/"]').first().getAttribute('src');
    responses.push(await request.get(script!));
    for (const r of responses) {
      const h = r.headers();
      expect(h['x-content-type-options'], r.url()).toBe('nosniff');
      expect(h['referrer-policy'], r.url()).toBe('no-referrer');
      expect(h['x-frame-options'], r.url()).toBe('DENY');
      const csp = h['content-security-policy']!;
      expect(csp, r.url()).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'(;|$)/);
      expect(csp).not.toContain('unsafe-eval');
      // no origin but this one (and its own websocket)
      const origins = csp.match(/\b[a-z]+:\/\/[^\s;]+/g) ?? [];
      expect(origins, csp).toEqual([`ws://localhost:${E2E_PORT}`]);
    }
    // a page loads and runs under it: the zone table is interactive, the console opens
    await page.getByLabel('Filter zones').fill('www');
    await expect(page).toHaveURL(/q=www/);
    await page.goto('/zones/sim/www/console');
    await expect(page.getByRole('toolbar', { name: 'Console controls' }).getByRole('status')).toContainText(/Connected|Zone not running/);
    for (const p of ['/users', '/audit', '/account']) await page.goto(p);
    expect(violations).toEqual([]);
  });

  test('pages need a session: a fresh browser is sent to sign in, and back afterwards', async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto('/zones/sim/www');
    await expect(page).toHaveURL(/\/login\?next=%2Fzones%2Fsim%2Fwww$/);
    await expectAccessible(page);
    await page.screenshot({ path: shots('login') });
    await page.getByLabel('User name').fill('viewer');
    await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/zones\/sim\/www$/);
    await expect(page.getByRole('heading', { name: 'www', level: 1 })).toBeVisible();
    // an offsite "next" is ignored
    await page.goto('/login?next=//evil.test/');
    await expect(page).toHaveURL(/\/$/);
    await context.close();
  });

  test('sign-in never sends the browser to another site, however the path is spelled (a tab, a backslash)', async ({ browser, baseURL }) => {
    const home = new RegExp(`^${baseURL}/$`);
    // browsers drop TAB, LF and CR from URLs: "/<TAB>/evil.test" would be "//evil.test"
    const offsite = ['/%09/evil.test', '/%0A/evil.test', '/%5C%5Cevil.test', '/%09%5Cevil.test'];
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto(`/login?next=${offsite[0]}`);
    await page.getByLabel('User name').fill('viewer');
    await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(home);
    // signed in already, the sign-in page sends the browser on at once: home, every time
    for (const next of offsite) {
      await page.goto(`/login?next=${next}`);
      await expect(page, next).toHaveURL(home);
    }
    await context.close();
  });
});

test.describe('TLS', () => {
  let server: ChildProcess | null = null;
  test.afterEach(() => stopServer(server));

  test('with a certificate and key the server speaks https and its cookies are Secure', async ({ browser }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zonedash-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const port = E2E_PORT + 41;
    const s = startServer(port, { TLS_CERT: cert, TLS_KEY: key });
    server = s.child;
    await waitFor(() => s.output().includes(`zone dashboard on https://localhost:${port}`), 'the https server');
    const context = await browser.newContext({ ignoreHTTPSErrors: true, storageState: { cookies: [], origins: [] }, baseURL: `https://localhost:${port}` });
    const page = await context.newPage();
    await signIn(page, 'admin');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === '__Host-zonedash_session')!;
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    await expect(page.locator('tr[data-zone="www"]')).toBeVisible();
    // the console over wss
    await page.goto('/zones/sim/www/console');
    await expect(page.getByRole('toolbar', { name: 'Console controls' }).getByRole('status')).toContainText(/Connected|Zone not running/);
    const res = await page.request.get('/login');
    expect(res.headers()['content-security-policy']).toContain(`wss://localhost:${port}`);
    await context.close();
  });
});
