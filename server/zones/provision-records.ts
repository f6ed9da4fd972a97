// The record of each zone creation (the provisions table): its validated spec and answers,
// and the tasks of its attempts, so a retry re-derives exactly the plan that was shown and
// the checklist can be drawn from the attempts' steps.
import { NotFoundError } from '../errors';
import type { DB } from '../db/database';
import { database } from '../services';
import type { ProvisionSpec, WizardAnswers } from './provision-spec';
import { processSlot } from '../process-slots';


export type AttemptKind = 'apply' | 'retry' | 'rollback';

export interface Attempt {
  kind: AttemptKind;
  taskId: string;
  /** the plan key of each of the task's steps, by index */
  keys: string[];
}

export interface ProvisionRecord {
  id: string;
  host: string;
  zone: string;
  user: string;
  createdAt: number;
  spec: ProvisionSpec;
  answers: WizardAnswers;
  attempts: Attempt[];
}

class ProvisionStore {
  // its table is a migration in server/db/database.ts
  constructor(private readonly db: DB) {}
  insert(r: ProvisionRecord): void {
    this.db
      .prepare(`INSERT INTO provisions (id, host, zone, user, created_at, spec, answers, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(r.id, r.host, r.zone, r.user, r.createdAt, JSON.stringify(r.spec), JSON.stringify(r.answers), JSON.stringify(r.attempts));
  }
  addAttempt(id: string, a: Attempt): void {
    const r = this.get(id);
    if (!r) return;
    this.db.prepare(`UPDATE provisions SET attempts = ? WHERE id = ?`).run(JSON.stringify([...r.attempts, a]), id);
  }
  /** The static addresses this dashboard gave zones of the host at their first boot. */
  staticAddresses(host: string): { zone: string; address: string }[] {
    const rows = this.db.prepare(`SELECT zone, spec FROM provisions WHERE host = ?`).all(host) as { zone: string; spec: string }[];
    return rows.flatMap((r) => {
      const fb = (JSON.parse(r.spec) as ProvisionSpec).firstBoot;
      const v4 = fb.address.kind === 'dhcp' ? [] : [{ zone: r.zone, address: fb.address.cidr }];
      return fb.ipv6?.kind === 'static' ? [...v4, { zone: r.zone, address: fb.ipv6.cidr }] : v4;
    });
  }
  get(id: string): ProvisionRecord | null {
    const row = this.db.prepare(`SELECT * FROM provisions WHERE id = ?`).get(id) as
      | { id: string; host: string; zone: string; user: string; created_at: number; spec: string; answers: string; attempts: string }
      | undefined;
    if (!row) return null;
    return {
      id: row.id,
      host: row.host,
      zone: row.zone,
      user: row.user,
      createdAt: row.created_at,
      spec: JSON.parse(row.spec) as ProvisionSpec,
      answers: JSON.parse(row.answers) as WizardAnswers,
      attempts: JSON.parse(row.attempts) as Attempt[],
    };
  }
}

/** The process's one store of zone creations (in the process slots: server/main.ts and
 *  Next's bundled routes are two module instances). */
export function store(): ProvisionStore {
  return processSlot('provisions', () => new ProvisionStore(database()));
}

export function requireRecord(id: string): ProvisionRecord {
  const r = store().get(id);
  if (!r) throw new NotFoundError(`no zone creation ${id}`);
  return r;
}
