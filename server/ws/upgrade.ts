// Websocket upgrades under /ws/. Today one path: /ws/console/<host>/<zone>?ticket=T[&mode=ro],
// the console hub. Everything is checked before the upgrade is accepted: the path, the Origin
// (browsers send cookies on cross-site websocket upgrades, so only this origin may open
// one), the host and zone names (the zone by zoneadm's own rules), and then the gate: the
// session and a single-use console ticket for this host and zone (server/auth/console-gate.ts).
// A refusal is a plain HTTP status on the socket, so nothing hangs, and nothing is spawned.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { validateZoneName } from '../illumos/validate';
import type { ConsoleHub } from '../console/hub';
import { consoleHub } from '../services';
import { ticketGate, type ConsoleGate } from '../auth/console-gate';
import { browserUsedTls, originMatches } from '../auth/http';
import { rawSecurityHeaderLines } from '../http/security-headers';

const CONSOLE_PATH = /^\/ws\/console\/([^/]+)\/([^/]+)\/?$/;
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

// The console's own server: small frames only (keystrokes, control messages), so a client
// cannot make us buffer the 100 MiB messages ws allows by default; no compression (terminal
// output is latency-bound, and deflate state per socket costs memory).
// Only the custom server (server/main.ts) takes upgrades, never Next's bundle: a module-level
// server is the one there is.
let wss: WebSocketServer | null = null;
function consoleWss(): WebSocketServer {
  wss ??= new WebSocketServer({ noServer: true, maxPayload: 256 * 1024, perMessageDeflate: false });
  return wss;
}

export function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
  upgradeWith(consoleHub(), req, socket, head);
}

/** The open console sockets (the console bench sums their send buffers). */
export function consoleSockets(): ReadonlySet<import('ws').WebSocket> {
  return consoleWss().clients;
}

/** At shutdown: every open console socket ends. */
export function closeConsoleSockets(): void {
  for (const ws of consoleWss().clients) ws.terminate();
}

/** The same, with a given hub and gate (tests and the bench pass a gate that lets all in). */
export function upgradeWith(hub: ConsoleHub, req: IncomingMessage, socket: Duplex, head: Buffer, gate: ConsoleGate = ticketGate): void {
  socket.on('error', () => socket.destroy());
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return refuse(socket, 400, 'Bad Request');
  }
  const m = CONSOLE_PATH.exec(url.pathname);
  if (!m) return refuse(socket, 404, 'Not Found');
  if (!sameOrigin(req)) {
    gate.refused(req, { host: safeDecode(m[1]!), zone: safeDecode(m[2]!) }, `cross-origin upgrade (Origin: ${String(req.headers.origin ?? 'none').slice(0, 100)})`);
    return refuse(socket, 403, 'Forbidden', 'cross-origin console connections are refused');
  }
  let hostName: string;
  let zone: string;
  try {
    hostName = decodeURIComponent(m[1]!);
    zone = decodeURIComponent(m[2]!);
  } catch {
    return refuse(socket, 400, 'Bad Request', 'malformed path');
  }
  if (!HOST_NAME.test(hostName)) {
    gate.refused(req, { host: hostName, zone }, 'invalid host name');
    return refuse(socket, 400, 'Bad Request', 'invalid host name');
  }
  const valid = validateZoneName(zone);
  if (!valid.ok) {
    gate.refused(req, { host: hostName, zone }, valid.message);
    return refuse(socket, 400, 'Bad Request', valid.message);
  }
  const urlMode = url.searchParams.get('mode') === 'ro' ? 'ro' : 'rw';
  const decision = gate.authorize(req, { host: hostName, zone, urlMode });
  if (!decision.ok) return refuse(socket, decision.status, decision.text, decision.reason);
  const { grant } = decision;
  void hub.resolveHost(hostName).then(
    (host) => {
      if (socket.destroyed) return;
      if (!host) return refuse(socket, 404, 'Not Found', `no host named ${hostName} with a console`);
      consoleWss().handleUpgrade(req, socket, head, (ws) => {
        hub.attach(ws, host, zone, grant.mode, { name: grant.name, onInput: grant.onInput });
        grant.bind?.(ws);
      });
    },
    () => refuse(socket, 500, 'Internal Server Error'),
  );
}

/** Origin must name this server, scheme included (https under TLS): see originMatches. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host;
  return !!origin && !!host && originMatches(origin, host, browserUsedTls(req.headers));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function refuse(socket: Duplex, status: number, text: string, body = ''): void {
  const payload = body ? body + '\n' : '';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n${rawSecurityHeaderLines()}` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
  );
}
