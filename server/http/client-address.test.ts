// The client's address behind a reverse proxy (issue 9, item 16): X-Forwarded-For counts only
// when the socket's peer is a proxy named in TRUSTED_PROXY, and then only up to the first hop
// that is not one of ours. Over a real socket, the request listener's own preparation
// (server/main.ts's prepareRequest) sets the address the auth code reads.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkSameOrigin, REMOTE_HEADER, SCHEME_HEADER } from '../auth/http';
import { prepareRequest } from '../main';
import { clientAddress, trustedProxies } from './client-address';

describe('the client address', () => {
  it('is the socket’s peer when no proxy is trusted (the default), whatever the header says', () => {
    expect(clientAddress('203.0.113.5', '198.51.100.1', null)).toBe('203.0.113.5');
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.1', null)).toBe('127.0.0.1');
    // a peer that is not a trusted proxy is the client, even when some proxy is trusted
    expect(clientAddress('203.0.113.5', '198.51.100.1', trustedProxies('10.0.0.1'))).toBe('203.0.113.5');
  });

  it('is the rightmost hop that is not a trusted proxy; what the client wrote to the left is ignored', () => {
    const proxies = trustedProxies('10.0.0.1, 10.1.0.0/16 ::1');
    // client 198.51.100.7 forged "1.2.3.4" in front; the edge proxy 10.1.2.3 appended the real one
    expect(clientAddress('10.0.0.1', '1.2.3.4, 198.51.100.7, 10.1.2.3', proxies)).toBe('198.51.100.7');
    expect(clientAddress('::ffff:10.0.0.1', '198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(clientAddress('::1', ['1.2.3.4', '198.51.100.8'], proxies)).toBe('198.51.100.8');
    expect(clientAddress('10.0.0.1', '[2001:db8::7]:4711', proxies)).toBe('2001:db8::7');
    expect(clientAddress('10.0.0.1', '198.51.100.9:5555', proxies)).toBe('198.51.100.9');
    // no header: the proxy itself is all we know
    expect(clientAddress('10.0.0.1', undefined, proxies)).toBe('10.0.0.1');
    // garbage stops the walk at the last address known
    expect(clientAddress('10.0.0.1', 'evil"; DROP, 10.1.0.9', proxies)).toBe('10.1.0.9');
    // all hops are ours: the leftmost
    expect(clientAddress('10.0.0.1', '10.1.0.8, 10.1.0.9', proxies)).toBe('10.1.0.8');
  });

  it('refuses a setting that is not a list of addresses', () => {
    expect(() => trustedProxies('10.0.0.1, proxy.example')).toThrow(/not an IP address/);
    expect(trustedProxies('')).toBeNull();
    expect(trustedProxies(undefined)).toBeNull();
  });
});

describe('over a socket, as the server sets it', () => {
  let server: Server;
  let port: number;
  let seen: string[] = [];
  let schemes: string[] = [];
  let verdicts: boolean[] = [];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      prepareRequest(req, { dev: false, tls: false });
      seen.push(String(req.headers[REMOTE_HEADER]));
      schemes.push(String(req.headers[SCHEME_HEADER]));
      verdicts.push(checkSameOrigin(req.headers).ok);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  afterEach(() => {
    delete process.env.TRUSTED_PROXY;
    seen = [];
    schemes = [];
    verdicts = [];
  });

  const get = (headers: Record<string, string>) => fetch(`http://127.0.0.1:${port}/`, { headers }).then((r) => r.text());

  it('off by default: X-Forwarded-For from anyone is ignored', async () => {
    await get({ 'x-forwarded-for': '198.51.100.1', 'x-zonedash-remote': '6.6.6.6' });
    expect(seen).toEqual(['127.0.0.1']);
  });

  it('with TRUSTED_PROXY naming the peer: the forwarded client', async () => {
    process.env.TRUSTED_PROXY = '127.0.0.1';
    await get({ 'x-forwarded-for': '1.2.3.4, 198.51.100.1' });
    await get({});
    expect(seen).toEqual(['198.51.100.1', '127.0.0.1']);
  });

  it('behind a trusted proxy that ends TLS, the browser’s https origin is this server’s; nobody else can say so', async () => {
    // (fetch sends the Host of the URL: the proxy passes the browser's Host through)
    const browser = { origin: `https://127.0.0.1:${port}`, 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.1' };
    // not trusted: the header is the client's word, the request came over http
    await get(browser);
    await get({ ...browser, 'x-zonedash-scheme': 'https' });
    process.env.TRUSTED_PROXY = '127.0.0.1';
    await get(browser);
    await get({ ...browser, origin: `http://127.0.0.1:${port}` });
    await get({ ...browser, 'x-forwarded-proto': 'https, http' });
    expect(schemes).toEqual(['http', 'http', 'https', 'https', 'http']);
    expect(verdicts).toEqual([false, false, true, false, false]);
  });
});
