// Pages need a session: a request for any page without a valid one is sent to the sign-in
// page (which comes back to it). Static assets, the sign-in and first-run pages, and the
// API (which checks every procedure itself) pass. Default deny: a path not listed here is a
// page that needs a session.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCookie, sessionCookieName } from '../auth/http';
import { authenticateToken } from '../auth/sessions';

const PUBLIC_PREFIXES = ['/_next/', '/api/', '/readme/', '/__nextjs'];
const PUBLIC_PAGES = new Set(['/login', '/setup', '/favicon.ico', '/robots.txt']);

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PAGES.has(pathname) || PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
}

// Any origin will do as the base: only whether the path stays on it matters, and the path is
// what is kept.
const BASE = 'http://zonedash.invalid';

/**
 * Where to come back to after signing in: a path of this site, never another one. The path is
 * resolved as a browser resolves it (WHATWG URL: tabs and newlines dropped, `\` read as `/`),
 * so `/\t/evil.example`, which a browser reads as `//evil.example`, resolves to another origin
 * and is refused; what comes back is the resolved path, never the raw text.
 */
export function safeNext(next: string | null | undefined): string {
  // control characters have no place in a path a person follows; browsers drop some of them
  if (!next || !next.startsWith('/') || next.length > 2000 || /[\u0000-\u001f\u007f]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  // never back to the sign-in or first-run page itself (a signed-in visit there would loop)
  if (/^\/(login|setup)(?:\/|$)/.test(url.pathname)) return '/';
  return url.pathname + url.search + url.hash;
}

/** A path whose percent-encoding does not decode (`/zones/sim/%ff`) names nothing: 400. */
export function malformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** True when the request was answered here (redirected to sign in). */
export function gatePage(req: IncomingMessage, res: ServerResponse): boolean {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://x');
    if (malformedPath(url.pathname)) throw new URIError('malformed percent-encoding');
  } catch {
    res.statusCode = 400;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('Bad Request: the path is not a valid URL path.\n');
    return true;
  }
  if (isPublicPath(url.pathname)) return false;
  const auth = authenticateToken(readCookie(req.headers, sessionCookieName()));
  if (auth.kind === 'ok') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 401;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('Sign in first.\n');
    return true;
  }
  const next = safeNext(url.pathname + url.search);
  res.statusCode = 303;
  res.setHeader('location', `/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`);
  res.setHeader('cache-control', 'no-store');
  res.end();
  return true;
}
