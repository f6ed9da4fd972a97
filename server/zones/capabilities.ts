// Which lifecycle action is valid in which zone state, and why not when it isn't. One table
// drives the menus (disabled items say why), the server's checks before it plans a task,
// and the no-op answers ("already running"), in zoneadm's own terms.
import type { ZoneState } from '../illumos/types';

export const ZONE_VERBS = ['boot', 'shutdown', 'halt', 'reboot', 'ready', 'install', 'uninstall', 'verify', 'delete'] as const;
export type ZoneVerb = (typeof ZONE_VERBS)[number];

/** 'ok' runs; 'noop' is already satisfied (succeeds without running anything, like zoneadm);
 *  anything else is the reason it cannot run. */
export type Capability = { kind: 'ok' } | { kind: 'noop'; reason: string } | { kind: 'refused'; reason: string };

const ok: Capability = { kind: 'ok' };
const noop = (reason: string): Capability => ({ kind: 'noop', reason });
const no = (reason: string): Capability => ({ kind: 'refused', reason });

const KERNEL_STATES: ZoneState[] = ['ready', 'running', 'shutting_down', 'down', 'mounted'];

export function capability(verb: ZoneVerb, state: ZoneState): Capability {
  const inKernel = KERNEL_STATES.includes(state);
  switch (verb) {
    case 'boot':
      if (state === 'installed' || state === 'ready') return ok;
      if (state === 'running') return noop('zone is already booted');
      if (state === 'configured' || state === 'incomplete') return no('must be installed before boot');
      return no(`cannot boot while ${label(state)}`);
    case 'shutdown':
      if (state === 'running') return ok;
      return no(state === 'installed' ? 'not running' : `can only shut down a running zone (it is ${label(state)})`);
    case 'halt':
      if (inKernel && state !== 'mounted') return ok;
      if (state === 'installed') return noop('zone is already halted');
      return no(state === 'mounted' ? 'is mounted by a package tool' : 'not running');
    case 'reboot':
      if (state === 'running' || state === 'ready') return ok;
      return no(`can only reboot a running or ready zone (it is ${label(state)})`);
    case 'ready':
      if (state === 'installed') return ok;
      if (state === 'ready') return noop('zone is already ready');
      if (state === 'configured' || state === 'incomplete') return no('must be installed before ready');
      return no(`halt it first (it is ${label(state)})`);
    case 'install':
      if (state === 'configured') return ok;
      if (state === 'incomplete') return no('zone is incomplete; uninstall required');
      if (state === 'installed') return no('is already installed');
      return no(`install operation is invalid for ${label(state)} zones`);
    case 'uninstall':
      if (state === 'installed' || state === 'incomplete') return ok;
      if (state === 'configured') return no("is already in state 'configured'");
      return no(`halt it first (uninstall operation is invalid for ${label(state)} zones)`);
    case 'verify':
      if (state === 'incomplete') return no('zone is incomplete; uninstall required');
      return ok;
    case 'delete':
      if (state === 'shutting_down' || state === 'mounted') return no(`wait until it is no longer ${label(state)}`);
      return ok;
  }
}

function label(state: ZoneState): string {
  return state.replace('_', ' ');
}

/** The whole table, for the browser (which imports no server code). */
export function capabilityTable(): Record<string, Record<ZoneVerb, Capability>> {
  const states: ZoneState[] = ['configured', 'incomplete', 'installed', 'ready', 'running', 'shutting_down', 'down', 'mounted', 'unknown'];
  return Object.fromEntries(
    states.map((s) => [s, Object.fromEntries(ZONE_VERBS.map((v) => [v, capability(v, s)])) as Record<ZoneVerb, Capability>]),
  );
}
