import type { Metadata } from 'next';
import { currentUser } from '@/components/auth/current-user';
import { DoctorView } from '@/components/doctor/doctor-view';

export const metadata: Metadata = { title: 'Doctor' };

export default async function DoctorPage() {
  const me = await currentUser();
  if (!me) return null;
  return <DoctorView />;
}
