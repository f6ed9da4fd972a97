// One console server for bench/console.ts, in its own process so that its memory can be read
// alone. The console source is the same everywhere: server/console/fake-zlogin.mjs on a pty
// (zlogin's banner, raw mode, echo, a deterministic flood on command).
//   tsx bench/console-server.ts hub|raw|wetty PORT
// Prints "ready PORT" when it listens; answers the IPC message {mem: id} with its memory after
// a GC (process.memoryUsage() and the bytes queued in websocket send buffers).
//   hub    our console hub (server/console), behind the same upgrade path as the dashboard
//   raw    the limit of this stack: one pty, every byte straight to every websocket, no flow
//          control, no replay, no acks (what a minimal pty-to-websocket pipe does)
//   wetty  wetty (npm), its own server and protocol (socket.io), one pty per connection
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { spawnPty } from '../server/hosts/pty';
import type { PtyProcess } from '../server/hosts/runner';
import { ConsoleHub } from '../server/console/hub';
import type { ConsoleHost } from '../server/console/zone-console';
import { openGate } from '../server/console/testkit';
import { upgradeWith, consoleSockets } from '../server/ws/upgrade';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FAKE_ZLOGIN = path.resolve(here, '..', 'server', 'console', 'fake-zlogin.mjs');
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

const kind = process.argv[2];
const port = Number(process.argv[3]);

function openSource(args: readonly string[]): PtyProcess {
  return spawnPty(process.execPath, [FAKE_ZLOGIN, ...args], { cols: 120, rows: 40, env });
}

async function hub(): Promise<void> {
  const host: ConsoleHost = {
    name: 'bench',
    openPty: (call) => openSource(call.args),
    zoneState: async () => 'running',
    watchZones: () => () => {},
  };
  const h = new ConsoleHub({ resolveHost: async (n) => (n === 'bench' ? host : undefined) });
  const server = createServer((_req, res) => res.end());
  server.on('upgrade', (req, socket, head) => upgradeWith(h, req, socket, head, openGate));
  // read at each sample: the console's socket server is made on the first upgrade
  queued = () => [...consoleSockets()].reduce((n, c) => n + c.bufferedAmount, 0);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
}

async function raw(): Promise<void> {
  const server = createServer((_req, res) => res.end());
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  const clients = new Set<WebSocket>();
  queued = () => [...clients].reduce((n, c) => n + c.bufferedAmount, 0);
  let source: PtyProcess | null = null;
  wss.on('connection', (ws) => {
    clients.add(ws);
    if (!source) {
      source = openSource(['-C', '-E', 'bench']);
      source.onData((d) => {
        for (const c of clients) c.send(d, { binary: true });
      });
    }
    const s = source;
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) s.write(data);
    });
    ws.on('close', () => clients.delete(ws));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
}

async function wetty(): Promise<void> {
  process.env.LOG_LEVEL = 'error';
  const { start } = (await import('wetty')) as unknown as {
    start: (ssh: object, server: object, command: string, forcessh: boolean) => Promise<unknown>;
  };
  const ssh = { user: '', host: 'localhost', auth: 'password', port: 22, knownHosts: '/dev/null', allowRemoteHosts: false, allowRemoteCommand: false };
  const server = { base: '/wetty', port, host: '127.0.0.1', title: 'bench', allowIframe: false, socket: false };
  // wetty runs a local command (as root, on localhost) through `env -S`
  await start(ssh, server, `${process.execPath} ${FAKE_ZLOGIN} -C -E bench`, false);
}

/** bytes waiting in websocket send buffers (the server's side of a slow viewer) */
let queued: () => number = () => 0;

process.on('message', (m: { mem?: number }) => {
  // what is retained, not garbage waiting for the collector (started with --expose-gc)
  if (typeof m?.mem === 'number') {
    // V8 frees Buffer memory on a background thread after a collection: collect, let it
    // sweep, collect again, then read
    const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
    gc();
    setTimeout(() => {
      gc();
      setTimeout(() => process.send?.({ id: m.mem, ...process.memoryUsage(), queued: queued() }), 30);
    }, 30);
  }
});
process.on('disconnect', () => process.exit(0));

const run = kind === 'hub' ? hub : kind === 'raw' ? raw : kind === 'wetty' ? wetty : null;
if (!run) {
  console.error('usage: console-server.ts hub|raw|wetty PORT');
  process.exit(2);
}
await run();
console.log(`ready ${port}`);
