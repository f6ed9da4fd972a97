import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/auth/account-form';
import { currentUser } from '@/components/auth/current-user';
import { Card } from '@/components/auth/fields';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const me = await currentUser();
  return (
    <Card title={`Account: ${me?.name ?? ''}`}>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">Role: {me?.role}. Only an admin changes roles.</p>
      <ChangePasswordForm />
    </Card>
  );
}
