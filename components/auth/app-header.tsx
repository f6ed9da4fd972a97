'use client';
// The page header: the dashboard's name, the admin's pages (for admins), and who is signed in.
// Below 768 px the links fold behind a Menu button (a disclosure: aria-expanded and
// aria-controls; Escape closes it and gives focus back to the button; following a link closes
// it). The links exist once in the page, shown in the bar or in the opened panel by CSS.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { paths } from '@/components/paths';
import { LogoutButton } from './logout-button';
import type { SessionView } from './session';

const link =
  'block rounded-md px-2 py-2 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 md:px-1 md:py-1 md:hover:bg-transparent dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white md:dark:hover:bg-transparent aria-[current=page]:font-medium aria-[current=page]:text-zinc-900 dark:aria-[current=page]:text-white';

export function AppHeader({ me }: { me: SessionView | null }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    // a click anywhere else closes the panel, as a menu would
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!panelRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  const current = (href: string) => (pathname === href ? ('page' as const) : undefined);
  const admin = me?.permissions.users === null;
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <nav aria-label="Main" className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 px-4 text-sm md:h-12 md:flex-nowrap">
        <Link href={paths.zones()} aria-current={current(paths.zones())} className="flex h-12 items-center font-semibold tracking-tight">
          <span aria-hidden="true" className="mr-1.5 text-emerald-600 dark:text-emerald-400">◆</span>
          Zones
        </Link>
        {me && (
          <>
            <button
              ref={buttonRef}
              type="button"
              aria-expanded={open}
              aria-controls="main-menu"
              onClick={() => setOpen((o) => !o)}
              className="ml-auto inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 md:hidden dark:text-zinc-200 dark:hover:bg-zinc-800"
            >
              <span aria-hidden="true" className="text-base leading-none">{open ? '✕' : '☰'}</span>
              Menu
            </button>
            <div
              ref={panelRef}
              id="main-menu"
              // following a link closes the panel (the page changes under it)
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('a')) setOpen(false);
              }}
              className={`${open ? 'flex' : 'hidden'} w-full flex-col gap-1 border-t border-zinc-200 py-2 md:flex md:w-auto md:flex-1 md:flex-row md:items-center md:gap-6 md:border-0 md:py-0 dark:border-zinc-800`}
            >
              {admin && <Link href={paths.users()} aria-current={current(paths.users())} className={link}>Users</Link>}
              {admin && <Link href={paths.hosts()} aria-current={current(paths.hosts())} className={link}>Hosts</Link>}
              {me.permissions.audit === null && <Link href={paths.audit()} aria-current={current(paths.audit())} className={link}>Audit log</Link>}
              <Link href={paths.doctor()} aria-current={current(paths.doctor())} className={link}>Doctor</Link>
              <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 pt-2 md:ml-auto md:border-0 md:pt-0 dark:border-zinc-800">
                <span className="px-2 text-zinc-600 md:px-0 dark:text-zinc-300" aria-label="Signed in as">
                  <span className="font-medium text-zinc-900 dark:text-zinc-100">{me.name}</span>{' '}
                  <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{me.role}</span>
                </span>
                <Link href={paths.account()} aria-current={current(paths.account())} className={link}>Account</Link>
                <LogoutButton />
              </div>
            </div>
          </>
        )}
      </nav>
    </header>
  );
}
