// For tests: a tRPC context signed in with a role (real user and session rows in the test's
// database), and a cookie header for HTTP-level tests.
import type { Context } from '../trpc/init';
import { sessionCookieName } from './http';
import type { Role } from './roles';
import { createSession } from './sessions';
import { createUser, findUser } from './users';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A user with this role (created once per database) and a fresh session of theirs. */
export async function signIn(role: Role, name: string = role): Promise<{ token: string; cookie: string; ctx: Context }> {
  const user = findUser(name) ?? (await createUser({ name, role, password: TEST_PASSWORD }));
  const { token, session } = createSession(user, { address: '127.0.0.1', userAgent: 'vitest' });
  const headers = new Headers({ cookie: `${sessionCookieName()}=${token}` });
  return {
    token,
    cookie: `${sessionCookieName()}=${token}`,
    ctx: { headers, auth: { session, user: { id: user.id, name: user.name, role: user.role } }, address: '127.0.0.1', userAgent: 'vitest' },
  };
}
