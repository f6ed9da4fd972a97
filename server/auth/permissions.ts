// What the browser needs to know to draw disabled controls with their reason: for the
// signed-in user, each gated feature maps to null (allowed) or the role it needs. Computed
// from the policy table, so the UI and the API cannot disagree.
import { ZONE_VERBS, type ZoneVerb } from '../zones/capabilities';
import { CONSOLE_INPUT_ROLE, POLICY, VERB_ROLE } from './policy';
import { roleAtLeast, type Role } from './roles';

export interface Permissions {
  verbs: Record<ZoneVerb, Role | null>;
  createZones: Role | null;
  /** editing a zone's configuration and Apply now (config.save, config.applyLive) */
  editConfig: Role | null;
  /** taking a zone's snapshot; rolling back, deleting one and cloning (snapshots.*) */
  snapshotCreate: Role | null;
  snapshotChange: Role | null;
  consoleInput: Role | null;
  users: Role | null;
  audit: Role | null;
}

function gate(role: Role, need: string | undefined): Role | null {
  if (need === undefined || need === 'public') return null;
  const r = need as Role;
  return roleAtLeast(role, r) ? null : r;
}

export function permissionsFor(role: Role): Permissions {
  return {
    verbs: Object.fromEntries(ZONE_VERBS.map((v) => [v, gate(role, VERB_ROLE[v])])) as Record<ZoneVerb, Role | null>,
    createZones: gate(role, POLICY['provision.create']?.need),
    editConfig: gate(role, POLICY['config.save']?.need),
    snapshotCreate: gate(role, POLICY['snapshots.create']?.need),
    snapshotChange: gate(role, POLICY['snapshots.rollback']?.need),
    consoleInput: gate(role, CONSOLE_INPUT_ROLE),
    users: gate(role, POLICY['users.list']?.need),
    audit: gate(role, POLICY['audit.list']?.need),
  };
}
