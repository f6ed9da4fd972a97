// Downsampled history of resource usage in SQLite (table metrics_history): one row a minute
// per zone kept for 7 days, one row per 10 minutes kept for 90 days (both settable), so a
// week's chart and a quarter's stay a bounded number of rows whatever the uptime.
import type { DB } from '../db/database';
import { serverEnv, type ServerEnv } from '../env';

export interface HistoryRow {
  zone: string;
  t: number;
  cpu: number | null;
  rss: number | null;
  physcap: number | null;
  swap: number | null;
  swapcap: number | null;
  rx: number | null;
  tx: number | null;
  diskUsed: number | null;
  diskQuota: number | null;
}

export interface RetentionSettings {
  /** days of 1-minute rows (default 7) */
  minuteDays: number;
  /** days of 10-minute rows (default 90) */
  tenMinuteDays: number;
}

/** The retention the settings ask for (ZONEDASH_METRICS_MINUTE_DAYS, ZONEDASH_METRICS_10MIN_DAYS,
 *  validated in server/env.ts). */
export function retentionFromEnv(env: Pick<ServerEnv, 'ZONEDASH_METRICS_MINUTE_DAYS' | 'ZONEDASH_METRICS_10MIN_DAYS'> = serverEnv()): RetentionSettings {
  return { minuteDays: env.ZONEDASH_METRICS_MINUTE_DAYS, tenMinuteDays: env.ZONEDASH_METRICS_10MIN_DAYS };
}

export const MINUTE = 60;
export const TEN_MINUTES = 600;
const DAY_MS = 86_400_000;
const COLS = ['cpu', 'rss', 'physcap', 'swap', 'swapcap', 'rx', 'tx', 'disk_used', 'disk_quota'] as const;

export class MetricsHistory {
  constructor(private readonly db: DB) {}

  /** Writes rows of one resolution (res seconds); a row already there is replaced. */
  write(host: string, res: number, rows: HistoryRow[]): void {
    const stmt = this.db.prepare(
      `INSERT OR REPLACE INTO metrics_history (host, zone, res, t, ${COLS.join(', ')}) VALUES (?, ?, ?, ?, ${COLS.map(() => '?').join(', ')})`,
    );
    this.db.transaction(() => {
      for (const r of rows) stmt.run(host, r.zone, res, r.t, r.cpu, r.rss, r.physcap, r.swap, r.swapcap, r.rx, r.tx, r.diskUsed, r.diskQuota);
    })();
  }

  /** Folds the 1-minute rows of [from, from + 10 min) into one 10-minute row per zone. */
  rollUp(host: string, from: number): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO metrics_history (host, zone, res, t, ${COLS.join(', ')})
         SELECT host, zone, ${TEN_MINUTES}, ?, ${COLS.map((c) => `avg(${c})`).join(', ')}
           FROM metrics_history WHERE host = ? AND res = ${MINUTE} AND t >= ? AND t < ? GROUP BY host, zone`,
      )
      .run(from, host, from, from + TEN_MINUTES * 1000);
  }

  query(host: string, zone: string, res: number, since: number): HistoryRow[] {
    return (
      this.db
        .prepare(
          `SELECT zone, t, cpu, rss, physcap, swap, swapcap, rx, tx, disk_used AS diskUsed, disk_quota AS diskQuota
             FROM metrics_history WHERE host = ? AND zone = ? AND res = ? AND t >= ? ORDER BY t`,
        )
        .all(host, zone, res, since) as HistoryRow[]
    );
  }

  /** Drops rows past their retention; returns how many went. */
  prune(now: number, settings: RetentionSettings): number {
    const a = this.db.prepare('DELETE FROM metrics_history WHERE res = ? AND t < ?').run(MINUTE, now - settings.minuteDays * DAY_MS);
    const b = this.db.prepare('DELETE FROM metrics_history WHERE res = ? AND t < ?').run(TEN_MINUTES, now - settings.tenMinuteDays * DAY_MS);
    return a.changes + b.changes;
  }

  count(host: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM metrics_history WHERE host = ?').get(host) as { n: number }).n;
  }
}
