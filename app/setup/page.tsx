import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/auth/fields';
import { SetupForm } from '@/components/auth/setup-form';
import { setupTokenValid } from '@/server/auth/setup';
import { countUsers } from '@/server/auth/users';

export const metadata: Metadata = { title: 'First run' };

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const params = await searchParams;
  const token = typeof params.token === 'string' ? params.token : '';
  if (countUsers() > 0) {
    return (
      <Card title="Already set up">
        <p className="text-sm">This dashboard has accounts. <Link href="/login" className="underline">Sign in</Link>, or ask an admin for one.</p>
      </Card>
    );
  }
  if (!setupTokenValid(token)) {
    return (
      <Card title="This setup link is not valid">
        <p role="alert" className="text-sm">
          A setup link works once, and only until the server restarts. The server prints a fresh one each time it starts
          without accounts; or create an admin on its machine with <code className="font-mono">npm run admin -- create NAME</code>.
        </p>
      </Card>
    );
  }
  return (
    <Card title="Create the first admin">
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        This account can do everything: run and create zones, open consoles, and manage other accounts.
      </p>
      <SetupForm token={token} />
    </Card>
  );
}
