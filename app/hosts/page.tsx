import type { Metadata } from 'next';
import { currentUser } from '@/components/auth/current-user';
import { NeedsRole } from '@/components/auth/refused';
import { HostsAdmin } from '@/components/hosts/hosts-admin';
import { POLICY } from '@/server/auth/policy';
import { isRole, roleAtLeast } from '@/server/auth/roles';

export const metadata: Metadata = { title: 'Hosts' };

export default async function HostsPage() {
  const me = await currentUser();
  if (!me) return null;
  // managing hosts is whatever adding one needs (the policy table decides, as for the API)
  const need = POLICY['hosts.add']?.need;
  if (!need || !isRole(need) || !roleAtLeast(me.role, need)) return <NeedsRole what="Managing hosts" need={isRole(need) ? need : 'admin'} role={me.role} />;
  return <HostsAdmin />;
}
