// The page header: the dashboard's name, the admin's pages (for admins), and who is signed in.
import Link from 'next/link';
import { LogoutButton } from './logout-button';
import type { SessionView } from './session';

const link = 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white';

export function AppHeader({ me }: { me: SessionView | null }) {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <nav aria-label="Main" className="mx-auto flex h-12 max-w-7xl items-center gap-6 px-4 text-sm">
        <Link href="/" className="font-semibold tracking-tight">
          <span aria-hidden="true" className="mr-1.5 text-emerald-600 dark:text-emerald-400">◆</span>
          Zones
        </Link>
        {me && me.permissions.users === null && <Link href="/users" className={link}>Users</Link>}
        {me && me.permissions.users === null && <Link href="/hosts" className={link}>Hosts</Link>}
        {me && me.permissions.audit === null && <Link href="/audit" className={link}>Audit log</Link>}
        {me && (
          <div className="ml-auto flex items-center gap-3">
            <span className="text-zinc-600 dark:text-zinc-300" aria-label="Signed in as">
              <span className="font-medium text-zinc-900 dark:text-zinc-100">{me.name}</span>{' '}
              <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{me.role}</span>
            </span>
            <Link href="/account" className={link}>Account</Link>
            <LogoutButton />
          </div>
        )}
      </nav>
    </header>
  );
}
