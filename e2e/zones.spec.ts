import { expect, test, type Page } from '@playwright/test';
import { simCli } from './sim-cli';
import { cell, columnIndex } from './table';

// The seeded simulated host: www, api, mail (running), db (installed), build (incomplete),
// vm (configured). Tests that change a zone restore what they need or use their own zone.

const row = (page: Page, zone: string) => page.locator(`tr[data-zone="${zone}"]`);

let serial = 0;
/** The VNIC makeZone lends a zone. A letter before the 0: `<name>0` is no link name when the
 *  name ends in a digit 0 (a number with a leading zero: dladm refuses it), and names here end
 *  in random base-36 digits. */
const vnicOf = (zone: string) => `${zone}v0`;

/** A zone of the test's own, made with the simulator's CLI, so reruns never depend on what
 *  an earlier run left behind. VNIC vnicOf(name) when asked. */
function makeZone(prefix: string, state: 'configured' | 'installed' | 'running', vnic = false): string {
  const name = `${prefix}${Date.now().toString(36).slice(-5)}${serial++}`;
  const net = vnic ? `; add net; set physical=${vnicOf(name)}; end` : '';
  if (vnic) {
    const r = simCli('dladm', ['create-vnic', '-l', 'i40e0', vnicOf(name)]);
    expect(r.status, `dladm create-vnic ${vnicOf(name)}: ${r.stderr}`).toBe(0);
  }
  expect(simCli('zonecfg', ['-z', name, `create -t sparse; set zonepath=/zones/${name}${net}`]).status).toBe(0);
  if (state !== 'configured') expect(simCli('zoneadm', ['-z', name, 'install']).status).toBe(0);
  if (state === 'running') expect(simCli('zoneadm', ['-z', name, 'boot']).status).toBe(0);
  return name;
}

/** Records every text the zone's state badge shows, from now on, in the page. */
async function recordStates(page: Page, zone: string) {
  const state = await columnIndex(page, 'State');
  await page.evaluate(([z, i]) => {
    const w = window as unknown as { __states: string[] };
    w.__states = [];
    const target = document.querySelector('tbody')!;
    const read = () => {
      const text = document.querySelector(`tr[data-zone="${z}"]`)?.children[Number(i)]?.textContent ?? '';
      if (w.__states.at(-1) !== text) w.__states.push(text);
    };
    read();
    new MutationObserver(read).observe(target, { subtree: true, childList: true, characterData: true });
  }, [zone, String(state)]);
}
const statesSeen = (page: Page) => page.evaluate(() => (window as unknown as { __states: string[] }).__states);

test('the zone table is server-rendered from zoneadm list', async ({ request }) => {
  const html = await (await request.get('/')).text();
  for (const zone of ['www', 'api', 'db', 'build', 'vm']) expect(html).toContain(`data-zone="${zone}"`);
  expect(html).toContain('/zones/db');
  // with the shell, not streamed into a hidden placeholder afterwards; its controls disabled
  // until the script has taken over (a click before would be lost)
  expect(html).not.toContain('<div hidden id="S:');
  expect(html).toMatch(/<fieldset disabled="" class="[^"]*"><div class="flex flex-wrap items-end/);
});

test('loading the zones page asks for nothing that fails, its tab icon included', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  // (the browser asks for the tab icon itself, after the page: /favicon.ico when none is named)
  const iconAsked = page.waitForResponse((r) => /\/(icon\.svg|favicon\.ico)/.test(new URL(r.url()).pathname));
  await page.goto('/');
  await expect(row(page, 'db')).toBeVisible();
  const icon = await iconAsked;
  expect(new URL(icon.url()).pathname).toBe('/icon.svg');
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  expect(failed).toEqual([]);
});

test('each row shows name, state, brand, IP type, zonepath and host', async ({ page }) => {
  await page.goto('/');
  const db = row(page, 'db');
  await expect(db.getByRole('rowheader')).toHaveText('db');
  await expect(await cell(db, 'State')).toHaveText('installed');
  await expect(await cell(db, 'Brand')).toHaveText('sparse');
  await expect(await cell(db, 'IP type')).toHaveText('exclusive');
  await expect(await cell(db, 'Zonepath')).toHaveText('/zones/db');
  await expect(await cell(db, 'Host')).toHaveText('sim');
  await expect(page.getByText(/Last heard from the host/)).toBeVisible();
  // what the simulator's own CLI says agrees with the table
  const listed = simCli('zoneadm', ['list', '-cp']).stdout;
  expect(listed).toMatch(/^-:db:installed:\/zones\/db:[0-9a-f-]+:sparse:excl:\d+$/m);
});

test('sorting and filters live in the URL and survive a reload', async ({ page }) => {
  await page.goto('/');
  // the state chips filter (one chip per state present, with its count)
  const running = page.getByRole('group', { name: 'Filter by state' }).getByRole('button', { name: /^running \d+$/ });
  await running.click();
  await expect(page).toHaveURL(/state=running/);
  await expect(row(page, 'db')).toHaveCount(0);
  await expect(row(page, 'www')).toBeVisible();
  await page.getByRole('button', { name: 'Brand' }).click();
  await expect(page).toHaveURL(/sort=brand/);
  await page.reload();
  await expect(running).toHaveAttribute('aria-pressed', 'true');
  await expect(row(page, 'db')).toHaveCount(0);
  await page.getByLabel('Filter zones').fill('mai');
  await expect(row(page, 'www')).toHaveCount(0);
  await expect(row(page, 'mail')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(row(page, 'db')).toBeVisible();
});

test('an invalid action is disabled and says why', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Actions for vm' }).click();
  const boot = page.getByRole('menuitem', { name: /Boot/ });
  await expect(boot).toHaveAttribute('aria-disabled', 'true');
  await expect(boot).toContainText('must be installed before boot');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
});

test('booting from the table turns the badge running in a second tab, through ready', async ({ page, context }) => {
  const zone = makeZone('boot', 'installed');
  const other = await context.newPage();
  await page.goto('/');
  await other.goto('/');
  await expect(await cell(row(other, zone), 'State')).toHaveText('installed');
  await recordStates(other, zone);
  // and what the live stream itself tells a page, change by change: a 90 ms 'ready' (the
  // simulated boot at SIM_TIME_SCALE 0.1) can be painted over by 'running' in the same frame
  // when the page is busy drawing charts, but it must have been sent
  await other.evaluate((z) => {
    const w = window as unknown as { __streamed: string[] };
    w.__streamed = [];
    const es = new EventSource(`/api/trpc/zones.watch?input=${encodeURIComponent('{}')}`);
    es.onmessage = (m) => {
      // tRPC's SSE frames carry the yielded message as their data (tracked id in the frame's id)
      type Msg = { kind?: string; event?: { changes?: { kind: string; zone?: { name: string; state: string } }[] } };
      const msg = JSON.parse(m.data as string) as Msg;
      for (const c of msg?.kind === 'event' ? (msg.event?.changes ?? []) : []) {
        if (c.kind === 'upsert' && c.zone?.name === z && w.__streamed.at(-1) !== c.zone.state) w.__streamed.push(c.zone.state);
      }
    };
  }, zone);
  await other.waitForTimeout(500);
  await page.getByRole('button', { name: `Actions for ${zone}` }).click();
  await page.getByRole('menuitem', { name: 'Boot', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `boot ${zone}: started` })).toBeVisible();
  await expect(await cell(row(other, zone), 'State')).toHaveText('running', { timeout: 10_000 });
  await expect(await cell(row(page, zone), 'State')).toHaveText('running');
  const seen = await statesSeen(other);
  expect(seen[0]).toBe('installed');
  expect(seen.at(-1)).toBe('running');
  const streamed = await other.evaluate(() => (window as unknown as { __streamed: string[] }).__streamed);
  expect(streamed).toEqual(['ready', 'running']);
  // the task is recorded with its exact argv
  await page.getByRole('link', { name: 'view task' }).first().click();
  await expect(page.getByRole('heading', { name: `boot ${zone}` })).toBeVisible();
  await expect(page.getByText(`$ zoneadm -z ${zone} boot`)).toBeVisible();
  await expect(page.getByText('succeeded').first()).toBeVisible();
});

test('a zone halted and booted with the simulator CLI behind the dashboard follows in the table', async ({ page }) => {
  const zone = makeZone('cli', 'running');
  await page.goto('/');
  await expect(await cell(row(page, zone), 'State')).toHaveText('running');
  expect(simCli('zoneadm', ['-z', zone, 'halt']).status).toBe(0);
  await expect(await cell(row(page, zone), 'State')).toHaveText('installed', { timeout: 5000 });
  expect(simCli('zoneadm', ['-z', zone, 'boot']).status).toBe(0);
  await expect(await cell(row(page, zone), 'State')).toHaveText('running', { timeout: 5000 });
});

test('two quick boots of one zone: one runs, the other is refused naming the running task', async ({ page }) => {
  const zone = makeZone('twice', 'installed');
  await page.goto('/');
  await expect(row(page, zone)).toBeVisible();
  const results = await page.evaluate(async (z) => {
    const call = () =>
      fetch('/api/trpc/zones.action?batch=1', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 0: { host: 'sim', zone: z, verb: 'boot' } }),
      }).then(async (r) => ({ status: r.status, body: await r.text() }));
    return Promise.all([call(), call()]);
  }, zone);
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 409]);
  const refused = results.find((r) => r.status === 409)!;
  expect(refused.body).toContain(`zone ${zone} is busy: task `);
  expect(refused.body).toMatch(new RegExp(`task [0-9a-f-]{36} \\(boot ${zone}, started by`));
  await expect(await cell(row(page, zone), 'State')).toHaveText('running', { timeout: 10_000 });
});

test('delete with cascade leaves no zone or config; a VNIC made by hand is kept unless ticked; the page turns to deleted live', async ({ page }) => {
  // the VNIC is made by hand (the simulator's CLI), not by the wizard: the zone only borrows it
  const zone = makeZone('gone', 'running', true);
  const vnic = vnicOf(zone);
  await page.goto(`/zones/sim/${zone}`);
  await expect(page.getByRole('heading', { name: zone, level: 1 })).toBeVisible();
  await page.getByRole('toolbar', { name: `Actions for ${zone}` }).getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${zone}?` });
  await expect(dialog.getByText(`zoneadm -z ${zone} halt`)).toBeVisible();
  await expect(dialog.getByText(`zoneadm -z ${zone} uninstall -F`)).toBeVisible();
  await expect(dialog.getByText(`zonecfg -z ${zone} delete -F`)).toBeVisible();
  await expect(dialog.getByText(`dladm delete-vnic ${vnic}`)).toHaveCount(0);
  const alsoVnic = dialog.getByRole('checkbox', { name: new RegExp(`Delete ${vnic} too`) });
  await expect(alsoVnic).not.toBeChecked();
  await expect(dialog.getByText(`(lent to ${zone}: the dashboard did not create it)`)).toBeVisible();
  await alsoVnic.check();
  await expect(dialog.getByText(`dladm delete-vnic ${vnic}`)).toBeVisible();
  const confirm = dialog.getByRole('button', { name: 'Delete' });
  const typed = dialog.getByLabel(`Type ${zone} to confirm`);
  await expect(confirm).toBeDisabled();
  await typed.fill(zone.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await typed.fill(zone);
  await confirm.click();
  // the open page follows the host: no badge, configuration or actions once the zone is gone
  await expect(page.getByText(`${zone} was deleted`)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('toolbar', { name: `Actions for ${zone}` })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Configuration' })).toHaveCount(0);
  await expect.poll(() => simCli('zoneadm', ['list', '-cp']).stdout, { timeout: 15_000 }).not.toContain(`:${zone}:`);
  expect(simCli('zonecfg', ['-z', zone, 'info']).stderr).toContain(`${zone}: No such zone configured`);
  await expect.poll(() => simCli('dladm', ['show-vnic', vnic]).stderr, { timeout: 15_000 }).toContain(`dladm: invalid vnic name '${vnic}': object not found`);
});

test('a VNIC lent to a zone and not ticked stays on the host after the delete (issue 9 item 4)', async ({ page }) => {
  const zone = makeZone('lend', 'installed', true);
  const vnic = vnicOf(zone);
  await page.goto(`/zones/sim/${zone}`);
  await page.getByRole('toolbar', { name: `Actions for ${zone}` }).getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${zone}?` });
  await expect(dialog.getByRole('checkbox', { name: new RegExp(`Delete ${vnic} too`) })).toBeVisible();
  await dialog.getByLabel(`Type ${zone} to confirm`).fill(zone);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(`${zone} was deleted`)).toBeVisible({ timeout: 15_000 });
  expect(simCli('dladm', ['show-vnic', '-p', '-o', 'link', vnic]).stdout).toBe(`${vnic}\n`);
  expect(simCli('dladm', ['delete-vnic', vnic]).status).toBe(0);
});

test('a 63-character zone name stays inside the table: cut with an ellipsis, whole in its title and link (issue 9 item 6)', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const name = `wide${'x'.repeat(52)}${Date.now().toString(36).slice(-7)}`.slice(0, 63);
  expect(simCli('zonecfg', ['-z', name, `create -t sparse; set zonepath=/zones/${name}`]).status).toBe(0);
  try {
    await page.goto('/');
    const link = row(page, name).getByRole('rowheader').getByRole('link');
    await expect(link).toHaveAccessibleName(name);
    await expect(link).toHaveAttribute('title', name);
    const box = await link.evaluate((el) => ({ shown: el.clientWidth, full: el.scrollWidth, overflow: getComputedStyle(el).textOverflow }));
    expect(box.overflow).toBe('ellipsis');
    expect(box.shown).toBeLessThan(box.full);
    // no sideways scrolling: neither the page nor the table's card is wider than the window
    const widths = await page.evaluate(() => {
      const table = document.querySelector('table')!;
      const card = table.parentElement!;
      return { page: document.documentElement.scrollWidth, window: window.innerWidth, table: table.getBoundingClientRect().right, card: card.getBoundingClientRect().right };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    expect(widths.table).toBeLessThanOrEqual(widths.card + 1);
    // the row's actions are within the window's width (the row itself may be below the fold
    // when earlier specs left many zones: scroll it up without scrolling sideways)
    const actions = row(page, name).getByRole('button', { name: `Actions for ${name}` });
    await actions.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' }));
    expect(await page.evaluate(() => window.scrollX)).toBe(0);
    await expect(actions).toBeInViewport();
  } finally {
    simCli('zonecfg', ['-z', name, 'delete', '-F']);
  }
});

test('bulk actions are offered only when valid for every selected zone', async ({ page }) => {
  const a = makeZone('bulka', 'installed');
  const b = makeZone('bulkb', 'installed');
  const c = makeZone('bulkc', 'configured');
  await page.goto('/');
  await page.getByRole('checkbox', { name: `Select ${a}`, exact: true }).check();
  await page.getByRole('checkbox', { name: `Select ${c}`, exact: true }).check();
  const bar = page.getByRole('toolbar', { name: 'Actions on selected zones' });
  await expect(bar.getByText('2 selected')).toBeVisible();
  const boot = bar.getByRole('button', { name: 'Boot', exact: true });
  await expect(boot).toBeDisabled();
  await expect(boot).toHaveAccessibleDescription(`${c}: must be installed before boot`);
  await page.getByRole('checkbox', { name: `Select ${c}`, exact: true }).uncheck();
  await page.getByRole('checkbox', { name: `Select ${b}`, exact: true }).check();
  await expect(boot).toBeEnabled();
  await boot.click();
  await expect(await cell(row(page, a), 'State')).toHaveText('running', { timeout: 10_000 });
  await expect(await cell(row(page, b), 'State')).toHaveText('running', { timeout: 10_000 });
  // halting both asks first
  await bar.getByRole('button', { name: 'Halt', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Halt 2 zones?' });
  await expect(dialog).toContainText(a);
  await expect(dialog).toContainText(b);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(await cell(row(page, a), 'State')).toHaveText('running');
});

test('bulk delete shows each zone\'s commands before anything runs (issue 9 item 7)', async ({ page }) => {
  const a = makeZone('bulkdela', 'installed');
  const b = makeZone('bulkdelb', 'configured');
  await page.goto('/');
  await page.getByRole('checkbox', { name: `Select ${a}`, exact: true }).check();
  await page.getByRole('checkbox', { name: `Select ${b}`, exact: true }).check();
  await page.getByRole('toolbar', { name: 'Actions on selected zones' }).getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 2 zones?' });
  await expect(dialog.getByRole('list', { name: `Commands that delete ${a}` })).toContainText(`zoneadm -z ${a} uninstall -F`);
  await expect(dialog.getByRole('list', { name: `Commands that delete ${a}` })).toContainText(`zonecfg -z ${a} delete -F`);
  await expect(dialog.getByRole('list', { name: `Commands that delete ${b}` })).toHaveText(`zonecfg -z ${b} delete -F`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(simCli('zoneadm', ['list', '-cp']).stdout).toContain(`:${a}:installed:`);
});

test('the task drawer lists tasks live and the task page offers the log', async ({ page }) => {
  const zone = makeZone('drawer', 'installed');
  await page.goto('/');
  await page.getByRole('button', { name: `Actions for ${zone}` }).click();
  await page.getByRole('menuitem', { name: 'Verify', exact: true }).click();
  await page.getByRole('button', { name: /^Tasks/ }).click();
  const drawer = page.getByRole('region', { name: 'Tasks', exact: true });
  await expect(drawer.getByRole('link', { name: `verify ${zone}` })).toBeVisible();
  await drawer.getByRole('link', { name: `verify ${zone}` }).click();
  await expect(page.getByRole('heading', { name: `verify ${zone}` })).toBeVisible();
  await expect(page.getByText(`$ zoneadm -z ${zone} verify`)).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download log' }).click();
  const file = await download;
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString());
  expect(text).toContain(`$ zoneadm -z ${zone} verify`);
  expect(text).toMatch(/status: succeeded/);
});

test('a tool error is shown verbatim under a plain line', async ({ page }) => {
  const zone = makeZone('failboot', 'installed');
  expect(simCli('sim-fault', ['add', 'boot-fail', '-z', zone, '--once']).status).toBe(0);
  await page.goto(`/zones/sim/${zone}`);
  await page.getByRole('toolbar', { name: `Actions for ${zone}` }).getByRole('button', { name: 'Boot', exact: true }).click();
  // the notice follows the task to its end: red, with a link to the log
  await page.getByRole('alert').filter({ hasText: `boot ${zone}: started and failed` }).getByRole('link', { name: 'view the log' }).click();
  await expect(page.getByText('failed').first()).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText(/Step 1 \(Boot .*\) failed/)).toBeVisible();
  await expect(page.getByText(`zoneadm: zone '${zone}': call to zoneadmd failed`)).toBeVisible();
});
