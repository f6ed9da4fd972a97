// The hosts this dashboard manages. Today: one host, either the embedded simulated host (the
// default off illumos) or this machine's global zone. Zones are addressed as (host, zone).
// The registry is a process-wide singleton shared by the custom server and Next's bundled
// route handlers, hence globalThis.
import os from 'node:os';
import { defaultSimRoot, isIllumos, serverEnv } from '../env';
import { LocalRunner } from './local';
import type { Runner } from './runner';
import { SimRunner } from './sim';
import { ensureHost } from '../sim/store';
import { seedDemoHost } from '../sim/seed';

export interface Host {
  /** stable identifier used in URLs and task records */
  name: string;
  kind: Runner['kind'];
  /** what the UI shows next to the name */
  description: string;
  runner: Runner;
}

export interface HostRegistry {
  hosts: Host[];
  get(name: string): Host | undefined;
  defaultHost: Host;
}

const KEY = Symbol.for('zonedash.hosts');
type Holder = { [KEY]?: Promise<HostRegistry> };

export function hostRegistry(): Promise<HostRegistry> {
  const holder = globalThis as Holder;
  holder[KEY] ??= createRegistry();
  return holder[KEY];
}

/** For tests: replace the registry with a given set of hosts. */
export function setHostRegistry(hosts: Host[]): HostRegistry {
  const registry = makeRegistry(hosts);
  (globalThis as Holder)[KEY] = Promise.resolve(registry);
  return registry;
}

function makeRegistry(hosts: Host[]): HostRegistry {
  const first = hosts[0];
  if (!first) throw new Error('no hosts configured');
  return { hosts, get: (name) => hosts.find((h) => h.name === name), defaultHost: first };
}

async function createRegistry(): Promise<HostRegistry> {
  const env = serverEnv();
  const kind = env.ZONEDASH_HOST ?? (isIllumos() ? 'local' : 'sim');
  if (kind === 'local') {
    const runner = new LocalRunner({ pfexec: env.ZONEDASH_PFEXEC === '1' });
    const name = os.hostname().replace(/[^A-Za-z0-9_.-]/g, '-') || 'localhost';
    return makeRegistry([{ name, kind, description: 'this machine (global zone)', runner }]);
  }
  const root = env.SIM_ROOT ?? defaultSimRoot();
  await ensureHost(root);
  if (env.SIM_SEED === '1') await seedDemoHost(root);
  const runner = new SimRunner({ root, timeScale: env.SIM_TIME_SCALE });
  return makeRegistry([{ name: 'sim', kind, description: `simulated illumos host (${root})`, runner }]);
}
