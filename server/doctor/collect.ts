// One Doctor run on one host: read the zones, their configurations, the links, datasets,
// snapshots, tools and clock, and list what is left behind or stuck. Runs nothing that
// changes the host; the fixes are separate (fix.ts) and only after a confirmation.
import os from 'node:os';
import type { Host } from '../hosts/registry';
import { listHosts } from '../hosts/store';
import { database, taskManager, watcherFor } from '../services';
import { DEFAULT_BOUNDS, readZones, type DoctorBounds, type DoctorContext } from './context';
import { datasetFindings } from './datasets';
import type { DoctorFinding } from './finding';
import { clockFindings, toolFindings } from './host-checks';
import { HostUnreachable, Reader } from './reader';
import { stateSince } from './state-since';
import { vnicFindings } from './vnics';
import { zoneFindings } from './zones';

export interface Collected {
  findings: DoctorFinding[];
  /** what could not be checked, and why */
  notes: string[];
  durationMs: number;
}

export interface CollectOptions {
  bounds?: Partial<DoctorBounds>;
  now?: () => number;
}

/** Throws when the host cannot be read at all (unreachable, zoneadm list fails). */
export async function collect(host: Host, opts: CollectOptions = {}): Promise<Collected> {
  const started = Date.now();
  const now = opts.now ?? Date.now;
  const reader = new Reader(host);
  const since = stateSince();
  since.follow(host, watcherFor(host));
  const { listRead, zones } = await readZones(reader);
  const at = now();
  for (const z of zones) since.note(host.name, z.entry.name, z.entry.state, at);
  since.keepOnly(host.name, zones.map((z) => z.entry.name));
  const tasks = taskManager();
  const ctx: DoctorContext = {
    host,
    reader,
    now: at,
    bounds: { ...DEFAULT_BOUNDS, ...opts.bounds },
    listRead,
    zones,
    since: (zone, state) => since.note(host.name, zone, state, at),
    busy: (zone) => tasks.holder(host.name, zone),
    toolUser: toolUserOf(host),
  };
  const notes: string[] = [];
  // one check that cannot read what it needs says so and leaves the others their findings;
  // a host that stops answering ends the run (the last report stays)
  const checked = async (what: string, run: () => Promise<DoctorFinding[]> | DoctorFinding[]): Promise<DoctorFinding[]> => {
    try {
      return await run();
    } catch (e) {
      if (e instanceof HostUnreachable) throw e;
      notes.push(`${what} were not checked: ${(e as Error).message}`);
      return [];
    }
  };
  const groups = await Promise.all([
    checked('VNICs', () => vnicFindings(ctx)),
    checked('Zone states', () => zoneFindings(ctx)),
    checked('Datasets and snapshots', () => datasetFindings(ctx, notes)),
    checked('Tools and privileges', () => toolFindings(ctx)),
    checked('The clock', () => clockFindings(ctx)),
  ]);
  const findings = groups.flat();
  return { findings, notes, durationMs: Date.now() - started };
}

/** The user a host's tools run as: the SSH user, or this process's user for a built-in host. */
function toolUserOf(host: Host): string {
  if (host.kind === 'ssh') {
    const record = listHosts(database()).find((h) => h.name === host.name);
    if (record) return record.user;
  }
  try {
    return os.userInfo().username;
  } catch {
    return 'root';
  }
}
