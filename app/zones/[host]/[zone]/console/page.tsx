import type { Metadata } from 'next';
import { currentUser } from '@/components/auth/current-user';
import { ZoneConsolePage } from '@/components/console/zone-console-page';

export async function generateMetadata({ params }: { params: Promise<{ zone: string }> }): Promise<Metadata> {
  const { zone } = await params;
  return { title: `${decodeURIComponent(zone)} console` };
}

export default async function ConsolePage({
  params,
  searchParams,
}: {
  params: Promise<{ host: string; zone: string }>;
  searchParams: Promise<{ mode?: string | string[] }>;
}) {
  const { host, zone } = await params;
  const { mode } = await searchParams;
  // ?mode=ro: a read-only view; so is every view of a role without console input (a viewer).
  // The server decides either way (the console ticket's mode); this only draws it so.
  const me = await currentUser();
  const readOnly = mode === 'ro' || !me || me.permissions.consoleInput !== null;
  return <ZoneConsolePage host={decodeURIComponent(host)} zone={decodeURIComponent(zone)} mode={readOnly ? 'ro' : 'rw'} />;
}
