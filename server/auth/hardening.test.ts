// What an outside security test found (issue 9, items 9, 10, 12, 13 and 15), each through the
// real tRPC endpoint (server/trpc/http.ts) or the real request gate and websocket upgrade, with
// requests shaped as browsers send them, against a simulated host.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ConsoleHub } from '../console/hub';
import { database } from '../db/database';
import { gatePage } from '../http/gate';
import { handleTrpcRequest } from '../trpc/http';
import { upgradeWith } from '../ws/upgrade';
import { COALESCE_WINDOW_MS, listAudit, pruneAudit, type AuditEntry } from './audit';
import { clock } from './clock';
import { sessionCookieName } from './http';
import { signIn, TEST_PASSWORD } from './testkit';
import { call, ORIGIN, simHost } from './testkit-http';
import { MAX_TICKETS_PER_SESSION } from './tickets';
import { findUser } from './users';

process.env.ZONEDASH_DB = ':memory:';
process.env.ZONEDASH_POLL_MS = '600000';

let cleanup: () => void;
const realNow = clock.now;

beforeAll(async () => {
  ({ cleanup } = await simHost());
});
afterAll(() => cleanup());
afterEach(() => {
  clock.now = realNow;
  for (const k of ['TLS_CERT', 'TLS_KEY', 'AUDIT_RETENTION_DAYS', 'AUDIT_MAX_ROWS']) delete process.env[k];
});

const lastAuditId = () => listAudit({}, { limit: 1 }).entries[0]?.id ?? 0;
const auditSince = (since: number, filter: Parameters<typeof listAudit>[0] = {}): AuditEntry[] =>
  listAudit(filter, { limit: 1000 }).entries.filter((e) => e.id > since);
const data = <T>(r: { json: () => unknown }) => (r.json() as { result: { data: T } }).result.data;

describe('account changes say what changed in the audit log (item 9)', () => {
  it('create, role, disable and enable, reset, end session, own password: the account, old and new values, never a password', async () => {
    const { cookie: admin } = await signIn('admin', 'audrey');
    const mark = lastAuditId();
    const created = await call('users.create', { input: { name: 'carol', role: 'viewer', password: 'carol-first-secret' }, cookie: admin });
    expect(created.status, created.body).toBe(200);
    const id = data<{ id: number }>(created).id;
    await signIn('viewer', 'carol'); // a session for the role change to end
    expect((await call('users.setRole', { input: { id, role: 'operator' }, cookie: admin })).status).toBe(200);
    expect((await call('users.setRole', { input: { id, role: 'viewer' }, cookie: admin })).status).toBe(200);
    expect((await call('users.setDisabled', { input: { id, disabled: true }, cookie: admin })).status).toBe(200);
    expect((await call('users.setDisabled', { input: { id, disabled: false }, cookie: admin })).status).toBe(200);
    await signIn('viewer', 'carol'); // and one for the reset to end
    expect((await call('users.resetPassword', { input: { id, password: 'carol-reset-secret' }, cookie: admin })).status).toBe(200);
    const carol3 = await signIn('viewer', 'carol');
    const ended = await call('sessions.end', { input: { id: carol3.ctx.auth!.session.id }, cookie: admin });
    expect(ended.status, ended.body).toBe(200);
    const carol4 = await signIn('viewer', 'carol');
    const own = await call('auth.changePassword', { input: { current: 'carol-reset-secret', next: 'carol-own-new-secret' }, cookie: carol4.cookie });
    expect(own.status, own.body).toBe(200);
    // a refused change says what was attempted
    const last = await call('users.setRole', { input: { id: findUser('audrey')!.id, role: 'viewer' }, cookie: admin });

    const records = auditSince(mark)
      .filter((e) => /^(users|sessions|auth\.changePassword)/.test(e.action))
      .reverse()
      .map((e) => `${e.user} ${e.action} ${e.outcome}: ${e.detail}`);
    expect(records).toEqual([
      'audrey users.create ok: account carol created with role viewer',
      'audrey users.setRole ok: carol: role viewer → operator',
      'audrey users.setRole ok: carol: role operator → viewer; 1 session ended',
      'audrey users.setDisabled ok: carol: enabled → disabled; 0 sessions ended',
      'audrey users.setDisabled ok: carol: disabled → enabled',
      'audrey users.resetPassword ok: carol: password reset by an admin; 1 session ended',
      expect.stringMatching(/^audrey sessions\.end ok: session of carol ended \(from 127\.0\.0\.1, signed in \d{4}-\d\d-\d\dT[\d:.]+Z, id [0-9a-f]{8}\)$/),
      'carol auth.changePassword ok: carol: own password changed; 0 other sessions ended',
      expect.stringMatching(/^audrey users\.setRole error: audrey: role admin → viewer; CONFLICT: .*only enabled admin/),
    ]);
    expect(last.status).toBe(409);
    expect(JSON.stringify(auditSince(mark))).not.toMatch(/secret|correct horse/);
  });
});

describe('the current password of a password change is throttled like a sign-in (item 10)', () => {
  it('after five wrong guesses the next is refused unchecked (429, Retry-After), the right one too; sign-in is not affected', async () => {
    const t0 = Date.now();
    clock.now = () => t0;
    const { cookie } = await signIn('viewer', 'guessed');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await call('auth.changePassword', { input: { current: `guess number ${i}`, next: 'the attackers password' }, cookie })).status);
    }
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429, 429, 429]);
    const right = await call('auth.changePassword', { input: { current: TEST_PASSWORD, next: 'the attackers password' }, cookie });
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((right.json() as { error: { message: string } }).error.message).toMatch(/Too many wrong current passwords/);
    // a count of its own: the account still signs in
    expect((await call('auth.login', { input: { name: 'guessed', password: TEST_PASSWORD }, address: '127.0.2.1' })).status).toBe(200);
    // a delay, not a lock: later, the right password changes it
    clock.now = () => t0 + 10 * 60_000;
    const { cookie: fresh } = await signIn('viewer', 'guessed');
    expect((await call('auth.changePassword', { input: { current: TEST_PASSWORD, next: 'a new password of mine' }, cookie: fresh })).status).toBe(200);
  });
});

describe('a path that does not decode is a bad request, not a server error (item 12)', () => {
  it('/api/trpc/%ff answers 400 from the endpoint', async () => {
    const { cookie } = await signIn('viewer');
    for (const method of ['GET', 'POST'] as const) {
      const r = await handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/%ff`, { method, headers: { host: 'localhost:3000', origin: ORIGIN, cookie }, body: method === 'POST' ? '{}' : undefined }));
      expect(r.status).toBe(400);
      expect(await r.text()).toMatch(/malformed percent-encoding/);
    }
  });

  it('/zones/sim/%ff answers 400 from the page gate, signed in or not, before Next sees it', async () => {
    const { cookie } = await signIn('viewer');
    let reachedNext = 0;
    const server: Server = createServer((req, res) => {
      if (gatePage(req, res)) return;
      reachedNext++;
      res.end('page');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/zones/sim/%ff', '/api/trpc/%ff', '/zones/%e2%82/x']) {
        expect((await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' })).status, path).toBe(400);
        expect((await fetch(`${base}${path}`, { redirect: 'manual' })).status, path).toBe(400);
      }
      expect(reachedNext).toBe(0);
      expect((await fetch(`${base}/zones/sim/caf%c3%a9`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('under TLS the origin check includes the scheme (item 13)', () => {
  const tls = () => {
    process.env.TLS_CERT = '/nonexistent/cert.pem';
    process.env.TLS_KEY = '/nonexistent/key.pem';
  };

  it('a POST from http://host to the https server is refused; from https://host it runs', async () => {
    tls();
    const { cookie } = await signIn('viewer', 'tls-tom');
    expect(cookie.startsWith('__Host-')).toBe(true);
    const plain = await call('auth.logout', { cookie, origin: 'http://localhost:3000' });
    expect(plain.status).toBe(403);
    const refused = auditSince(0, { action: 'auth.logout', outcome: 'refused' }).at(0)!;
    expect(refused.detail).toMatch(/cross-origin request from http:\/\/localhost:3000 \(this server is https:\/\/localhost:3000\)/);
    expect((await call('auth.logout', { cookie, origin: 'https://localhost:3000' })).status).toBe(200);
    // the default port folds as browsers fold it
    const { cookie: again } = await signIn('viewer', 'tls-tom');
    const hostless = await handleTrpcRequest(
      new Request('https://example.test/api/trpc/auth.logout', { method: 'POST', headers: { host: 'example.test:443', origin: 'https://example.test', 'content-type': 'application/json', cookie: again }, body: 'null' }),
    );
    expect(hostless.status).toBe(200);
  });

  it('a console websocket from http://host to the https server is refused before the session is looked at', async () => {
    tls();
    const hub = new ConsoleHub({ resolveHost: async () => undefined });
    const server = createServer((_q, s) => s.end());
    server.on('upgrade', (req, socket, head) => upgradeWith(hub, req, socket, head));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const status = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/console/sim/www`, { headers: { origin } });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => reject(new Error('opened')));
        ws.on('error', () => {});
      });
    try {
      expect(await status(`http://127.0.0.1:${port}`)).toBe(403);
      // https: past the origin check, refused next for want of a session
      expect(await status(`https://127.0.0.1:${port}`)).toBe(401);
    } finally {
      hub.shutdown();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('floods, caching and bounds (item 15)', () => {
  it('refused calls without a session are one row per source, action and reason per window, with a count', async () => {
    const t0 = Date.now();
    clock.now = () => t0;
    const mark = lastAuditId();
    for (let i = 0; i < 100; i++) {
      expect((await call('zones.list', { method: 'GET', input: {}, address: '198.51.100.20' })).status).toBe(401);
      expect((await call('auth.login', { input: { name: 'nobody-at-all', password: `guess ${i}` }, address: '198.51.100.21' })).status).toBeGreaterThanOrEqual(401);
      expect((await call('zones.action', { input: { host: 'sim', zone: 'db', verb: 'boot' }, origin: 'http://evil.example', address: '198.51.100.22' })).status).toBe(403);
      expect((await call('auth.setup', { input: { token: `made-up-${i}`, name: 'eve', password: 'a long enough password' }, address: '198.51.100.23' })).status).toBe(403);
    }
    const rows = auditSince(mark);
    const from = (a: string) => rows.filter((e) => e.address === a);
    expect(from('198.51.100.20')).toHaveLength(1);
    expect(from('198.51.100.20')[0]!.detail).toMatch(/^query refused: not signed in \(100 times, /);
    // the guesser: a row for the checked guesses and one for the throttled ones
    expect(from('198.51.100.21').length).toBeLessThanOrEqual(2);
    expect(from('198.51.100.21').map((e) => Number(/\((\d+) times/.exec(e.detail)?.[1] ?? 1)).reduce((a, b) => a + b)).toBe(100);
    expect(from('198.51.100.22')).toHaveLength(1);
    expect(from('198.51.100.22')[0]!.detail).toMatch(/\(100 times, /);
    expect(from('198.51.100.23')).toHaveLength(1);
    expect(from('198.51.100.23')[0]!.detail).toMatch(/^invalid or used setup token \(100 times, /);
    // the next window starts a new row
    clock.now = () => t0 + COALESCE_WINDOW_MS + 1;
    await call('zones.list', { method: 'GET', input: {}, address: '198.51.100.20' });
    expect(auditSince(mark).filter((e) => e.address === '198.51.100.20')).toHaveLength(2);
    console.log(`400 refused requests from 4 sources: ${rows.length} audit rows`);
  });

  it('signed-in refusals are still one row each', async () => {
    const { cookie } = await signIn('viewer', 'vic');
    const mark = lastAuditId();
    for (let i = 0; i < 3; i++) await call('users.list', { method: 'GET', cookie });
    expect(auditSince(mark, { user: 'vic', outcome: 'refused' })).toHaveLength(3);
  });

  it('every API answer says Cache-Control: no-store: queries, mutations, errors and live streams', async () => {
    const { cookie } = await signIn('viewer', 'cachy');
    const answers = [
      await call('auth.me', { method: 'GET', cookie }),
      await call('zones.list', { method: 'GET', input: {}, cookie }),
      await call('auth.login', { input: { name: 'cachy', password: 'wrong wrong' }, address: '127.0.3.1' }),
      await call('zones.list', { method: 'GET', input: {} }),
    ];
    for (const a of answers) expect(a.headers.get('cache-control'), a.body).toBe('no-store');
    const stream = await handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/zones.watch?input=%7B%7D`, { headers: { host: 'localhost:3000', cookie } }));
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(stream.headers.get('cache-control')).toBe('no-store');
    await stream.body!.cancel();
  });

  it(`a session holds at most ${MAX_TICKETS_PER_SESSION} unused console tickets`, async () => {
    const { cookie } = await signIn('operator', 'ticketer');
    const ask = () => call('console.ticket', { input: { host: 'sim', zone: 'www' }, cookie });
    for (let i = 0; i < MAX_TICKETS_PER_SESSION; i++) expect((await ask()).status).toBe(200);
    const over = await ask();
    expect(over.status).toBe(429);
    expect((over.json() as { error: { message: string } }).error.message).toMatch(/holds 20 unused console tickets already/);
    // another session of the same account is counted apart
    const other = await signIn('operator', 'ticketer');
    expect((await call('console.ticket', { input: { host: 'sim', zone: 'www' }, cookie: other.cookie })).status).toBe(200);
    // expired tickets no longer count
    const t0 = Date.now();
    clock.now = () => t0 + 31_000;
    expect((await ask()).status).toBe(200);
  });

  it('a session holds at most 12 live streams; a closed one frees its place', async () => {
    const { cookie } = await signIn('viewer', 'streamer');
    const open = () =>
      handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/zones.watch?input=%7B%7D`, { headers: { host: 'localhost:3000', cookie, accept: 'text/event-stream' } }));
    const streams: Response[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await open();
      expect(r.status).toBe(200);
      streams.push(r);
    }
    const over = await open();
    expect(over.status).toBe(429);
    expect(await over.text()).toMatch(/12 live streams open already/);
    // queries of the same session are not streams: unaffected
    expect((await call('zones.list', { method: 'GET', input: {}, cookie })).status).toBe(200);
    // another session is counted apart
    const { cookie: other } = await signIn('viewer', 'streamer');
    const theirs = await handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/zones.watch?input=%7B%7D`, { headers: { host: 'localhost:3000', cookie: other } }));
    expect(theirs.status).toBe(200);
    await theirs.body!.cancel();
    await streams.pop()!.body!.cancel();
    const again = await open();
    expect(again.status).toBe(200);
    for (const s of [...streams, again]) await s.body!.cancel();
    expect((await open()).status).toBe(200);
  });

  it('the audit log keeps AUDIT_RETENTION_DAYS of records and at most AUDIT_MAX_ROWS, and says when it pruned', async () => {
    const db = database();
    const day = 86_400_000;
    const now = Date.now();
    const insert = db.prepare(`INSERT INTO audit (at, user, address, host, zone, action, argv, task_id, outcome, detail) VALUES (?, 'u', '', '', '', 'test.old', '[]', NULL, 'ok', '')`);
    for (let i = 0; i < 50; i++) insert.run(now - 40 * day + i);
    for (let i = 0; i < 50; i++) insert.run(now - 10 * day + i);
    process.env.AUDIT_RETENTION_DAYS = '30';
    const first = pruneAudit();
    expect(first.byAge).toBeGreaterThanOrEqual(50);
    expect(listAudit({ action: 'test.old' }, { limit: 1000 }).entries).toHaveLength(50);
    expect(listAudit({ action: 'audit.prune' }, { limit: 1 }).entries[0]!.detail).toMatch(/^removed \d+ older than 30 days$/);

    for (let i = 0; i < 300; i++) insert.run(now - day + i);
    process.env.AUDIT_MAX_ROWS = '100';
    const second = pruneAudit();
    expect(second.bySize).toBeGreaterThan(0);
    const count = (db.prepare(`SELECT count(*) AS n FROM audit`).get() as { n: number }).n;
    expect(count).toBe(100);
    // the newest stay, and the record of the pruning is among them
    expect(listAudit({}, { limit: 1 }).entries[0]!.detail).toMatch(/oldest past the bound of 100 records/);
  });
});

// the session cookie name is read at call time: a TLS test's __Host- prefix must not leak
it('leaves the cookie name as it found it', () => {
  expect(sessionCookieName()).toBe('zonedash_session');
});
