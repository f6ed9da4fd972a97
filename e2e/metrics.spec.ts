import { expect, test, type Locator, type Page } from '@playwright/test';
import { simCli } from './sim-cli';
import { consoleTerminal, terminalInput, typeLine } from './terminal';

// Resource usage charts on the zone page, fed by the host's one kstat sampler. The spec makes
// its own zone (met1: capped at 1 GiB of memory) with the simulator's CLI and boots it, so
// other specs' zones are untouched.

const ZONE = 'met1';
const zoneUrl = `/zones/sim/${ZONE}`;
const consoleUrl = `/zones/sim/${ZONE}/console`;
const figure = (page: Page, name: string): Locator => page.getByRole('figure', { name, exact: true });
const term = (page: Page): Locator => consoleTerminal(page, ZONE);
const input = terminalInput;

/** the CPU chart's "now" in % of the host, from its text alternative */
async function cpuNow(page: Page): Promise<number> {
  const text = (await figure(page, 'CPU').textContent()) ?? '';
  const m = /CPU of the host \(\d+ CPUs\): now ([\d.]+)%/.exec(text);
  return m ? Number(m[1]) : -1;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  const existing = simCli('zoneadm', ['list', '-cp']).stdout;
  if (!existing.includes(`:${ZONE}:`)) {
    const cfg = `create -t sparse; set zonepath=/zones/${ZONE}; set autoboot=false; add capped-memory; set physical=1G; set swap=2G; end`;
    expect(simCli('zonecfg', ['-z', ZONE, cfg]).status).toBe(0);
    expect(simCli('zoneadm', ['-z', ZONE, 'install']).status).toBe(0);
  }
  const r = simCli('zoneadm', ['-z', ZONE, 'boot']);
  expect([0, 1]).toContain(r.status); // 1: already running (a rerun)
});

test("a capped zone's memory chart shows its cap", async ({ page }) => {
  await page.goto(zoneUrl);
  const memory = figure(page, 'Memory');
  await expect(memory).toBeVisible({ timeout: 20_000 });
  await expect(memory).toContainText(/Memory \(RSS\): now [\d.]+ MiB, min [\d.]+ MiB, max [\d.]+ MiB; cap 1\.00 GiB\./, { timeout: 20_000 });
  await expect(memory).toContainText('Swap: now');
  await expect(memory).toContainText('cap 2.00 GiB');
  // the cap is drawn (the legend names the dashed line)
  await expect(memory.getByText('RSS cap')).toBeVisible();
  await expect(figure(page, 'CPU')).toContainText('No CPU cap');
  await expect(figure(page, 'Disk')).toBeVisible();
  // how long it has been up, from kstat's boot_time (booted by this spec or a rerun's: minutes at most)
  await expect(page.getByText(/^Up (under a minute|\d+ min|\d+ h( \d+ min)?) \(booted .+, host clock\)$/)).toBeVisible();
  // the range buttons
  await page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '1 hour' }).click();
  await expect(page.getByRole('button', { name: '1 hour' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '15 min' }).click();
});

/** the zone table's CPU sparkline "now", in CPUs, from its text alternative */
async function sparkNow(page: Page): Promise<number> {
  const text = (await page.locator(`tr[data-host="sim"][data-zone="${ZONE}"]`).textContent()) ?? '';
  const m = new RegExp(`CPU of ${ZONE}: now ([\\d.]+) CPU`).exec(text);
  return m ? Number(m[1]) : -1;
}

test("a busy loop typed in the zone's console makes its CPU chart and its table sparkline rise within 15 s", async ({ browser }) => {
  const con = await browser.newPage();
  const charts = await browser.newPage();
  const table = await browser.newPage();
  await table.goto('/');
  // the host's card says how busy the host is, from the same live samples
  await expect(table.getByRole('list', { name: 'Hosts' }).locator('li[data-host="sim"]')).toContainText(/CPU [\d.]+% of 8 CPUs · memory [\d.]+ [KMG]iB of [\d.]+ [KMG]iB/, { timeout: 20_000 });
  await expect.poll(() => sparkNow(table), { timeout: 20_000, intervals: [500] }).toBeGreaterThanOrEqual(0);
  expect(await sparkNow(table)).toBeLessThan(0.2);
  await charts.goto(zoneUrl);
  await expect(figure(charts, 'CPU')).toContainText(/CPU of the host \(8 CPUs\): now [\d.]+%/, { timeout: 20_000 });
  const before = await cpuNow(charts);
  expect(before).toBeGreaterThanOrEqual(0);
  expect(before).toBeLessThan(2); // an idle zone: well under a CPU (12.5 % of 8)

  await con.goto(consoleUrl);
  await expect(term(con)).toContainText(`[Connected to zone '${ZONE}' console]`);
  await con.getByRole('button', { name: 'Send Enter' }).click();
  await expect(term(con)).toContainText(/met1 console login:|root@met1:~#/);
  if (!(await term(con).textContent())?.includes('root@met1:~#')) {
    await typeLine(con, 'root');
    await expect(term(con)).toContainText(`root@${ZONE}:~#`);
  }
  await typeLine(con, 'while :; do :; done');
  const typedAt = Date.now();

  // one CPU of eight is 12.5 % of the host; the first sample after the loop began may cover
  // part of an interval, so "risen" is past 5 % (from under 2 %)
  await expect.poll(() => cpuNow(charts), { timeout: 15_000, intervals: [500] }).toBeGreaterThan(5);
  const rose = Date.now() - typedAt;
  expect(rose).toBeLessThan(15_000);
  // the table's sparkline follows through the page's one live subscription (no refetch)
  await expect.poll(() => sparkNow(table), { timeout: Math.max(1000, 15_000 - rose), intervals: [500] }).toBeGreaterThan(0.4);
  await table.close();
  test.info().annotations.push({ type: 'cpu chart rose after (ms)', description: String(rose) });
  await charts.screenshot({ path: test.info().outputPath('metrics-busy.png'), fullPage: true });

  // ^C ends the loop; the chart comes back down
  await input(con).press('Control+C');
  await expect(term(con)).toContainText('^C');
  await expect.poll(() => cpuNow(charts), { timeout: 20_000, intervals: [1000] }).toBeLessThan(2);
  await con.close();
  await charts.close();
});
