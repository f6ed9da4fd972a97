// The plan as the browser sees it: every step's argv and the command a person would type,
// the shell script, a summary of the zone in words; and the wizard's live check of answers
// as they are typed (the tools' rules first, then the host's facts, then the plan).
import type { Host } from '../hosts/registry';
import { proposeVnicName } from '../illumos/dladm';
import { ValidationError } from '../illumos/validate';
import { describeCarried } from './provision-import';
import { PHASE_LABELS, planProvision, type Phase, type ProvisionPlan } from './provision-plan';
import { provisionScript, shWord, stepCommand } from './provision-script';
import { addressWarnings, checkFacts, hostFacts, takenLinkNames } from './provision-facts';
import { store } from './provision-records';
import { defaultHostname, defaultZonepath, validateAnswers, type FieldErrors, type ProvisionSpec, type WizardAnswers } from './provision-spec';


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

export function planView(plan: ProvisionPlan, spec: ProvisionSpec): PlanView {
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
    ...(spec.firstBoot.ipv6
      ? [{ label: 'IPv6', value: spec.firstBoot.ipv6.kind === 'addrconf' ? `automatic (addrconf) on ${spec.firstBoot.ipv6.iface}/v6` : `${spec.firstBoot.ipv6.cidr} on ${spec.firstBoot.ipv6.iface}/v6` }]
      : []),
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
  /** what the review should point out without refusing (an address another zone holds) */
  warnings: string[];
  plan: PlanView | null;
}

/**
 * Checks answers as they are typed: the tools' rules first (nothing runs when they fail),
 * then, once the zone name is valid, what the host says (zones and links, cached briefly).
 */
export async function checkAnswers(host: Host, answers: WizardAnswers): Promise<CheckResult> {
  const first = validateAnswers(answers);
  const name = answers.basics.name;
  const nameOk = !first.errors['basics.name'];
  const carried = answers.carried ? describeCarried(answers.carried) : [];
  if (!nameOk) return { errors: { ...first.errors }, defaults: { zonepath: null, vnicName: null, hostname: null }, carried, warnings: [], plan: null };
  // the name is valid: the host's facts may be read, and the VNIC name proposed from them
  const facts = await hostFacts(host);
  const taken = takenLinkNames(facts);
  const r = validateAnswers(answers, { takenLinks: taken });
  const errors: FieldErrors = { ...r.errors };
  let vnicName: string | null = null;
  try {
    vnicName = proposeVnicName(name, taken);
  } catch {
    vnicName = null;
  }
  const defaults = { zonepath: defaultZonepath(name), vnicName, hostname: defaultHostname(host.name, name) };
  const warnings = r.ok ? addressWarnings(r.spec, facts, store().staticAddresses(host.name)) : [];
  if (r.ok) {
    Object.assign(errors, checkFacts(r.spec, facts));
  } else if (facts.zones.some((z) => z.name === name)) {
    errors['basics.name'] = `A zone named ${name} already exists on ${host.name}; choose another name`;
  }
  if (!r.ok || Object.keys(errors).length) return { errors, defaults, carried, warnings, plan: null };
  try {
    return { errors, defaults, carried, warnings, plan: viewOf(r.spec, answers, host.name) };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { errors: { [e.field === 'firstBoot.hostname' ? 'firstBoot.hostname' : 'basics.name']: e.message }, defaults, carried, warnings, plan: null };
  }
}
