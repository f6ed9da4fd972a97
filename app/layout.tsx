import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentUser } from '@/components/auth/current-user';
import { LogoutButton } from '@/components/auth/logout-button';
import { SessionProvider } from '@/components/auth/session';
import { LiveUpdates } from '@/components/live/live-updates';
import { TaskDrawer } from '@/components/tasks/task-drawer';
import { TRPCReactProvider } from '@/components/trpc/client';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Zones', template: '%s · Zones' },
  description: 'Administer illumos zones',
};

// Every page is rendered per request: it depends on who is signed in (and the CSP nonce).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const me = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-zinc-900"
        >
          Skip to content
        </a>
        <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <nav aria-label="Main" className="mx-auto flex h-12 max-w-7xl items-center gap-6 px-4 text-sm">
            <Link href="/" className="font-semibold tracking-tight">
              <span aria-hidden="true" className="mr-1.5 text-emerald-600 dark:text-emerald-400">◆</span>
              Zones
            </Link>
            {me && me.permissions.users === null && <Link href="/users" className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white">Users</Link>}
            {me && me.permissions.audit === null && <Link href="/audit" className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white">Audit log</Link>}
            {me && (
              <div className="ml-auto flex items-center gap-3">
                <span className="text-zinc-600 dark:text-zinc-300" aria-label="Signed in as">
                  <span className="font-medium text-zinc-900 dark:text-zinc-100">{me.name}</span>{' '}
                  <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{me.role}</span>
                </span>
                <Link href="/account" className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white">Account</Link>
                <LogoutButton />
              </div>
            )}
          </nav>
        </header>
        <TRPCReactProvider>
          <SessionProvider value={me}>
            {me ? (
              // live updates and the task drawer are for signed-in pages only
              <LiveUpdates>
                <main id="main" className="mx-auto max-w-7xl px-4 py-6">
                  {children}
                </main>
                <TaskDrawer />
              </LiveUpdates>
            ) : (
              <main id="main" className="mx-auto max-w-7xl px-4 py-6">
                {children}
              </main>
            )}
          </SessionProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
