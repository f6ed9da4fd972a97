import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { LiveUpdates } from '@/components/live/live-updates';
import { TaskDrawer } from '@/components/tasks/task-drawer';
import { TRPCReactProvider } from '@/components/trpc/client';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Zones', template: '%s · Zones' },
  description: 'Administer illumos zones',
};

export default function RootLayout({ children }: { children: ReactNode }) {
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
          </nav>
        </header>
        <TRPCReactProvider>
          <LiveUpdates>
            <main id="main" className="mx-auto max-w-7xl px-4 py-6">
              {children}
            </main>
            <TaskDrawer />
          </LiveUpdates>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
