// What the auth code reads from an HTTP request: cookies, the source address (set by
// server/main.ts from the socket, never from the client), and whether a request that can
// change something comes from our own pages.
import type { IncomingHttpHeaders } from 'node:http';
import { serverEnv } from '../env';

/** The request header server/main.ts sets to the socket's address (any incoming one is dropped). */
export const REMOTE_HEADER = 'x-zonedash-remote';

type AnyHeaders = Headers | IncomingHttpHeaders;

function header(h: AnyHeaders, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

export function tlsEnabled(): boolean {
  return !!serverEnv().TLS_CERT;
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
    let originHost: string;
    try {
      originHost = origin === 'null' ? 'null' : new URL(origin).host;
    } catch {
      return { ok: false, reason: `malformed Origin: ${origin.slice(0, 100)}` };
    }
    if (originHost.toLowerCase() !== host.toLowerCase()) return { ok: false, reason: `cross-origin request from ${origin.slice(0, 100)}` };
  }
  return { ok: true };
}
