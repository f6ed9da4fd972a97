// tRPC's procedure bases. Accounts and roles come later (issue 6); until then every
// procedure is public, but each still goes through `procedure` so a check can be added once.
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { hostRegistry, type Host } from '../hosts/registry';

export interface Context {
  /** the request's headers, read so Next never pre-renders a page with frozen zone data */
  headers: Headers;
}

export function createContext(headers: Headers): Context {
  return { headers };
}

const t = initTRPC.context<Context>().create({
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
    return shape;
  },
});

export const router = t.router;
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

export const procedure = t.procedure.use(readableInputErrors);
export const createCallerFactory = t.createCallerFactory;

/** The host named by an input, or NOT_FOUND with the names that exist. */
export async function requireHost(name: string | undefined): Promise<Host> {
  const registry = await hostRegistry();
  if (name === undefined) return registry.defaultHost;
  const host = registry.get(name);
  if (!host) {
    const known = registry.hosts.map((h) => h.name).join(', ');
    throw new TRPCError({ code: 'NOT_FOUND', message: `no host named '${name}' (hosts: ${known})` });
  }
  return host;
}
