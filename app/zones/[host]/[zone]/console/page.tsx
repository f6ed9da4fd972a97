import type { Metadata } from 'next';
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
  // ?mode=ro: a read-only view (the hub enforces it); accounts and roles will decide later
  return <ZoneConsolePage host={decodeURIComponent(host)} zone={decodeURIComponent(zone)} mode={mode === 'ro' ? 'ro' : 'rw'} />;
}
