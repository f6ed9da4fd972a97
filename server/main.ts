// The dashboard's one process: Next's request handler plus the websocket upgrade path under
// /ws/ (the console hub plugs in there), over http or, with TLS_CERT and TLS_KEY, https. Every
// response gets the security headers; every page needs a session; a first start with no
// account prints the one-time setup link. Run with tsx: `npm start` (production build) or
// `npm run dev`.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import next from 'next';
import { startAuditPruner } from './auth/audit';
import { REMOTE_HEADER, SCHEME_HEADER } from './auth/http';
import { startSessionSweeper } from './auth/sessions';
import { issueSetupToken } from './auth/setup';
import { serverEnv } from './env';
import { limitRequestBody } from './http/body-limit';
import { requestClientAddress, requestScheme } from './http/client-address';
import { gatePage } from './http/gate';
import { contentSecurityPolicy, makeNonce, securityHeaders } from './http/security-headers';
import { followZoneStates } from './doctor/state-since';
import { startServices } from './services';
import { followBoots } from './zones/booted-config-follow';
import { closeConsoleSockets, handleUpgrade } from './ws/upgrade';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;

/** Headers only this server may set on a request: whatever a client sent under these names goes. */
export function prepareRequest(req: IncomingMessage, opts: { dev: boolean; tls: boolean }): { nonce: string; csp: string } {
  for (const name of Object.keys(req.headers)) if (name.startsWith('x-zonedash-')) delete req.headers[name];
  // the socket's peer, or behind a TRUSTED_PROXY the client it forwarded for
  req.headers[REMOTE_HEADER] = requestClientAddress(req);
  req.headers[SCHEME_HEADER] = requestScheme(req, opts.tls);
  const nonce = makeNonce();
  const csp = contentSecurityPolicy({ nonce, dev: opts.dev, host: req.headers.host, tls: opts.tls });
  // Next takes the nonce for its inline scripts from the request's CSP header
  req.headers['content-security-policy'] = csp;
  delete req.headers['content-security-policy-report-only'];
  return { nonce, csp };
}

export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, csp: string, tls: boolean): void {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  for (const [k, v] of Object.entries(securityHeaders({ csp, tls, loopback: LOOPBACK.test(host) }))) res.setHeader(k, v);
}

export function createListener(env: { TLS_CERT?: string; TLS_KEY?: string }): Server {
  if (env.TLS_CERT && env.TLS_KEY) {
    return createHttpsServer({ cert: readFileSync(env.TLS_CERT), key: readFileSync(env.TLS_KEY) }) as unknown as Server;
  }
  return createServer();
}

export async function startServer(options: { dev: boolean }) {
  const env = serverEnv();
  const tls = !!env.TLS_CERT;
  // Every service is built here, before the first request: the database and its migrations,
  // tasks interrupted by the last shutdown, the hosts (a fresh simulated host seeded, SSH
  // hosts connecting), one watcher per host, the fleet view over them.
  const services = await startServices();
  const registry = services.hosts;
  // followers that live badges and counts read from the start: the configuration each running
  // zone booted with (pending changes), and since when each zone is in its state (the Doctor)
  followBoots();
  followZoneStates(registry, services.watcher);

  const httpServer = createListener(env);
  const app = next({ dev: options.dev, hostname: env.HOST, port: env.PORT, httpServer });
  await app.prepare();
  const handle = app.getRequestHandler();

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const { csp } = prepareRequest(req, { dev: options.dev, tls });
    applySecurityHeaders(req, res, csp, tls);
    if (limitRequestBody(req, res, env.API_MAX_BODY_BYTES)) return;
    if (gatePage(req, res)) return;
    void handle(req, res);
  });
  httpServer.on('upgrade', (req, socket, head) => {
    // Next attaches its own upgrade listener (HMR in dev) on the first request; it only
    // handles its own paths. Ours live under /ws/.
    if (req.url?.startsWith('/ws/')) {
      prepareRequest(req, { dev: options.dev, tls });
      handleUpgrade(req, socket, head);
    } else if (!options.dev) {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(env.PORT, env.HOST, () => resolve());
  });
  startSessionSweeper();
  startAuditPruner();
  const scheme = tls ? 'https' : 'http';
  const shown = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  const base = `${scheme}://${shown}:${env.PORT}`;
  const hosts = registry.hosts.map((h) => `${h.name} (${h.description})`).join(', ');
  console.log(`zone dashboard on ${base}  hosts: ${hosts}`);
  const setup = issueSetupToken();
  if (setup) {
    console.log(
      `\nNo accounts yet. Create the first admin here (the link works once, until the server restarts):\n\n` +
        `    ${base}/setup?token=${setup}\n\n` +
        `(Locked out later? npm run admin -- reset NAME)\n`,
    );
  }

  const shutdown = () => {
    closeConsoleSockets();
    registry.close();
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
