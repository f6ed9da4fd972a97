// Small pieces the snapshot section and the clone dialog share: byte sizes as a person reads
// them, the commands a task will run, and the browser-side check of a snapshot name.
import { shellWords } from '@/components/doctor/shell-words';

/** 1024-based, one decimal under 10: 1.5 KiB, 640 MiB */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/**
 * The same rule the server applies (server/illumos/zfs.ts validateSnapshotShortName), said at
 * once while typing; the server checks again whatever arrives.
 */
export function snapshotNameProblem(name: string): string | null {
  if (name.length > 200) return 'At most 200 characters.';
  const bad = [...name].find((c) => !/[A-Za-z0-9_.:-]/.test(c));
  if (bad !== undefined) return `A snapshot name may hold letters, digits, '_', '.', ':' and '-', not ${bad === ' ' ? 'a space' : `'${bad}'`}.`;
  if (!/^[A-Za-z0-9]/.test(name)) return 'A snapshot name starts with a letter or a digit.';
  return null;
}

export function Commands({ steps }: { steps: { label: string; argv: string[] }[] }) {
  return (
    <div>
      <p className="text-xs font-medium uppercase text-zinc-500">Commands</p>
      <pre aria-label="Commands that will run" className="mt-1 overflow-x-auto rounded-md bg-zinc-900 p-3 font-mono text-xs text-zinc-100">
        {steps.map((s) => shellWords(s.argv)).join('\n')}
      </pre>
    </div>
  );
}
