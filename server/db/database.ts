// The dashboard's own SQLite database (better-sqlite3): tasks with their step logs, and
// later users, sessions and audit. One connection per process, shared through globalThis.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type DB = Database.Database;

const MIGRATIONS: string[] = [
  `CREATE TABLE tasks (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     title TEXT NOT NULL,
     user TEXT NOT NULL,
     host TEXT NOT NULL,
     zone TEXT NOT NULL,
     status TEXT NOT NULL,
     summary TEXT,
     created_at INTEGER NOT NULL,
     finished_at INTEGER
   );
   CREATE INDEX tasks_zone ON tasks (host, zone, created_at);
   CREATE INDEX tasks_created ON tasks (created_at);
   CREATE TABLE task_steps (
     task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     label TEXT NOT NULL,
     argv TEXT NOT NULL,
     status TEXT NOT NULL,
     stdout TEXT NOT NULL DEFAULT '',
     stderr TEXT NOT NULL DEFAULT '',
     exit_code INTEGER,
     started_at INTEGER,
     finished_at INTEGER,
     PRIMARY KEY (task_id, idx)
   );`,
  // accounts, sessions, login throttling and the audit log (server/auth/)
  `CREATE TABLE users (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE COLLATE NOCASE,
     role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
     password_hash TEXT NOT NULL,
     disabled INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     password_changed_at INTEGER NOT NULL,
     last_login_at INTEGER
   );
   CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     token_hash TEXT NOT NULL UNIQUE,
     user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     address TEXT NOT NULL,
     user_agent TEXT NOT NULL
   );
   CREATE INDEX sessions_user ON sessions (user_id);
   CREATE TABLE trusted_devices (
     token_hash TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE login_throttle (
     key TEXT PRIMARY KEY,
     failures INTEGER NOT NULL,
     last_failure_at INTEGER NOT NULL,
     blocked_until INTEGER NOT NULL
   );
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     user TEXT NOT NULL,
     address TEXT NOT NULL,
     host TEXT NOT NULL,
     zone TEXT NOT NULL,
     action TEXT NOT NULL,
     argv TEXT NOT NULL,
     task_id TEXT,
     outcome TEXT NOT NULL,
     detail TEXT NOT NULL
   );
   CREATE INDEX audit_at ON audit (at);
   CREATE INDEX audit_user ON audit (user, at);
   CREATE INDEX audit_zone ON audit (host, zone, at);
   CREATE INDEX audit_task ON audit (task_id);`,
  // the wizard's creations (server/zones/provision.ts); IF NOT EXISTS because databases made
  // before this migration already have it (it used to be created by provision.ts itself)
  `CREATE TABLE IF NOT EXISTS provisions (
     id TEXT PRIMARY KEY,
     host TEXT NOT NULL,
     zone TEXT NOT NULL,
     user TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     spec TEXT NOT NULL,
     answers TEXT NOT NULL,
     attempts TEXT NOT NULL
   );`,
  // remote hosts reached over SSH (server/hosts/store.ts); the built-in sim/local hosts are
  // not rows. fingerprints: JSON array of pinned 'SHA256:…' host keys.
  `CREATE TABLE hosts (
     name TEXT PRIMARY KEY COLLATE NOCASE,
     address TEXT NOT NULL,
     port INTEGER NOT NULL DEFAULT 22,
     user TEXT NOT NULL,
     fingerprints TEXT NOT NULL DEFAULT '[]',
     tool_dir TEXT NOT NULL DEFAULT '/usr/sbin',
     pfexec INTEGER NOT NULL DEFAULT 1,
     identity_file TEXT,
     disabled INTEGER NOT NULL DEFAULT 0,
     added_by TEXT NOT NULL,
     added_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     release TEXT
   );`,
  // the VNICs the wizard created for a zone (server/zones/created-vnics.ts): delete removes
  // these and keeps a VNIC an operator made and only lent to the zone
  `CREATE TABLE created_vnics (
     host TEXT NOT NULL,
     link TEXT NOT NULL,
     zone TEXT NOT NULL,
     task_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (host, link)
   );`,
  // downsampled resource usage (server/metrics/history.ts): res is the seconds a row covers
  // (60 or 600); zone '' is the host itself (cpu = % busy, rss = memory used, physcap = total)
  `CREATE TABLE metrics_history (
     host TEXT NOT NULL,
     zone TEXT NOT NULL,
     res INTEGER NOT NULL,
     t INTEGER NOT NULL,
     cpu REAL,
     rss REAL,
     physcap REAL,
     swap REAL,
     swapcap REAL,
     rx REAL,
     tx REAL,
     disk_used REAL,
     disk_quota REAL,
     PRIMARY KEY (host, zone, res, t)
   ) WITHOUT ROWID;
   CREATE INDEX metrics_history_age ON metrics_history (res, t);`,
  // the configuration each zone booted with (server/zones/booted-config.ts): its difference
  // from the current configuration is what waits for the next boot. boot is the kernel zone id
  // of that boot (a reboot elsewhere gives a new one); config is the ZoneConfig as JSON.
  `CREATE TABLE IF NOT EXISTS booted_configs (
     host TEXT NOT NULL,
     zone TEXT NOT NULL,
     boot TEXT NOT NULL,
     config TEXT NOT NULL,
     source TEXT NOT NULL,
     recorded_at INTEGER NOT NULL,
     PRIMARY KEY (host, zone)
   ) WITHOUT ROWID;`,
];

export function openDatabase(file: string): DB {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

// The process's one connection is built by the composition root (server/services.ts).
export { database } from '../services';
