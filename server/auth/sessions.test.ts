// Sessions end on their own: the sweeper ends idle and over-age sessions and says so, so
// what is open on them (consoles, live streams) closes even when no request comes.
import { afterEach, describe, expect, it } from 'vitest';
import { clock } from './clock';
import { authenticateToken, createSession, onSessionEnd, sessionLimits, sweepSessions } from './sessions';
import { createUser } from './users';

process.env.ZONEDASH_DB = ':memory:';
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

describe('the session sweeper', () => {
  it('ends an idle session and announces it; a session in use stays', async () => {
    const user = await createUser({ name: 'sam', role: 'viewer', password: 'a long password' });
    const t0 = Date.now();
    clock.now = () => t0;
    const idle = createSession(user, { address: '', userAgent: '' });
    const busy = createSession(user, { address: '', userAgent: '' });
    const ended: string[] = [];
    onSessionEnd(idle.session.id, (e) => ended.push(`${e.userName}: ${e.reason}`));
    onSessionEnd(busy.session.id, (e) => ended.push(`busy: ${e.reason}`));
    const { idleMs } = sessionLimits();
    clock.now = () => t0 + idleMs - 10_000;
    expect(authenticateToken(busy.token).kind).toBe('ok'); // a request: activity
    clock.now = () => t0 + idleMs + 1;
    expect(sweepSessions()).toBe(1);
    expect(ended).toEqual(['sam: expired']);
    expect(authenticateToken(idle.token).kind).toBe('unknown');
    expect(authenticateToken(busy.token).kind).toBe('ok');
  });

  it('ends a session at its absolute lifetime however busy it is', async () => {
    const user = await createUser({ name: 'max', role: 'viewer', password: 'a long password' });
    const t0 = Date.now();
    clock.now = () => t0;
    const s = createSession(user, { address: '', userAgent: '' });
    const { idleMs, maxMs } = sessionLimits();
    for (let t = t0; t < t0 + maxMs; t += idleMs / 2) {
      clock.now = () => t;
      expect(authenticateToken(s.token).kind).toBe('ok');
    }
    clock.now = () => t0 + maxMs;
    const r = authenticateToken(s.token);
    expect(r).toMatchObject({ kind: 'expired', userName: 'max', why: 'the session reached its maximum lifetime' });
  });
});
