// The tRPC HTTP endpoint (app/api/trpc/[trpc]/route.ts hands every request here).
//
// Before tRPC sees a request: anything but GET/HEAD must come from one of our own pages
// (checkSameOrigin), or it is refused with 403, audited, and runs nothing; tRPC itself
// refuses a mutation over GET (405). A GET made with a session (a live subscription is one
// long GET) is tied to that session: when the session ends (logout, an admin, expiry) the
// request is aborted, so the stream stops at once.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { audit } from '../auth/audit';
import { checkSameOrigin, sourceAddress } from '../auth/http';
import { onSessionEnd } from '../auth/sessions';
import { appRouter } from './app-router';
import { createContext } from './init';

export const TRPC_ENDPOINT = '/api/trpc';

function procedurePaths(req: Request): string {
  try {
    return decodeURIComponent(new URL(req.url).pathname.slice(TRPC_ENDPOINT.length + 1)).slice(0, 200);
  } catch {
    return '(malformed path)';
  }
}

function json(status: number, message: string, code: string): Response {
  return new Response(JSON.stringify({ error: { message, code } }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

export async function handleTrpcRequest(req: Request): Promise<Response> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const verdict = checkSameOrigin(req.headers);
    if (!verdict.ok) {
      audit({ address: sourceAddress(req.headers), action: procedurePaths(req), outcome: 'refused', detail: `${req.method} refused: ${verdict.reason}` });
      return json(403, 'Cross-site requests are refused: use the dashboard itself.', 'FORBIDDEN');
    }
  }

  let ended: (() => void) | null = null;
  let request = req;
  let unlink = () => {};
  const handler = (r: Request) =>
    fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req: r,
      router: appRouter,
      createContext: ({ resHeaders }) => {
        const ctx = createContext(r.headers, resHeaders);
        if (ctx.auth && ended) unlink = onSessionEnd(ctx.auth.session.id, ended);
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
      return res;
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
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }
  return handler(request);
}
