// Websocket upgrades under /ws/. Today one path: /ws/console/<host>/<zone>[?mode=ro], the
// console hub. Everything is checked before the upgrade is accepted: the path, the Origin
// (browsers send cookies on cross-site websocket upgrades, so only this origin may open
// one), and the host and zone names (the zone by zoneadm's own rules). A refusal is a plain
// HTTP status on the socket, so nothing hangs.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { validateZoneName } from '../illumos/validate';
import { consoleHub, type ConsoleHub } from '../console/hub';

const CONSOLE_PATH = /^\/ws\/console\/([^/]+)\/([^/]+)\/?$/;
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

// The console's own server: small frames only (keystrokes, control messages), so a client
// cannot make us buffer the 100 MiB messages ws allows by default; no compression (terminal
// output is latency-bound, and deflate state per socket costs memory).
const KEY = Symbol.for('zonedash.consoleWss');
type Holder = { [KEY]?: WebSocketServer };
function consoleWss(): WebSocketServer {
  const holder = globalThis as Holder;
  holder[KEY] ??= new WebSocketServer({ noServer: true, maxPayload: 256 * 1024, perMessageDeflate: false });
  return holder[KEY];
}

export function handleUpgrade(_wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  upgradeWith(consoleHub(), req, socket, head);
}

/** The same, with a given hub (tests, the bench). */
export function upgradeWith(hub: ConsoleHub, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return refuse(socket, 400, 'Bad Request');
  }
  const m = CONSOLE_PATH.exec(url.pathname);
  if (!m) return refuse(socket, 404, 'Not Found');
  if (!sameOrigin(req)) return refuse(socket, 403, 'Forbidden', 'cross-origin console connections are refused');
  let hostName: string;
  let zone: string;
  try {
    hostName = decodeURIComponent(m[1]!);
    zone = decodeURIComponent(m[2]!);
  } catch {
    return refuse(socket, 400, 'Bad Request', 'malformed path');
  }
  if (!HOST_NAME.test(hostName)) return refuse(socket, 400, 'Bad Request', 'invalid host name');
  const valid = validateZoneName(zone);
  if (!valid.ok) return refuse(socket, 400, 'Bad Request', valid.message);
  const mode = url.searchParams.get('mode') === 'ro' ? 'ro' : 'rw';
  void hub.resolveHost(hostName).then(
    (host) => {
      if (socket.destroyed) return;
      if (!host) return refuse(socket, 404, 'Not Found', `no host named ${hostName} with a console`);
      consoleWss().handleUpgrade(req, socket, head, (ws) => hub.attach(ws, host, zone, mode));
    },
    () => refuse(socket, 500, 'Internal Server Error'),
  );
}

/** Origin must name this server (scheme aside): the Host the browser connected to. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

function refuse(socket: Duplex, status: number, text: string, body = ''): void {
  const payload = body ? body + '\n' : '';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
  );
}
