'use client';
// The address the browser asked for, as text: the not-found page cannot read it on the server
// (Next hands it no request), the browser's router knows it.
import { usePathname } from 'next/navigation';

export function RequestedPath() {
  const pathname = usePathname();
  return <code className="break-all font-mono text-zinc-900 dark:text-zinc-100">{pathname}</code>;
}
