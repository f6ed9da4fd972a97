// prctl(1) for zones: which configuration changes illumos can make on a running zone at once,
// the argv that makes each, and the parser of `prctl -P` output.
//
// A zonecfg edit takes effect at the next boot (illumos zonecfg has no live mode). The zone.*
// resource controls behind the rctl aliases can also be changed on the running zone with
// prctl (changes last until the zone halts): `prctl -n zone.cpu-shares -t privileged -r -v 60
// -i zone Z` (vectors-next/real-prctl-zone-cpu-shares-solaris11.txt). capped-memory physical
// is not an rctl on illumos: rcapd enforces it, and `rcapadm -z Z -m SIZE` changes it live
// (usr/src/cmd/rcap/rcapadm/rcapadm.c update_zone_mcap: zone_setattr(ZONE_ATTR_PHYS_MCAP));
// the dashboard does not run rcapadm, so the physical cap waits for the reboot.
import type { ConfigChange } from './config-diff';
import type { ToolCall } from './types';
import { mustBe, validateZoneName } from './validate';
import { unitsToBytes } from './zonecfgRctl';

/** Configuration fields (ConfigChange keys) prctl can change live, and the rctl behind each. */
export const LIVE_RCTLS: ReadonlyArray<{ key: string; rctl: string; memory?: boolean; cpuCap?: boolean }> = [
  { key: 'cpuShares', rctl: 'zone.cpu-shares' },
  { key: 'maxLwps', rctl: 'zone.max-lwps' },
  { key: 'maxProcesses', rctl: 'zone.max-processes' },
  { key: 'maxShmMemory', rctl: 'zone.max-shm-memory', memory: true },
  { key: 'maxShmIds', rctl: 'zone.max-shm-ids' },
  { key: 'maxMsgIds', rctl: 'zone.max-msg-ids' },
  { key: 'maxSemIds', rctl: 'zone.max-sem-ids' },
  { key: 'cappedMemory.swap', rctl: 'zone.max-swap', memory: true },
  { key: 'cappedMemory.locked', rctl: 'zone.max-locked-memory', memory: true },
  { key: 'cappedCpu.ncpus', rctl: 'zone.cpu-cap', cpuCap: true },
];

/** zone.cpu-shares is never without a privileged value: a zone has 1 share unless configured. */
const DEFAULT_CPU_SHARES = '1';

const RCTL_NAME = /^zone\.[a-z][a-z-]*$/;

function prctl(zone: string, rctl: string, rest: string[]): ToolCall {
  if (!RCTL_NAME.test(rctl)) throw new Error(`not a zone rctl: ${rctl}`);
  return { tool: 'prctl', args: ['-n', rctl, ...rest, '-i', 'zone', mustBe('zone', validateZoneName(zone))] };
}

const whole = (v: string) => {
  if (!/^[0-9]{1,20}$/.test(v)) throw new Error(`not a whole number: ${v}`);
  return v;
};

/** Replace the zone's privileged value (it has one). */
export const prctlReplace = (zone: string, rctl: string, value: string): ToolCall => prctl(zone, rctl, ['-t', 'privileged', '-r', '-v', whole(value)]);
/** Add a privileged value (the zone has none), with the deny action zonecfg's aliases give
 *  every limit but cpu-shares (-e deny: a value set with -s alone has no action). */
export const prctlSet = (zone: string, rctl: string, value: string): ToolCall =>
  prctl(zone, rctl, ['-t', 'privileged', '-s', '-v', whole(value), ...(rctl === 'zone.cpu-shares' ? [] : ['-e', 'deny'])]);
/** Delete the privileged value (the limit goes back to the system's). */
export const prctlDelete = (zone: string, rctl: string): ToolCall => prctl(zone, rctl, ['-t', 'privileged', '-x']);
/** `prctl -P -n NAME -i zone Z`: the values in the parseable form. */
export const prctlShow = (zone: string, rctl: string): ToolCall => prctl(zone, rctl, ['-P']);

/** A config value → the rctl's limit: bytes for memory sizes, ncpus × 100 for the CPU cap. */
function limitOf(spec: (typeof LIVE_RCTLS)[number], value: string): string | null {
  if (spec.memory) return unitsToBytes(value)?.toString() ?? null;
  if (spec.cpuCap) {
    const n = Number(value);
    return Number.isFinite(n) && n > 0 ? String(Math.round(n * 100)) : null;
  }
  return /^[0-9]+$/.test(value) ? value : null;
}

export interface LiveStep {
  /** the ConfigChange key it applies */
  key: string;
  label: string;
  call: ToolCall;
}

/**
 * The prctl commands that make, on the running zone, the changes illumos can make live. A
 * change that is not an rctl (net, fs, autoboot, the physical memory cap…) has none and waits
 * for the reboot.
 */
export function liveSteps(zone: string, changes: readonly ConfigChange[]): LiveStep[] {
  const steps: LiveStep[] = [];
  for (const c of changes) {
    const spec = LIVE_RCTLS.find((s) => s.key === c.key);
    if (!spec) continue;
    const before = c.before === null ? null : limitOf(spec, c.before);
    const after = c.after === null ? null : limitOf(spec, c.after);
    if (c.after !== null && after === null) continue;
    const label = `${c.label}: ${c.before ?? '(none)'} → ${c.after ?? '(none)'} on the running zone`;
    let call: ToolCall;
    if (spec.rctl === 'zone.cpu-shares') call = prctlReplace(zone, spec.rctl, after ?? DEFAULT_CPU_SHARES);
    else if (after === null) call = prctlDelete(zone, spec.rctl);
    else if (before === null) call = prctlSet(zone, spec.rctl, after);
    else call = prctlReplace(zone, spec.rctl, after);
    steps.push({ key: c.key, label, call });
  }
  return steps;
}

export interface PrctlValue {
  priv: string;
  value: string;
  flag: string;
  action: string;
  recipient: string;
}

export interface PrctlRctl {
  name: string;
  usage: string | null;
  values: PrctlValue[];
}

/**
 * `prctl -P -i zone Z` output: "zone: ID: NAME", then "NAME usage N - - -" and
 * "NAME PRIV VALUE FLAG ACTION RECIPIENT" lines (prctl.c print_rctls, parseable mode).
 * Untrusted text: lines of any other shape are skipped.
 */
export function parsePrctlP(text: string): { zoneId: number | null; zone: string | null; rctls: PrctlRctl[] } {
  let zoneId: number | null = null;
  let zone: string | null = null;
  const rctls = new Map<string, PrctlRctl>();
  for (const line of text.split('\n')) {
    const head = /^zone: ([0-9]+): (.*)$/.exec(line);
    if (head) {
      zoneId = Number(head[1]);
      zone = head[2] ?? null;
      continue;
    }
    const f = line.split(' ');
    if (f.length !== 6 || !RCTL_NAME.test(f[0]!)) continue;
    const [name, priv, value, flag, action, recipient] = f as [string, string, string, string, string, string];
    if (!/^[0-9]+$/.test(value)) continue;
    const r = rctls.get(name) ?? { name, usage: null, values: [] };
    rctls.set(name, r);
    if (priv === 'usage') r.usage = value;
    else r.values.push({ priv, value, flag, action, recipient });
  }
  return { zoneId, zone, rctls: [...rctls.values()] };
}
