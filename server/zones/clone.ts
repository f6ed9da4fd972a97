// Cloning a zone from a snapshot: the wizard's creation with its install step replaced by
// `zoneadm -z NEW clone -s SNAP SOURCE` (seconds, not a package install). The new zone's
// configuration is the source's (`zonecfg -z SOURCE export`, rewritten by provision-import.ts
// as the wizard's "copy a zone" does: the source's VNIC, pinned address, delegated datasets and
// hostid are not carried), with a VNIC of its own over the link the operator picks and its
// address set up at first boot, exactly as the wizard does; the VNIC is recorded in
// created_vnics so the zone's delete removes it. The snapshot is one the source has, or one
// taken by the same task just before the clone.
import { InvalidError, RefusedError } from '../errors';
import type { Host } from '../hosts/registry';
import { blankAnswers } from '@/components/wizard/blank-answers';
import { validateSnapshotShortName, defaultSnapshotName } from '../illumos/zfs';
import { watcherFor } from '../services';
import { hostFacts, takenLinkNames } from './provision-facts';
import { displayArgv, planProvision } from './provision-plan';
import { applyProvision, type StartedProvision } from './provision-run';
import { cloneAnswers } from './provision-start-from';
import { describeFieldErrors, validateAnswers, type InstallFrom, type ProvisionSpec, type WizardAnswers } from './provision-spec';
import { cloneSourceRefusal, listSnapshots, zoneDataset } from './snapshots';

export interface CloneRequest {
  source: string;
  target: string;
  network: {
    /** the link the new VNIC sits on; '' = the source's */
    over: string;
    address: 'dhcp' | 'static';
    staticAddress: string;
    gateway: string;
    /** comma- or blank-separated DNS servers, '' for none */
    nameservers: string;
  };
  snapshot: { kind: 'existing'; name: string } | { kind: 'new'; name: string | null };
}

export interface ClonePlan {
  answers: WizardAnswers;
  spec: ProvisionSpec;
  installFrom: InstallFrom;
  /** what the copy leaves behind or changes (from provision-import.ts) */
  warnings: string[];
  /** every step the task runs, in order, as a person reads it */
  commands: { label: string; argv: string[] }[];
  /** the zonecfg command file of the new zone */
  zonecfgFile: string;
  vnic: string | null;
  hostname: string;
}

export async function planClone(host: Host, req: CloneRequest, now = new Date()): Promise<ClonePlan> {
  const snap = await watcherFor(host).snapshot();
  const source = snap.zones.find((z) => z.name === req.source);
  if (!source) throw new InvalidError('source', `zone '${req.source}' does not exist on ${host.name}`);
  const refusal = cloneSourceRefusal(req.source, source.state);
  if (refusal) throw new RefusedError(refusal);

  const installFrom = await snapshotToUse(host, req, now);
  const copied = await cloneAnswers(host, req.source);
  if (!copied.ok) throw new RefusedError(copied.message);
  const patch = copied.patch;
  const blank = blankAnswers();
  const nameservers = req.network.nameservers.trim();
  const answers: WizardAnswers = {
    ...blank,
    basics: { ...blank.basics, ...patch.basics, name: req.target, zonepath: '' },
    network: { ...blank.network, ...patch.network, mode: 'new-vnic', over: req.network.over || patch.network.over || '', vnicName: '', mac: '', allowedAddress: '', defrouter: '' },
    resources: patch.resources,
    firstBoot: {
      ...blank.firstBoot,
      address: req.network.address,
      staticAddress: req.network.address === 'static' ? req.network.staticAddress : '',
      gateway: req.network.address === 'static' ? req.network.gateway : '',
      nameservers,
      nsswitchDns: nameservers !== '',
    },
    carried: patch.carried,
  };
  const facts = await hostFacts(host, { fresh: true });
  const checked = validateAnswers(answers, { takenLinks: takenLinkNames(facts) });
  if (!checked.ok) throw new InvalidError('answers', describeFieldErrors(checked.errors));
  const spec: ProvisionSpec = { ...checked.spec, installFrom };
  const plan = planProvision(spec, { hostName: host.name });
  return {
    answers,
    spec,
    installFrom,
    warnings: patch.warnings,
    commands: plan.steps.map((s) => ({ label: s.label, argv: displayArgv(s.call) })),
    zonecfgFile: plan.zonecfgFile,
    vnic: spec.link.kind === 'new-vnic' ? spec.link.vnic : null,
    hostname: plan.hostname,
  };
}

/** The snapshot the clone copies: one of the source's, or a new one the task takes first. */
async function snapshotToUse(host: Host, req: CloneRequest, now: Date): Promise<InstallFrom> {
  if (req.snapshot.kind === 'existing') {
    const name = req.snapshot.name;
    const v = validateSnapshotShortName(name);
    if (!v.ok) throw new InvalidError('snapshot', v.message);
    if (!(await listSnapshots(host, req.source)).some((s) => s.name === name)) throw new InvalidError('snapshot', `${req.source} has no snapshot called ${name}`);
    return { kind: 'clone', source: req.source, snapshot: name };
  }
  const name = req.snapshot.name ?? defaultSnapshotName(now);
  const v = validateSnapshotShortName(name);
  if (!v.ok) throw new InvalidError('snapshot', v.message);
  const { dataset } = await zoneDataset(host, req.source);
  if ((await listSnapshots(host, req.source)).some((s) => s.name === name)) throw new InvalidError('snapshot', `${req.source} already has a snapshot called ${name}: pick it as an existing one, or give another name`);
  return { kind: 'clone', source: req.source, snapshot: name, take: { dataset, madeAt: now.toISOString() } };
}

/** Plans again (the host may have changed since the dialog showed the plan) and starts the task. */
export async function startClone(host: Host, req: CloneRequest, user: string): Promise<StartedProvision> {
  const plan = await planClone(host, req);
  return applyProvision(host, { answers: plan.answers, spec: plan.spec, installFrom: plan.installFrom }, user);
}
