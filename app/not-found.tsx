// An unknown address, in the app's own layout (header, navigation): what was asked for, and
// where the dashboard's pages are. Next renders this for any URL no route matches, and for
// notFound() in a page.
import type { Metadata } from 'next';
import Link from 'next/link';
import { paths } from '@/components/paths';
import { RequestedPath } from '@/components/ui/requested-path';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <section aria-labelledby="not-found-heading" className="mx-auto max-w-xl space-y-4 py-6">
      <p className="text-sm font-medium text-zinc-600 dark:text-zinc-400">404</p>
      <h1 id="not-found-heading" className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        This dashboard has no page at <RequestedPath />. A link may be out of date, or the address mistyped.
      </p>
      <ul className="space-y-1 text-sm">
        <li>
          <Link href={paths.zones()} className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">All zones</Link>
          <span className="text-zinc-600 dark:text-zinc-400">: every zone of every host, with its state and actions</span>
        </li>
        <li>
          <Link href={paths.hosts()} className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">Hosts</Link>
          <span className="text-zinc-600 dark:text-zinc-400">: the illumos hosts the dashboard manages</span>
        </li>
        <li>
          <Link href={paths.newZone()} className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">Create a zone</Link>
        </li>
      </ul>
    </section>
  );
}
