// Domain errors reach the caller with the code and the message they had when the services
// threw TRPCError themselves: through a server-side caller, through the HTTP endpoint (the
// status), and in the audit record of a mutation. The procedures are the real procedure
// base (session, policy, audit) on real paths of the policy table, with a real database.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { listAudit } from '../auth/audit';
import { signIn } from '../auth/testkit';
import { BusyError, ConflictError, ForbiddenError, InvalidError, NotFoundError, RefusedError, ToolFailedError, UnauthorizedError, type DomainError } from '../errors';
import { ValidationError } from '../illumos/validate';
import { DOMAIN_ERROR_CODES, toTRPCError } from './errors';
import { createCallerFactory, procedure, router, type Context } from './init';

process.env.ZONEDASH_DB = ':memory:';

// The messages are those the services threw before (server/zones, server/auth).
const CASES: [DomainError, string, number][] = [
  [new NotFoundError("zone 'nosuch' does not exist on sim"), 'NOT_FOUND', 404],
  [new BusyError('zone web01 is busy: task t-1 (boot web01, started by alice) is running', 't-1'), 'CONFLICT', 409],
  [new ConflictError('a user named alice exists already'), 'CONFLICT', 409],
  [new RefusedError('cannot boot b: must be installed before boot', 'must be installed before boot'), 'PRECONDITION_FAILED', 412],
  [new InvalidError('basics.name', 'A zone named web01 already exists on sim; choose another name'), 'BAD_REQUEST', 400],
  [new UnauthorizedError('Sign in first.'), 'UNAUTHORIZED', 401],
  [new ForbiddenError('the dashboard already has accounts: sign in, or ask an admin'), 'FORBIDDEN', 403],
  [new ToolFailedError('dladm show-link failed (exit 1): dladm: insufficient privileges'), 'INTERNAL_SERVER_ERROR', 500],
];

let thrown: Error = new Error('unset');
const appRouter = router({
  zones: router({
    get: procedure.input(z.object({ zone: z.string() })).query(() => {
      throw thrown;
    }),
    action: procedure.input(z.object({ host: z.string(), zone: z.string(), verb: z.string() })).mutation(() => {
      throw thrown;
    }),
  }),
});
let ctx: Context;
let cookie: string;

beforeAll(async () => {
  ({ ctx, cookie } = await signIn('admin'));
});

describe('toTRPCError', () => {
  it('gives every kind of domain error a code', () => {
    expect(Object.keys(DOMAIN_ERROR_CODES).sort()).toEqual(
      ['busy', 'conflict', 'forbidden', 'invalid', 'not_found', 'refused', 'tool_failed', 'unauthorized'],
    );
  });

  for (const [error, code] of CASES) {
    it(`${error.name} → ${code}, message unchanged, the domain error kept as the cause`, () => {
      const mapped = toTRPCError(error);
      expect(mapped).toBeInstanceOf(TRPCError);
      expect(mapped?.code).toBe(code);
      expect(mapped?.message).toBe(error.message);
      expect(mapped?.cause).toBe(error);
    });
  }

  it("maps an argv builder's ValidationError to BAD_REQUEST and leaves other errors alone", () => {
    expect(toTRPCError(new ValidationError('zone', "Zone name 'a;b' contains ';'"))).toMatchObject({ code: 'BAD_REQUEST', message: "Zone name 'a;b' contains ';'" });
    expect(toTRPCError(new Error('disk full'))).toBeNull();
    expect(toTRPCError('a string')).toBeNull();
  });

  it('keeps what the services need of a domain error: the holder, the reason, the field', () => {
    expect(new BusyError('busy', 't-9').holder).toBe('t-9');
    expect(new BusyError('busy', 't-9')).toBeInstanceOf(ConflictError);
    expect(new RefusedError('cannot halt a: not running', 'not running').reason).toBe('not running');
    expect(new RefusedError('nothing to retry').reason).toBe('nothing to retry');
    expect(new InvalidError('basics.name', 'taken').field).toBe('basics.name');
  });
});

describe('through the procedure base', () => {
  for (const [error, code] of CASES) {
    it(`a server-side caller gets ${code} with the message`, async () => {
      thrown = error;
      const caller = createCallerFactory(appRouter)(ctx);
      await expect(caller.zones.get({ zone: 'x' })).rejects.toMatchObject({ code, message: error.message });
    });
  }

  for (const [error, code, status] of CASES) {
    it(`over HTTP, ${error.name} answers ${status} ${code}`, async () => {
      thrown = error;
      const res = await fetchRequestHandler({
        endpoint: '/api/trpc',
        req: new Request('http://localhost/api/trpc/zones.get?input=' + encodeURIComponent(JSON.stringify({ zone: 'x' })), { headers: { cookie } }),
        router: appRouter,
        createContext: () => ctx,
      });
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { message: string; data: { code: string; httpStatus: number; fields?: unknown } } };
      expect(body.error.message).toBe(error.message);
      expect(body.error.data.code).toBe(code);
      expect(body.error.data.httpStatus).toBe(status);
      if (error instanceof InvalidError) expect(body.error.data.fields).toEqual([{ path: error.field, message: error.message }]);
    });
  }

  it("a mutation's audit record carries the mapped code and the message", async () => {
    thrown = new RefusedError('cannot boot b: must be installed before boot', 'must be installed before boot');
    const caller = createCallerFactory(appRouter)(ctx);
    await expect(caller.zones.action({ host: 'sim', zone: 'b', verb: 'boot' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const [entry] = listAudit({ action: 'zones.action:boot', zone: 'b' }).entries;
    expect(entry).toMatchObject({ outcome: 'error', host: 'sim', detail: 'PRECONDITION_FAILED: cannot boot b: must be installed before boot' });
  });

  it('an error that is not a domain error stays an internal error', async () => {
    thrown = new Error('disk full');
    const caller = createCallerFactory(appRouter)(ctx);
    await expect(caller.zones.get({ zone: 'x' })).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

describe('across module instances', () => {
  it('maps a domain error made by another copy of server/errors.ts (server/main.ts vs the bundled routes)', async () => {
    vi.resetModules();
    const copy = await import('../errors');
    const error = new copy.BusyError('zone web01 is busy: task t-2 is running', 't-2');
    expect(error).not.toBeInstanceOf(BusyError);
    expect(toTRPCError(error)).toMatchObject({ code: 'CONFLICT', message: 'zone web01 is busy: task t-2 is running' });
  });
});
