// Where sign-in may send a browser back to, and which paths need no session.
import { describe, expect, it } from 'vitest';
import { isPublicPath, malformedPath, safeNext } from './gate';
import { contentSecurityPolicy } from './security-headers';

describe('after signing in', () => {
  it('goes back to a path of this site, never elsewhere and never to the sign-in page itself', () => {
    expect(safeNext('/zones/sim/www?tab=1')).toBe('/zones/sim/www?tab=1');
    for (const bad of ['//evil.test/', '/\\evil.test', 'https://evil.test/', 'javascript:alert(1)', '/x\r\nSet-Cookie: a=b', '', null, undefined, '/login', '/login?next=/login', '/setup?token=x']) {
      expect(safeNext(bad)).toBe('/');
    }
    expect(safeNext('/loginx')).toBe('/loginx');
  });

  it('refuses what a browser would read as another site once it drops tabs and newlines (issue 9, item 8)', () => {
    // WHATWG URL parsing removes TAB, LF and CR anywhere in a URL: `/\t/evil.example` is `//evil.example`
    for (const bad of ['/\t/evil.example', '/\n/evil.example', '/\r/evil.example', '/\t\\evil.example', '/\\\tevil.example', '/\u0000/x', '/\\/evil.example']) {
      expect(safeNext(bad), JSON.stringify(bad)).toBe('/');
    }
    // what comes back is the path as resolved on this site, not the text that was given
    expect(safeNext('/zones/sim/../sim/www?tab=config#net')).toBe('/zones/sim/www?tab=config#net');
    expect(safeNext('/login/../users')).toBe('/users');
    expect(safeNext('/./login?next=/x')).toBe('/');
  });
});

describe('paths that do not decode', () => {
  it('are malformed (answered 400 before Next or tRPC see them)', () => {
    expect(malformedPath('/api/trpc/%ff')).toBe(true);
    expect(malformedPath('/zones/sim/%ff')).toBe(true);
    expect(malformedPath('/zones/sim/%e2%82')).toBe(true);
    expect(malformedPath('/zones/sim/caf%c3%a9')).toBe(false);
    expect(malformedPath('/zones/sim/www')).toBe(false);
  });
});

describe('pages that need no session', () => {
  it('are the sign-in and first-run pages, static assets and the API (which checks itself)', () => {
    for (const p of ['/login', '/setup', '/_next/static/chunks/a.js', '/api/trpc/auth.login', '/readme/zones.png', '/favicon.ico']) expect(isPublicPath(p)).toBe(true);
    for (const p of ['/', '/users', '/audit', '/zones/sim/www', '/zones/sim/www/console', '/tasks/x', '/login/../users', '/loginx', '/setupx']) expect(isPublicPath(p)).toBe(false);
  });
});

describe('the CSP', () => {
  it('names no origin but this one, and scripts only by nonce in production', () => {
    const csp = contentSecurityPolicy({ nonce: 'abc', dev: false, host: 'localhost:3000', tls: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp.match(/[a-z]+:\/\/[^\s;]+/g)).toEqual(['ws://localhost:3000']);
    // a hostile Host header cannot add a source
    expect(contentSecurityPolicy({ nonce: 'abc', dev: false, host: "x; script-src *", tls: false })).not.toContain('script-src *');
  });
});
