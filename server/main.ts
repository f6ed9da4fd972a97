// The dashboard's one process: Next's request handler plus the websocket upgrade path under
// /ws/ (the console hub plugs in there). Run with tsx: `npm start` (production build) or
// `npm run dev`.
import { createServer } from 'node:http';
import next from 'next';
import { WebSocketServer } from 'ws';
import { serverEnv } from './env';
import { hostRegistry } from './hosts/registry';
import { handleUpgrade } from './ws/upgrade';

export async function startServer(options: { dev: boolean }) {
  const env = serverEnv();
  // Bring the hosts up (and seed a fresh simulated host) before taking requests.
  const registry = await hostRegistry();

  const httpServer = createServer();
  const app = next({ dev: options.dev, hostname: env.HOST, port: env.PORT, httpServer });
  await app.prepare();
  const handle = app.getRequestHandler();
  const wss = new WebSocketServer({ noServer: true });

  httpServer.on('request', (req, res) => {
    void handle(req, res);
  });
  httpServer.on('upgrade', (req, socket, head) => {
    // Next attaches its own upgrade listener (HMR in dev) on the first request; it only
    // handles its own paths. Ours live under /ws/.
    if (req.url?.startsWith('/ws/')) {
      handleUpgrade(wss, req, socket, head);
    } else if (!options.dev) {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(env.PORT, env.HOST, () => resolve());
  });
  const hosts = registry.hosts.map((h) => `${h.name} (${h.description})`).join(', ');
  console.log(`zone dashboard on http://${env.HOST}:${env.PORT}  hosts: ${hosts}`);

  const shutdown = () => {
    wss.clients.forEach((c) => c.terminate());
    httpServer.close();
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return httpServer;
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'));
if (isEntry) {
  const dev = process.argv.includes('--dev');
  (process.env as Record<string, string>).NODE_ENV ??= dev ? 'development' : 'production';
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  startServer({ dev }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
