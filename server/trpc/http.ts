// The tRPC HTTP endpoint (app/api/trpc/[trpc]/route.ts hands every request here).
//
// Before tRPC sees a request: a path that does not decode is refused with 400; anything but
// GET/HEAD must come from one of our own pages (checkSameOrigin), or it is refused with 403,
// audited, and runs nothing; tRPC itself refuses a mutation over GET (405). A GET made with a
// session (a live subscription is one long GET) is tied to that session: when the session
// ends (logout, an admin, expiry) the request is aborted, so the stream stops at once. One
// session holds at most MAX_STREAMS_PER_SESSION live streams. No answer is cached anywhere
// (Cache-Control: no-store): they carry zone data and account details.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { audit } from '../auth/audit';
import { checkSameOrigin, sourceAddress } from '../auth/http';
import { onSessionEnd } from '../auth/sessions';
import { appRouter } from './app-router';
import { createContext } from './init';
import { processSlot } from '../process-slots';

export const TRPC_ENDPOINT = '/api/trpc';

function procedurePaths(req: Request): string {
  try {
    return decodeURIComponent(new URL(req.url).pathname.slice(TRPC_ENDPOINT.length + 1)).slice(0, 200);
  } catch {
    return '(malformed path)';
  }
}

/** Live streams (SSE subscriptions) one session may hold open: a page holds one, a person a
 *  few tabs; past the bound a new one is refused, so a script cannot pile them up. */
export const MAX_STREAMS_PER_SESSION = 12;

function openStreams(): Map<string, number> {
  return processSlot('streamsPerSession', () => new Map<string, number>());
}

/** Counts a stream of the session in; the returned function counts it out (once). */
function countStream(sessionId: string): (() => void) | null {
  const open = openStreams();
  const n = open.get(sessionId) ?? 0;
  if (n >= MAX_STREAMS_PER_SESSION) return null;
  open.set(sessionId, n + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const left = (open.get(sessionId) ?? 1) - 1;
    if (left > 0) open.set(sessionId, left);
    else open.delete(sessionId);
  };
}

function malformedPath(req: Request): boolean {
  try {
    decodeURIComponent(new URL(req.url).pathname);
    return false;
  } catch {
    return true;
  }
}

function json(status: number, message: string, code: string): Response {
  return new Response(JSON.stringify({ error: { message, code } }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

export async function handleTrpcRequest(req: Request): Promise<Response> {
  if (malformedPath(req)) return json(400, 'The path is not a valid URL path (malformed percent-encoding).', 'BAD_REQUEST');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const verdict = checkSameOrigin(req.headers);
    if (!verdict.ok) {
      audit({ address: sourceAddress(req.headers), action: procedurePaths(req), outcome: 'refused', detail: `${req.method} refused: ${verdict.reason}`, coalesce: true });
      return json(403, 'Cross-site requests are refused: use the dashboard itself.', 'FORBIDDEN');
    }
  }

  let ended: (() => void) | null = null;
  let request = req;
  let sessionId: string | null = null;
  let unlinkSession = () => {};
  let uncount = () => {};
  const unlink = () => {
    unlinkSession();
    uncount();
  };
  const handler = (r: Request) =>
    fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req: r,
      router: appRouter,
      createContext: ({ resHeaders }) => {
        const ctx = createContext(r.headers, resHeaders);
        if (ctx.auth) sessionId = ctx.auth.session.id;
        if (ctx.auth && ended) unlinkSession = onSessionEnd(ctx.auth.session.id, ended);
        return ctx;
      },
    });

  if (req.method === 'GET') {
    const abort = new AbortController();
    ended = () => abort.abort();
    request = new Request(req, { signal: AbortSignal.any([req.signal, abort.signal]) });
    const res = await handler(request).catch((e: unknown) => {
      unlink();
      throw e;
    });
    if (!res.body) {
      unlink();
      return noStore(res);
    }
    if (sessionId && res.headers.get('content-type')?.startsWith('text/event-stream')) {
      const out = countStream(sessionId);
      if (!out) {
        unlink();
        abort.abort();
        await res.body.cancel().catch(() => {});
        return json(
          429,
          `This session has ${MAX_STREAMS_PER_SESSION} live streams open already (one per open page): close some tabs of the dashboard.`,
          'TOO_MANY_REQUESTS',
        );
      }
      uncount = out;
    }
    // stop listening for the session's end when the response is over, however it ends
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const chunk = await reader.read();
          if (chunk.done) {
            unlink();
            controller.close();
          } else controller.enqueue(chunk.value);
        } catch (e) {
          unlink();
          controller.error(e);
        }
      },
      cancel(reason) {
        unlink();
        abort.abort();
        return reader.cancel(reason);
      },
    });
    return noStore(new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers }));
  }
  return noStore(await handler(request));
}

function noStore(res: Response): Response {
  res.headers.set('cache-control', 'no-store');
  return res;
}
