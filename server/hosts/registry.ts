// The hosts this dashboard manages, addressed by name everywhere (URLs, tasks, audit).
// Built-in hosts come from the settings: the embedded simulated host (the default off
// illumos; SIM_HOSTS=N makes N of them) or this machine's global zone. Remote illumos hosts
// are rows of the `hosts` table, reached over SSH; the registry follows that table: after a
// change made here (reload()) and, within a second, after a change made by another process on
// the same database (`npm run hosts`), by watching SQLite's data_version.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import type { DB } from '../db/database';
import { defaultSimRoot, isIllumos, type ServerEnv } from '../env';
import { ensureHost } from '../sim/store';
import { seedDemoHost } from '../sim/seed';
import { dashboardIdentity } from './identity';
import { LocalRunner } from './local';
import type { Runner } from './runner';
import { SimRunner } from './sim';
import { SshRunner, type SshState } from './ssh';
import { parseUnameVersion, unameVersion } from '../illumos/host';
import { listHosts, setRelease, type HostRecord } from './store';

export interface Host {
  /** stable identifier used in URLs and task records */
  name: string;
  kind: Runner['kind'];
  /** what the UI shows next to the name */
  description: string;
  runner: Runner;
}

/** How a host is doing, in the five words of the Hosts page. Built-in hosts are always
 *  `connected`: a failing tool there is the watcher's error, not a connection state. */
export type HostState = SshState;

export interface HostStatus {
  state: HostState;
  lastHeardAt: number | null;
  rttMs: number | null;
  /** why the host is not connected, in words */
  error: string | null;
  /** the key a host offered that does not match the pinned one */
  offeredFingerprint: string | null;
}

export interface HostRegistry {
  readonly hosts: Host[];
  get(name: string): Host | undefined;
  readonly defaultHost: Host | undefined;
  status(name: string): HostStatus | undefined;
  /** Re-reads the hosts table: starts new hosts, stops removed or disabled ones, replaces a
   *  host whose settings changed. */
  reload(): Promise<void>;
  /** Calls back when the set of hosts changes (added, removed, replaced). */
  onHostsChange(listener: (hosts: Host[]) => void): () => void;
  /** Calls back when a host's connection state changes. */
  onStatusChange(listener: (name: string, status: HostStatus) => void): () => void;
  close(): void;
}

const CONNECTED: HostStatus = { state: 'connected', lastHeardAt: null, rttMs: null, error: null, offeredFingerprint: null };

/** The registry over a fixed list of hosts (tests, and the building block of the real one). */
export function fixedRegistry(hosts: Host[]): HostRegistry {
  return new Registry(hosts, null);
}

/** The built-in hosts the settings ask for. */
export async function builtinHosts(env: ServerEnv): Promise<Host[]> {
  const kind = env.ZONEDASH_HOST ?? (isIllumos() ? 'local' : 'sim');
  if (kind === 'none') return [];
  if (kind === 'local') {
    const runner = new LocalRunner({ pfexec: env.ZONEDASH_PFEXEC === '1' });
    const name = os.hostname().replace(/[^A-Za-z0-9_.-]/g, '-') || 'localhost';
    return [{ name, kind, description: 'this machine (global zone)', runner }];
  }
  const base = env.SIM_ROOT ?? defaultSimRoot();
  const hosts: Host[] = [];
  for (let i = 1; i <= env.SIM_HOSTS; i++) {
    // the first keeps the historical name and root; a fleet adds sim2, sim3… beside it
    const name = i === 1 ? 'sim' : `sim${i}`;
    const root = i === 1 ? base : `${base}-${i}`;
    await ensureHost(root);
    if (env.SIM_SEED === '1') await seedDemoHost(root);
    hosts.push({ name, kind: 'sim', description: `simulated illumos host (${root})`, runner: new SimRunner({ root, timeScale: env.SIM_TIME_SCALE }) });
  }
  return hosts;
}

/** The registry of a running dashboard: built-in hosts plus the SSH hosts of the database. */
export async function createRegistry(env: ServerEnv, db: DB): Promise<HostRegistry> {
  const registry = new Registry(await builtinHosts(env), db);
  await registry.reload();
  registry.followDatabase();
  return registry;
}

class Registry implements HostRegistry {
  private list: Host[];
  private readonly ssh = new Map<string, { record: HostRecord; host: Host; off: () => void }>();
  private readonly hostsListeners = new Set<(hosts: Host[]) => void>();
  private readonly statusListeners = new Set<(name: string, status: HostStatus) => void>();
  private follow: NodeJS.Timeout | null = null;
  private readonly releaseReads = new Set<string>();

  constructor(
    private readonly builtin: Host[],
    private readonly db: DB | null,
  ) {
    this.list = [...builtin];
  }

  get hosts(): Host[] {
    return this.list;
  }

  get defaultHost(): Host | undefined {
    return this.list[0];
  }

  get(name: string): Host | undefined {
    return this.list.find((h) => h.name === name);
  }

  status(name: string): HostStatus | undefined {
    const host = this.get(name);
    if (!host) return undefined;
    if (host.runner instanceof SshRunner) return sshStatus(host.runner);
    return CONNECTED;
  }

  async reload(): Promise<void> {
    if (!this.db) return;
    const records = listHosts(this.db).filter((r) => !r.disabled && !this.builtin.some((b) => b.name === r.name));
    let changed = false;
    const wanted = new Map(records.map((r) => [r.name, r]));
    for (const [name, entry] of this.ssh) {
      const next = wanted.get(name);
      if (next && sameConnection(entry.record, next)) {
        entry.record = next;
        continue;
      }
      entry.off();
      (entry.host.runner as SshRunner).close();
      this.ssh.delete(name);
      changed = true;
    }
    for (const record of records) {
      if (this.ssh.has(record.name)) continue;
      const host = this.sshHost(record);
      if (!host) continue;
      const runner = host.runner as SshRunner;
      const off = runner.onStateChange(() => {
        const status = sshStatus(runner);
        if (status.state === 'connected') this.readRelease(record.name, runner);
        for (const l of this.statusListeners) l(record.name, status);
      });
      this.ssh.set(record.name, { record, host, off });
      changed = true;
    }
    if (!changed) return;
    this.list = [...this.builtin, ...records.flatMap((r) => this.ssh.get(r.name)?.host ?? [])];
    for (const l of this.hostsListeners) l(this.list);
  }

  /** Another process (the hosts CLI) may change the table: SQLite's data_version moves when
   *  another connection commits, and costs no I/O to read. */
  followDatabase(): void {
    if (!this.db || this.follow) return;
    const db = this.db;
    let seen = db.pragma('data_version', { simple: true });
    this.follow = setInterval(() => {
      const now = db.pragma('data_version', { simple: true });
      if (now === seen) return;
      seen = now;
      void this.reload().catch((e: unknown) => console.error('hosts: reload failed:', e));
    }, 1000);
    this.follow.unref();
  }

  onHostsChange(listener: (hosts: Host[]) => void): () => void {
    this.hostsListeners.add(listener);
    return () => this.hostsListeners.delete(listener);
  }

  onStatusChange(listener: (name: string, status: HostStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  close(): void {
    if (this.follow) clearInterval(this.follow);
    this.follow = null;
    for (const entry of this.ssh.values()) {
      entry.off();
      (entry.host.runner as SshRunner).close();
    }
    this.ssh.clear();
  }

  /** The host's release (`uname -v`), read once: at its first connection, or its first after
   *  its settings changed, as background work (after the hosts' first zone lists). A failure
   *  leaves it unknown until the next connection. */
  private readRelease(name: string, runner: SshRunner): void {
    const entry = this.ssh.get(name);
    if (!this.db || !entry || entry.record.release !== null || this.releaseReads.has(name)) return;
    const db = this.db;
    this.releaseReads.add(name);
    void runner
      .run(unameVersion(), { timeoutMs: 30_000, background: true })
      .then((r) => {
        const release = r.exitCode === 0 ? parseUnameVersion(r.stdout) : null;
        const now = this.ssh.get(name);
        if (release === null || now?.host.runner !== runner) return;
        now.record = setRelease(db, name, release);
      })
      .catch((e: unknown) => console.error(`hosts: ${name}: reading its release failed:`, e))
      .finally(() => this.releaseReads.delete(name));
  }

  private sshHost(record: HostRecord): Host | null {
    let privateKey: string;
    try {
      privateKey = record.identityFile ? readFileSync(record.identityFile, 'utf8') : dashboardIdentity().privateKey;
    } catch (e) {
      console.error(`hosts: ${record.name}: cannot read its identity ${record.identityFile}: ${(e as Error).message}`);
      return null;
    }
    const runner = new SshRunner({
      name: record.name,
      address: record.address,
      port: record.port,
      user: record.user,
      privateKey,
      pinnedFingerprints: record.fingerprints,
      toolDir: record.toolDir,
      pfexec: record.pfexec,
    });
    const where = `${record.user}@${record.address}${record.port === 22 ? '' : `:${record.port}`}`;
    return { name: record.name, kind: 'ssh', description: `over SSH (${where})`, runner };
  }
}

function sshStatus(runner: SshRunner): HostStatus {
  const s = runner.status;
  return { state: s.state, lastHeardAt: s.lastHeardAt, rttMs: s.rttMs, error: s.lastError, offeredFingerprint: s.offeredFingerprint };
}

/** Whether a host's connection can be kept across a change of its record. */
function sameConnection(a: HostRecord, b: HostRecord): boolean {
  return (
    a.address === b.address &&
    a.port === b.port &&
    a.user === b.user &&
    a.toolDir === b.toolDir &&
    a.pfexec === b.pfexec &&
    a.identityFile === b.identityFile &&
    a.fingerprints.join(' ') === b.fingerprints.join(' ')
  );
}

// The process's one registry is built by the composition root (server/services.ts).
export { hostRegistry, setHostRegistry } from '../services';
