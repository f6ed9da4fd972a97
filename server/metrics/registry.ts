// The one sampler of each host, shared by every viewer, the router and the live subscription
// (in the process's shared slots: server/main.ts and Next's bundled routes are two module
// instances). The composition root starts one per host and stops it when the host goes.
import { database } from '../db/database';
import { serverEnv } from '../env';
import type { Host, HostRegistry } from '../hosts/registry';
import { processSlot } from '../process-slots';
import { watcherFor } from '../services';
import { MetricsHistory, retentionFromEnv } from './history';
import { HostSampler, type SampleEvent } from './sampler';

function samplers(): Map<string, HostSampler> {
  return processSlot('metricsSamplers', () => new Map<string, HostSampler>());
}

/** kstat's interval: ZONEDASH_METRICS_INTERVAL seconds (default 5, as Cockpit samples). */
export function metricsInterval(): number {
  return serverEnv().ZONEDASH_METRICS_INTERVAL;
}

export function samplerFor(host: Host): HostSampler {
  const map = samplers();
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
  const map = samplers();
  map.get(name)?.stop();
  map.delete(name);
}

/** Every host's samples, hosts added later included: samplers start for every host now and
 *  for each host that joins; a host that goes takes its sampler along. */
export function followHosts(registry: HostRegistry): { subscribe(listener: (e: SampleEvent) => void): () => void } {
  const listeners = new Set<(e: SampleEvent) => void>();
  const offs = new Map<string, () => void>();
  const attach = (host: Host) => {
    const sampler = samplerFor(host);
    sampler.start();
    offs.get(host.name)?.();
    offs.set(host.name, sampler.subscribe((e) => listeners.forEach((l) => l(e))));
  };
  registry.hosts.forEach(attach);
  registry.onHostsChange((hosts) => {
    for (const name of [...offs.keys()]) {
      if (hosts.some((h) => h.name === name)) continue;
      offs.get(name)?.();
      offs.delete(name);
      stopSampler(name);
    }
    // new hosts, and hosts replaced by new settings (samplerFor makes them a new sampler)
    for (const host of hosts) if (!offs.has(host.name) || samplers().get(host.name)?.host !== host) attach(host);
  });
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
