// The VNICs this dashboard created for zones (the created_vnics table): the wizard records a
// VNIC when its create-vnic step succeeds, and a zone's delete removes only those. A VNIC an
// operator made by hand and lent to a zone ("existing VNIC") has no record, so delete keeps
// it unless the operator asks, one VNIC at a time. Rollback and delete forget what they remove.
import type { DB } from '../db/database';
import { database } from '../services';

export interface CreatedVnic {
  host: string;
  link: string;
  zone: string;
  taskId: string;
  createdAt: number;
}

export class CreatedVnics {
  constructor(private readonly db: DB) {}

  /** Records a VNIC the dashboard created for a zone (again: the newest record wins). */
  record(v: Omit<CreatedVnic, 'createdAt'> & { createdAt?: number }): void {
    this.db
      .prepare(`INSERT OR REPLACE INTO created_vnics (host, link, zone, task_id, created_at) VALUES (?, ?, ?, ?, ?)`)
      .run(v.host, v.link, v.zone, v.taskId, v.createdAt ?? Date.now());
  }

  /** The VNICs the dashboard created for this zone. */
  forZone(host: string, zone: string): CreatedVnic[] {
    const rows = this.db.prepare(`SELECT * FROM created_vnics WHERE host = ? AND zone = ? ORDER BY link`).all(host, zone) as Row[];
    return rows.map(fromRow);
  }

  /** Every VNIC the dashboard created on this host (the Doctor looks for those left over). */
  forHost(host: string): CreatedVnic[] {
    const rows = this.db.prepare(`SELECT * FROM created_vnics WHERE host = ? ORDER BY link`).all(host) as Row[];
    return rows.map(fromRow);
  }

  get(host: string, link: string): CreatedVnic | null {
    const row = this.db.prepare(`SELECT * FROM created_vnics WHERE host = ? AND link = ?`).get(host, link) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The VNIC is gone (deleted by a delete or a rollback). */
  forget(host: string, link: string): void {
    this.db.prepare(`DELETE FROM created_vnics WHERE host = ? AND link = ?`).run(host, link);
  }
}

interface Row {
  host: string;
  link: string;
  zone: string;
  task_id: string;
  created_at: number;
}

const fromRow = (r: Row): CreatedVnic => ({ host: r.host, link: r.link, zone: r.zone, taskId: r.task_id, createdAt: r.created_at });

/** The records in the dashboard's database (a thin view: it holds no state of its own). */
export function createdVnics(): CreatedVnics {
  return new CreatedVnics(database());
}
