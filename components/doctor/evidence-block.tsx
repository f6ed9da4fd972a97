// One command the Doctor ran and what it printed. The output is the host's text (zone
// attributes, dataset names): React renders it as text, never as markup. The lines that show
// the finding (its marks: the zone's row, the link's) are highlighted, so a long listing reads
// at a glance.
import { Fragment } from 'react';
import type { Evidence } from '@/server/doctor/types';
import { shellWords } from './shell-words';

export function EvidenceBlock({ evidence, marks }: { evidence: Evidence; marks: string[] }) {
  const lines = (evidence.output || '(no output)\n').replace(/\n$/, '').split('\n');
  return (
    <figure className="min-w-0">
      <figcaption className="text-xs text-zinc-600 dark:text-zinc-400">
        <code className="font-mono text-zinc-900 dark:text-zinc-100">$ {shellWords(evidence.argv)}</code>
        {evidence.exitCode !== 0 && <span className="ml-2">exit {evidence.exitCode}</span>}
      </figcaption>
      <pre className="mt-1 max-h-60 overflow-auto rounded border border-zinc-200 bg-zinc-50 p-2 font-mono text-xs whitespace-pre-wrap break-all dark:border-zinc-800 dark:bg-zinc-950" tabIndex={0}>
        {lines.map((line, i) => (
          // each line keeps its newline, so the text copies and reads as the tool printed it
          <Fragment key={i}>
            {marks.some((m) => line.includes(m)) ? <mark className="bg-amber-100 text-zinc-900 dark:bg-amber-900/60 dark:text-amber-50">{line}</mark> : line}
            {'\n'}
          </Fragment>
        ))}
      </pre>
    </figure>
  );
}
