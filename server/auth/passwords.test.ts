// Password hashing with the portable argon2id (hash-wasm on a worker thread): today's
// parameters, the hashes the native @node-rs/argon2 made before still verify, and a hash
// made with other parameters is replaced at the next sign-in (through the real endpoint).
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database } from '../db/database';
import { ARGON2, hashParameters, hashPassword, needsRehash, verifyPassword } from './passwords';
import { createUser, findUser } from './users';
import { call, simHost } from './testkit-http';

process.env.ZONEDASH_DB = ':memory:';
process.env.ZONEDASH_POLL_MS = '600000';

// Made with @node-rs/argon2 2.2.1 (`hash(pw, { algorithm: 2, memoryCost: 19456, timeCost: 2,
// parallelism: 1 })`, the settings this dashboard used) on 2026-12-03, before it was removed.
const NODE_RS_HASH = '$argon2id$v=19$m=19456,t=2,p=1$YLZ/JmH6nzd1eLiahxWFMA$OrEFYvcRn7/0vKyqZ98vq5cj81ZzrR02peGiIIKbRv4';
// the same library with weaker settings (m=8192, t=1): verifies, and is replaced at sign-in
const NODE_RS_WEAK = '$argon2id$v=19$m=8192,t=1,p=1$P6INYfqwfW01D5pnc9V+eg$2V6Fb61seqfrxhPFgOPSZ9xTkXzMf8xOPe/o+JwXooc';
const PASSWORD = 'correct horse battery staple';

let cleanup: () => void;
beforeAll(async () => {
  ({ cleanup } = await simHost());
});
afterAll(() => cleanup());

describe('argon2id without a native addon', () => {
  it('makes PHC strings with parameters at least as strong as before (19 MiB, 2 passes)', async () => {
    const h = await hashPassword(PASSWORD);
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(hashParameters(h)).toEqual({ version: 19, memorySize: 19456, iterations: 2, parallelism: 1, saltLength: 16, hashLength: 32 });
    expect(ARGON2.memorySize).toBeGreaterThanOrEqual(19456);
    expect(needsRehash(h)).toBe(false);
    expect(await hashPassword(PASSWORD)).not.toBe(h); // a fresh salt each time
    expect(await verifyPassword(h, PASSWORD)).toBe(true);
    expect(await verifyPassword(h, `${PASSWORD}!`)).toBe(false);
  });

  it('verifies the hashes @node-rs/argon2 made', async () => {
    expect(await verifyPassword(NODE_RS_HASH, PASSWORD)).toBe(true);
    expect(await verifyPassword(NODE_RS_HASH, 'correct horse battery stapl')).toBe(false);
    expect(needsRehash(NODE_RS_HASH)).toBe(false);
    expect(await verifyPassword(NODE_RS_WEAK, PASSWORD)).toBe(true);
    expect(needsRehash(NODE_RS_WEAK)).toBe(true);
  });

  it('says no to garbage and to no hash at all, without throwing', async () => {
    expect(await verifyPassword('not a hash', PASSWORD)).toBe(false);
    expect(await verifyPassword(null, PASSWORD)).toBe(false);
    expect(needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });

  it('hashes off the thread that calls it: its event loop stays idle while four hashes run', async () => {
    // Event-loop utilisation is the share of time this thread's loop spent running code rather
    // than waiting: WebAssembly hashing on this thread would hold it near 1 for the whole time.
    // (Not timer gaps: on a loaded machine a waiting thread is descheduled too.)
    const before = performance.eventLoopUtilization();
    const t0 = performance.now();
    await Promise.all([1, 2, 3, 4].map((i) => hashPassword(`password number ${i}`)));
    const took = performance.now() - t0;
    const elu = performance.eventLoopUtilization(before);
    console.log(`4 hashes in ${Math.round(took)} ms; this thread's event loop busy ${(elu.utilization * 100).toFixed(1)}% of that time`);
    // hash-wasm called on this thread measures 1.00; through the worker, 0.004-0.19 here
    expect(elu.utilization).toBeLessThan(0.5);
  });
});

describe('signing in with a hash made otherwise', () => {
  it('a @node-rs/argon2 hash with weaker settings signs in and is replaced by a hash with today’s', async () => {
    const user = await createUser({ name: 'legacy', role: 'viewer', password: 'placeholder password' });
    database().prepare(`UPDATE users SET password_hash = ? WHERE id = ?`).run(NODE_RS_WEAK, user.id);
    const changedAt = findUser('legacy')!.passwordChangedAt;
    const r = await call('auth.login', { input: { name: 'legacy', password: PASSWORD }, address: '127.0.1.1' });
    expect(r.status, r.body).toBe(200);
    const stored = findUser('legacy')!;
    expect(stored.passwordHash).not.toBe(NODE_RS_WEAK);
    expect(hashParameters(stored.passwordHash)).toMatchObject({ memorySize: 19456, iterations: 2, parallelism: 1 });
    expect(stored.passwordChangedAt).toBe(changedAt);
    expect(await verifyPassword(stored.passwordHash, PASSWORD)).toBe(true);
  });

  it('a @node-rs/argon2 hash with today’s settings signs in and is kept as it is', async () => {
    const user = await createUser({ name: 'oldtimer', role: 'viewer', password: 'placeholder password' });
    database().prepare(`UPDATE users SET password_hash = ? WHERE id = ?`).run(NODE_RS_HASH, user.id);
    const r = await call('auth.login', { input: { name: 'oldtimer', password: PASSWORD }, address: '127.0.1.2' });
    expect(r.status, r.body).toBe(200);
    expect(findUser('oldtimer')!.passwordHash).toBe(NODE_RS_HASH);
  });
});
