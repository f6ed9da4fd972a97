// Who may run a Doctor fix: like the zone verbs (server/auth/policy.ts VERB_ROLE), booting or
// halting a zone is the operator's; anything that removes something (uninstall, destroy a
// dataset or snapshot, delete or create a VNIC) is the admin's. Read by the policy table from
// the finding id alone, so it stays free of services.
import type { Role } from '../auth/roles';
import type { FindingKind } from './types';

export const FIX_ROLE: Record<FindingKind, Role> = {
  'vnic-orphan': 'admin',
  'vnic-missing': 'admin',
  'zone-incomplete': 'admin',
  'zone-stuck': 'operator',
  'zone-autoboot': 'operator',
  'dataset-leftover': 'admin',
  'snapshot-old': 'admin',
  'tool-missing': 'admin',
  'privilege-missing': 'admin',
  'pool-space': 'admin',
  'clock-skew': 'admin',
};

/** The role a fix needs, from its finding id (`<kind>:<subject>`); undefined for a malformed id. */
export function fixRoleOf(rawInput: unknown): Role | undefined {
  const id = rawInput && typeof rawInput === 'object' ? (rawInput as { id?: unknown }).id : undefined;
  if (typeof id !== 'string') return undefined;
  const kind = id.slice(0, id.indexOf(':'));
  return Object.hasOwn(FIX_ROLE, kind) ? FIX_ROLE[kind as FindingKind] : undefined;
}
