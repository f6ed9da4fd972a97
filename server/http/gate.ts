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

/** Where to come back to after signing in: a path of this site, never another one. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\r\n]/.test(next)) return '/';
  // never back to the sign-in or first-run page itself (a signed-in visit there would loop)
  if (/^\/(login|setup)(?:[/?#]|$)/.test(next)) return '/';
  return next.slice(0, 2000);
}

/** True when the request was answered here (redirected to sign in). */
export function gatePage(req: IncomingMessage, res: ServerResponse): boolean {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://x');
  } catch {
    res.statusCode = 400;
    res.end('Bad Request');
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
