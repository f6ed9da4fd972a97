// The one sampler of each host, shared by every viewer, the router and the live subscription
// (on globalThis: server/main.ts and Next's bundled routes are two module instances).
import { database } from '../db/database';
import { serverEnv } from '../env';
import type { Host } from '../hosts/registry';
import { watcherFor } from '../zones/watcher';
import { MetricsHistory, retentionFromEnv } from './history';
import { HostSampler } from './sampler';

const KEY = Symbol.for('zonedash.metrics');
type Holder = { [KEY]?: Map<string, HostSampler> };

/** kstat's interval: ZONEDASH_METRICS_INTERVAL seconds (default 5, as Cockpit samples). */
export function metricsInterval(): number {
  return serverEnv().ZONEDASH_METRICS_INTERVAL;
}

export function samplerFor(host: Host): HostSampler {
  const holder = globalThis as Holder;
  const map = (holder[KEY] ??= new Map());
  let s = map.get(host.name);
  if (s && s.host !== host) {
    // the host was replaced (its settings changed): its old runner is closed
    s.stop();
    s = undefined;
  }
  if (!s) {
    const watcher = watcherFor(host);
    s = new HostSampler(host, {
      intervalSec: metricsInterval(),
      ringSeconds: 3600,
      zfsEveryMs: 60_000,
      quietMs: 300,
      history: new MetricsHistory(database()),
      retention: retentionFromEnv(),
      zonepaths: () => {
        watcher.start(); // the zone list is the watcher's: make sure it is being kept
        return new Map(watcher.current().zones.map((z) => [z.name, z.zonepath]));
      },
    });
    map.set(host.name, s);
  }
  return s;
}

/** Stops the sampler of a host that went away (the lead calls it on a hosts change). */
export function stopSampler(name: string): void {
  const map = (globalThis as Holder)[KEY];
  map?.get(name)?.stop();
  map?.delete(name);
}
