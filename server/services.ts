// The composition root: every long-lived service of the dashboard (database, hosts, one
// watcher per host, the fleet view over them, tasks) is built here, once, in this order, by
// startServices() when the server starts, before it takes a request. The tRPC context and the
// websocket handler get them from here.
//
// The one bridge: Next bundles the route handlers separately from server/main.ts, so a module
// imported by both exists twice. The services therefore live in one slot of the process's
// shared state (server/process-slots.ts); the accessors below read it. Processes that never start a server (unit tests, the CLIs) get
// each service built on first use, from the same settings.
import path from 'node:path';
import { processSlot } from './process-slots';
import { openDatabase, type DB } from './db/database';
import { serverEnv, type ServerEnv } from './env';
import { createRegistry, fixedRegistry, type Host, type HostRegistry } from './hosts/registry';
import { createConsoleHub, type ConsoleHub } from './console/hub';
import { followHosts } from './metrics/registry';
import { Fleet, reconcileTasksOnReturn } from './zones/fleet';
import { HostReads } from './zones/host-reads';
import { TaskManager } from './zones/tasks';
import { HostWatcher } from './zones/watcher';

export interface Services {
  env: ServerEnv;
  db: DB;
  hosts: HostRegistry;
  /** one watcher per host, made when the host appears and stopped when it goes */
  watcher(host: Host): HostWatcher;
  /** every host's zones as one list, for the one live subscription of a page */
  fleet: Fleet;
  tasks: TaskManager;
  /** cached reads of hosts for pages (configurations, links, host facts) */
  reads: HostReads;
  /** one `zlogin -C` per zone, many viewers */
  consoleHub: ConsoleHub;
  /** every host's resource samples (one kstat per host), hosts added later included */
  metrics: Metrics;
}

export type Metrics = ReturnType<typeof followHosts>;

interface Holder {
  db?: DB;
  hosts?: Promise<HostRegistry>;
  watchers: Map<string, HostWatcher>;
  fleet?: Promise<Fleet>;
  tasks?: TaskManager;
  reads?: HostReads;
  consoleHub?: ConsoleHub;
  metrics?: Promise<Metrics>;
  started?: Promise<Services>;
}

function holder(): Holder {
  return processSlot<Holder>('services', () => ({ watchers: new Map() }));
}

/** Builds every service (once) and returns them. server/main.ts awaits it before listening. */
export function startServices(): Promise<Services> {
  const h = holder();
  h.started ??= (async () => {
    const env = serverEnv();
    const db = database();
    const tasks = taskManager();
    const hosts = await hostRegistry();
    const fleet = await fleetOf();
    const metrics = await metricsOf();
    return { env, db, hosts, tasks, fleet, watcher: watcherFor, reads: hostReads(), consoleHub: consoleHub(), metrics };
  })();
  return h.started;
}

/** The dashboard's SQLite database, migrated. */
export function database(): DB {
  const h = holder();
  if (!h.db) {
    const file = serverEnv().ZONEDASH_DB;
    h.db = openDatabase(file === ':memory:' ? file : path.resolve(file));
  }
  return h.db;
}

/** Tasks; at its creation, whatever was running when the previous process died is marked
 *  interrupted (and nothing is redone). */
export function taskManager(): TaskManager {
  const h = holder();
  if (!h.tasks) {
    const manager = new TaskManager(database());
    const interrupted = manager.markInterrupted();
    if (interrupted > 0) console.log(`marked ${interrupted} task(s) interrupted by the last shutdown`);
    h.tasks = manager;
  }
  return h.tasks;
}

/** Resource samples of every host: a sampler per host starts with the services. */
export function metricsOf(): Promise<Metrics> {
  const h = holder();
  h.metrics ??= hostRegistry().then(followHosts);
  return h.metrics;
}

export function consoleHub(): ConsoleHub {
  const h = holder();
  h.consoleHub ??= createConsoleHub(hostRegistry);
  return h.consoleHub;
}

export function hostReads(): HostReads {
  const h = holder();
  if (!h.reads) {
    const reads = new HostReads((host) => watcherFor(host).current().version);
    // whatever a task runs on a host may change what pages read there
    taskManager().subscribe((e) => {
      if (e.type === 'task') reads.invalidate(e.task.host);
    });
    h.reads = reads;
  }
  return h.reads;
}

export function hostRegistry(): Promise<HostRegistry> {
  const h = holder();
  h.hosts ??= createRegistry(serverEnv(), database()).then((registry) => {
    // a host that goes (removed, disabled, replaced by new settings) takes its watcher along
    registry.onHostsChange((hosts) => {
      for (const [name, w] of h.watchers) {
        if (!hosts.some((x) => x === w.host)) {
          w.stop();
          h.watchers.delete(name);
        }
      }
    });
    return registry;
  });
  return h.hosts;
}

/** For tests: replace the hosts with a given list (their watchers start afresh). */
export function setHostRegistry(hosts: Host[]): HostRegistry {
  const h = holder();
  for (const w of h.watchers.values()) w.stop();
  h.watchers.clear();
  const registry = fixedRegistry(hosts);
  h.hosts = Promise.resolve(registry);
  h.fleet = undefined;
  return registry;
}

export function watcherFor(host: Host): HostWatcher {
  const h = holder();
  let w = h.watchers.get(host.name);
  if (!w || w.host !== host) {
    w?.stop();
    w = new HostWatcher(host, serverEnv().ZONEDASH_POLL_MS);
    h.watchers.set(host.name, w);
  }
  return w;
}

export function fleetOf(): Promise<Fleet> {
  const h = holder();
  h.fleet ??= hostRegistry().then((registry) => {
    const fleet = new Fleet(registry, watcherFor);
    reconcileTasksOnReturn(fleet, taskManager());
    return fleet;
  });
  return h.fleet;
}
