import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { E2E_SIM_ROOT } from './env';
import { simCli } from './sim-cli';
import { consoleTerminal, terminalInput, typeLine, terminalRows } from './terminal';

// The browser console: `zlogin -C` into a zone through the hub. The tests use a zone of
// their own (con1), created with the simulator's CLI, so other specs' zones are untouched.
// They run in order: the first one boots con1 and logs in on its console.

const ZONE = 'con1';
const consoleUrl = (mode?: 'ro') => `/zones/sim/${ZONE}/console${mode ? '?mode=ro' : ''}`;
const term = (page: Page): Locator => consoleTerminal(page, ZONE);
const input = terminalInput;
const badge = (page: Page): Locator => page.getByRole('toolbar', { name: 'Console controls' }).getByRole('status');
/** screenshots land in the test's output directory, to be looked at after a run */
const shots = (name: string) => test.info().outputPath(`console-${name}.png`);

const rows = (page: Page): Promise<string[]> => terminalRows(term(page));

/** The "Download transcript" file: the console bytes this view received. */
async function transcript(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download transcript' }).click()]);
  const path = await download.path();
  return readFileSync(path!, 'latin1');
}

/** zlogin processes of the e2e host, counted from /proc (the launcher runs node … cli.ts zlogin -C …). */
function zloginProcesses(): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (!argv.includes('zlogin') || !argv.includes('-C')) continue;
      const env = readFileSync(`/proc/${d}/environ`, 'utf8').split('\0');
      if (env.includes(`SIM_ROOT=${E2E_SIM_ROOT}`)) pids.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return pids;
}

async function loggedIn(page: Page) {
  await expect(badge(page)).toContainText('Connected');
  await page.getByRole('button', { name: 'Send Enter' }).click();
  await expect(term(page)).toContainText(`root@${ZONE}:~#`);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  const existing = simCli('zoneadm', ['list', '-cp']).stdout;
  if (!existing.includes(`:${ZONE}:`)) {
    expect(simCli('zonecfg', ['-z', ZONE, 'create -t sparse; set zonepath=/zones/con1; set autoboot=false']).status).toBe(0);
    expect(simCli('zoneadm', ['-z', ZONE, 'install']).status).toBe(0);
  }
});

test('boot from the console page: the whole boot transcript, the login prompt, log in, hostname', async ({ page }) => {
  await page.goto(consoleUrl());
  await expect(badge(page)).toContainText('Zone not running');
  await expect(page.getByText('The console is attached: boot the zone')).toBeVisible();
  await expect(term(page)).toContainText(`[Connected to zone '${ZONE}' console]`);
  await page.screenshot({ path: shots('not-running') });

  await page.getByRole('toolbar', { name: `Power for ${ZONE}` }).getByRole('button', { name: 'Boot', exact: true }).click();
  await expect(page.getByText(/boot.*started/i)).toBeVisible();
  await expect(term(page)).toContainText('[NOTICE: Zone booting up]');
  await expect(term(page)).toContainText('SunOS Release 5.11 Version omnios');
  await expect(term(page)).toContainText(`Hostname: ${ZONE}`);
  await expect(term(page)).toContainText(`${ZONE} console login:`);
  await expect(badge(page)).toContainText('Connected');

  await typeLine(page, 'root');
  await expect(term(page)).toContainText(`root@${ZONE}:~#`);
  await typeLine(page, 'echo hi-$((40+2))');
  await expect(term(page)).toContainText('hi-42');
  await typeLine(page, 'hostname');
  await expect.poll(async () => (await rows(page)).filter((r) => r === ZONE).length).toBe(1);
  await page.screenshot({ path: shots('logged-in') });

  // the transcript holds the boot from its first line, byte for byte as the console sent it
  const t = await transcript(page);
  expect(t).toMatch(/^\[Connected to zone 'con1' console\]\r\n/);
  expect(t).toContain('\r\n[NOTICE: Zone booting up]\r\n');
  expect(t).toContain('hostname\r\ncon1\r\n');
});

test('two pages share one console; what one types both see; a read-only viewer reaches nothing', async ({ browser }) => {
  const a = await browser.newPage();
  const b = await browser.newPage();
  const ro = await browser.newPage();
  await a.goto(consoleUrl());
  await b.goto(consoleUrl());
  await ro.goto(consoleUrl('ro'));
  await loggedIn(a);

  await typeLine(a, 'echo from-a-$((1+1))');
  await expect(term(b)).toContainText('from-a-2');
  await typeLine(b, 'echo from-b-$((2+2))');
  await expect(term(a)).toContainText('from-b-4');
  await expect(term(ro)).toContainText('from-b-4');

  // presence: each page sees the three of them
  await expect(a.getByRole('list', { name: 'Viewers' }).getByRole('listitem')).toHaveCount(3);
  await expect(a.getByRole('list', { name: 'Viewers' })).toContainText('(read-only)');
  await expect(ro.getByText('read-only', { exact: true })).toBeVisible();

  // the read-only page: its terminal takes no input, and even a hand-made socket with a
  // read-write ticket that claims read-write in its hello cannot type (the server decides
  // from ?mode=ro)
  await input(ro).pressSequentially('echo from-ro-$((3+3))', { delay: 5 }).catch(() => {});
  await input(ro).press('Enter').catch(() => {});
  await ro.evaluate(async (zone) => {
    // a read-write ticket (this user may type), but the URL asks for read-only
    const r = await fetch('/api/trpc/console.ticket', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ host: 'sim', zone }) });
    const { ticket } = (await r.json()).result.data;
    const ws = new WebSocket(`ws://${location.host}/ws/console/sim/${zone}?ticket=${ticket}&mode=ro`);
    ws.binaryType = 'arraybuffer';
    await new Promise((r) => (ws.onopen = r));
    ws.send(JSON.stringify({ type: 'hello', mode: 'rw', name: 'sneaky' }));
    await new Promise((r) => setTimeout(r, 300));
    ws.send(new TextEncoder().encode('echo sneaky-$((4+4))\r'));
    await new Promise((r) => setTimeout(r, 300));
    ws.close();
  }, ZONE);
  await typeLine(a, 'echo after-$((5+5))');
  await expect(term(b)).toContainText('after-10');
  for (const p of [a, b, ro]) {
    await expect(term(p)).not.toContainText('from-ro-6');
    await expect(term(p)).not.toContainText('sneaky-8');
  }
  await ro.screenshot({ path: shots('read-only') });
  await a.screenshot({ path: shots('shared') });

  // what both rw pages received is the same stream
  const ta = await transcript(a);
  const tb = await transcript(b);
  expect(ta.slice(ta.indexOf('from-a-2'))).toBe(tb.slice(tb.indexOf('from-a-2')));
  for (const p of [a, b, ro]) await p.close();
});

test('a 64 KiB paste arrives byte-exact', async ({ page }) => {
  await page.goto(consoleUrl());
  await loggedIn(page);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let payload = '';
  for (let i = 0; payload.length < 64 * 1024; i++) payload += chars[(i * 7 + (i >> 6)) % chars.length];
  await input(page).pressSequentially('echo ', { delay: 5 });
  await input(page).evaluate((el, text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, payload);
  await input(page).pressSequentially(' | wc -c', { delay: 5 });
  await input(page).press('Enter');
  await expect(term(page)).toContainText(/\b65537\b/, { timeout: 30_000 });
  // the zone echoed back exactly what was pasted
  const t = await transcript(page);
  expect(t).toContain(`echo ${payload} | wc -c\r\n`);
});

test('a reload or a dropped connection mid-stream keeps the transcript whole', async ({ page }) => {
  // every console socket goes through a proxy the test can cut
  const route: { cut?: () => Promise<void> } = {};
  await page.routeWebSocket(/\/ws\/console\//, (ws) => {
    const server = ws.connectToServer();
    route.cut = async () => {
      await ws.close();
      await server.close();
    };
  });
  await page.goto(consoleUrl());
  await loggedIn(page);
  // a stream that lasts a few seconds whatever the machine's speed: a pause every 50 rows
  const N = 1500;
  await typeLine(page, `i=0; while [ $i -lt ${N} ]; do i=$((i+1)); echo row-$i; if [ $((i % 50)) -eq 0 ]; then sleep 0.5; fi; done; echo stream-$((6*7))`);
  // the newest row on screen (rows scroll by too fast to wait for one by its text)
  const newest = async () => Math.max(0, ...(await rows(page)).map((r) => Number(/^row-(\d+)$/.exec(r)?.[1] ?? 0)));
  await expect.poll(newest, { timeout: 20_000, intervals: [100] }).toBeGreaterThanOrEqual(200);
  await route.cut!(); // the network drops: the pane reconnects and resumes from its offset
  await expect.poll(newest, { timeout: 20_000, intervals: [100] }).toBeGreaterThanOrEqual(600);
  expect(await newest()).toBeLessThan(N); // still mid-stream
  await page.reload(); // and a reload: the new page replays the buffer
  await expect(term(page)).toContainText('stream-42', { timeout: 30_000 });
  const t = await transcript(page);
  const seen = [...t.matchAll(/^row-(\d+)\r$/gm)].map((m) => Number(m[1]));
  // every row exactly once and in order: nothing lost, nothing doubled
  expect(seen).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  expect(t).not.toContain('skipped');
  await page.screenshot({ path: shots('after-reload') });
});

test('the zone detail page has the console a click away, and loads xterm.js only then', async ({ page }) => {
  // which scripts carry xterm.js (its helper textarea's class is in its code)
  const xtermScripts: string[] = [];
  page.on('response', async (r) => {
    if (!r.url().endsWith('.js')) return;
    const body = await r.text().catch(() => '');
    if (body.includes('xterm-helper-textarea')) xtermScripts.push(r.url());
  });
  await page.goto('/');
  await page.goto(`/zones/sim/${ZONE}`);
  await expect(page.getByRole('button', { name: 'Attach console here' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(xtermScripts).toEqual([]);
  await expect(term(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Attach console here' }).click();
  await loggedIn(page);
  expect(xtermScripts.length).toBeGreaterThan(0);
  await typeLine(page, 'echo detail-$((20+3))');
  await expect(term(page)).toContainText('detail-23');
  await page.screenshot({ path: shots('detail'), fullPage: true });
});

test('after 100 connect/disconnect cycles no zlogin process is left', async ({ page }) => {
  await page.goto(consoleUrl());
  await loggedIn(page);
  expect(zloginProcesses()).toHaveLength(1);
  // 100 viewers come and go as fast as the browser can open sockets; a few real page loads too
  const most = await page.evaluate(async (zone) => {
    let welcomed = 0;
    for (let i = 0; i < 100; i++) {
      // each connection needs its own single-use console ticket
      const r = await fetch('/api/trpc/console.ticket', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ host: 'sim', zone }) });
      const { ticket } = (await r.json()).result.data;
      const ws = new WebSocket(`ws://${location.host}/ws/console/sim/${zone}?ticket=${ticket}`);
      await new Promise<void>((resolve, reject) => {
        ws.onmessage = (e) => {
          if (typeof e.data === 'string' && JSON.parse(e.data).type === 'welcome') {
            welcomed++;
            resolve();
          }
        };
        ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', name: `cycle-${i}` }));
        ws.onerror = () => reject(new Error('socket failed'));
      });
      ws.close();
    }
    return welcomed;
  }, ZONE);
  expect(most).toBe(100);
  for (let i = 0; i < 5; i++) {
    await page.reload();
    await expect(badge(page)).toContainText('Connected');
    expect(zloginProcesses().length).toBeLessThanOrEqual(1);
  }
  expect(zloginProcesses()).toHaveLength(1);
  await page.close();
  // the last viewer is gone: the hub hangs up zlogin after its grace period (5 s)
  await expect.poll(() => zloginProcesses().length, { timeout: 20_000, intervals: [500] }).toBe(0);
});

test('a console held by another zlogin -C says so, and attaches when it is free', async ({ page }) => {
  // a CLI zlogin -C on the host takes con1's console first (from the simulator's bin/)
  const { spawn } = await import('node:child_process');
  const { SIM_BIN } = await import('./env');
  const holder = spawn(`${SIM_BIN}/zlogin`, ['-C', ZONE], {
    env: { ...process.env, SIM_ROOT: E2E_SIM_ROOT, SIM_TIME_SCALE: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  holder.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await expect.poll(() => out, { timeout: 20_000 }).toContain('console]');
  await page.goto(consoleUrl());
  await expect(badge(page)).toContainText('Console in use');
  await expect(page.getByText(`Another console client (process ID ${holder.pid})`)).toBeVisible();
  await page.screenshot({ path: shots('busy') });
  holder.kill('SIGTERM');
  await expect(badge(page)).toContainText('Connected', { timeout: 20_000 });
});

test('a return visit shows one "[Connected" line; Ctrl+] and the Leave terminal button take focus out of the terminal', async ({ page }) => {
  const banner = `[Connected to zone '${ZONE}' console]`;
  const count = (text: string) => text.split(banner).length - 1;
  // a visit, then away long enough for the hub to hang zlogin up (its grace period is 5 s)
  await page.goto(consoleUrl());
  await expect(badge(page)).toContainText('Connected', { timeout: 20_000 });
  await page.goto('/');
  await expect.poll(() => zloginProcesses().length, { timeout: 20_000, intervals: [500] }).toBe(0);
  // back: zlogin attaches again and greets again; the replay still holds an earlier greeting
  await page.goto(consoleUrl());
  await loggedIn(page);
  expect(count(await transcript(page))).toBe(1);

  // the way out is written under the terminal and is the terminal input's description
  await expect(page.getByText('to leave the terminal')).toBeVisible();
  await expect(input(page)).toHaveAccessibleDescription(/Press Ctrl\+\] to leave the terminal/);
  const inToolbar = () => page.evaluate(() => document.activeElement?.closest('[role="toolbar"]')?.getAttribute('aria-label') ?? null);
  await input(page).focus();
  await page.keyboard.press('Tab'); // Tab belongs to the zone: focus stays in the terminal
  await expect(input(page)).toBeFocused();
  await page.keyboard.press('Control+]');
  await expect(input(page)).not.toBeFocused();
  expect(await inToolbar()).toBe('Console controls');
  await input(page).focus();
  await page.getByRole('button', { name: 'Leave terminal' }).click();
  expect(await inToolbar()).toBe('Console controls');
  await page.screenshot({ path: shots('leave-key') });
});
