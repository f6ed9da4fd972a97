// Running a Doctor fix: only on a person's request after a confirmation in the browser (the
// router is the only caller), never by itself. The host is read again first, and the fix
// runs only if its finding still holds, with exactly the steps that run's finding shows; it
// runs as a task (one per zone at a time, audited by the tRPC layer with its argv).
import { NotFoundError, RefusedError } from '../errors';
import type { Host } from '../hosts/registry';
import { taskManager, watcherFor } from '../services';
import type { Task } from '../zones/tasks';
import { doctorReports, type DoctorReports } from './reports';

export async function runFix(host: Host, id: string, user: string, reports: DoctorReports = doctorReports()): Promise<Task> {
  const { findings } = await reports.report(host, true);
  const finding = findings.find((f) => f.id === id);
  if (!finding) throw new NotFoundError(`${id} is no longer a finding on ${host.name}: nothing to fix (it may have been fixed already)`);
  if (!finding.fix || !finding.plan || !finding.fix.runnable) {
    throw new RefusedError(`${finding.title}: the dashboard cannot fix this itself; run the commands shown on ${host.name}`);
  }
  const tasks = taskManager();
  tasks.assertFree(host.name, finding.taskZone);
  const watcher = watcherFor(host);
  return tasks.start({
    kind: `doctor:${finding.kind}`,
    title: `Doctor: ${finding.fix.summary}`,
    user,
    host,
    zone: finding.taskZone,
    steps: finding.plan,
    afterStep: () => void watcher.refresh(),
  });
}
