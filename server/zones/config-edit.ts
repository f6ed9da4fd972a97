// Editing an existing zone's configuration: the form starts from the configuration as zonecfg
// reports it (with its fingerprint), the plan is the diff and the exact command file, and the
// edit runs as one task (`zonecfg -z Z -f -`). Before planning and before running, the
// configuration is read again: if it changed on the host since the form was opened, the edit
// is refused with what changed, so nobody overwrites a change they never saw.
import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '../errors';
import type { Host } from '../hosts/registry';
import { configFingerprint, diffConfigs, editableOf, withEdits, type ConfigChange, type EditableConfig } from '../illumos/config-diff';
import type { ZoneConfig } from '../illumos/types';
import { zonecfgApplyStdin } from '../illumos/zonecfg';
import { planZonecfgEdit } from '../illumos/zonecfg-edit';
import { liveSteps } from '../illumos/prctl';
import { taskManager, watcherFor } from '../services';
import { bootedConfigs, currentConfig, followBoots, recordBeforeEdit } from './booted-config-follow';
import { readZoneConfig } from './config';
import type { Task } from './tasks';

export interface EditForm {
  zone: string;
  /** the configuration as it was read, for the form's fields */
  form: EditableConfig;
  /** identifies that configuration: sent back with the edit */
  fingerprint: string;
  brand: string;
  ipType: ZoneConfig['ipType'];
  state: string | null;
}

export interface Opened {
  fingerprint: string;
  /** the form's starting values: what the refusal compares the host's configuration with */
  form: EditableConfig;
}

export interface EditPlan {
  changes: ConfigChange[];
  commands: string;
  argv: string[];
  /** set when the configuration changed on the host since the form was opened */
  conflict: { changes: ConfigChange[]; outsideForm: boolean } | null;
  /** of the changes, those illumos can also make on the running zone now (prctl) */
  liveKeys: string[];
  /** the zone runs: the changes take effect at its next boot */
  running: boolean;
}

const ZONECFG_TIMEOUT_MS = 30_000;

/** A short identity of a configuration (the form carries it back). */
const fingerprintOf = (config: ZoneConfig) => createHash('sha256').update(configFingerprint(config)).digest('hex');

async function rowOf(host: Host, zone: string) {
  const snapshot = await watcherFor(host).snapshot();
  const row = snapshot.zones.find((z) => z.name === zone);
  if (!row) throw new NotFoundError(`zone '${zone}' does not exist on ${host.name}`);
  return row;
}

export async function openEdit(host: Host, zone: string): Promise<EditForm> {
  followBoots();
  const row = await rowOf(host, zone);
  const config = await readZoneConfig(host, zone);
  return { zone, form: editableOf(config), fingerprint: fingerprintOf(config), brand: config.brand, ipType: config.ipType, state: row.state };
}

/** What the host's configuration changed since the form was opened; null when nothing. */
function conflictOf(current: ZoneConfig, opened: Opened): EditPlan['conflict'] {
  if (fingerprintOf(current) === opened.fingerprint) return null;
  const changes = diffConfigs(withEdits(current, opened.form), current);
  return { changes, outsideForm: changes.length === 0 };
}

export async function planEdit(host: Host, zone: string, edits: EditableConfig, opened: Opened): Promise<EditPlan> {
  const row = await rowOf(host, zone);
  // read fresh: the point is to see a change made on the host a moment ago
  const current = await readZoneConfig(host, zone);
  const conflict = conflictOf(current, opened);
  const plan = planZonecfgEdit(current, withEdits(current, edits));
  const running = row.state === 'running';
  return {
    changes: plan.changes,
    commands: plan.commands,
    argv: (({ tool, args }) => [tool, ...args])(zonecfgApplyStdin(zone)),
    conflict,
    liveKeys: running ? liveSteps(zone, plan.changes).map((s) => s.key) : [],
    running,
  };
}

function describeConflict(zone: string, c: NonNullable<EditPlan['conflict']>): string {
  if (c.outsideForm) return `the configuration of ${zone} changed on the host since this form was opened (outside the fields of this form); open the form again`;
  const what = c.changes.map((x) => `${x.label}: ${x.before ?? '(none)'} → ${x.after ?? '(none)'}`).join('; ');
  return `the configuration of ${zone} changed on the host since this form was opened: ${what}. Open the form again to edit the configuration as it is now.`;
}

export async function applyEdit(host: Host, zone: string, edits: EditableConfig, opened: Opened, user: string): Promise<Task> {
  const tasks = taskManager();
  tasks.assertFree(host.name, zone);
  const row = await rowOf(host, zone);
  const current = await readZoneConfig(host, zone);
  const conflict = conflictOf(current, opened);
  if (conflict) throw new ConflictError(describeConflict(zone, conflict));
  const plan = planZonecfgEdit(current, withEdits(current, edits));
  if (!plan.commands) throw new ConflictError(`nothing to change: the form says what the configuration of ${zone} already is`);
  // the configuration the zone booted with must be known before it changes
  followBoots();
  await recordBeforeEdit(host, row);
  const watcher = watcherFor(host);
  return tasks.start({
    kind: 'configure',
    title: `edit the configuration of ${zone} (${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'})`,
    user,
    host,
    zone,
    // the command file goes on stdin, which the task log does not keep: the label says it
    steps: [{ label: `Change the configuration of ${zone} from the command file: ${plan.commands.trim().split('\n').join('; ')}`, call: zonecfgApplyStdin(zone), stdin: plan.commands, timeoutMs: ZONECFG_TIMEOUT_MS }],
    afterStep: () => void watcher.refresh(),
  });
}

/**
 * "Apply now": the pending changes prctl can make on the running zone, as one task. When a step
 * succeeds, the booted record takes that value, so the change no longer waits for the boot.
 */
export async function applyLive(host: Host, zone: string, keys: readonly string[] | null, user: string): Promise<Task> {
  const tasks = taskManager();
  tasks.assertFree(host.name, zone);
  followBoots();
  const row = await rowOf(host, zone);
  if (row.state !== 'running') throw new ConflictError(`${zone} is not running: its configuration applies at its next boot`);
  await recordBeforeEdit(host, row);
  const store = bootedConfigs();
  const rec = store.get(host.name, zone);
  if (!rec) throw new ConflictError(`the configuration ${zone} booted with is not known`);
  const current = await currentConfig(host, zone);
  const steps = liveSteps(zone, diffConfigs(rec.config, current)).filter((s) => keys === null || keys.includes(s.key));
  if (steps.length === 0) throw new ConflictError(`no pending change of ${zone} can be made on the running zone`);
  return tasks.start({
    kind: 'apply-live',
    title: `apply ${steps.length} change${steps.length === 1 ? '' : 's'} to the running zone ${zone}`,
    user,
    host,
    zone,
    steps: steps.map((s) => ({
      label: s.label,
      call: s.call,
      timeoutMs: ZONECFG_TIMEOUT_MS,
      judge: (r) => {
        if (r.exitCode === 0) store.foldLive(host.name, zone, [s.key], current);
        return r.exitCode === 0;
      },
    })),
  });
}
