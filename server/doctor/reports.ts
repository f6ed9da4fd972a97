// The last Doctor report of each host, so a page view shows findings without running tools on
// every load: a report is read again when it is older than MAX_AGE_MS (the Doctor page) or
// COUNT_MAX_AGE_MS (the counts on the zones and hosts pages, open all day: a run reads every
// zone's configuration, so it is not repeated every minute for them), when asked (the page's
// "Run again"), and after a task finishes on the host. One run per host at a time; a host
// that stops answering keeps its last findings, with the error and when they were made.
import type { Host } from '../hosts/registry';
import { processSlot } from '../process-slots';
import { taskManager } from '../services';
import { collect, type CollectOptions } from './collect';
import type { DoctorFinding } from './finding';
import type { HostReport } from './types';

export const MAX_AGE_MS = 60_000;
export const COUNT_MAX_AGE_MS = 10 * 60_000;

interface Entry {
  ranAt: number | null;
  durationMs: number | null;
  findings: DoctorFinding[];
  notes: string[];
  error: string | null;
  triedAt: number | null;
  stale: boolean;
  inflight: Promise<void> | null;
}

export class DoctorReports {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: CollectOptions = {}) {
    // what a task did on a host may have fixed (or made) findings there
    taskManager().subscribe((e) => {
      if (e.type === 'task' && e.task.status !== 'running') this.markStale(e.task.host);
    });
  }

  markStale(host: string): void {
    const e = this.entries.get(host);
    if (e) e.stale = true;
  }

  /** The host's report, run first when there is none, it is older than `maxAgeMs` or stale, or
   *  `fresh` asks. */
  async report(host: Host, fresh = false, maxAgeMs = MAX_AGE_MS): Promise<{ report: HostReport; findings: DoctorFinding[] }> {
    let e = this.entries.get(host.name);
    if (!e) {
      e = { ranAt: null, durationMs: null, findings: [], notes: [], error: null, triedAt: null, stale: true, inflight: null };
      this.entries.set(host.name, e);
    }
    const old = e.triedAt === null || Date.now() - e.triedAt > maxAgeMs;
    if (fresh || e.stale || old) await this.run(host, e);
    return { report: toReport(host.name, e), findings: e.findings };
  }

  private run(host: Host, e: Entry): Promise<void> {
    e.inflight ??= (async () => {
      e.stale = false;
      const tried = Date.now();
      try {
        const c = await collect(host, this.options);
        Object.assign(e, { ranAt: Date.now(), durationMs: c.durationMs, findings: c.findings, notes: c.notes, error: null });
      } catch (err) {
        e.error = (err as Error).message;
      } finally {
        e.triedAt = tried;
      }
    })().finally(() => {
      e.inflight = null;
    });
    return e.inflight;
  }
}

function toReport(host: string, e: Entry): HostReport {
  const findings = e.findings.map(({ plan: _p, taskZone: _z, ...f }) => f);
  return { host, ranAt: e.ranAt, durationMs: e.durationMs, findings, error: e.error, triedAt: e.triedAt, notes: e.notes };
}

export function doctorReports(): DoctorReports {
  return processSlot('doctor.reports', () => new DoctorReports());
}
