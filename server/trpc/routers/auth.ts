// Signing in and out, the first admin, and one's own password.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { audit, describeChange } from '../../auth/audit';
import { clearCookie, deviceCookieName, readCookie, serializeCookie, sessionCookieName } from '../../auth/http';
import { login } from '../../auth/login';
import { newPasswordSchema, passwordInputSchema, verifyPassword } from '../../auth/passwords';
import { permissionsFor } from '../../auth/permissions';
import { createSession, endSession, endSessionsOf } from '../../auth/sessions';
import { consumeSetupToken, setupTokenValid } from '../../auth/setup';
import { recordFailure, recordSuccess, retryAfterMs, type ThrottleKeys } from '../../auth/throttle';
import { createUser, findUser, noteLogin, setPassword, userNameSchema } from '../../auth/users';
import { procedure, router, userOf, type Context } from '../init';

const DEVICE_MAX_AGE = 365 * 24 * 3600;
const setupToken = z.string().min(1, 'the setup link has no token').max(100, 'not a setup token');

function setCookie(ctx: Context, cookie: string): void {
  ctx.resHeaders?.append('set-cookie', cookie);
}

export const authRouter = router({
  /** Who is signed in (null: nobody), and which features their role leaves out. */
  me: procedure.query(({ ctx }) => {
    if (!ctx.auth) return null;
    const { user, session } = ctx.auth;
    return { name: user.name, role: user.role, sessionId: session.id, permissions: permissionsFor(user.role) };
  }),

  login: procedure
    .input(z.object({ name: z.string().min(1, 'the user name is required').max(64, 'a user name has at most 64 characters'), password: passwordInputSchema }))
    .mutation(async ({ ctx, input }) => {
      const result = await login({
        name: input.name,
        password: input.password,
        address: ctx.address ?? '',
        userAgent: ctx.userAgent ?? '',
        currentToken: readCookie(ctx.headers, sessionCookieName()),
        deviceToken: readCookie(ctx.headers, deviceCookieName()),
      });
      if (!result.ok) {
        if (result.retryAfterMs) ctx.resHeaders?.set('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
        throw new TRPCError({ code: result.code, message: result.message });
      }
      setCookie(ctx, serializeCookie(sessionCookieName(), result.token));
      if (result.newDeviceToken) setCookie(ctx, serializeCookie(deviceCookieName(), result.newDeviceToken, { maxAgeSeconds: DEVICE_MAX_AGE }));
      return { name: result.user.name, role: result.user.role };
    }),

  logout: procedure.mutation(({ ctx }) => {
    const { session } = userOf(ctx);
    endSession(session.id, 'logout');
    setCookie(ctx, clearCookie(sessionCookieName()));
    return { ok: true };
  }),

  /** Is this first-run setup link still good? */
  setupCheck: procedure.input(z.object({ token: setupToken })).query(({ input }) => ({ valid: setupTokenValid(input.token) })),

  /** First run: the setup link's token makes the first admin, who is then signed in. */
  setup: procedure
    .input(z.object({ token: setupToken, name: userNameSchema, password: newPasswordSchema }))
    .mutation(async ({ ctx, input }) => {
      // anyone can knock with a made-up token: a flood of refusals is one row a minute
      const record = (outcome: 'ok' | 'refused', detail: string) =>
        audit({ user: input.name, address: ctx.address ?? '', action: 'auth.setup', outcome, detail, coalesce: outcome === 'refused' });
      if (!setupTokenValid(input.token)) {
        record('refused', 'invalid or used setup token');
        throw new TRPCError({ code: 'FORBIDDEN', message: 'This setup link is no longer valid: it was used, or the server restarted (it printed a new one).' });
      }
      const user = await createUser({ name: input.name, role: 'admin', password: input.password }, { onlyIfNone: true }).catch((e: Error) => {
        record('refused', e.message);
        throw e;
      });
      consumeSetupToken();
      const { token } = createSession(user, { address: ctx.address ?? '', userAgent: ctx.userAgent ?? '' });
      noteLogin(user.id);
      setCookie(ctx, serializeCookie(sessionCookieName(), token));
      record('ok', 'first admin created and signed in');
      return { name: user.name, role: user.role };
    }),

  /** One's own password; the other sessions of the account end. The current password is
   *  checked under the same throttle as a sign-in (on a count of its own): a session in the
   *  wrong hands must not become a way to guess it at full speed. */
  changePassword: procedure
    .input(z.object({ current: passwordInputSchema, next: newPasswordSchema }))
    .mutation(async ({ ctx, input }) => {
      const { user, session } = userOf(ctx);
      describeChange(`${user.name}: own password change`);
      const keys: ThrottleKeys = { account: user.name, address: ctx.address ?? '', purpose: 'password-change' };
      const wait = retryAfterMs(keys);
      if (wait > 0) {
        const secs = Math.ceil(wait / 1000);
        ctx.resHeaders?.set('retry-after', String(secs));
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `Too many wrong current passwords. Try again in ${secs} s.` });
      }
      const stored = findUser(user.name);
      if (!stored || !(await verifyPassword(stored.passwordHash, input.current))) {
        recordFailure(keys);
        throw new TRPCError({ code: 'FORBIDDEN', message: 'the current password is not right' });
      }
      recordSuccess(keys);
      await setPassword(user.id, input.next);
      const ended = endSessionsOf(user.id, 'password changed', session.id);
      describeChange(`${user.name}: own password changed; ${ended} other session${ended === 1 ? '' : 's'} ended`);
      return { endedSessions: ended };
    }),
});
