import type { Metadata } from 'next';
import { Suspense } from 'react';
import { currentUser } from '@/components/auth/current-user';
import { NeedsRole } from '@/components/auth/refused';
import { Wizard } from '@/components/wizard/wizard';

export const metadata: Metadata = { title: 'Create a zone' };

export default async function CreateZonePage() {
  const me = await currentUser();
  if (me?.permissions.createZones) return <NeedsRole what="Creating zones" need={me.permissions.createZones} role={me.role} />;
  return (
    <Suspense fallback={<p className="text-sm text-zinc-500">Loading…</p>}>
      <Wizard />
    </Suspense>
  );
}
