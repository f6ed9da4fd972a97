// The console websocket behind accounts, over real websockets and a real pty (the hub's fake
// zlogin), with the production gate: a foreign Origin, no ticket, a replayed ticket, a ticket
// for another zone, an expired one, another session's, an expired session: each refused
// before anything is spawned, and in the audit log. A viewer's console is read-only; logout
// and an admin's "end session" close open consoles at once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { spawnPty } from '../hosts/pty';
import { ConsoleHub } from '../console/hub';
import { TestViewer } from '../console/testkit';
import type { ConsoleHost } from '../console/zone-console';
import { setHostRegistry } from '../hosts/registry';
import { SimRunner } from '../hosts/sim';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/app-router';
import { upgradeWith } from '../ws/upgrade';
import { listAudit } from './audit';
import { clock } from './clock';
import { endSession, sessionLimits } from './sessions';
import { signIn } from './testkit';
import { TICKET_TTL_MS } from './tickets';

process.env.ZONEDASH_DB = ':memory:';

const here = path.dirname(fileURLToPath(import.meta.url));
const FAKE = path.join(here, '..', 'console', 'fake-zlogin.mjs');

let server: Server;
let port: number;
let origin: string;
let spawned = 0;
let hub: ConsoleHub;
const realNow = clock.now;

const host: ConsoleHost = {
  name: 'sim',
  openPty: (call, size) => {
    spawned++;
    return spawnPty(process.execPath, [FAKE, ...call.args], { ...size, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  },
  zoneState: async () => 'running',
  watchZones: () => () => {},
};

beforeAll(async () => {
  // console.ticket checks the host exists in the registry
  setHostRegistry([{ name: 'sim', kind: 'sim', description: 'test', runner: new SimRunner({ root: '/nonexistent', timeScale: 0 }) }]);
  hub = new ConsoleHub({ resolveHost: async (n) => (n === 'sim' ? host : undefined), config: { graceMs: 100 } });
  server = createServer((_req, res) => res.end());
  // the production gate (the default): session cookie and console ticket
  server.on('upgrade', (req, socket, head) => {
    req.headers['x-zonedash-remote'] = '127.0.0.9';
    upgradeWith(hub, req, socket, head);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  hub.shutdown();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  clock.now = realNow;
});

async function ticketFor(ctx: Awaited<ReturnType<typeof signIn>>['ctx'], zone: string, readOnly = false) {
  return createCallerFactory(appRouter)(ctx).console.ticket({ host: 'sim', zone, readOnly });
}

const url = (zone: string, q = '') => `ws://127.0.0.1:${port}/ws/console/sim/${zone}${q}`;

/** An upgrade that must be refused: its HTTP status, and nothing spawned. */
function refusedUpgrade(u: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(u, { headers, perMessageDeflate: false });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => {});
  });
}

const lastAuditId = () => listAudit({}, { limit: 1 }).entries[0]?.id ?? 0;
const auditSince = (id: number) => listAudit({}, { limit: 100 }).entries.filter((e) => e.id > id);

async function expectRefused(zone: string, q: string, headers: Record<string, string>, status: number, detail: RegExp) {
  const before = spawned;
  const mark = lastAuditId();
  expect(await refusedUpgrade(url(zone, q), headers)).toBe(status);
  await new Promise((r) => setTimeout(r, 50));
  expect(spawned).toBe(before);
  expect(hub.find('sim', zone)).toBeUndefined();
  const audit = auditSince(mark);
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ action: 'console.open', outcome: 'refused', host: 'sim', zone });
  expect(audit[0]!.detail).toMatch(detail);
}

describe('the console upgrade', () => {
  it('from a foreign Origin: refused with a valid cookie and ticket', async () => {
    const { ctx, cookie } = await signIn('admin');
    const t = await ticketFor(ctx, 'z1');
    await expectRefused('z1', `?ticket=${t.ticket}`, { origin: 'http://evil.example', cookie }, 403, /cross-origin upgrade \(Origin: http:\/\/evil\.example\)/);
  });

  it('without a ticket, or without a session: refused', async () => {
    const { ctx, cookie } = await signIn('admin');
    await expectRefused('z2', '', { origin, cookie }, 403, /no console ticket/);
    const t = await ticketFor(ctx, 'z2');
    await expectRefused('z2', `?ticket=${t.ticket}`, { origin }, 401, /not signed in/);
  });

  it('a replayed ticket: the first use opens, the second is refused', async () => {
    const { ctx, cookie } = await signIn('admin', 'ann');
    const t = await ticketFor(ctx, 'z3');
    const v = await TestViewer.connect(url('z3', `?ticket=${t.ticket}`), { origin, headers: { cookie } });
    const spawnedAfterFirst = spawned;
    await expectRefused('z3x', `?ticket=${t.ticket}`, { origin, cookie }, 403, /unknown or already used/);
    // the same ticket for the very same zone, while the first socket is open
    const mark = lastAuditId();
    expect(await refusedUpgrade(url('z3', `?ticket=${t.ticket}`), { origin, cookie })).toBe(403);
    expect(spawned).toBe(spawnedAfterFirst);
    expect(auditSince(mark)[0]!.detail).toMatch(/unknown or already used/);
    await v.close();
  });

  it('a ticket for another zone: refused, and used up', async () => {
    const { ctx, cookie } = await signIn('admin');
    const t = await ticketFor(ctx, 'z4');
    await expectRefused('z5', `?ticket=${t.ticket}`, { origin, cookie }, 403, /console ticket is for sim\/z4, not sim\/z5/);
    await expectRefused('z4', `?ticket=${t.ticket}`, { origin, cookie }, 403, /unknown or already used/);
  });

  it('an expired ticket: refused', async () => {
    const { ctx, cookie } = await signIn('admin');
    const t = await ticketFor(ctx, 'z6');
    const t0 = Date.now();
    clock.now = () => t0 + TICKET_TTL_MS + 1;
    await expectRefused('z6', `?ticket=${t.ticket}`, { origin, cookie }, 403, /unknown or already used|expired console ticket/);
  });

  it("another session's ticket: refused", async () => {
    const a = await signIn('admin', 'alice');
    const b = await signIn('admin', 'bob');
    const t = await ticketFor(a.ctx, 'z7');
    await expectRefused('z7', `?ticket=${t.ticket}`, { origin, cookie: b.cookie }, 403, /another session/);
  });

  it('an expired session: refused, with its ticket', async () => {
    const { ctx, cookie } = await signIn('operator', 'ivan');
    const t = await ticketFor(ctx, 'z8');
    const t0 = Date.now();
    clock.now = () => t0 + sessionLimits().idleMs + 1;
    await expectRefused('z8', `?ticket=${t.ticket}`, { origin, cookie }, 401, /session over: the session was idle/);
  });
});

describe('an open console', () => {
  it('is named by the account, audited open and closed with its mode', async () => {
    const { ctx, cookie } = await signIn('operator', 'opal');
    const mark = lastAuditId();
    const t = await ticketFor(ctx, 'c1');
    expect(t.mode).toBe('rw');
    const v = await TestViewer.connect(url('c1', `?ticket=${t.ticket}`), { origin, headers: { cookie }, name: 'chosen-by-browser' });
    await v.until(() => v.of('presence').some((p) => p.viewers.some((x) => x.name === 'opal')));
    await v.close();
    await new Promise((r) => setTimeout(r, 100));
    const audit = auditSince(mark);
    expect(audit.find((e) => e.action === 'console.open')).toMatchObject({ user: 'opal', outcome: 'ok', zone: 'c1', detail: 'read-write' });
    expect(audit.find((e) => e.action === 'console.close')!.detail).toMatch(/^read-write, open \d+ s, closed \(code 1005\)/);
  });

  it("is read-only for a viewer: the viewer's keystrokes never reach the zone", async () => {
    const op = await signIn('operator', 'oscar');
    const vw = await signIn('viewer', 'vic');
    const rw = await TestViewer.connect(url('c2', `?ticket=${(await ticketFor(op.ctx, 'c2')).ticket}`), { origin, headers: { cookie: op.cookie } });
    const vt = await ticketFor(vw.ctx, 'c2'); // asks for read-write, gets read-only
    expect(vt.mode).toBe('ro');
    const ro = await TestViewer.connect(url('c2', `?ticket=${vt.ticket}`), { origin, headers: { cookie: vw.cookie }, mode: 'rw' });
    expect(ro.of('welcome')[0]!.mode).toBe('ro');
    // the stand-in zlogin echoes what reaches it, once it has set up its terminal
    await rw.waitFor('console]\r\n');
    await new Promise((r) => setTimeout(r, 200));
    ro.send('typed-by-viewer ');
    rw.send('typed-by-operator ');
    await rw.waitFor('typed-by-operator');
    await ro.waitFor('typed-by-operator');
    expect(rw.text).not.toContain('typed-by-viewer');
    await rw.close();
    await ro.close();
  });

  it('closes within 2 s of logout, and of an admin ending the session', async () => {
    for (const how of ['logout', 'ended by an admin'] as const) {
      const { ctx, cookie } = await signIn('operator', `leo-${how.length}`);
      const v = await TestViewer.connect(url('c3', `?ticket=${(await ticketFor(ctx, 'c3')).ticket}`), { origin, headers: { cookie } });
      const mark = lastAuditId();
      const t0 = Date.now();
      if (how === 'logout') await createCallerFactory(appRouter)(ctx).auth.logout();
      else endSession(ctx.auth!.session.id, 'ended by an admin');
      await v.until(() => v.closed !== null, 2000, 'the socket to close');
      const took = Date.now() - t0;
      expect(took).toBeLessThan(2000);
      expect(v.closed).toEqual({ code: 4401, reason: `session ended: ${how}` });
      await new Promise((r) => setTimeout(r, 50));
      expect(auditSince(mark).find((e) => e.action === 'console.close')!.detail).toContain(`session ended (${how})`);
      console.log(`console closed ${took} ms after ${how}`);
    }
  });
});
