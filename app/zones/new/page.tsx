import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Wizard } from '@/components/wizard/wizard';

export const metadata: Metadata = { title: 'Create a zone' };

export default function CreateZonePage() {
  return (
    <Suspense fallback={<p className="text-sm text-zinc-500">Loading…</p>}>
      <Wizard />
    </Suspense>
  );
}
