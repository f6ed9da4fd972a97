import type { Metadata } from 'next';
import { ZoneDetail } from '@/components/zones/zone-detail';

export async function generateMetadata({ params }: { params: Promise<{ zone: string }> }): Promise<Metadata> {
  const { zone } = await params;
  return { title: decodeURIComponent(zone) };
}

export default async function ZonePage({ params }: { params: Promise<{ host: string; zone: string }> }) {
  const { host, zone } = await params;
  return <ZoneDetail host={decodeURIComponent(host)} zone={decodeURIComponent(zone)} />;
}
