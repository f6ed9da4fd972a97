// What the auth code reads from an HTTP request: cookies, the source address (set by
// server/main.ts from the socket, never from the client), and whether a request that can
// change something comes from our own pages.
import type { IncomingHttpHeaders } from 'node:http';
import { serverEnv } from '../env';

/** The request header server/main.ts sets to the socket's address (any incoming one is dropped). */
export const REMOTE_HEADER = 'x-zonedash-remote';
/** The request header server/main.ts sets to the scheme the browser used: 'https' when this
 *  server speaks TLS, or when a trusted proxy (TRUSTED_PROXY) says it took the request over
 *  https (X-Forwarded-Proto); 'http' otherwise. */
export const SCHEME_HEADER = 'x-zonedash-scheme';

type AnyHeaders = Headers | IncomingHttpHeaders;

function header(h: AnyHeaders, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

export function tlsEnabled(): boolean {
  return !!serverEnv().TLS_CERT;
}

/** Did the browser reach us over https (directly, or through a trusted TLS-terminating proxy)? */
export function browserUsedTls(h: AnyHeaders): boolean {
  const scheme = header(h, SCHEME_HEADER);
  return scheme === undefined ? tlsEnabled() : scheme === 'https';
}

/** Over TLS the cookies get the __Host- prefix: Secure, this host only, path /. */
export function sessionCookieName(): string {
  return tlsEnabled() ? '__Host-zonedash_session' : 'zonedash_session';
}
export function deviceCookieName(): string {
  return tlsEnabled() ? '__Host-zonedash_device' : 'zonedash_device';
}

export function readCookie(h: AnyHeaders, name: string): string | null {
  const raw = header(h, 'cookie');
  if (!raw) return null;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

export function serializeCookie(name: string, value: string, opts: { maxAgeSeconds?: number } = {}): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  if (tlsEnabled()) parts.push('Secure');
  return parts.join('; ');
}

export function clearCookie(name: string): string {
  return serializeCookie(name, '', { maxAgeSeconds: 0 });
}

export function sourceAddress(h: AnyHeaders): string {
  return header(h, REMOTE_HEADER) ?? '';
}

export function userAgent(h: AnyHeaders): string {
  return (header(h, 'user-agent') ?? '').slice(0, 300);
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

const HOST_HEADER = /^[A-Za-z0-9.\-[\]:]{1,300}$/;

/**
 * Does a browser's Origin name this server: the scheme it serves (https under TLS, http
 * otherwise) and the Host the browser connected to, default ports folded as browsers fold
 * them? `http://host` is another origin than `https://host`: a page served over plain http
 * (by anyone who can answer for the name on port 80) must not act on the https server.
 */
export function originMatches(origin: string, host: string, tls: boolean = tlsEnabled()): boolean {
  if (!HOST_HEADER.test(host)) return false;
  try {
    return new URL(origin).origin === new URL(`${tls ? 'https' : 'http'}://${host.toLowerCase()}`).origin;
  } catch {
    return false;
  }
}

/**
 * A request that can change something must come from a page of this server. Browsers say
 * where a request comes from: Sec-Fetch-Site (all current browsers) and Origin (on every
 * POST). A request with neither is not from a browser (curl, a script): no cookie of a
 * victim's browser rides on it, so it is let through to the session check, as Go's
 * CrossOriginProtection does.
 */
export function checkSameOrigin(h: AnyHeaders): OriginVerdict {
  const site = header(h, 'sec-fetch-site');
  const origin = header(h, 'origin');
  const host = header(h, 'host');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, reason: `cross-site request (Sec-Fetch-Site: ${site}${origin ? `, Origin: ${origin}` : ''})` };
  }
  if (origin !== undefined) {
    if (!host) return { ok: false, reason: 'request without a Host header' };
    if (origin !== 'null' && !URL.canParse(origin)) return { ok: false, reason: `malformed Origin: ${origin.slice(0, 100)}` };
    const tls = browserUsedTls(h);
    if (!originMatches(origin, host, tls)) {
      return { ok: false, reason: `cross-origin request from ${origin.slice(0, 100)} (this server is ${tls ? 'https' : 'http'}://${host.slice(0, 100)})` };
    }
  }
  return { ok: true };
}
