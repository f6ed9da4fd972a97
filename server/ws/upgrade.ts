// Websocket upgrades under /ws/. The console hub (issue 5) registers its path here; anything
// else is refused with a clean HTTP status instead of hanging the socket.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';

export function handleUpgrade(_wss: WebSocketServer, _req: IncomingMessage, socket: Duplex, _head: Buffer): void {
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}
