'use client';
// The console on the zone detail page. Attaching is a click away rather than automatic: a
// zone has one console client, and merely reading a zone's configuration should neither
// take it nor load the terminal's code.
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { paths } from '@/components/paths';

const ConsolePane = dynamic(() => import('./console-pane').then((m) => m.ConsolePane), {
  ssr: false,
  loading: () => <p role="status" className="text-sm text-zinc-500">Loading the console…</p>,
});

export function ZoneConsoleSection({ host, zone }: { host: string; zone: string }) {
  const [open, setOpen] = useState(false);
  const href = paths.console(host, zone);
  return (
    <section aria-labelledby="console-heading" className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="console-heading" className="text-base font-semibold">Console</h2>
        {!open && <Button onClick={() => setOpen(true)}>Attach console here</Button>}
        {open && <Button onClick={() => setOpen(false)}>Close console</Button>}
        <Link href={href} className="text-sm underline">Open the console page</Link>
      </div>
      {open && <ConsolePane host={host} zone={zone} heightClass="h-80" />}
    </section>
  );
}
