// tRPC's procedure bases. Every procedure goes through `procedure`, which checks the caller's
// session and role against the one policy table (server/auth/policy.ts: default deny, a
// procedure without a row is refused), records every mutation and refusal in the audit log,
// turns input errors into sentences, and turns the services' domain errors (server/errors.ts)
// into tRPC codes (server/trpc/errors.ts).
import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import { audit, mutationScope, plannedArgv, hookTaskAudit, withChange, type MutationScope } from '../auth/audit';
import { readCookie, sessionCookieName, sourceAddress, userAgent } from '../auth/http';
import { POLICY, requiredPrivilege } from '../auth/policy';
import { needsRole, roleAtLeast } from '../auth/roles';
import { authenticateToken, type Session, type SessionUser } from '../auth/sessions';
import { hostRegistry, type Host } from '../hosts/registry';
import { invalidFields, toTRPCError } from './errors';
import { NotFoundError } from '../errors';

export interface Auth {
  session: Session;
  user: SessionUser;
}

export interface Context {
  /** the request's headers, read so Next never pre-renders a page with frozen zone data */
  headers: Headers;
  /** the signed-in user and session; null or absent: nobody */
  auth?: Auth | null;
  /** why a session cookie that came along does not count (expired, ended…), for the refusal */
  authProblem?: { userName: string; why: string } | null;
  /** the client's address (server/main.ts puts the socket's in a header it owns) */
  address?: string;
  userAgent?: string;
  /** the response's headers, where procedures set cookies (HTTP requests only) */
  resHeaders?: Headers;
}

/** Reads the session from the request's cookie. Counts as activity on the session. */
export function createContext(headers: Headers, resHeaders?: Headers): Context {
  const token = readCookie(headers, sessionCookieName());
  const result = authenticateToken(token);
  return {
    headers,
    auth: result.kind === 'ok' ? { session: result.session, user: result.user } : null,
    authProblem:
      result.kind === 'expired'
        ? { userName: result.userName, why: result.why }
        : token && result.kind === 'unknown'
          ? { userName: '', why: 'the session is over (signed out, ended or expired)' }
          : null,
    address: sourceAddress(headers),
    userAgent: userAgent(headers),
    resHeaders,
  };
}

const t = initTRPC.context<Context>().create({
  // stack traces go to the browser only under `npm run dev`
  isDev: process.env.NODE_ENV === 'development',
  // Input errors read as sentences a person understands ("zone: Zone name 'a;b' contains
  // ';' ..."), and carry per-field messages for forms.
  errorFormatter({ shape, error }) {
    if (error.code === 'BAD_REQUEST' && error.cause instanceof ZodError) {
      const fields = error.cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return {
        ...shape,
        message: fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; '),
        data: { ...shape.data, fields },
      };
    }
    // A domain error that never passed through `domainErrors` (thrown while a subscription
    // streams) still gets its own code in the shape; an invalid value names its field.
    const mapped = toTRPCError(error.cause);
    if (mapped) {
      const fields = invalidFields(error.cause);
      return {
        ...shape,
        code: TRPC_ERROR_CODES_BY_KEY[mapped.code],
        data: { ...shape.data, code: mapped.code, httpStatus: getHTTPStatusCodeFromError(mapped), ...(fields ? { fields } : {}) },
      };
    }
    return shape;
  },
});

export const router = t.router;

/** The services throw domain errors (not found, busy, refused, invalid…); each becomes its
 *  tRPC code here, before the audit record is written, so the caller, the HTTP status and
 *  the audit log all say the same thing. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = toTRPCError(result.error.cause);
  return mapped ? { ...result, error: mapped } : result;
});

/** Input errors become one readable sentence per field, for callers that never see the
 *  HTTP error formatter (server-side callers, tests). */
const readableInputErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'BAD_REQUEST' && result.error.cause instanceof ZodError) {
    result.error.message = result.error.cause.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
  }
  return result;
});

/** Where a call is aimed, for the audit record (from the raw input: it may be invalid). */
function target(raw: unknown): { host: string; zone: string; verb: string } {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  return { host: s(o.host), zone: s(o.zone), verb: s(o.verb) };
}

async function rawInputOf(getRawInput: () => Promise<unknown>): Promise<unknown> {
  return getRawInput().catch(() => undefined);
}

/** Session and role, from the policy table; a refusal is audited and runs nothing. */
const authorize = t.middleware(async ({ ctx, path, type, getRawInput, next }) => {
  const raw = await rawInputOf(getRawInput);
  const need = requiredPrivilege(path, raw);
  const refuse = (code: 'UNAUTHORIZED' | 'FORBIDDEN', message: string, detail: string): never => {
    const { host, zone, verb } = target(raw);
    audit({
      user: ctx.auth?.user.name ?? ctx.authProblem?.userName ?? '',
      address: ctx.address ?? '',
      host,
      zone,
      action: verb ? `${path}:${verb}` : path,
      outcome: 'refused',
      detail: `${type} refused: ${detail}`,
      // without a session anyone can send these as fast as they like: a flood is one row
      coalesce: !ctx.auth,
    });
    throw new TRPCError({ code, message });
  };
  if (need === null) return refuse('FORBIDDEN', `${path} is not open to anyone`, 'no entry in the policy table (default deny)');
  if (need === 'public') return next();
  if (!ctx.auth) {
    const why = ctx.authProblem?.why;
    return refuse('UNAUTHORIZED', why ? `Sign in again: ${why}.` : 'Sign in first.', why ?? 'not signed in');
  }
  if (!roleAtLeast(ctx.auth.user.role, need)) {
    return refuse('FORBIDDEN', `${path}${target(raw).verb ? ` ${target(raw).verb}` : ''} ${needsRole(need)} (you are ${ctx.auth.user.role})`, `${needsRole(need)}, has ${ctx.auth.user.role}`);
  }
  return next();
});

/** Every mutation is one audit record, with the tasks it started and their argv. */
const auditMutations = t.middleware(async ({ ctx, path, type, getRawInput, next }) => {
  if (type !== 'mutation') return next();
  hookTaskAudit();
  const raw = await rawInputOf(getRawInput);
  const scope: MutationScope = { address: ctx.address ?? '', user: ctx.auth?.user.name ?? '', tasks: [] };
  const result = await mutationScope().run(scope, () => next());
  // login and setup record their own outcomes; only input they never saw is recorded here
  if (POLICY[path]?.selfAudited && (result.ok || !(result.error.cause instanceof ZodError))) return result;
  if (!scope.user && raw && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string') {
    scope.user = (raw as { name: string }).name;
  }
  const { host, zone, verb } = target(raw);
  const task = scope.tasks[0];
  audit({
    user: scope.user,
    address: scope.address,
    host: host || task?.host,
    zone: zone || task?.zone,
    action: verb ? `${path}:${verb}` : path,
    argv: scope.tasks.flatMap(plannedArgv),
    taskId: task?.id ?? null,
    outcome: result.ok ? 'ok' : 'error',
    // what the call changed (an account's old and new values), then its tasks or its error
    detail: withChange(
      scope,
      result.ok
        ? scope.tasks.map((tk) => `task ${tk.id} started: ${tk.title}`).join('; ')
        : `${result.error.code}: ${result.error.cause instanceof ZodError ? result.error.cause.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : result.error.message}`,
    ),
  });
  return result;
});

export const procedure = t.procedure.use(authorize).use(auditMutations).use(readableInputErrors).use(domainErrors);
export const createCallerFactory = t.createCallerFactory;

/** The signed-in user of a call that passed `authorize` with a role. */
export function userOf(ctx: Context): Auth {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  return ctx.auth;
}

/** The host named by an input, or NOT_FOUND with the names that exist. */
export async function requireHost(name: string | undefined): Promise<Host> {
  const registry = await hostRegistry();
  const host = name === undefined ? registry.defaultHost : registry.get(name);
  if (!host) {
    const known = registry.hosts.map((h) => h.name).join(', ');
    throw new NotFoundError(name === undefined ? 'no hosts are configured: add one on the Hosts page' : `no host named '${name}' (hosts: ${known || 'none'})`);
  }
  return host;
}
