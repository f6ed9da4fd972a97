// Roles, from least to most: each includes everything the ones before it may do. Default
// deny: a procedure that is not in the policy table (policy.ts) is refused to everyone.
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** what a procedure needs: no session at all ('public'), or a role at least this one */
export type Privilege = 'public' | Role;

export function roleAtLeast(role: Role, need: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(need);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** "needs the operator role": the words the UI and the API both use for a refusal */
export function needsRole(need: Role): string {
  return `needs the ${need} role`;
}
