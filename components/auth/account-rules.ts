// What an admin cannot do to an account, said before they try: the server refuses to demote or
// disable the last enabled admin (server/auth/users.ts), and the page does not offer to lock
// yourself out (your own role and your own account are changed by another admin). Pure, so
// the users page and its tests read the same rules.
import type { Role } from '@/server/auth/roles';

export interface AccountLike {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Fewer rights than before: the account's open sessions end when it is saved. */
export function isDemotion(from: Role, to: Role): boolean {
  return RANK[to] < RANK[from];
}

/**
 * Why this account's role cannot be changed and it cannot be disabled now, or null. Enabling a
 * disabled account is always possible (it is never the last enabled admin, nor the signed-in
 * user).
 */
export function protectedReason(account: AccountLike, all: readonly AccountLike[], me: string | null | undefined): string | null {
  if (account.disabled) return null;
  const otherAdmins = all.filter((a) => a.id !== account.id && a.role === 'admin' && !a.disabled).length;
  if (account.role === 'admin' && otherAdmins === 0) {
    return 'The only enabled admin: it cannot be demoted or disabled until another account is an admin.';
  }
  if (me && account.name === me) return 'Your own account: another admin can change its role or disable it.';
  return null;
}
