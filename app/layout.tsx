import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/auth/app-header';
import { currentUser } from '@/components/auth/current-user';
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
  // signed in, the floating Tasks button sits over the page's bottom right corner: room under
  // the last line (pb-24) so it never covers content scrolled to the end
  const main = (
    <main id="main" className={`mx-auto max-w-7xl px-4 pt-6 ${me ? 'pb-24' : 'pb-6'}`}>
      {children}
    </main>
  );
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-zinc-900"
        >
          Skip to content
        </a>
        <TRPCReactProvider>
          <SessionProvider value={me}>
            <AppHeader me={me} />
            {me ? (
              // the page's live subscription and the task drawer are for signed-in pages only
              <LiveUpdates>
                {main}
                <TaskDrawer />
              </LiveUpdates>
            ) : (
              main
            )}
          </SessionProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
