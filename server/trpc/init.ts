// tRPC's procedure bases. Accounts and roles come later (issue 6); until then every
// procedure is public, but each still goes through `procedure` so a check can be added once.
import { initTRPC, TRPCError } from '@trpc/server';
import { hostRegistry, type Host } from '../hosts/registry';

export interface Context {
  /** the request's headers, read so Next never pre-renders a page with frozen zone data */
  headers: Headers;
}

export function createContext(headers: Headers): Context {
  return { headers };
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape }) {
    return shape;
  },
});

export const router = t.router;
export const procedure = t.procedure;
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
