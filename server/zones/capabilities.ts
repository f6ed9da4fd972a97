// Which lifecycle verb may run in which zone state, and why not when it may not: one table
// for the server (its check before it plans a task, its no-op answers) and the browser (which
// fetches it through zones.capabilities: disabled actions say why, in zoneadm's words).
//
// Each row cites where zoneadm decides it: usr/src/cmd/zoneadm/zoneadm.c (sanity_check() and
// the *_func() that calls it, listed in cmdtab[]) or zoneadmd, whose answers zoneadm prints.
// A row marked `stricter` is one where zoneadm would go ahead but the dashboard refuses, and
// says why. server/zones/capabilities.test.ts runs every state × verb against the simulator's
// zoneadm and holds the table to it.
import { ZONE_STATES, type ZoneState } from '../illumos/types';

export const ZONE_VERBS = ['boot', 'shutdown', 'halt', 'reboot', 'ready', 'install', 'uninstall', 'verify', 'delete'] as const;
export type ZoneVerb = (typeof ZONE_VERBS)[number];

/** 'ok' runs; 'noop' is already satisfied (succeeds without running anything, like zoneadm);
 *  'refused' cannot run, and the reason says why. */
export type Capability = { kind: 'ok' } | { kind: 'noop'; reason: string } | { kind: 'refused'; reason: string };

export interface VerbRule {
  states: readonly ZoneState[];
  kind: Capability['kind'];
  /** what zoneadm says (without its `zoneadm: zone 'Z': ` prefix and final period), or the
   *  dashboard's reason for a `stricter` row; the state is filled in where zoneadm names it */
  reason?: (state: ZoneState) => string;
  /** where the decision is made in illumos */
  source: string;
  /** set when zoneadm itself would run the verb in these states: why the dashboard does not */
  stricter?: string;
}

const NOT_INSTALLED: ZoneState[] = ['configured', 'incomplete'];
const IN_KERNEL: ZoneState[] = ['ready', 'running', 'shutting_down', 'down', 'mounted'];

const says = (text: string) => () => text;

export const VERB_TABLE: Record<ZoneVerb, readonly VerbRule[]> = {
  boot: [
    { states: ['installed', 'ready'], kind: 'ok', source: 'zoneadm.c boot_func(): sanity_check(CMD_BOOT) passes at state >= installed; zoneadmd boots' },
    { states: ['running'], kind: 'noop', reason: says('zone is already booted'), source: 'zoneadmd (zone_ready/zone_bootup): "zone is already booted", exit 0' },
    { states: NOT_INSTALLED, kind: 'refused', reason: says('must be installed before boot'), source: 'zoneadm.c sanity_check(): CMD_BOOT, state < min_state (ZONE_STATE_INSTALLED)' },
    {
      states: ['shutting_down', 'down', 'mounted'],
      kind: 'refused',
      reason: (s) => `boot operation is invalid for zones in state '${s}'`,
      source: 'zoneadm.c boot_func() → zonecfg_call_zoneadmd(); zoneadmd refuses the state ("call to zoneadmd failed")',
    },
  ],
  shutdown: [
    { states: ['running'], kind: 'ok', source: 'zoneadm.c shutdown_func(): sanity_check(CMD_SHUTDOWN, running=B_TRUE) finds the zone in the kernel' },
    { states: ['installed', ...NOT_INSTALLED], kind: 'refused', reason: says('not running'), source: 'zoneadm.c sanity_check(): running && zent == NULL → "not running"' },
    {
      states: ['ready', 'shutting_down', 'down', 'mounted'],
      kind: 'refused',
      reason: (s) => `can only shut down a running zone (it is ${label(s)})`,
      source: 'zoneadm.c sanity_check(): any zone in the kernel passes',
      stricter: 'a graceful shutdown needs a running init in the zone; halt is the verb for the other kernel states',
    },
  ],
  halt: [
    { states: ['ready', 'running', 'shutting_down', 'down'], kind: 'ok', source: 'zoneadm.c halt_func(): sanity_check(CMD_HALT, running=B_FALSE) leaves the decision to zoneadmd, which halts' },
    { states: ['installed'], kind: 'noop', reason: says('zone is already halted'), source: 'zoneadmd: "zone is already halted", exit 0' },
    {
      states: NOT_INSTALLED,
      kind: 'refused',
      reason: (s) => `cannot manage a zone which is in state '${s}'`,
      source: 'zoneadm.c halt_func() → zonecfg_call_zoneadmd(); zoneadmd will not start for a zone below installed',
    },
    {
      states: ['mounted'],
      kind: 'refused',
      reason: says('is mounted by a package tool'),
      source: 'zoneadm.c halt_func(): zoneadmd halts a mounted (scratch) zone',
      stricter: 'a mounted zone belongs to the package tool that mounted it (pkg, beadm); halting it pulls the root from under that tool',
    },
  ],
  reboot: [
    { states: ['running', 'ready'], kind: 'ok', source: 'zoneadm.c reboot_func(): sanity_check(CMD_REBOOT, running=B_TRUE) finds the zone in the kernel; zoneadmd halts, readies, boots' },
    { states: ['installed', ...NOT_INSTALLED], kind: 'refused', reason: says('not running'), source: 'zoneadm.c sanity_check(): running && zent == NULL → "not running"' },
    {
      states: ['shutting_down', 'down', 'mounted'],
      kind: 'refused',
      reason: (s) => `can only reboot a running or ready zone (it is ${label(s)})`,
      source: 'zoneadm.c sanity_check(): any zone in the kernel passes',
      stricter: 'a zone on its way down, or mounted by a package tool, is not the dashboard’s to restart; halt it first',
    },
  ],
  ready: [
    { states: ['installed'], kind: 'ok', source: 'zoneadm.c ready_func(): sanity_check(CMD_READY) passes at state >= installed; zoneadmd readies' },
    { states: ['ready'], kind: 'noop', reason: says('zone is already ready'), source: 'zoneadmd: "zone is already ready", exit 0' },
    { states: NOT_INSTALLED, kind: 'refused', reason: says('must be installed before ready'), source: 'zoneadm.c sanity_check(): CMD_READY, state < min_state (ZONE_STATE_INSTALLED)' },
    {
      states: ['running', 'shutting_down', 'down', 'mounted'],
      kind: 'refused',
      reason: (s) => `halt it first (it is ${label(s)})`,
      source: 'zoneadm.c ready_func(): sanity_check passes; zoneadmd halts the zone, then readies it',
      stricter: 'ready on a running zone is a halt in disguise: the dashboard asks for the halt to be chosen as such',
    },
  ],
  install: [
    { states: ['configured'], kind: 'ok', source: 'zoneadm.c install_func(): sanity_check(CMD_INSTALL, unsafe_when_running=B_TRUE) passes for a configured zone' },
    { states: ['incomplete'], kind: 'refused', reason: says('zone is incomplete; uninstall required'), source: 'zoneadm.c sanity_check(): CMD_INSTALL, state == ZONE_STATE_INCOMPLETE' },
    { states: ['installed'], kind: 'refused', reason: says('is already installed'), source: 'zoneadm.c sanity_check(): CMD_INSTALL, state == ZONE_STATE_INSTALLED' },
    { states: IN_KERNEL, kind: 'refused', reason: (s) => `install operation is invalid for ${s} zones`, source: 'zoneadm.c sanity_check(): unsafe_when_running && zent != NULL' },
  ],
  uninstall: [
    { states: ['installed', 'incomplete'], kind: 'ok', source: 'zoneadm.c uninstall_func(): sanity_check(CMD_UNINSTALL, unsafe_when_running=B_TRUE) passes' },
    { states: ['configured'], kind: 'refused', reason: says("is already in state 'configured'"), source: 'zoneadm.c sanity_check(): CMD_UNINSTALL, state == ZONE_STATE_CONFIGURED' },
    { states: IN_KERNEL, kind: 'refused', reason: (s) => `uninstall operation is invalid for ${s} zones`, source: 'zoneadm.c sanity_check(): unsafe_when_running && zent != NULL' },
  ],
  verify: [
    { states: ['configured', 'installed', ...IN_KERNEL], kind: 'ok', source: 'zoneadm.c verify_func(): sanity_check(CMD_VERIFY) passes; verify_details() runs' },
    { states: ['incomplete'], kind: 'refused', reason: says('zone is incomplete; uninstall required'), source: 'zoneadm.c sanity_check(): CMD_VERIFY, state == ZONE_STATE_INCOMPLETE' },
  ],
  // The dashboard's own cascade (halt, uninstall -F, zonecfg delete -F, VNICs), not a zoneadm
  // verb: each step is checked by its own tool when it runs.
  delete: [
    { states: ['configured', 'incomplete', 'installed', 'ready', 'running', 'down'], kind: 'ok', source: 'server/zones/actions.ts planDelete(): halt (zoneadm.c halt_func) and uninstall -F as needed, then zonecfg delete -F' },
    {
      states: ['shutting_down', 'mounted'],
      kind: 'refused',
      reason: (s) => `wait until it is no longer ${label(s)}`,
      source: 'server/zones/actions.ts planDelete()',
      stricter: 'a zone on its way down, or mounted by a package tool, is in someone else’s hands for the moment',
    },
  ],
};

/** A state zoneadm cannot name ('unknown'): only what reads the configuration may run. */
const UNKNOWN: Record<ZoneVerb, Capability> = Object.fromEntries(
  ZONE_VERBS.map((v) => [v, v === 'verify' || v === 'delete' ? { kind: 'ok' } : { kind: 'refused', reason: `cannot ${v} while its state is unknown` }]),
) as Record<ZoneVerb, Capability>;

export function ruleFor(verb: ZoneVerb, state: ZoneState): VerbRule | undefined {
  return VERB_TABLE[verb].find((r) => r.states.includes(state));
}

export function capability(verb: ZoneVerb, state: ZoneState): Capability {
  const rule = ruleFor(verb, state);
  if (!rule) return UNKNOWN[verb];
  if (rule.kind === 'ok') return { kind: 'ok' };
  return { kind: rule.kind, reason: rule.reason?.(state) ?? '' };
}

function label(state: ZoneState): string {
  return state.replace('_', ' ');
}

/** The whole table, for the browser (which imports no server code). */
export function capabilityTable(): Record<string, Record<ZoneVerb, Capability>> {
  const states: ZoneState[] = [...ZONE_STATES, 'unknown'];
  return Object.fromEntries(
    states.map((s) => [s, Object.fromEntries(ZONE_VERBS.map((v) => [v, capability(v, s)])) as Record<ZoneVerb, Capability>]),
  );
}
