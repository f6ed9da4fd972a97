// What pages read from a host beyond the zone list (a zone's configuration, the host's links,
// the wizard's host facts) is cached per host, so a page view never spawns a tool. An entry
// lasts until the host's zones change (the watcher's version moves), a task runs a step on
// that host, or, for changes made behind the dashboard's back that `zoneadm list` does not
// show (a `zonecfg set` by hand), at most MAX_AGE_MS. Failures are never kept.
import type { Host } from '../hosts/registry';

const MAX_AGE_MS = 30_000;

interface Entry {
  generation: string;
  at: number;
  value: Promise<unknown>;
}

export class HostReads {
  private readonly entries = new Map<string, Entry>();
  /** bumped by tasks: anything they did may have changed what was read */
  private readonly taskGeneration = new Map<string, number>();

  constructor(private readonly versionOf: (host: Host) => number) {}

  /** The cached value of `key` on `host`, or `read()` (one read however many ask at once). */
  get<T>(host: Host, key: string, read: () => Promise<T>): Promise<T> {
    const id = `${host.name}\0${key}`;
    const generation = `${this.versionOf(host)}:${this.taskGeneration.get(host.name) ?? 0}`;
    const hit = this.entries.get(id);
    if (hit && hit.generation === generation && Date.now() - hit.at < MAX_AGE_MS) return hit.value as Promise<T>;
    const value = read();
    this.entries.set(id, { generation, at: Date.now(), value });
    value.catch(() => {
      if (this.entries.get(id)?.value === value) this.entries.delete(id);
    });
    return value;
  }

  /** A task ran something on the host. */
  invalidate(hostName: string): void {
    this.taskGeneration.set(hostName, (this.taskGeneration.get(hostName) ?? 0) + 1);
    for (const id of this.entries.keys()) if (id.startsWith(`${hostName}\0`)) this.entries.delete(id);
  }
}
