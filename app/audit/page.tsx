import type { Metadata } from 'next';
import { AuditLog } from '@/components/audit/audit-log';
import { currentUser } from '@/components/auth/current-user';
import { NeedsRole } from '@/components/auth/refused';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage() {
  const me = await currentUser();
  if (!me) return null;
  if (me.permissions.audit) return <NeedsRole what="The audit log" need={me.permissions.audit} role={me.role} />;
  return <AuditLog />;
}
