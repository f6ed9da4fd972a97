// Running a creation: applying the plan as one task, retrying a failed attempt from the step
// that failed, and rolling back what the attempts made, each step looking at the host first.
import { randomUUID } from 'node:crypto';
import { InvalidError, NotFoundError, RefusedError } from '../errors';
import type { Host } from '../hosts/registry';
import { hostRegistry, taskManager, watcherFor } from '../services';
import { saysNoSuchLink, saysNoSuchZone, saysZoneAlreadyExists } from '../illumos/absence';
import { dladmDeleteVnic, dladmShowLink } from '../illumos/dladm';
import { zoneadmHalt, zoneadmUninstall } from '../illumos/zoneadm';
import { zonecfgDelete, zonecfgInfo } from '../illumos/zonecfg';
import { createdVnics } from './created-vnics';
import { checkFacts, forgetHostFacts, hostFacts, takenLinkNames } from './provision-facts';
import { evaluateCheck, planProvision, TIMEOUTS, type PlanStep, type ProvisionPlan } from './provision-plan';
import { store, requireRecord, type Attempt, type ProvisionRecord } from './provision-records';
import { describeFieldErrors, validateAnswers, type InstallFrom, type ProvisionSpec, type WizardAnswers } from './provision-spec';
import type { StepPlan, Task } from './tasks';
import type { HostWatcher } from './watcher';

export const DONE_EARLIER = 'done in an earlier attempt';
const POLL_MS = 250;

async function zoneState(watcher: HostWatcher, zone: string): Promise<string | null> {
  await watcher.refresh();
  return watcher.current().zones.find((z) => z.name === zone)?.state ?? null;
}

/** Waits (through the host's watcher) until the zone runs, or stops when it cannot get there. */
async function waitUntilRunning(watcher: HostWatcher, zone: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await zoneState(watcher, zone);
    // ready (booting) and shutting_down/down (a reboot under way) may still become running
    if (state === 'running' || !['ready', 'shutting_down', 'down'].includes(state ?? '') || Date.now() > until) return;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function stepPlans(plan: ProvisionPlan, watcher: HostWatcher, done: ReadonlySet<string>): StepPlan[] {
  return plan.steps.map((s) => toStepPlan(s, plan.zone, watcher, done.has(s.key)));
}

function toStepPlan(s: PlanStep, zone: string, watcher: HostWatcher, doneEarlier: boolean): StepPlan {
  const check = s.check;
  let skip: StepPlan['skip'];
  if (doneEarlier) skip = async () => DONE_EARLIER;
  else if (s.waitRunning) {
    skip = async () => {
      await waitUntilRunning(watcher, zone, s.timeoutMs);
      return null;
    };
  } else if (s.key === 'boot') {
    skip = async () => ((await zoneState(watcher, zone)) === 'running' ? `${zone} is already running` : null);
  }
  return {
    label: s.label,
    call: s.call,
    timeoutMs: s.timeoutMs,
    ...(s.stdin !== undefined ? { stdin: s.stdin } : {}),
    ...(skip ? { skip } : {}),
    ...(check ? { judge: (r) => evaluateCheck(check, r).pass } : {}),
    ...(s.alreadyDone ? { judge: (r) => r.exitCode === 0 || s.alreadyDone!.test(r.stdout + r.stderr) } : {}),
    ...(s.phase === 'verify' ? { keepGoing: true } : {}),
  };
}

export interface StartedProvision {
  provisionId: string;
  taskId: string;
}

/**
 * Applies answers: checks them against the host again (a blank VNIC name is proposed here,
 * against the links and configurations the host has now), then starts one task. The
 * zonecfg command file goes on the tool's standard input: nothing is written on the host.
 */
export async function applyProvision(host: Host, input: { answers: WizardAnswers; spec: ProvisionSpec; installFrom?: InstallFrom }, user: string): Promise<StartedProvision> {
  const { answers } = input;
  const tasks = taskManager();
  tasks.assertFree(host.name, input.spec.zone);
  const watcher = watcherFor(host);
  await watcher.refresh();
  const facts = await hostFacts(host, { fresh: true });
  const checked = validateAnswers(answers, { takenLinks: takenLinkNames(facts) });
  if (!checked.ok) throw new InvalidError('answers', describeFieldErrors(checked.errors));
  // a clone (server/zones/clone.ts) keeps its source and snapshot through the revalidation
  const spec: ProvisionSpec = input.installFrom ? { ...checked.spec, installFrom: input.installFrom } : checked.spec;
  const errors = checkFacts(spec, facts);
  if (Object.keys(errors).length) throw new RefusedError(describeFieldErrors(errors));
  const plan = planProvision(spec, { hostName: host.name }); // refuses before anything runs
  const record: ProvisionRecord = { id: randomUUID(), host: host.name, zone: spec.zone, user, createdAt: Date.now(), spec, answers, attempts: [] };
  const keys = plan.steps.map((s) => s.key);
  let taskId = '';
  const task = tasks.start({
    kind: 'create',
    title: spec.installFrom ? `clone ${spec.zone} from ${spec.installFrom.source}` : `create ${spec.zone}`,
    user,
    host,
    zone: spec.zone,
    steps: stepPlans(plan, watcher, new Set()),
    afterStep: () => afterStep(host, watcher, { spec, taskId, keys }),
  });
  taskId = task.id;
  store().insert({ ...record, attempts: [{ kind: 'apply', taskId: task.id, keys }] });
  return { provisionId: record.id, taskId: task.id };
}

/**
 * After each step: the host's facts are stale and the watcher looks again; a VNIC the
 * create-vnic step made is recorded as the dashboard's, so a delete of the zone removes it.
 */
function afterStep(host: Host, watcher: HostWatcher, attempt?: { spec: ProvisionSpec; taskId: string; keys: string[] }): void {
  forgetHostFacts(host.name);
  void watcher.refresh();
  if (!attempt || attempt.spec.link.kind !== 'new-vnic') return;
  const idx = attempt.keys.indexOf('vnic');
  if (idx < 0 || !attempt.taskId) return;
  if (taskManager().get(attempt.taskId)?.steps[idx]?.status === 'succeeded') {
    createdVnics().record({ host: host.name, link: attempt.spec.link.vnic, zone: attempt.spec.zone, taskId: attempt.taskId });
  }
}

/** Steps of the plan that some attempt finished (or found already satisfied). */
function finishedKeys(r: ProvisionRecord, tasks: ReturnType<typeof taskManager>): { done: Set<string>; maybe: Set<string>; failed: Set<string> } {
  const done = new Set<string>();
  const maybe = new Set<string>();
  const failed = new Set<string>();
  for (const a of r.attempts) {
    if (a.kind === 'rollback') continue;
    const t = tasks.get(a.taskId);
    t?.steps.forEach((s) => {
      const key = a.keys[s.idx];
      if (!key) return;
      if (s.status === 'succeeded' || (s.status === 'skipped' && s.stdout !== '')) done.add(key);
      if (s.status === 'interrupted' || s.status === 'running') maybe.add(key);
      if (s.status === 'failed') failed.add(key);
    });
  }
  return { done, maybe, failed };
}

/** The stderr of the attempts' failed runs of a step (the newest last). */
function failedStderr(r: ProvisionRecord, tasks: ReturnType<typeof taskManager>, key: string): string[] {
  return r.attempts.flatMap((a) => {
    if (a.kind === 'rollback') return [];
    const t = tasks.get(a.taskId);
    return (t?.steps ?? []).filter((s) => a.keys[s.idx] === key && s.status === 'failed').map((s) => s.stderr);
  });
}

/** A configure step that failed because a zone of that name was already there made nothing. */
function configureFoundAnotherZone(r: ProvisionRecord, tasks: ReturnType<typeof taskManager>): boolean {
  return failedStderr(r, tasks, 'zonecfg').some(saysZoneAlreadyExists);
}

function lastAttempt(r: ProvisionRecord): { attempt: Attempt; task: Task | null } {
  const attempt = r.attempts.at(-1)!;
  return { attempt, task: taskManager().get(attempt.taskId) };
}

async function hostOf(name: string): Promise<Host> {
  const host = (await hostRegistry()).get(name);
  if (!host) throw new NotFoundError(`the host ${name} of this zone creation is no longer configured`);
  return host;
}

/** Runs the plan again from the first step no attempt finished; verification always reruns. */
export async function retryProvision(id: string, user: string): Promise<StartedProvision> {
  const r = requireRecord(id);
  const host = await hostOf(r.host);
  const tasks = taskManager();
  tasks.assertFree(host.name, r.zone);
  const { attempt, task } = lastAttempt(r);
  if (attempt.kind === 'rollback') throw new RefusedError(`${r.zone} was rolled back; start a new zone creation instead`);
  if (!task || !['failed', 'interrupted'].includes(task.status)) {
    throw new RefusedError(`there is nothing to retry: the last attempt ${task ? task.status : 'is gone'}`);
  }
  const { done, maybe, failed } = finishedKeys(r, tasks);
  for (const key of [...done]) if (key.startsWith('check:')) done.delete(key);
  const watcher = watcherFor(host);
  const state = await zoneState(watcher, r.zone);
  // a step cut short by a restart may have done its work: look at the host
  if (maybe.has('zonecfg') && !done.has('zonecfg') && state !== null) done.add('zonecfg');
  if (maybe.has('vnic') && !done.has('vnic') && r.spec.link.kind === 'new-vnic') {
    const vnic = r.spec.link.vnic;
    if ((await hostFacts(host, { fresh: true })).vnics.some((v) => v.link === vnic)) {
      done.add('vnic');
      // made by the interrupted step: the host had no such link when the creation was checked
      createdVnics().record({ host: host.name, link: vnic, zone: r.zone, taskId: lastAttempt(r).attempt.taskId });
    }
  }
  // zonecfg keeps what the commands before (and, reading standard input, after) an error
  // committed: a failed configure step of this creation leaves a zone that is this creation's
  const partial = !done.has('zonecfg') && failed.has('zonecfg') && state === 'configured' && !configureFoundAnotherZone(r, tasks);
  if (!done.has('zonecfg') && state !== null && !partial) {
    throw new RefusedError(`a zone named ${r.zone} now exists on ${host.name} (${state}) that this creation did not make; it will not be touched`);
  }
  const plan = planProvision(r.spec, { hostName: host.name });
  const steps = stepPlans(plan, watcher, done);
  const keys = plan.steps.map((s) => s.key);
  if (partial) {
    steps.unshift({ label: `Delete the partial configuration of ${r.zone} the failed step left`, call: zonecfgDelete(r.zone), timeoutMs: TIMEOUTS.zonecfg });
    keys.unshift('cleanup:zonecfg');
  }
  const installAt = keys.indexOf('install');
  if (!done.has('install') && state === 'incomplete' && installAt >= 0) {
    // a failed install leaves the zone incomplete, and zoneadm installs only a configured zone
    steps.splice(installAt, 0, { label: `Remove the failed install of ${r.zone} (uninstall -F)`, call: zoneadmUninstall(r.zone), timeoutMs: TIMEOUTS.install });
    keys.splice(installAt, 0, 'cleanup:uninstall');
  }
  const first = plan.steps.find((s) => !done.has(s.key));
  let taskId = '';
  const t = tasks.start({
    kind: 'create',
    title: `create ${r.zone} (retry${first ? ` from: ${first.label}` : ''})`,
    user,
    host,
    zone: r.zone,
    steps,
    afterStep: () => afterStep(host, watcher, { spec: r.spec, taskId, keys }),
  });
  taskId = t.id;
  store().addAttempt(r.id, { kind: 'retry', taskId: t.id, keys });
  return { provisionId: r.id, taskId: t.id };
}

/**
 * Undoes what the attempts made, newest first: halt and uninstall the zone, delete its
 * configuration, delete the VNIC it created. Each step looks at the host when it is reached
 * and is skipped when there is nothing to undo; nothing this creation did not make is touched.
 * A configure step that failed counts as having made something (zonecfg keeps what came
 * before the error). The last steps read the host to confirm nothing is left: the rollback
 * succeeds only when zonecfg has no such zone and dladm no such VNIC.
 */
export async function rollbackProvision(id: string, user: string): Promise<StartedProvision> {
  const r = requireRecord(id);
  const host = await hostOf(r.host);
  const tasks = taskManager();
  tasks.assertFree(host.name, r.zone);
  const { task } = lastAttempt(r);
  if (task?.status === 'succeeded' && r.attempts.at(-1)?.kind !== 'rollback') {
    throw new RefusedError(`${r.zone} was created successfully; delete it from its page if it is no longer wanted`);
  }
  const { done, maybe, failed } = finishedKeys(r, tasks);
  const made = (key: string) => done.has(key) || maybe.has(key);
  const watcher = watcherFor(host);
  const steps: StepPlan[] = [];
  const keys: string[] = [];
  const zone = r.zone;
  const when = (test: (state: string | null) => boolean, why: string) => async () => (test(await zoneState(watcher, zone)) ? null : why);
  const zoneTouched = made('zonecfg') || (failed.has('zonecfg') && !configureFoundAnotherZone(r, tasks));
  if (zoneTouched) {
    steps.push({
      label: `Halt ${zone}`,
      call: zoneadmHalt(zone),
      timeoutMs: TIMEOUTS.boot,
      skip: when((s) => ['ready', 'running', 'shutting_down', 'down'].includes(s ?? ''), `${zone} is not running`),
    });
    steps.push({
      label: `Uninstall ${zone} (-F)`,
      call: zoneadmUninstall(zone),
      timeoutMs: TIMEOUTS.install,
      skip: when((s) => s === 'installed' || s === 'incomplete', `${zone} is not installed`),
    });
    steps.push({
      label: `Delete the configuration of ${zone}`,
      call: zonecfgDelete(zone),
      timeoutMs: TIMEOUTS.zonecfg,
      skip: when((s) => s !== null, `${zone} has no configuration`),
    });
    keys.push('rollback:halt', 'rollback:uninstall', 'rollback:delete');
  }
  const vnic = r.spec.link.kind === 'new-vnic' && made('vnic') ? r.spec.link.vnic : null;
  if (vnic) {
    steps.push({
      label: `Delete VNIC ${vnic}`,
      call: dladmDeleteVnic(vnic),
      timeoutMs: TIMEOUTS.dladm,
      skip: async () => ((await hostFacts(host, { fresh: true })).vnics.some((v) => v.link === vnic) ? null : `there is no VNIC ${vnic}`),
    });
    keys.push('rollback:vnic');
  }
  // read the host back: what it says, not what the steps assumed
  if (zoneTouched) {
    steps.push({
      label: `Confirm that ${host.name} has no configuration of ${zone} left`,
      call: zonecfgInfo(zone),
      timeoutMs: TIMEOUTS.zonecfg,
      judge: (res) => res.exitCode !== 0 && saysNoSuchZone(res.stderr),
      keepGoing: true,
    });
    keys.push('rollback:check-zone');
  }
  if (vnic) {
    steps.push({
      label: `Confirm that ${host.name} has no link ${vnic} left`,
      call: dladmShowLink(['link'], vnic),
      timeoutMs: TIMEOUTS.dladm,
      judge: (res) => res.exitCode !== 0 && saysNoSuchLink(res.stderr),
      keepGoing: true,
    });
    keys.push('rollback:check-vnic');
  }
  let taskId = '';
  const t = tasks.start({
    kind: 'create-rollback',
    title: `roll back the creation of ${zone}`,
    user,
    host,
    zone,
    steps,
    afterStep: () => {
      afterStep(host, watcher);
      // the VNIC is gone once its delete step ran: forget that the dashboard made it
      const idx = keys.indexOf('rollback:vnic');
      const s = taskId && idx >= 0 ? tasks.get(taskId)?.steps[idx] : undefined;
      if (vnic && s?.status === 'succeeded') createdVnics().forget(host.name, vnic);
    },
  });
  taskId = t.id;
  store().addAttempt(r.id, { kind: 'rollback', taskId: t.id, keys });
  return { provisionId: r.id, taskId: t.id };
}
