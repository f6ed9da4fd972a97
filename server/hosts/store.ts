// The remote hosts, as rows of the `hosts` table: where each is, who it logs in as, the host
// key(s) pinned for it, where its zone tools are, whether they run under pfexec. The built-in
// hosts (the simulated host, this machine) are not rows. Every value is checked again here
// with the same rules as the forms and the command line (host-input.ts), so nothing that
// reaches a connection came in unchecked, whichever way it came. Every change sets updated_at.
// The web server and `npm run hosts` share the database file (the registry follows SQLite's
// data_version to see the other process's changes).
import { z } from 'zod';
import type { DB } from '../db/database';
import { fingerprintSchema, hostPatchSchema, newHostSchema, type HostPatch, type NewHost } from './host-input';

export interface HostRecord {
  name: string;
  address: string;
  port: number;
  user: string;
  /** pinned host keys, 'SHA256:…' as ssh-keygen -lf prints them; the host must offer one */
  fingerprints: string[];
  /** where zoneadm, zonecfg, zlogin are on the host */
  toolDir: string;
  pfexec: boolean;
  /** a private key file on the dashboard's machine; null: the dashboard's own key */
  identityFile: string | null;
  disabled: boolean;
  addedBy: string;
  addedAt: number;
  updatedAt: number;
  /** what `uname -v` and /etc/release said, read once after connecting; null: not yet */
  release: string | null;
}

/** A refused store change: the name is taken, or there is no such host. */
export class HostStoreError extends Error {
  constructor(
    readonly code: 'exists' | 'not-found',
    message: string,
  ) {
    super(message);
    this.name = 'HostStoreError';
  }
}

interface Row {
  name: string;
  address: string;
  port: number;
  user: string;
  fingerprints: string;
  tool_dir: string;
  pfexec: number;
  identity_file: string | null;
  disabled: number;
  added_by: string;
  added_at: number;
  updated_at: number;
  release: string | null;
}

function toRecord(r: Row): HostRecord {
  return {
    name: r.name,
    address: r.address,
    port: r.port,
    user: r.user,
    fingerprints: parseFingerprints(r.fingerprints),
    toolDir: r.tool_dir,
    pfexec: r.pfexec !== 0,
    identityFile: r.identity_file,
    disabled: r.disabled !== 0,
    addedBy: r.added_by,
    addedAt: r.added_at,
    updatedAt: r.updated_at,
    release: r.release,
  };
}

/** The pinned keys of a row; a value that is not a fingerprint (a hand-edited row) pins nothing,
 *  so the host refuses to connect rather than trusting whatever it offers. */
function parseFingerprints(text: string): string[] {
  try {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) return [];
    return list.flatMap((f) => {
      const r = fingerprintSchema.safeParse(f);
      return r.success ? [r.data] : [];
    });
  } catch {
    return [];
  }
}

/** A strictly increasing millisecond timestamp: two changes in one millisecond still differ. */
let lastStamp = 0;
function now(): number {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return lastStamp;
}

const byName = (db: DB, name: string): Row | undefined => db.prepare(`SELECT * FROM hosts WHERE name = ?`).get(name) as Row | undefined;

function mustExist(db: DB, name: string): Row {
  const row = byName(db, name);
  if (!row) throw new HostStoreError('not-found', `no host named '${name}'`);
  return row;
}

export function listHosts(db: DB): HostRecord[] {
  return (db.prepare(`SELECT * FROM hosts ORDER BY name COLLATE NOCASE`).all() as Row[]).map(toRecord);
}

/** The host by name, in any case (names are case-insensitive), or null. */
export function getHost(db: DB, name: string): HostRecord | null {
  const row = byName(db, name);
  return row ? toRecord(row) : null;
}

/** Adds a host with the one fingerprint the admin confirmed. Refused when the name is taken. */
export function addHost(db: DB, input: z.input<typeof newHostSchema> | NewHost, by: string): HostRecord {
  const h = newHostSchema.parse(input);
  const at = now();
  return db.transaction(() => {
    const taken = byName(db, h.name);
    if (taken) throw new HostStoreError('exists', `a host named '${taken.name}' exists already`);
    db.prepare(
      `INSERT INTO hosts (name, address, port, user, fingerprints, tool_dir, pfexec, identity_file, disabled, added_by, added_at, updated_at, release)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, NULL)`,
    ).run(h.name, h.address, h.port, h.user, JSON.stringify([h.fingerprint]), h.toolDir, h.pfexec ? 1 : 0, h.identityFile, by, at, at);
    return toRecord(byName(db, h.name)!);
  })();
}

export interface HostChange {
  before: HostRecord;
  after: HostRecord;
}

/** Changes a host's connection settings (address, port, user, tool dir, pfexec). The pinned
 *  key stays: a new address offering another key is refused until an admin trusts it. */
export function updateHost(db: DB, name: string, patch: HostPatch, _by: string): HostChange {
  const p = hostPatchSchema.parse(patch);
  return db.transaction(() => {
    const before = toRecord(mustExist(db, name));
    const set: string[] = [];
    const args: unknown[] = [];
    const put = (column: string, value: unknown) => (set.push(`${column} = ?`), args.push(value));
    if (p.address !== undefined) put('address', p.address);
    if (p.port !== undefined) put('port', p.port);
    if (p.user !== undefined) put('user', p.user);
    if (p.toolDir !== undefined) put('tool_dir', p.toolDir);
    if (p.pfexec !== undefined) put('pfexec', p.pfexec ? 1 : 0);
    put('updated_at', now());
    db.prepare(`UPDATE hosts SET ${set.join(', ')} WHERE name = ?`).run(...args, before.name);
    return { before, after: toRecord(byName(db, before.name)!) };
  })();
}

/** A disabled host is not connected to and runs nothing; its row and pinned key stay. */
export function setHostDisabled(db: DB, name: string, disabled: boolean, _by: string): HostChange {
  return db.transaction(() => {
    const before = toRecord(mustExist(db, name));
    db.prepare(`UPDATE hosts SET disabled = ?, updated_at = ? WHERE name = ?`).run(disabled ? 1 : 0, now(), before.name);
    return { before, after: toRecord(byName(db, before.name)!) };
  })();
}

/** Removes a host; returns what it was, or null when there was no such host. */
export function removeHost(db: DB, name: string): HostRecord | null {
  return db.transaction(() => {
    const row = byName(db, name);
    if (!row) return null;
    db.prepare(`DELETE FROM hosts WHERE name = ?`).run(row.name);
    return toRecord(row);
  })();
}

/** Pins a new host key in place of the old one(s): after an admin checked the fingerprint
 *  the host now offers (a reinstalled host, a new key). */
export function trustFingerprint(db: DB, name: string, fingerprint: string, _by: string): HostChange {
  const fp = fingerprintSchema.parse(fingerprint);
  return db.transaction(() => {
    const before = toRecord(mustExist(db, name));
    db.prepare(`UPDATE hosts SET fingerprints = ?, updated_at = ? WHERE name = ?`).run(JSON.stringify([fp]), now(), before.name);
    return { before, after: toRecord(byName(db, before.name)!) };
  })();
}

/** What the host said it runs (`uname -v`, /etc/release), kept as text, at most 4 KiB (it
 *  comes from the host: shown, never interpreted). */
export function setRelease(db: DB, name: string, text: string | null): HostRecord {
  const release = text === null ? null : text.slice(0, 4096);
  return db.transaction(() => {
    const row = mustExist(db, name);
    db.prepare(`UPDATE hosts SET release = ?, updated_at = ? WHERE name = ?`).run(release, now(), row.name);
    return toRecord(byName(db, row.name)!);
  })();
}

/** A task still running on the host (the tasks table, shared by every process), or null: a
 *  host is not removed from under a task. Host names compare case-insensitively, as here. */
export function runningTaskOn(db: DB, name: string): { id: string; title: string; zone: string; user: string } | null {
  const row = db
    .prepare(`SELECT id, title, zone, user FROM tasks WHERE host = ? COLLATE NOCASE AND status = 'running' ORDER BY created_at LIMIT 1`)
    .get(name) as { id: string; title: string; zone: string; user: string } | undefined;
  return row ?? null;
}
