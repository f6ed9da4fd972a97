// The request-level guarantees, through the real tRPC endpoint (server/trpc/http.ts) with
// requests shaped as browsers send them, against a simulated host whose runner counts every
// tool it runs: each hostile request is refused, runs nothing, and is in the audit log.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../hosts/registry';
import { taskManager } from '../services';
import { listAudit, type AuditEntry } from './audit';
import { clock } from './clock';
import { deviceCookieName, sessionCookieName } from './http';
import { sessionLimits } from './sessions';
import { signIn, TEST_PASSWORD } from './testkit';
import { call, quiet, simHost } from './testkit-http';

process.env.ZONEDASH_DB = ':memory:';
process.env.ZONEDASH_POLL_MS = '600000';

let host: Host;
let cleanup: () => void;
const realNow = clock.now;

beforeAll(async () => {
  ({ host, cleanup } = await simHost());
});
afterAll(() => cleanup());
afterEach(() => {
  clock.now = realNow;
});

/** audit entries newer than `since` (an id) */
const auditSince = (since: number, filter: Parameters<typeof listAudit>[0] = {}): AuditEntry[] =>
  listAudit(filter, { limit: 1000 }).entries.filter((e) => e.id > since);
const lastAuditId = () => listAudit({}, { limit: 1 }).entries[0]?.id ?? 0;

/** A refused request: the status, nothing ran, and one audit record saying so. */
async function expectRefused(run: () => Promise<{ status: number; body: string }>, status: number, detail: RegExp) {
  const before = await quiet(host);
  const mark = lastAuditId();
  const r = await run();
  expect(r.status, r.body).toBe(status);
  await new Promise((res) => setTimeout(res, 100));
  expect(host.runner.spawnCount).toBe(before);
  expect(taskManager().list({ status: 'running' })).toEqual([]);
  const refused = auditSince(mark).filter((e) => e.outcome === 'refused' || e.outcome === 'error');
  expect(refused.length, JSON.stringify(auditSince(mark))).toBeGreaterThanOrEqual(1);
  expect(refused.map((e) => e.detail).join('\n')).toMatch(detail);
  return r;
}

describe('requests that change something come from our own pages', () => {
  it('a cross-origin POST is refused before tRPC sees it, even with an admin cookie', async () => {
    const { cookie } = await signIn('admin');
    const r = await expectRefused(
      () => call('zones.action', { input: { host: 'sim', zone: 'db', verb: 'boot' }, cookie, origin: 'http://evil.example' }),
      403,
      /cross-origin request from http:\/\/evil\.example/,
    );
    expect(r.body).toMatch(/Cross-site requests are refused/);
  });

  it('Sec-Fetch-Site: cross-site is refused even without an Origin; so is another port of this host', async () => {
    const { cookie } = await signIn('admin');
    await expectRefused(() => call('zones.action', { input: { host: 'sim', zone: 'db', verb: 'boot' }, cookie, origin: null, site: 'cross-site' }), 403, /Sec-Fetch-Site: cross-site/);
    await expectRefused(() => call('zones.action', { input: { host: 'sim', zone: 'db', verb: 'boot' }, cookie, origin: null, site: 'same-site' }), 403, /same-site/);
    await expectRefused(() => call('zones.action', { input: { host: 'sim', zone: 'db', verb: 'boot' }, cookie, origin: 'http://localhost:4000' }), 403, /localhost:4000/);
    await expectRefused(() => call('users.create', { input: { name: 'mallory', role: 'admin', password: 'x'.repeat(12) }, cookie, origin: 'null' }), 403, /cross-origin/);
  });

  it('a cross-origin sign-in (login CSRF) is refused too', async () => {
    await expectRefused(() => call('auth.login', { input: { name: 'admin', password: TEST_PASSWORD }, origin: 'http://evil.example' }), 403, /cross-origin/);
  });

  it('a mutation over GET is refused and runs nothing', async () => {
    const { cookie } = await signIn('admin');
    const before = await quiet(host);
    const r = await call('zones.action', { method: 'GET', input: { host: 'sim', zone: 'db', verb: 'boot' }, cookie });
    expect(r.status).toBe(405);
    expect(host.runner.spawnCount).toBe(before);
  });

  it('the same POST from our own page runs, as a task in the audit log with its argv', async () => {
    const { cookie } = await signIn('operator', 'olga');
    const mark = lastAuditId();
    const r = await call('zones.action', { input: { host: 'sim', zone: 'db', verb: 'boot' }, cookie, site: 'same-origin' });
    expect(r.status, r.body).toBe(200);
    const task = (r.json() as { result: { data: { id: string; user: string } } }).result.data;
    expect(task.user).toBe('olga');
    await taskManager().wait(task.id);
    await quiet(host);
    const entries = auditSince(mark);
    const started = entries.find((e) => e.action === 'zones.action:boot')!;
    expect(started).toMatchObject({ user: 'olga', address: '127.0.0.9', host: 'sim', zone: 'db', taskId: task.id, outcome: 'ok' });
    expect(started.argv).toEqual([['zoneadm', '-z', 'db', 'boot']]);
    const finished = entries.find((e) => e.action === 'task.boot')!;
    expect(finished).toMatchObject({ user: 'olga', taskId: task.id, outcome: 'ok', argv: [['zoneadm', '-z', 'db', 'boot']] });
    // put it back for the other tests
    const { cookie: admin } = await signIn('admin');
    const halt = await call('zones.action', { input: { host: 'sim', zone: 'db', verb: 'halt' }, cookie: admin });
    await taskManager().wait((halt.json() as { result: { data: { id: string } } }).result.data.id);
  });
});

describe('roles, from the one table', () => {
  it('a viewer reads zones but every verb is refused with the role it needs, and nothing runs', async () => {
    const { cookie } = await signIn('viewer', 'vera');
    expect((await call('zones.list', { method: 'GET', input: {}, cookie })).status).toBe(200);
    for (const verb of ['boot', 'halt', 'reboot', 'shutdown', 'ready']) {
      const r = await expectRefused(() => call('zones.action', { input: { host: 'sim', zone: 'www', verb }, cookie }), 403, /needs the operator role, has viewer/);
      expect(r.body).toContain(`zones.action ${verb} needs the operator role`);
    }
    await expectRefused(() => call('zones.action', { input: { host: 'sim', zone: 'www', verb: 'delete' }, cookie }), 403, /needs the admin role, has viewer/);
    await expectRefused(() => call('users.create', { input: { name: 'x1', role: 'admin', password: 'y'.repeat(12) }, cookie }), 403, /needs the admin role/);
    const audit = auditSince(0, { user: 'vera', action: 'zones.action' });
    expect(audit.every((e) => e.outcome === 'refused' && e.host === 'sim' && e.zone === 'www')).toBe(true);
  });

  it('an operator boots but cannot delete, install or create users', async () => {
    const { cookie } = await signIn('operator', 'otto');
    await expectRefused(() => call('zones.action', { input: { host: 'sim', zone: 'db', verb: 'delete' }, cookie }), 403, /needs the admin role, has operator/);
    await expectRefused(() => call('zones.action', { input: { host: 'sim', zone: 'vm', verb: 'install' }, cookie }), 403, /needs the admin role/);
    await expectRefused(() => call('provision.fromExport', { input: { text: 'create' }, cookie }), 403, /needs the admin role/);
    await expectRefused(() => call('audit.list', { method: 'GET', input: {}, cookie }), 403, /needs the admin role/);
  });

  it('nobody signed in gets nothing but the sign-in procedures', async () => {
    await expectRefused(() => call('zones.list', { method: 'GET', input: {} }), 401, /not signed in/);
    await expectRefused(() => call('zones.action', { input: { host: 'sim', zone: 'db', verb: 'boot' } }), 401, /not signed in/);
    expect((await call('auth.me', { method: 'GET' })).json()).toEqual({ result: { data: null } });
  });
});

describe('sessions', () => {
  it('an idle session is refused, says why, runs nothing, and is audited', async () => {
    const { cookie } = await signIn('admin', 'idle-ada');
    const t0 = Date.now();
    clock.now = () => t0 + sessionLimits().idleMs + 1000;
    const r = await expectRefused(() => call('zones.action', { input: { host: 'sim', zone: 'db', verb: 'boot' }, cookie }), 401, /idle for more than 15 minutes/);
    expect(r.body).toMatch(/Sign in again: the session was idle/);
    expect(auditSince(0, { user: 'idle-ada', outcome: 'refused' }).length).toBe(1);
    // and it is gone: the same cookie later is just not signed in
    clock.now = realNow;
    await expectRefused(() => call('zones.list', { method: 'GET', input: {}, cookie }), 401, /the session is over/);
  });

  it('a session in use still ends at its absolute lifetime', async () => {
    const { cookie } = await signIn('admin', 'busy-bob');
    const t0 = Date.now();
    const { idleMs, maxMs } = sessionLimits();
    // a request every half idle period, until past the lifetime
    for (let t = t0; t < t0 + maxMs - idleMs / 2; t += idleMs / 2) {
      clock.now = () => t;
      expect((await call('hosts.list', { method: 'GET', cookie })).status).toBe(200);
    }
    clock.now = () => t0 + maxMs + 1;
    await expectRefused(() => call('hosts.list', { method: 'GET', cookie }), 401, /maximum lifetime/);
  });

  it('signing in rotates: a new token, and the session the browser held is over', async () => {
    const { cookie: old } = await signIn('admin', 'rita');
    const r = await call('auth.login', { input: { name: 'rita', password: TEST_PASSWORD }, cookie: old });
    expect(r.status, r.body).toBe(200);
    const setCookies = r.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith(`${sessionCookieName()}=`))!;
    expect(session).toMatch(/; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(setCookies.find((c) => c.startsWith(`${deviceCookieName()}=`))).toMatch(/HttpOnly; SameSite=Strict; Max-Age=31536000/);
    const fresh = session.split(';')[0]!;
    expect(fresh).not.toBe(old);
    expect((await call('hosts.list', { method: 'GET', cookie: fresh })).status).toBe(200);
    expect((await call('hosts.list', { method: 'GET', cookie: old })).status).toBe(401);
  });

  it('logout ends a live subscription of that session at once, and the cookie no longer works', async () => {
    const { cookie } = await signIn('viewer', 'lou');
    const { ORIGIN } = await import('./testkit-http');
    const { handleTrpcRequest } = await import('../trpc/http');
    const res = await handleTrpcRequest(
      new Request(`${ORIGIN}/api/trpc/zones.watch?input=${encodeURIComponent(JSON.stringify({}))}`, {
        headers: { host: 'localhost:3000', cookie, accept: 'text/event-stream' },
      }),
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/snapshot|connected/);
    const t0 = Date.now();
    expect((await call('auth.logout', { cookie })).status).toBe(200);
    // drain until the stream ends
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
    }
    expect(Date.now() - t0).toBeLessThan(2000);
    expect((await call('zones.list', { method: 'GET', input: {}, cookie })).status).toBe(401);
  });

  it("an admin's end session ends another user's subscription at once", async () => {
    const { cookie, ctx } = await signIn('viewer', 'eve');
    const { cookie: admin } = await signIn('admin');
    const { ORIGIN } = await import('./testkit-http');
    const { handleTrpcRequest } = await import('../trpc/http');
    const res = await handleTrpcRequest(new Request(`${ORIGIN}/api/trpc/zones.watch?input=%7B%7D`, { headers: { host: 'localhost:3000', cookie } }));
    const reader = res.body!.getReader();
    await reader.read();
    const t0 = Date.now();
    const ended = await call('sessions.end', { input: { id: ctx.auth!.session.id }, cookie: admin });
    expect(ended.status, ended.body).toBe(200);
    for (;;) if ((await reader.read()).done) break;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect((await call('zones.list', { method: 'GET', input: {}, cookie })).status).toBe(401);
  });

  it('disabling an account ends its sessions; the last admin cannot be disabled or demoted', async () => {
    const { cookie: admin } = await signIn('admin');
    const { cookie, ctx } = await signIn('operator', 'dora');
    expect((await call('users.setDisabled', { input: { id: ctx.auth!.user.id, disabled: true }, cookie: admin })).status).toBe(200);
    expect((await call('hosts.list', { method: 'GET', cookie })).status).toBe(401);
    const { findUser } = await import('./users');
    const adminId = findUser('admin')!.id;
    // every other admin of this test file is disabled first, so 'admin' is the last one
    for (const name of ['idle-ada', 'busy-bob', 'rita']) {
      const u = findUser(name);
      if (u) expect((await call('users.setDisabled', { input: { id: u.id, disabled: true }, cookie: admin })).status).toBe(200);
    }
    const r = await call('users.setRole', { input: { id: adminId, role: 'viewer' }, cookie: admin });
    expect(r.status).toBe(409);
    expect(r.body).toMatch(/only enabled admin/);
    expect((await call('users.setDisabled', { input: { id: adminId, disabled: true }, cookie: admin })).status).toBe(409);
  });
});

describe('one’s own password', () => {
  it('needs the current one; a change ends the account’s other sessions and keeps this one', async () => {
    const a = await signIn('viewer', 'pat');
    const b = await signIn('viewer', 'pat');
    const wrong = await call('auth.changePassword', { input: { current: 'not it at all', next: 'a brand new password' }, cookie: a.cookie });
    expect(wrong.status).toBe(403);
    const short = await call('auth.changePassword', { input: { current: TEST_PASSWORD, next: 'short' }, cookie: a.cookie });
    expect(short.status).toBe(400);
    expect(short.body).toContain('next: a password has at least 10 characters');
    const ok = await call('auth.changePassword', { input: { current: TEST_PASSWORD, next: 'a brand new password' }, cookie: a.cookie });
    expect(ok.status, ok.body).toBe(200);
    expect((await call('hosts.list', { method: 'GET', cookie: a.cookie })).status).toBe(200);
    expect((await call('hosts.list', { method: 'GET', cookie: b.cookie })).status).toBe(401);
    // no password ever lands in the audit log
    expect(JSON.stringify(listAudit({ user: 'pat' }, { limit: 100 }).entries)).not.toMatch(/brand new|correct horse|not it at all/);
  });
});

describe('signing in', () => {
  it('50 wrong passwords: every one refused, nothing runs, all counted in the audit log; throttled, never locked', async () => {
    const { createUser } = await import('./users');
    await createUser({ name: 'root-admin', role: 'admin', password: TEST_PASSWORD });
    // the admin signs in once from their browser: it gets a device cookie
    const good = await call('auth.login', { input: { name: 'root-admin', password: TEST_PASSWORD }, address: '127.0.0.50' });
    const device = good.headers.getSetCookie().find((c) => c.startsWith(`${deviceCookieName()}=`))!.split(';')[0]!;

    const t0 = Date.now();
    clock.now = () => t0;
    const before = await quiet(host);
    const mark = lastAuditId();
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 50; i++) {
      const r = await call('auth.login', { input: { name: 'root-admin', password: `guess-${i}` }, address: '127.0.0.66' });
      statuses.push(r.status);
      expect(r.body).not.toContain('"result"');
    }
    const elapsed = Date.now() - started;
    expect(host.runner.spawnCount).toBe(before);
    // the first five are checked (and wrong), the rest wait for the backoff: refused unchecked
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // a flood is coalesced (issue 9, item 15): one row per reason within the minute, with a count
    const audit = auditSince(mark, { action: 'auth.login' });
    expect(audit).toHaveLength(2);
    expect(audit.every((e) => e.outcome === 'refused' && e.user === 'root-admin' && e.address === '127.0.0.66')).toBe(true);
    expect(audit.find((e) => e.detail.startsWith('wrong password'))!.detail).toMatch(/^wrong password \(5 times, [\d:]{8} to [\d:]{8} UTC\)$/);
    expect(audit.find((e) => e.detail.startsWith('too many failed attempts'))!.detail).toMatch(/^too many failed attempts: throttled \(45 times, /);
    console.log(`50 wrong passwords answered in ${elapsed} ms (5 hashed, 45 throttled)`);

    // the attacker's address is throttled even with the right password…
    const attacker = await call('auth.login', { input: { name: 'root-admin', password: TEST_PASSWORD }, address: '127.0.0.66' });
    expect(attacker.status).toBe(429);
    expect(attacker.headers.get('retry-after')).toMatch(/^\d+$/);
    // …but the admin's own browser (its device cookie) signs in at once: no lockout
    const admin = await call('auth.login', { input: { name: 'root-admin', password: TEST_PASSWORD }, address: '127.0.0.50', cookie: device });
    expect(admin.status, admin.body).toBe(200);
    // and a delay, not a lock: once the backoff has passed, a new browser signs in too
    clock.now = () => t0 + 60_000;
    const later = await call('auth.login', { input: { name: 'root-admin', password: TEST_PASSWORD }, address: '127.0.0.77' });
    expect(later.status, later.body).toBe(200);
  });

  it('an unknown name and a wrong password read the same', async () => {
    const a = await call('auth.login', { input: { name: 'nobody-here', password: 'whatever1234' }, address: '127.0.0.80' });
    const b = await call('auth.login', { input: { name: 'admin', password: 'whatever1234' }, address: '127.0.0.81' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect((a.json() as { error: { message: string } }).error.message).toBe((b.json() as { error: { message: string } }).error.message);
  });
});
