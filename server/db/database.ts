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

const KEY = Symbol.for('zonedash.db');
type Holder = { [KEY]?: DB };

export function database(): DB {
  const holder = globalThis as Holder;
  holder[KEY] ??= openDatabase(process.env.ZONEDASH_DB ?? path.resolve(process.cwd(), '.data', 'zonedash.sqlite'));
  return holder[KEY];
}
