// Who the client is, for throttling and the audit log. By default the socket's peer: a
// request's own headers are the client's word and prove nothing. Behind a reverse proxy
// every request comes from the proxy, so every client would share one throttle; with
// TRUSTED_PROXY naming the proxies, X-Forwarded-For is read from the right (each proxy
// appends the address it saw) and the first hop that is not a trusted proxy is the client.
// Everything to the left of that hop is whatever the client chose to send: ignored. The
// same proxy's X-Forwarded-Proto says whether the browser came over https (a proxy that ends
// TLS speaks plain http to us), which the origin checks need.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { serverEnv } from '../env';

export type TrustedProxies = BlockList | null;

/** Parses TRUSTED_PROXY ("10.0.0.1, 10.1.0.0/16 ::1"); null when unset or empty. */
export function trustedProxies(setting: string | undefined): TrustedProxies {
  const entries = (setting ?? '').split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [addr = '', bits] = entry.split('/');
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(addr) === 0) throw new Error(`TRUSTED_PROXY: ${entry} is not an IP address or CIDR block`);
    if (bits === undefined) list.addAddress(addr, family);
    else list.addSubnet(addr, Number(bits), family);
  }
  return list;
}

/** '::ffff:10.0.0.1' (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
function plain(addr: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m ? m[1]! : addr;
}

function trusted(list: BlockList, addr: string): boolean {
  const family = isIP(addr);
  return family !== 0 && list.check(addr, family === 6 ? 'ipv6' : 'ipv4');
}

/** One X-Forwarded-For hop as an address: bare, or a bracketed IPv6 with a port, or IPv4:port. */
function hop(text: string): string {
  const t = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracketed) return plain(bracketed[1]!);
  const v4port = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(t);
  return plain(v4port ? v4port[1]! : t);
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted proxy, the
 * rightmost X-Forwarded-For hop that is not one. A hop that is not an address (a proxy that
 * wrote garbage, a header cut short) stops the walk at the last proxy known.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, proxies: TrustedProxies): string {
  const peer = plain(socketAddress ?? '');
  if (!proxies || !trusted(proxies, peer)) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const hops = header.split(',').map(hop).filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const h = hops[i]!;
    if (isIP(h) === 0) return client;
    client = h;
    if (!trusted(proxies, h)) return h;
  }
  // every hop is a proxy of ours: the leftmost is as far as anyone can tell
  return client;
}

let parsed: { setting: string | undefined; proxies: TrustedProxies } | undefined;

/** The TRUSTED_PROXY setting, parsed (again only when it changes). */
function proxiesNow(): TrustedProxies {
  const setting = serverEnv().TRUSTED_PROXY;
  if (!parsed || parsed.setting !== setting) parsed = { setting, proxies: trustedProxies(setting) };
  return parsed.proxies;
}

/** The client's address of a request as it reached this server, under the TRUSTED_PROXY setting. */
export function requestClientAddress(req: IncomingMessage): string {
  return clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], proxiesNow());
}

/** The scheme the browser used: https when this server speaks TLS, or when the peer is a
 *  trusted proxy whose X-Forwarded-Proto (its own, the rightmost value) says https. */
export function requestScheme(req: IncomingMessage, tls: boolean): 'https' | 'http' {
  if (tls) return 'https';
  const proxies = proxiesNow();
  if (!proxies || !trusted(proxies, plain(req.socket.remoteAddress ?? ''))) return 'http';
  const raw = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).split(',').at(-1)?.trim().toLowerCase();
  return proto === 'https' ? 'https' : 'http';
}
