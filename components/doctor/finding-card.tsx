'use client';
// One finding: what is wrong and why, the commands that show it with their output, and its
// fix as exact commands; a fix the dashboard can run opens a confirmation first.
import { useState } from 'react';
import { roleReason, useSession } from '@/components/auth/session';
import { Button } from '@/components/ui/dialog';
import type { Finding } from '@/server/doctor/types';
import { EvidenceBlock } from './evidence-block';
import { FixDialog } from './fix-dialog';
import { shellWords } from './shell-words';

const ROLE_ORDER = ['viewer', 'operator', 'admin'];

export function FindingCard({ finding }: { finding: Finding }) {
  const me = useSession();
  const [confirm, setConfirm] = useState(false);
  const fix = finding.fix;
  const allowed = me !== null && fix !== null && ROLE_ORDER.indexOf(me.role) >= ROLE_ORDER.indexOf(fix.role);
  return (
    <li className="space-y-3 rounded-md border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" aria-label={finding.title}>
      <div>
        <h3 className="font-medium">{finding.title}</h3>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{finding.detail}</p>
      </div>
      <div className="space-y-2">
        <h4 className="text-xs font-medium uppercase text-zinc-500">What shows it</h4>
        {finding.evidence.map((e, i) => (
          <EvidenceBlock key={i} evidence={e} marks={finding.marks} />
        ))}
      </div>
      {fix && (
        <div className="space-y-2">
          <h4 className="text-xs font-medium uppercase text-zinc-500">Fix{fix.runnable ? '' : ' (by hand, as root on the host)'}</h4>
          <p className="text-sm">{fix.summary}</p>
          <pre className="rounded border border-zinc-200 bg-zinc-50 p-2 font-mono text-xs whitespace-pre-wrap break-all dark:border-zinc-800 dark:bg-zinc-950">
            {fix.steps.map((s) => shellWords(s.argv)).join('\n')}
          </pre>
          {fix.runnable && (
            <Button variant={fix.role === 'admin' ? 'danger' : 'primary'} onClick={() => setConfirm(true)} disabledReason={allowed ? null : roleReason(fix.role as 'operator' | 'admin')}>
              Fix…
            </Button>
          )}
        </div>
      )}
      {confirm && <FixDialog finding={finding} onClose={() => setConfirm(false)} />}
    </li>
  );
}
