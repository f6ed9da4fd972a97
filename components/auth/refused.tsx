// A page the signed-in user's role does not open: say which role it needs, hide nothing.
import { Alert } from '@/components/ui/alert';
import type { Role } from '@/server/auth/roles';

export function NeedsRole({ what, need, role }: { what: string; need: Role; role: Role }) {
  return (
    <Alert tone="warning" title={`${what} needs the ${need} role.`} className="max-w-xl p-4">
      <p>You are signed in as a {role}. An admin can change your role on the Users page.</p>
    </Alert>
  );
}
