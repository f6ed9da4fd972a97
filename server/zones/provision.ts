// The creation wizard's service: what the host offers (brands, links, VNICs, zones), checking
// answers against it, the plan shown before anything runs, applying it as one task, retrying
// a failed attempt from the step that failed, rolling back what was made, and the live
// checklist with the verification lines. Each provisioning is recorded (provisions table) with
// its validated spec and its attempts, so a retry re-derives exactly the plan that was shown.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TRPCError } from '@trpc/server';
import { database, type DB } from '../db/database';
import { hostRegistry, type Host } from '../hosts/registry';
import { dladmDeleteVnic, dladmShowLink, dladmShowPhys, dladmShowVnic, vnicNameForZone } from '../illumos/dladm';
import { parseDladmShowLink, parseDladmShowPhys, parseDladmShowVnic, parseZonecfgExport, ParseError } from '../illumos/parse';
import type { ToolCall, ZoneConfig } from '../illumos/types';
import { BRANDS, validateDnsServer, ValidationError } from '../illumos/validate';
import { zoneadmHalt, zoneadmUninstall } from '../illumos/zoneadm';
import { zonecfgDelete, zonecfgExport } from '../illumos/zonecfg';
import { readZoneConfig } from './config';
import { describeToolFailure } from './errors';
import { describeCarried, importConfig, type ImportPatch } from './provision-import';
import { evaluateCheck, PHASE_LABELS, planProvision, TIMEOUTS, type Phase, type PlanStep, type ProvisionPlan } from './provision-plan';
import { provisionScript, shWord, stepCommand } from './provision-script';
import {
  BRAND_INFO,
  DEFAULT_BRAND,
  defaultHostname,
  defaultZonepath,
  listItems,
  validateAnswers,
  type FieldErrors,
  type ProvisionSpec,
  type WizardAnswers,
} from './provision-spec';
import { taskManager } from './services';
import type { StepPlan, StepStatus, Task, TaskStatus } from './tasks';
import { watcherFor, type HostWatcher } from './watcher';

// ---- what the host offers ----------------------------------------------------------------

export interface LinkOption {
  link: string;
  class: string;
  state: string;
  /** Mb/s, null when dladm does not know */
  speed: number | null;
  media: string;
}

export interface VnicOption {
  link: string;
  over: string;
  vid: number;
  macaddress: string;
  /** the zone whose configuration names it, or null when no zone does */
  usedBy: string | null;
}

export interface BrandOption {
  name: string;
  description: string;
  /** why the wizard cannot create zones of this brand, or null */
  unsupported: string | null;
}

export interface HostFacts {
  host: string;
  zones: { name: string; state: string; zonepath: string; brand: string }[];
  /** where a new VNIC can sit: physical links, aggregations, etherstubs */
  links: LinkOption[];
  vnics: VnicOption[];
  brands: BrandOption[];
  defaultBrand: string;
  defaultNameservers: string[];
  fetchedAt: number;
}

const FACTS_TTL_MS = 3000;
const factsCache = new Map<string, { at: number; facts: Promise<HostFacts> }>();

export function forgetHostFacts(host: string): void {
  factsCache.delete(host);
}

export function hostFacts(host: Host, opts: { fresh?: boolean } = {}): Promise<HostFacts> {
  const hit = factsCache.get(host.name);
  if (!opts.fresh && hit && Date.now() - hit.at < FACTS_TTL_MS) return hit.facts;
  const facts = loadFacts(host);
  factsCache.set(host.name, { at: Date.now(), facts });
  facts.catch(() => factsCache.delete(host.name));
  return facts;
}

async function runOrThrow(host: Host, what: string, call: ToolCall): Promise<string> {
  const r = await host.runner.run(call, { timeoutMs: 10_000 });
  if (r.exitCode !== 0) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: describeToolFailure(what, r) });
  return r.stdout;
}

async function loadFacts(host: Host): Promise<HostFacts> {
  const snapshot = await watcherFor(host).snapshot();
  const [physText, linkText, vnicText] = await Promise.all([
    runOrThrow(host, 'dladm show-phys', dladmShowPhys()),
    runOrThrow(host, 'dladm show-link', dladmShowLink()),
    runOrThrow(host, 'dladm show-vnic', dladmShowVnic()),
  ]);
  const phys = new Map(parseDladmShowPhys(physText).map((p) => [p.link, p]));
  const links: LinkOption[] = parseDladmShowLink(linkText)
    .filter((l) => ['phys', 'aggr', 'etherstub'].includes(l.class))
    .map((l) => {
      const p = phys.get(l.link);
      return { link: l.link, class: l.class, state: p?.state ?? l.state, speed: p ? p.speed || null : null, media: p?.media ?? '' };
    });
  const vnicRows = parseDladmShowVnic(vnicText);
  // A VNIC shows its zone only while that zone runs: the others' configurations say the rest.
  const usedBy = new Map<string, string>();
  if (vnicRows.some((v) => v.zone === '')) {
    const configs = await Promise.all(snapshot.zones.map((z) => readZoneConfig(host, z.name).catch(() => null)));
    for (const c of configs) for (const n of c?.net ?? []) if (!usedBy.has(n.physical)) usedBy.set(n.physical, c!.zonename);
  }
  const vnics = vnicRows.map((v) => ({ link: v.link, over: v.over, vid: v.vid, macaddress: v.macaddress, usedBy: v.zone || usedBy.get(v.link) || null }));
  return {
    host: host.name,
    zones: snapshot.zones.map((z) => ({ name: z.name, state: z.state, zonepath: z.zonepath, brand: z.brand })),
    links,
    vnics,
    // The dashboard's hosts run OmniOS (the simulator is an OmniOS host).
    brands: BRANDS.omnios
      .map((name) => ({ name, description: BRAND_INFO[name]?.description ?? '', unsupported: BRAND_INFO[name]?.unsupported ?? null }))
      .sort((a, b) => Number(a.unsupported !== null) - Number(b.unsupported !== null) || Number(b.name === DEFAULT_BRAND) - Number(a.name === DEFAULT_BRAND)),
    defaultBrand: DEFAULT_BRAND,
    defaultNameservers: defaultNameservers(host),
    fetchedAt: Date.now(),
  };
}

/** The simulated network's router, which also answers DNS (as its DHCP server says). */
const SIM_NAMESERVER = '192.168.5.1';

/**
 * Resolvers a new zone gets unless the operator says otherwise: ZONEDASH_DNS_SERVERS, else
 * the global zone's own (this machine's /etc/resolv.conf for a local host), else the
 * simulated network's.
 */
function defaultNameservers(host: Host): string[] {
  const valid = (list: string[]) => list.filter((s) => validateDnsServer(s).ok).slice(0, 3);
  const configured = process.env.ZONEDASH_DNS_SERVERS;
  if (configured) return valid(listItems(configured));
  if (host.kind === 'sim') return [SIM_NAMESERVER];
  if (host.kind === 'local') {
    try {
      const text = readFileSync('/etc/resolv.conf', 'utf8');
      return valid(text.split('\n').map((l) => l.trim().split(/\s+/)).filter((w) => w[0] === 'nameserver').map((w) => w[1] ?? ''));
    } catch {
      return [];
    }
  }
  return [];
}

/** Problems only the host can tell: names taken, links that are not there. */
export function checkFacts(spec: ProvisionSpec, facts: HostFacts): FieldErrors {
  const errors: FieldErrors = {};
  const fail = (path: string, message: string) => (errors[path] ??= message);
  const zone = facts.zones.find((z) => z.name === spec.zone);
  if (zone) fail('basics.name', `A zone named ${spec.zone} already exists on ${facts.host} (it is ${zone.state.replace('_', ' ')}); choose another name`);
  const samePath = facts.zones.find((z) => z.zonepath === spec.config.zonepath);
  if (samePath) fail('basics.zonepath', `${spec.config.zonepath} is already the zonepath of zone ${samePath.name}`);
  const brand = facts.brands.find((b) => b.name === spec.config.brand);
  if (!brand) fail('basics.brand', `Brand ${spec.config.brand} is not installed on ${facts.host}; choose one of ${facts.brands.filter((b) => !b.unsupported).map((b) => b.name).join(', ')}`);
  const anyLink = (name: string) => facts.links.find((l) => l.link === name) ?? facts.vnics.find((v) => v.link === name);
  const link = spec.link;
  if (link.kind === 'new-vnic') {
    if (!facts.links.some((l) => l.link === link.over)) {
      fail('network.over', `There is no physical link, aggregation or etherstub named ${link.over} on ${facts.host}${facts.links.length ? `; choose one of ${facts.links.map((l) => l.link).join(', ')}` : ''}`);
    }
    const taken = anyLink(link.vnic);
    if (taken) {
      const what = 'over' in taken ? `a VNIC over ${taken.over}${taken.usedBy ? ` used by zone ${taken.usedBy}` : ''}` : `a ${taken.class} link`;
      fail('network.vnicName', `A link named ${link.vnic} already exists on ${facts.host} (${what}); give the VNIC another name`);
    }
  } else if (link.kind === 'existing-vnic') {
    const v = facts.vnics.find((x) => x.link === link.vnic);
    if (!v) fail('network.existingVnic', `There is no VNIC named ${link.vnic} on ${facts.host}`);
    else if (v.usedBy) fail('network.existingVnic', `VNIC ${link.vnic} is already used by zone ${v.usedBy}`);
  } else if (!facts.links.some((l) => l.link === link.physical && l.class !== 'etherstub')) {
    fail('network.sharedLink', `There is no physical link named ${link.physical} on ${facts.host}`);
  }
  return errors;
}

// ---- the plan as the browser sees it ------------------------------------------------------

export interface PlanStepView {
  key: string;
  phase: Phase;
  phaseLabel: string;
  label: string;
  /** exactly what the dashboard runs */
  argv: string[];
  /** the same command as a person types it: in the global zone, or (inZone) at the zone's shell */
  command: string;
  /** the zone whose shell runs `command` (through zlogin), or null for the global zone */
  inZone: string | null;
  isCheck: boolean;
}

export interface PlanView {
  zone: string;
  host: string;
  hostname: string;
  zonecfgFile: string;
  script: string;
  steps: PlanStepView[];
  /** what the zone will be, as label/value pairs */
  summary: { label: string; value: string }[];
  /** what a copied or imported configuration brings along that the steps do not show */
  carried: string[];
}

function planView(plan: ProvisionPlan, spec: ProvisionSpec): PlanView {
  const c = spec.config;
  const l = spec.link;
  const a = spec.firstBoot.address;
  const summary: { label: string; value: string }[] = [
    { label: 'Zone', value: `${spec.zone} on ${plan.host}` },
    { label: 'Brand', value: c.brand },
    { label: 'Zonepath', value: c.zonepath },
    { label: 'Boots with the host', value: c.autoboot ? 'yes (autoboot)' : 'no' },
    {
      label: 'Network',
      value:
        l.kind === 'new-vnic'
          ? `exclusive IP on a new VNIC ${l.vnic} over ${l.over}${l.vlanId !== undefined ? `, VLAN ${l.vlanId}` : ''}${l.mac ? `, MAC ${l.mac}` : ''}`
          : l.kind === 'existing-vnic'
            ? `exclusive IP on the existing VNIC ${l.vnic}`
            : `shared IP on ${l.physical}`,
    },
    {
      label: 'Address',
      value:
        a.kind === 'dhcp'
          ? `DHCP on ${a.iface}/v4`
          : a.kind === 'static'
            ? `${a.cidr} on ${a.iface}/v4${a.gateway ? `, gateway ${a.gateway}` : ''}`
            : a.kind === 'from-gz'
              ? `${a.cidr}, set by the global zone (allowed-address)${c.net?.[0]?.defrouter ? `, router ${c.net[0].defrouter}` : ''}`
              : `${a.cidr} on ${a.iface} (shared)${c.net?.[0]?.defrouter ? `, router ${c.net[0].defrouter}` : ''}`,
    },
    { label: 'Host name', value: plan.hostname },
    { label: 'DNS servers', value: spec.firstBoot.nameservers.join(', ') || 'none (resolv.conf untouched)' },
  ];
  if (spec.firstBoot.search.length) summary.push({ label: 'Search domains', value: spec.firstBoot.search.join(' ') });
  summary.push({ label: 'Host lookups', value: spec.firstBoot.nsswitchDns ? 'files, then DNS' : 'unchanged' });
  summary.push({ label: "root's SSH key", value: spec.firstBoot.sshKey ? spec.firstBoot.sshKey.slice(0, 40) + '…' : 'none' });
  const res: string[] = [];
  if (c.cappedMemory?.physical) res.push(`memory ${c.cappedMemory.physical}`);
  if (c.cappedMemory?.swap) res.push(`swap ${c.cappedMemory.swap}`);
  if (c.cappedCpu) res.push(`${c.cappedCpu.ncpus} CPUs`);
  if (c.cpuShares) res.push(`${c.cpuShares} CPU shares`);
  if (c.maxProcesses) res.push(`${c.maxProcesses} processes`);
  if (c.maxLwps) res.push(`${c.maxLwps} LWPs`);
  const mounts = (c.fs ?? []).filter((f) => f.type === 'lofs');
  if (mounts.length) res.push(`${mounts.length} mount${mounts.length === 1 ? '' : 's'}`);
  if (c.dataset?.length) res.push(`${c.dataset.length} dataset${c.dataset.length === 1 ? '' : 's'}`);
  summary.push({ label: 'Limits and storage', value: res.join(', ') || 'none' });
  return {
    zone: plan.zone,
    host: plan.host,
    hostname: plan.hostname,
    zonecfgFile: plan.zonecfgFile,
    script: provisionScript(plan),
    steps: plan.steps.map((s) => ({
      key: s.key,
      phase: s.phase,
      phaseLabel: PHASE_LABELS[s.phase],
      label: s.label,
      argv: [s.call.tool, ...s.call.args],
      command: s.words ? s.words.map(shWord).join(' ') : stepCommand(s, plan.zone),
      inZone: s.words ? plan.zone : null,
      isCheck: s.phase === 'verify',
    })),
    summary,
    carried: [],
  };
}

function viewOf(spec: ProvisionSpec, answers: WizardAnswers, hostName: string): PlanView {
  const view = planView(planProvision(spec, { hostName }), spec);
  view.carried = answers.carried ? describeCarried(answers.carried) : [];
  return view;
}

export interface CheckResult {
  errors: FieldErrors;
  /** the values a blank field stands for, as far as they can be told */
  defaults: { zonepath: string | null; vnicName: string | null; hostname: string | null };
  /** what the copied or imported configuration brings along, in words */
  carried: string[];
  plan: PlanView | null;
}

/**
 * Checks answers as they are typed: the tools' rules first (nothing runs when they fail),
 * then, once the zone name is valid, what the host says (zones and links, cached briefly).
 */
export async function checkAnswers(host: Host, answers: WizardAnswers): Promise<CheckResult> {
  const r = validateAnswers(answers);
  const errors: FieldErrors = { ...r.errors };
  const name = answers.basics.name;
  const nameOk = !errors['basics.name'];
  let vnicName: string | null = null;
  if (nameOk) {
    try {
      vnicName = vnicNameForZone(name);
    } catch {
      vnicName = null;
    }
  }
  const defaults = {
    zonepath: nameOk ? defaultZonepath(name) : null,
    vnicName,
    hostname: nameOk ? defaultHostname(host.name, name) : null,
  };
  const carried = answers.carried ? describeCarried(answers.carried) : [];
  if (!nameOk) return { errors, defaults, carried, plan: null };
  const facts = await hostFacts(host);
  if (r.ok) {
    Object.assign(errors, checkFacts(r.spec, facts));
  } else if (facts.zones.some((z) => z.name === name)) {
    errors['basics.name'] = `A zone named ${name} already exists on ${host.name}; choose another name`;
  }
  if (!r.ok || Object.keys(errors).length) return { errors, defaults, carried, plan: null };
  try {
    return { errors, defaults, carried, plan: viewOf(r.spec, answers, host.name) };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { errors: { [e.field === 'firstBoot.hostname' ? 'firstBoot.hostname' : 'basics.name']: e.message }, defaults, carried, plan: null };
  }
}

// ---- records ------------------------------------------------------------------------------

export type AttemptKind = 'apply' | 'retry' | 'rollback';

interface Attempt {
  kind: AttemptKind;
  taskId: string;
  /** the plan key of each of the task's steps, by index */
  keys: string[];
}

interface ProvisionRecord {
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

const STORE_KEY = Symbol.for('zonedash.provisions');
type Holder = { [STORE_KEY]?: ProvisionStore };

function store(): ProvisionStore {
  const holder = globalThis as Holder;
  holder[STORE_KEY] ??= new ProvisionStore(database());
  return holder[STORE_KEY];
}

function requireRecord(id: string): ProvisionRecord {
  const r = store().get(id);
  if (!r) throw new TRPCError({ code: 'NOT_FOUND', message: `no zone creation ${id}` });
  return r;
}

// ---- running the plan ---------------------------------------------------------------------

const DONE_EARLIER = 'done in an earlier attempt';
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

/** Applies validated answers: checks them against the host again, then starts one task. */
export async function applyProvision(host: Host, input: { answers: WizardAnswers; spec: ProvisionSpec }, user: string): Promise<StartedProvision> {
  const { spec, answers } = input;
  const tasks = taskManager();
  tasks.assertFree(host.name, spec.zone);
  const watcher = watcherFor(host);
  await watcher.refresh();
  const facts = await hostFacts(host, { fresh: true });
  const errors = checkFacts(spec, facts);
  if (Object.keys(errors).length) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join('\n') });
  }
  planProvision(spec, { hostName: host.name }); // refuses before anything is written
  const file = await host.runner.writeTempFile(planProvision(spec, { hostName: host.name }).zonecfgFile);
  try {
    const plan = planProvision(spec, { hostName: host.name, zonecfgPath: file.path });
    const record: ProvisionRecord = { id: randomUUID(), host: host.name, zone: spec.zone, user, createdAt: Date.now(), spec, answers, attempts: [] };
    const task = tasks.start({
      kind: 'create',
      title: `create ${spec.zone}`,
      user,
      host,
      zone: spec.zone,
      steps: stepPlans(plan, watcher, new Set()),
      afterStep: () => afterStep(host, watcher),
    });
    store().insert({ ...record, attempts: [{ kind: 'apply', taskId: task.id, keys: plan.steps.map((s) => s.key) }] });
    void tasks.wait(task.id).finally(() => void file.remove().catch(() => {}));
    return { provisionId: record.id, taskId: task.id };
  } catch (e) {
    await file.remove().catch(() => {});
    throw e;
  }
}

function afterStep(host: Host, watcher: HostWatcher): void {
  forgetHostFacts(host.name);
  void watcher.refresh();
}

/** Steps of the plan that some attempt finished (or found already satisfied). */
function finishedKeys(r: ProvisionRecord, tasks: ReturnType<typeof taskManager>): { done: Set<string>; maybe: Set<string> } {
  const done = new Set<string>();
  const maybe = new Set<string>();
  for (const a of r.attempts) {
    if (a.kind === 'rollback') continue;
    const t = tasks.get(a.taskId);
    t?.steps.forEach((s) => {
      const key = a.keys[s.idx];
      if (!key) return;
      if (s.status === 'succeeded' || (s.status === 'skipped' && s.stdout !== '')) done.add(key);
      if (s.status === 'interrupted' || s.status === 'running') maybe.add(key);
    });
  }
  return { done, maybe };
}

function lastAttempt(r: ProvisionRecord): { attempt: Attempt; task: Task | null } {
  const attempt = r.attempts.at(-1)!;
  return { attempt, task: taskManager().get(attempt.taskId) };
}

async function hostOf(name: string): Promise<Host> {
  const host = (await hostRegistry()).get(name);
  if (!host) throw new TRPCError({ code: 'NOT_FOUND', message: `the host ${name} of this zone creation is no longer configured` });
  return host;
}

/** Runs the plan again from the first step no attempt finished; verification always reruns. */
export async function retryProvision(id: string, user: string): Promise<StartedProvision> {
  const r = requireRecord(id);
  const host = await hostOf(r.host);
  const tasks = taskManager();
  tasks.assertFree(host.name, r.zone);
  const { attempt, task } = lastAttempt(r);
  if (attempt.kind === 'rollback') throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `${r.zone} was rolled back; start a new zone creation instead` });
  if (!task || !['failed', 'interrupted'].includes(task.status)) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `there is nothing to retry: the last attempt ${task ? task.status : 'is gone'}` });
  }
  const { done, maybe } = finishedKeys(r, tasks);
  for (const key of [...done]) if (key.startsWith('check:')) done.delete(key);
  const watcher = watcherFor(host);
  const state = await zoneState(watcher, r.zone);
  // a step cut short by a restart may have done its work: look at the host
  if (maybe.has('zonecfg') && !done.has('zonecfg') && state !== null) done.add('zonecfg');
  if (maybe.has('vnic') && !done.has('vnic') && r.spec.link.kind === 'new-vnic') {
    const vnic = r.spec.link.vnic;
    if ((await hostFacts(host, { fresh: true })).vnics.some((v) => v.link === vnic)) done.add('vnic');
  }
  if (!done.has('zonecfg') && state !== null) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `a zone named ${r.zone} now exists on ${host.name} (${state}) that this creation did not make; it will not be touched` });
  }
  const base = planProvision(r.spec, { hostName: host.name });
  const file = done.has('zonecfg') ? null : await host.runner.writeTempFile(base.zonecfgFile);
  try {
    const plan = file ? planProvision(r.spec, { hostName: host.name, zonecfgPath: file.path }) : base;
    const steps = stepPlans(plan, watcher, done);
    const keys = plan.steps.map((s) => s.key);
    const installAt = keys.indexOf('install');
    if (!done.has('install') && state === 'incomplete' && installAt >= 0) {
      // a failed install leaves the zone incomplete, and zoneadm installs only a configured zone
      steps.splice(installAt, 0, { label: `Remove the failed install of ${r.zone} (uninstall -F)`, call: zoneadmUninstall(r.zone), timeoutMs: TIMEOUTS.install });
      keys.splice(installAt, 0, 'cleanup:uninstall');
    }
    const first = plan.steps.find((s) => !done.has(s.key));
    const t = tasks.start({
      kind: 'create',
      title: `create ${r.zone} (retry${first ? ` from: ${first.label}` : ''})`,
      user,
      host,
      zone: r.zone,
      steps,
      afterStep: () => afterStep(host, watcher),
    });
    store().addAttempt(r.id, { kind: 'retry', taskId: t.id, keys });
    if (file) void tasks.wait(t.id).finally(() => void file.remove().catch(() => {}));
    return { provisionId: r.id, taskId: t.id };
  } catch (e) {
    await file?.remove().catch(() => {});
    throw e;
  }
}

/**
 * Undoes what the attempts made, newest first: halt and uninstall the zone, delete its
 * configuration, delete the VNIC it created. Each step looks at the host when it is reached
 * and is skipped when there is nothing to undo; nothing this creation did not make is touched.
 */
export async function rollbackProvision(id: string, user: string): Promise<StartedProvision> {
  const r = requireRecord(id);
  const host = await hostOf(r.host);
  const tasks = taskManager();
  tasks.assertFree(host.name, r.zone);
  const { task } = lastAttempt(r);
  if (task?.status === 'succeeded' && r.attempts.at(-1)?.kind !== 'rollback') {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `${r.zone} was created successfully; delete it from its page if it is no longer wanted` });
  }
  const { done, maybe } = finishedKeys(r, tasks);
  const made = (key: string) => done.has(key) || maybe.has(key);
  const watcher = watcherFor(host);
  const steps: StepPlan[] = [];
  const keys: string[] = [];
  const zone = r.zone;
  const when = (test: (state: string | null) => boolean, why: string) => async () => (test(await zoneState(watcher, zone)) ? null : why);
  if (made('zonecfg')) {
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
  if (r.spec.link.kind === 'new-vnic' && made('vnic')) {
    const vnic = r.spec.link.vnic;
    steps.push({
      label: `Delete VNIC ${vnic}`,
      call: dladmDeleteVnic(vnic),
      timeoutMs: TIMEOUTS.dladm,
      skip: async () => ((await hostFacts(host, { fresh: true })).vnics.some((v) => v.link === vnic) ? null : `there is no VNIC ${vnic}`),
    });
    keys.push('rollback:vnic');
  }
  const t = tasks.start({
    kind: 'create-rollback',
    title: `roll back the creation of ${zone}`,
    user,
    host,
    zone,
    steps,
    afterStep: () => afterStep(host, watcher),
  });
  store().addAttempt(r.id, { kind: 'rollback', taskId: t.id, keys });
  return { provisionId: r.id, taskId: t.id };
}

// ---- the checklist ------------------------------------------------------------------------

export type RowStatus = StepStatus | 'not-run';

export interface ChecklistRow {
  key: string;
  phase: Phase | 'cleanup';
  label: string;
  argv: string[];
  status: RowStatus;
  /** the task and step index that holds this row's log */
  taskId: string | null;
  idx: number | null;
  /** 1-based attempt that ran it */
  attempt: number | null;
  /** why it was skipped, or what a wait or check found */
  note: string | null;
  exitCode: number | null;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface CheckLine {
  key: string;
  label: string;
  status: 'pending' | 'running' | 'pass' | 'fail' | 'not-run';
  line: string | null;
}

export type ProvisionStatus = TaskStatus | 'rolling-back' | 'rolled-back' | 'rollback-failed';

export interface ProvisionView {
  id: string;
  host: string;
  zone: string;
  user: string;
  createdAt: number;
  status: ProvisionStatus;
  plan: PlanView;
  attempts: { kind: AttemptKind; taskId: string; status: TaskStatus | 'missing'; title: string }[];
  /** the task now running or last run, for live output */
  currentTaskId: string;
  checklist: ChecklistRow[];
  checks: CheckLine[];
  rollback: { taskId: string; status: TaskStatus | 'missing'; rows: ChecklistRow[] } | null;
  failed: { key: string; label: string; message: string } | null;
  canRetry: boolean;
  canRollback: boolean;
}

function rowFrom(task: Task, idx: number, key: string, phase: ChecklistRow['phase'], attempt: number, check?: PlanStep['check']): ChecklistRow {
  const s = task.steps[idx]!;
  let note: string | null = null;
  if (s.status === 'skipped' && s.stdout) note = s.stdout.replace(/^skipped: /, '').trim();
  else if (check && (s.status === 'succeeded' || s.status === 'failed')) note = evaluateCheck(check, s).line;
  return {
    key,
    phase,
    label: s.label,
    argv: s.argv,
    status: s.status,
    taskId: task.id,
    idx,
    attempt,
    note,
    exitCode: s.exitCode,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
  };
}

export function provisionView(id: string): ProvisionView {
  const r = requireRecord(id);
  const tasks = taskManager();
  const plan = planProvision(r.spec, { hostName: r.host });
  const byKey = new Map(plan.steps.map((s) => [s.key, s]));
  const rows = new Map<string, ChecklistRow>();
  const cleanup: ChecklistRow[] = [];
  const attempts: ProvisionView['attempts'] = [];
  let rollback: ProvisionView['rollback'] = null;
  r.attempts.forEach((a, n) => {
    const t = tasks.get(a.taskId);
    attempts.push({ kind: a.kind, taskId: a.taskId, status: t?.status ?? 'missing', title: t?.title ?? '' });
    if (!t) return;
    if (a.kind === 'rollback') {
      rollback = { taskId: t.id, status: t.status, rows: t.steps.map((s) => rowFrom(t, s.idx, a.keys[s.idx] ?? `rollback:${s.idx}`, 'cleanup', n + 1)) };
      return;
    }
    t.steps.forEach((s) => {
      const key = a.keys[s.idx];
      if (!key) return;
      if (s.status === 'skipped' && s.stdout.includes(DONE_EARLIER)) return;
      const step = byKey.get(key);
      if (!step) {
        cleanup.push(rowFrom(t, s.idx, `${key}#${n + 1}`, 'cleanup', n + 1));
        return;
      }
      rows.set(key, rowFrom(t, s.idx, key, step.phase, n + 1, step.check));
    });
  });
  const checklist: ChecklistRow[] = [];
  for (const s of plan.steps) {
    if (s.key === 'install') checklist.push(...cleanup);
    checklist.push(
      rows.get(s.key) ?? {
        key: s.key,
        phase: s.phase,
        label: s.label,
        argv: [s.call.tool, ...s.call.args],
        status: 'not-run',
        taskId: null,
        idx: null,
        attempt: null,
        note: null,
        exitCode: null,
        startedAt: null,
        finishedAt: null,
      },
    );
  }
  const last = attempts.at(-1)!;
  const lastKind = r.attempts.at(-1)!.kind;
  const status: ProvisionStatus =
    lastKind === 'rollback'
      ? last.status === 'running'
        ? 'rolling-back'
        : last.status === 'succeeded'
          ? 'rolled-back'
          : 'rollback-failed'
      : last.status === 'missing'
        ? 'interrupted'
        : last.status;
  const checks: CheckLine[] = checklist
    .filter((row) => row.phase === 'verify')
    .map((row) => ({
      key: row.key,
      label: row.label,
      status:
        row.status === 'succeeded'
          ? 'pass'
          : row.status === 'failed'
            ? 'fail'
            : row.status === 'running'
              ? 'running'
              : row.status === 'pending'
                ? 'pending'
                : 'not-run',
      line: row.note,
    }));
  const failedRow = lastKind === 'rollback' ? null : checklist.find((row) => row.status === 'failed' && row.phase !== 'verify') ?? null;
  let failed: ProvisionView['failed'] = null;
  if (failedRow?.taskId != null && failedRow.idx != null) {
    const s = tasks.get(failedRow.taskId)?.steps[failedRow.idx];
    const message = failedRow.note ?? ((s?.stderr.trim() || s?.stdout.trim().split('\n').slice(-3).join('\n')) ?? '');
    failed = { key: failedRow.key, label: failedRow.label, message };
  }
  const busy = tasks.holder(r.host, r.zone) !== null;
  const view = planView(plan, r.spec);
  view.carried = r.answers.carried ? describeCarried(r.answers.carried) : [];
  return {
    id: r.id,
    host: r.host,
    zone: r.zone,
    user: r.user,
    createdAt: r.createdAt,
    status,
    plan: view,
    attempts,
    currentTaskId: last.taskId,
    checklist,
    checks,
    rollback,
    failed,
    canRetry: !busy && lastKind !== 'rollback' && (status === 'failed' || status === 'interrupted'),
    canRollback: !busy && (status === 'failed' || status === 'interrupted' || status === 'rollback-failed'),
  };
}

// ---- starting from an existing configuration ------------------------------------------------

export type ImportResult = { ok: true; patch: ImportPatch } | { ok: false; message: string; line: number | null };

/** A zone of the host as the wizard's starting point (`zonecfg -z SRC export`). */
export async function cloneAnswers(host: Host, source: string): Promise<ImportResult> {
  const r = await host.runner.run(zonecfgExport(source), { timeoutMs: 10_000 });
  if (r.exitCode !== 0) {
    const missing = /No such zone configured/.test(r.stderr);
    throw new TRPCError({ code: missing ? 'NOT_FOUND' : 'INTERNAL_SERVER_ERROR', message: missing ? `zone '${source}' does not exist on ${host.name}` : describeToolFailure('zonecfg export', r) });
  }
  const facts = await hostFacts(host);
  return fromConfig(() => parseZonecfgExport(r.stdout, source), { kind: 'clone', from: `zone ${source}`, vnics: facts.vnics });
}

/** A pasted `zonecfg export` as the wizard's starting point. Runs nothing. */
export function importAnswers(text: string): ImportResult {
  return fromConfig(() => parseZonecfgExport(text), { kind: 'import', from: 'the imported configuration' });
}

function fromConfig(parse: () => ZoneConfig, ctx: Parameters<typeof importConfig>[1]): ImportResult {
  let config: ZoneConfig;
  try {
    config = parse();
  } catch (e) {
    if (e instanceof ParseError || e instanceof ValidationError) {
      return { ok: false, message: e.message, line: e instanceof ParseError && e.line > 0 ? e.line : null };
    }
    throw e;
  }
  return { ok: true, patch: importConfig(config, ctx) };
}
