// The hub against the simulated host's real `bin/zlogin` on a pty, with the host's watcher:
// attach before boot and see the whole boot, log in, run a command; `~.` is text for the
// zone, not an escape; the one-client rule (ours refuses a CLI zlogin, and a CLI zlogin that
// got there first is reported and waited out); zones that cannot have a console.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pty from 'node-pty';
import type { Host } from '../hosts/registry';
import { simBinDir } from '../hosts/pty';
import { SimRunner } from '../hosts/sim';
import { zoneadmBoot } from '../illumos/zoneadm';
import { makeSimHost } from '../sim/zoneos-testkit';
import { watcherFor } from '../zones/watcher';
import { ConsoleHub, consoleHostOf } from './hub';
import { openGate, TestViewer } from './testkit';
import { upgradeWith } from '../ws/upgrade';

let root: string;
let cleanup: () => void;
let server: Server;
let base: string;
let origin: string;
let hub: ConsoleHub;
let runner: SimRunner;
const SCALE = 0.05;

beforeAll(async () => {
  ({ root, cleanup } = await makeSimHost([
    { name: 'web01', state: 'installed' },
    { name: 'app01', state: 'installed' },
    { name: 'cfg01', state: 'configured' },
  ]));
  runner = new SimRunner({ root, timeScale: SCALE });
  const host: Host = { name: 'simtest', kind: 'sim', description: 'test', runner };
  const ch = consoleHostOf(host)!;
  hub = new ConsoleHub({ resolveHost: async (n) => (n === host.name ? ch : undefined), config: { graceMs: 200, busyRetryMs: 300 } });
  server = createServer((_req, res) => res.end());
  server.on('upgrade', (req, socket, head) => upgradeWith(hub, req, socket, head, openGate));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  base = `ws://127.0.0.1:${port}/ws/console/simtest`;
  origin = `http://127.0.0.1:${port}`;
}, 30_000);

afterAll(async () => {
  hub.shutdown();
  watcherFor({ name: 'simtest', kind: 'sim', description: '', runner }).stop();
  await new Promise((r) => server.close(r));
  await new Promise((r) => setTimeout(r, 300));
  cleanup();
});

const env = () => ({ ...process.env, SIM_ROOT: root, SIM_TIME_SCALE: '0', SIM_NODE: process.execPath });
const zlogin = path.join(simBinDir(), 'zlogin');

describe('the hub on the simulated host', () => {
  it('attaches to an installed zone, shows the whole boot, logs in and runs hostname; ~. stays in the zone', async () => {
    const v = await TestViewer.connect(`${base}/web01`, { origin });
    await v.waitFor("[Connected to zone 'web01' console]\r\n", 20_000);
    await v.until(() => v.of('status').at(-1)?.state === 'attached');
    expect(v.of('status').at(-1)!.zoneState).toBe('installed'); // the pane says: not running
    const pid = hub.find('simtest', 'web01')!.attachedPid!;

    const r = await runner.run(zoneadmBoot('web01'));
    expect(r.exitCode).toBe(0);
    await v.waitFor('[NOTICE: Zone booting up]', 20_000);
    await v.waitFor('SunOS Release 5.11', 20_000);
    await v.waitFor('Hostname: web01\r\n', 20_000);
    await v.waitFor('web01 console login: ', 20_000);
    await v.until(() => v.of('status').at(-1)?.zoneState === 'running', 10_000, 'running');

    v.send('root\r');
    await v.waitFor('root@web01:~# ');
    v.send('echo hi-$((40+2))\r');
    await v.waitFor('hi-42\r\n');
    v.send('hostname\r');
    await v.waitFor('hostname\r\nweb01\r\n');

    // `~.` at the start of a line: zlogin -E passes it to the zone like any text
    v.send('~.');
    v.send('\r');
    await v.waitFor('~.: command not found', 10_000);
    expect(hub.find('simtest', 'web01')!.attachedPid).toBe(pid);

    // one console client: a zlogin -C from the host's shell is refused while the hub holds it
    const second = spawnSync(zlogin, ['-C', 'web01'], { env: env(), encoding: 'utf8', input: '' });
    expect(second.stderr).toBe(`zlogin: Zone is already in use by process ID ${pid}.\n`);
    expect(second.status).toBe(1);
    await v.close();
  }, 60_000);

  it('reports a console held by another client, and attaches once it lets go', async () => {
    const holder = pty.spawn(zlogin, ['-C', 'app01'], { cols: 80, rows: 24, env: env() as Record<string, string> });
    let held = '';
    holder.onData((d) => (held += d));
    for (let i = 0; i < 200 && !held.includes('console]'); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    const v = await TestViewer.connect(`${base}/app01`, { origin });
    await v.until(() => v.of('status').some((s) => s.state === 'busy'), 20_000, 'busy');
    expect(v.of('status').find((s) => s.state === 'busy')!.holderPid).toBe(holder.pid);
    expect(v.text).toBe(''); // zlogin's refusal is a status, not console output
    holder.kill('SIGHUP');
    await v.until(() => v.of('status').at(-1)?.state === 'attached', 20_000, 'attached');
    await v.waitFor("[Connected to zone 'app01' console]");
    await v.close();
  }, 60_000);

  it('shows one "[Connected" line per visit: a return visit after zlogin hung up does not repeat it', async () => {
    const first = await TestViewer.connect(`${base}/web01`, { origin });
    await first.until(() => first.of('status').at(-1)?.state === 'attached', 20_000, 'attached');
    await first.close();
    // the grace period passes: the hub hangs up zlogin; the next visit attaches again
    for (let i = 0; i < 100 && hub.find('simtest', 'web01')!.attachedPid !== null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hub.find('simtest', 'web01')!.attachedPid).toBeNull();
    const second = await TestViewer.connect(`${base}/web01`, { origin });
    await second.until(() => second.of('status').at(-1)?.state === 'attached' && hub.find('simtest', 'web01')!.attachedPid !== null, 20_000, 'attached again');
    await new Promise((r) => setTimeout(r, 500));
    expect(second.text.split("[Connected to zone 'web01' console]").length - 1).toBe(1);
    await second.close();
  }, 60_000);

  it('says a configured zone has no console, without running zlogin', async () => {
    const v = await TestViewer.connect(`${base}/cfg01`, { origin });
    await v.until(() => v.of('status').some((s) => s.state === 'unavailable'), 10_000, 'unavailable');
    expect(v.of('status').at(-1)!.message).toMatch(/cfg01 is configured/);
    // the watcher's own zoneadm list calls run in-process; no pty was opened
    expect(hub.find('simtest', 'cfg01')!.stats.spawns).toBe(0);
    await v.close();
  });
});
