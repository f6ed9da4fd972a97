'use client';
// A configuration diff as a table: what it was, what it becomes. Used by the edit form's
// review, its conflict refusal, and the zone page's "takes effect at the next boot".
import type { ConfigChange } from '@/server/illumos/config-diff';

export function ConfigDiffTable({ changes, caption, before = 'Now', after = 'After' }: { changes: ConfigChange[]; caption: string; before?: string; after?: string }) {
  return (
    <table className="mt-2 w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-xs uppercase text-zinc-500">
        <tr>
          <th scope="col" className="py-1 pr-4">Property</th>
          <th scope="col" className="py-1 pr-4">{before}</th>
          <th scope="col" className="py-1">{after}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {changes.map((c) => (
          <tr key={c.key}>
            <th scope="row" className="py-1 pr-4 font-mono text-xs font-medium">{c.label}</th>
            <td className="py-1 pr-4 font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">
              {c.before === null ? <span className="italic">(none)</span> : <del className="decoration-red-500">{c.before}</del>}
            </td>
            <td className="py-1 font-mono text-xs break-all text-amber-800 dark:text-amber-300">
              {c.after === null ? <span className="italic">(removed)</span> : c.after}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
