import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/components/auth/current-user';
import { Card } from '@/components/auth/fields';
import { LoginForm } from '@/components/auth/login-form';
import { countUsers } from '@/server/auth/users';
import { safeNext } from '@/server/http/gate';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const params = await searchParams;
  const next = safeNext(typeof params.next === 'string' ? params.next : null);
  if (await currentUser()) redirect(next);
  const noAccounts = countUsers() === 0;
  return (
    <Card title="Sign in to Zones">
      {noAccounts ? (
        <div role="status" className="mb-4 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-200">
          <p className="font-medium">No accounts yet.</p>
          <p className="mt-1">
            Open the setup link the server printed when it started (<code className="font-mono">/setup?token=…</code>) to create the first admin.
          </p>
        </div>
      ) : null}
      <LoginForm next={next} />
      <p className="mt-4 text-xs text-zinc-600 dark:text-zinc-400">
        Locked out? On the dashboard&apos;s machine: <code className="font-mono">npm run admin -- reset NAME</code>
      </p>
    </Card>
  );
}
