// For tests: requests to the tRPC endpoint (server/trpc/http.ts) as a browser would send them,
// against a fresh simulated host whose runner counts every tool it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Host } from '../hosts/registry';
import { SimRunner } from '../hosts/sim';
import { seedDemoHost } from '../sim/seed';
import { ensureHost } from '../sim/store';
import { handleTrpcRequest } from '../trpc/http';
import { setHostRegistry, taskManager, watcherFor } from '../services';

export const ORIGIN = 'http://localhost:3000';

export interface CallOptions {
  method?: 'GET' | 'POST';
  input?: unknown;
  cookie?: string;
  /** the Origin header; null: none */
  origin?: string | null;
  site?: string;
  address?: string;
}

export async function call(procedure: string, o: CallOptions = {}): Promise<{ status: number; body: string; json: () => unknown; headers: Headers }> {
  const method = o.method ?? 'POST';
  const headers: Record<string, string> = { host: 'localhost:3000', 'content-type': 'application/json', 'x-zonedash-remote': o.address ?? '127.0.0.9' };
  if (o.origin !== null) headers.origin = o.origin ?? ORIGIN;
  if (o.site) headers['sec-fetch-site'] = o.site;
  if (o.cookie) headers.cookie = o.cookie;
  const q = method === 'GET' && o.input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(o.input))}` : '';
  const res = await handleTrpcRequest(
    new Request(`${ORIGIN}/api/trpc/${procedure}${q}`, { method, headers, body: method === 'POST' ? JSON.stringify(o.input ?? null) : undefined }),
  );
  const body = await res.text();
  return { status: res.status, body, json: () => JSON.parse(body), headers: res.headers };
}

/** A fresh seeded simulated host as the only host (in-process tools, instant). */
export async function simHost(): Promise<{ host: Host; root: string; cleanup: () => void }> {
  const root = mkdtempSync(path.join(tmpdir(), 'auth-'));
  await ensureHost(root);
  await seedDemoHost(root);
  const host: Host = { name: 'sim', kind: 'sim', description: 'test', runner: new SimRunner({ root, timeScale: 0 }) };
  setHostRegistry([host]);
  return {
    host,
    root,
    cleanup: () => {
      watcherFor(host).stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Waits until no task runs and the runner has been idle for a moment (watcher refreshes done). */
export async function quiet(host: Host): Promise<number> {
  for (const t of taskManager().list({ status: 'running' })) await taskManager().wait(t.id);
  let last = -1;
  while (host.runner.spawnCount !== last) {
    last = host.runner.spawnCount;
    await new Promise((r) => setTimeout(r, 150));
  }
  return last;
}
