// The one table of who may call what: every tRPC procedure path → the privilege it needs.
// The tRPC middleware (server/trpc/init.ts) reads it for every call; the websocket upgrade
// reads the console's rows; a test walks the router and fails when a procedure is missing
// here (default deny: a missing row refuses everyone, and the test says which).
//
// Roles: viewer sees zones, configurations, tasks and consoles (read-only); operator adds
// the power verbs and console input; admin adds everything else: install, uninstall, verify,
// delete, creating zones, users, sessions, the audit log, hosts.
import type { ZoneVerb } from '../zones/capabilities';
import { fixRoleOf } from '../doctor/roles';
import { isRole, type Privilege, type Role } from './roles';

export interface Rule {
  need: Privilege;
  /** a finer need from the call's input (zones.action: the verb); undefined falls back to `need` */
  byInput?: (rawInput: unknown) => Role | undefined;
  /** the procedure writes its own audit records (login: success and failure with reasons) */
  selfAudited?: true;
}

/** Which role runs which zone verb. The power verbs are the operator's; whatever installs,
 *  removes or checks a zone's configuration is the admin's (verify included: it is part of
 *  managing configurations, not of running zones, and the issue lists exactly the five
 *  power verbs for operators). */
export const VERB_ROLE: Record<ZoneVerb, Role> = {
  boot: 'operator',
  shutdown: 'operator',
  halt: 'operator',
  reboot: 'operator',
  ready: 'operator',
  install: 'admin',
  uninstall: 'admin',
  verify: 'admin',
  delete: 'admin',
};

function verbOf(raw: unknown): Role | undefined {
  const verb = raw && typeof raw === 'object' ? (raw as { verb?: unknown }).verb : undefined;
  return typeof verb === 'string' && Object.hasOwn(VERB_ROLE, verb) ? VERB_ROLE[verb as ZoneVerb] : undefined;
}

export const POLICY: Record<string, Rule> = {
  // signing in and out
  'auth.login': { need: 'public', selfAudited: true },
  'auth.setup': { need: 'public', selfAudited: true },
  'auth.setupCheck': { need: 'public' },
  'auth.me': { need: 'public' },
  'auth.logout': { need: 'viewer' },
  'auth.changePassword': { need: 'viewer' },

  // reading the hosts, zones, links and tasks
  'hosts.list': { need: 'viewer' },
  'zones.list': { need: 'viewer' },
  'zones.get': { need: 'viewer' },
  'zones.capabilities': { need: 'viewer' },
  'zones.plan': { need: 'viewer' },
  'zones.watch': { need: 'viewer' },
  'links.list': { need: 'viewer' },
  'tasks.list': { need: 'viewer' },
  'tasks.get': { need: 'viewer' },
  'tasks.latest': { need: 'viewer' },

  // resource usage (server/trpc/routers/metrics.ts): read-only, like the zone list
  'metrics.zone': { need: 'viewer' },
  'metrics.host': { need: 'viewer' },
  'metrics.sparklines': { need: 'viewer' },

  // the Doctor (server/trpc/routers/doctor.ts): reading is everyone's; a fix needs the role of
  // what it does (boot, halt: operator; uninstall, destroy, delete: admin), from its finding id
  'doctor.hosts': { need: 'viewer' },
  'doctor.host': { need: 'viewer' },
  'doctor.counts': { need: 'viewer' },
  'doctor.fix': { need: 'operator', byInput: fixRoleOf },

  // acting on zones: the verb decides (operator is the least any verb needs)
  'zones.action': { need: 'operator', byInput: verbOf },

  // consoles: every viewer gets a ticket; its mode (read-only or read-write) follows the role
  'console.ticket': { need: 'viewer' },

  // a zone's configuration (server/trpc/routers/config.ts): changing it, and its limits on the
  // running zone, is managing configurations (the admin's); what waits for a boot is readable
  'config.editForm': { need: 'admin' },
  'config.plan': { need: 'admin' },
  'config.save': { need: 'admin' },
  'config.applyLive': { need: 'admin' },
  'config.pending': { need: 'viewer' },
  'config.pendingAll': { need: 'viewer' },

  // a zone's snapshots (server/trpc/routers/snapshots.ts): taking one is the operator's (it
  // changes nothing in the zone); rolling back, deleting one and cloning a zone are the admin's
  'snapshots.list': { need: 'viewer' },
  'snapshots.rollbackPlan': { need: 'viewer' },
  'snapshots.create': { need: 'operator' },
  'snapshots.rollback': { need: 'admin' },
  'snapshots.destroy': { need: 'admin' },
  'snapshots.clonePlan': { need: 'admin' },
  'snapshots.clone': { need: 'admin' },

  // creating zones (the wizard) is the admin's; following a creation's progress is not
  'provision.options': { need: 'admin' },
  'provision.check': { need: 'admin' },
  'provision.create': { need: 'admin' },
  'provision.retry': { need: 'admin' },
  'provision.rollback': { need: 'admin' },
  'provision.fromZone': { need: 'admin' },
  'provision.fromExport': { need: 'admin' },
  'provision.get': { need: 'viewer' },

  // accounts, sessions and the audit log
  'users.list': { need: 'admin' },
  'users.create': { need: 'admin' },
  'users.setRole': { need: 'admin' },
  'users.setDisabled': { need: 'admin' },
  'users.resetPassword': { need: 'admin' },
  'sessions.list': { need: 'admin' },
  'sessions.end': { need: 'admin' },
  'audit.list': { need: 'admin' },
  'audit.export': { need: 'admin' },

  // remote hosts (reading them is above, hosts.list): the admin's; each change writes its own
  // audit record with the host before and after (server/trpc/routers/hosts.ts)
  'hosts.identity': { need: 'admin' },
  'hosts.probe': { need: 'admin', selfAudited: true },
  'hosts.add': { need: 'admin', selfAudited: true },
  'hosts.update': { need: 'admin', selfAudited: true },
  'hosts.setDisabled': { need: 'admin', selfAudited: true },
  'hosts.remove': { need: 'admin', selfAudited: true },
  'hosts.trustKey': { need: 'admin', selfAudited: true },
};

/** What a call needs: the rule's role, or the finer one its input asks for. null: no rule. */
export function requiredPrivilege(path: string, rawInput: unknown): Privilege | null {
  const rule = Object.hasOwn(POLICY, path) ? POLICY[path] : undefined;
  if (!rule) return null;
  const finer = rule.byInput?.(rawInput);
  return finer && isRole(finer) ? finer : rule.need;
}

/** Console input (read-write consoles) is the operator's. */
export const CONSOLE_INPUT_ROLE: Role = 'operator';
