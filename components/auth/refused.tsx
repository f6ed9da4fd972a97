// A page the signed-in user's role does not open: say which role it needs, hide nothing.
import type { Role } from '@/server/auth/roles';

export function NeedsRole({ what, need, role }: { what: string; need: Role; role: Role }) {
  return (
    <div role="alert" className="max-w-xl rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
      <p className="font-medium">{what} needs the {need} role.</p>
      <p className="mt-1">You are signed in as a {role}. An admin can change your role on the Users page.</p>
    </div>
  );
}
