// The way back in: `npm run admin -- create|reset NAME` (server/admin.ts), against the same
// database as a running server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../admin';
import { listAudit } from './audit';
import { login } from './login';
import { authenticateToken, createSession } from './sessions';
import { recordFailure, retryAfterMs } from './throttle';
import { createUser, findUser, setDisabled } from './users';

process.env.ZONEDASH_DB = ':memory:';
const quietly = () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
};
afterEach(() => vi.restoreAllMocks());

describe('npm run admin', () => {
  it('create makes an admin who can sign in; a short password or a bad name is refused', async () => {
    quietly();
    expect(await main(['create', 'alice'], async () => 'a long password 1')).toBe(0);
    expect(findUser('alice')).toMatchObject({ role: 'admin', disabled: false });
    expect((await login({ name: 'alice', password: 'a long password 1', address: 'a', userAgent: '' })).ok).toBe(true);
    expect(await main(['create', 'alice'], async () => 'a long password 1')).toBe(1);
    expect(await main(['create', 'Bad;Name'], async () => 'a long password 1')).toBe(2);
    await expect(main(['create', 'bobby'], async () => { throw new Error('a password has at least 10 characters'); })).rejects.toThrow(/10 characters/);
    expect(await main([], async () => '')).toBe(2);
  });

  it('reset makes a disabled viewer an enabled admin with the new password, ends its sessions and its throttling', async () => {
    quietly();
    const u = await createUser({ name: 'carol', role: 'viewer', password: 'old password 123' });
    setDisabled(u.id, true);
    const s = createSession(u, { address: 'x', userAgent: '' });
    for (let i = 0; i < 8; i++) recordFailure({ account: 'carol', address: '127.0.0.200' });
    expect(retryAfterMs({ account: 'carol', address: '127.0.0.201' })).toBeGreaterThan(0);
    expect(await main(['reset', 'carol'], async () => 'new password 456')).toBe(0);
    expect(findUser('carol')).toMatchObject({ role: 'admin', disabled: false });
    expect(authenticateToken(s.token).kind).not.toBe('ok');
    expect(retryAfterMs({ account: 'carol', address: '127.0.0.201' })).toBe(0);
    expect((await login({ name: 'carol', password: 'new password 456', address: '127.0.0.201', userAgent: '' })).ok).toBe(true);
    expect(listAudit({ action: 'cli.reset' }).entries[0]).toMatchObject({ user: 'cli', outcome: 'ok' });
  });
});
