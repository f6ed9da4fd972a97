// A zone state as a badge: colour for scanning, the state's own word for reading.
const STYLES: Record<string, { dot: string; text: string }> = {
  running: { dot: 'bg-emerald-500', text: 'text-emerald-800 bg-emerald-50 ring-emerald-600/20 dark:text-emerald-300 dark:bg-emerald-500/10 dark:ring-emerald-400/30' },
  ready: { dot: 'bg-sky-500', text: 'text-sky-800 bg-sky-50 ring-sky-600/20 dark:text-sky-300 dark:bg-sky-500/10 dark:ring-sky-400/30' },
  installed: { dot: 'bg-zinc-400', text: 'text-zinc-700 bg-zinc-100 ring-zinc-500/20 dark:text-zinc-300 dark:bg-zinc-500/10 dark:ring-zinc-400/30' },
  configured: { dot: 'bg-zinc-300 dark:bg-zinc-600', text: 'text-zinc-600 bg-white ring-zinc-400/30 dark:text-zinc-400 dark:bg-transparent dark:ring-zinc-600/50' },
  incomplete: { dot: 'bg-amber-500', text: 'text-amber-800 bg-amber-50 ring-amber-600/30 dark:text-amber-300 dark:bg-amber-500/10 dark:ring-amber-400/30' },
  shutting_down: { dot: 'bg-orange-500 animate-pulse', text: 'text-orange-800 bg-orange-50 ring-orange-600/20 dark:text-orange-300 dark:bg-orange-500/10 dark:ring-orange-400/30' },
  down: { dot: 'bg-red-500', text: 'text-red-800 bg-red-50 ring-red-600/20 dark:text-red-300 dark:bg-red-500/10 dark:ring-red-400/30' },
  mounted: { dot: 'bg-violet-500', text: 'text-violet-800 bg-violet-50 ring-violet-600/20 dark:text-violet-300 dark:bg-violet-500/10 dark:ring-violet-400/30' },
};

const FALLBACK = { dot: 'bg-zinc-400', text: 'text-zinc-700 bg-zinc-100 ring-zinc-500/20 dark:text-zinc-300 dark:bg-zinc-800 dark:ring-zinc-600/40' };

export function StateBadge({ state }: { state: string }) {
  const style = STYLES[state] ?? FALLBACK;
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.text}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${style.dot}`} />
      {state}
    </span>
  );
}
