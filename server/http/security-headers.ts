// Headers on every response of the server (pages, API, static files, refused upgrades).
//
// The Content-Security-Policy names no origin but this one. Scripts: 'self' plus a nonce
// made for each request; Next reads the nonce from the request's own
// Content-Security-Policy header (which server/main.ts sets) and puts it on every inline
// script it writes (the RSC payload, React's streaming helpers), so no 'unsafe-inline' for
// scripts in production. Pages are rendered per request (the root layout reads the session),
// which nonces need. Styles keep 'unsafe-inline': React writes style attributes and xterm.js
// inserts <style> elements, which nonces do not cover; injected CSS cannot run code. In
// development (`npm run dev`) scripts get 'unsafe-inline' 'unsafe-eval' for Next's HMR.
import { randomBytes } from 'node:crypto';

const HOST_HEADER = /^[A-Za-z0-9.\-[\]:]{1,300}$/;

export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(opts: { nonce: string; dev: boolean; host?: string; tls: boolean }): string {
  // 'self' covers same-origin websockets in current browsers (CSP3); spelled out for the rest
  const ws = opts.host && HOST_HEADER.test(opts.host) ? ` ${opts.tls ? 'wss' : 'ws'}://${opts.host}` : '';
  const scripts = opts.dev ? `'self' 'unsafe-inline' 'unsafe-eval'` : `'self' 'nonce-${opts.nonce}'`;
  return [
    `default-src 'self'`,
    `script-src ${scripts}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${ws}`,
    `worker-src 'self' blob:`,
    `manifest-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

export function securityHeaders(opts: { csp: string; tls: boolean; loopback: boolean }): Record<string, string> {
  const h: Record<string, string> = {
    'Content-Security-Policy': opts.csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()',
  };
  // HSTS pins https for the host name: not for localhost, where other services live on http
  if (opts.tls && !opts.loopback) h['Strict-Transport-Security'] = 'max-age=31536000';
  return h;
}

/** For responses written by hand on a raw socket (refused websocket upgrades). */
export function rawSecurityHeaderLines(): string {
  return (
    `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n` +
    `X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\n`
  );
}
