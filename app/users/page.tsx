import type { Metadata } from 'next';
import { currentUser } from '@/components/auth/current-user';
import { NeedsRole } from '@/components/auth/refused';
import { UsersAdmin } from '@/components/auth/users-admin';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const me = await currentUser();
  if (!me) return null;
  if (me.permissions.users) return <NeedsRole what="Managing users" need={me.permissions.users} role={me.role} />;
  return <UsersAdmin />;
}
