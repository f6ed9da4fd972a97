// A zone state as a badge: colour for scanning, the state's own word for reading. Three
// families, so a glance tells them apart: at rest (running green, installed and configured
// grey), passing (ready, shutting_down, and any state while a task works on the zone: sky,
// with a pulsing dot), and broken (incomplete with no task running, down: amber and red,
// with a square mark where the others have a round dot).
type Look = { dot: string; text: string };

const AT_REST: Record<string, Look> = {
  running: { dot: 'rounded-full bg-emerald-500', text: 'text-emerald-800 bg-emerald-50 ring-emerald-600/20 dark:text-emerald-300 dark:bg-emerald-500/10 dark:ring-emerald-400/30' },
  installed: { dot: 'rounded-full bg-zinc-400', text: 'text-zinc-700 bg-zinc-100 ring-zinc-500/20 dark:text-zinc-300 dark:bg-zinc-500/10 dark:ring-zinc-400/30' },
  configured: { dot: 'rounded-full bg-zinc-300 dark:bg-zinc-600', text: 'text-zinc-600 bg-white ring-zinc-400/30 dark:text-zinc-400 dark:bg-transparent dark:ring-zinc-600/50' },
  mounted: { dot: 'rounded-full bg-violet-500', text: 'text-violet-800 bg-violet-50 ring-violet-600/20 dark:text-violet-300 dark:bg-violet-500/10 dark:ring-violet-400/30' },
};

const PASSING: Look = {
  dot: 'rounded-full bg-sky-500 motion-safe:animate-pulse',
  text: 'text-sky-800 bg-sky-50 ring-sky-600/20 dark:text-sky-300 dark:bg-sky-500/10 dark:ring-sky-400/30',
};

const BROKEN: Record<string, Look> = {
  incomplete: { dot: 'rounded-[1px] bg-amber-600', text: 'text-amber-900 bg-amber-50 ring-amber-600/50 dark:text-amber-200 dark:bg-amber-500/15 dark:ring-amber-400/50' },
  down: { dot: 'rounded-[1px] bg-red-600', text: 'text-red-800 bg-red-50 ring-red-600/40 dark:text-red-300 dark:bg-red-500/15 dark:ring-red-400/50' },
};

const FALLBACK: Look = { dot: 'rounded-full bg-zinc-400', text: 'text-zinc-700 bg-zinc-100 ring-zinc-500/20 dark:text-zinc-300 dark:bg-zinc-800 dark:ring-zinc-600/40' };

/** Whether a state is on its way somewhere (the kernel's brief states between rest states). */
export function isPassing(state: string): boolean {
  return state === 'ready' || state === 'shutting_down';
}

/** `busy`: a task is working on the zone now (an install's `incomplete` is passing, not broken). */
export function StateBadge({ state, busy = false }: { state: string; busy?: boolean }) {
  const look = busy || isPassing(state) ? PASSING : (BROKEN[state] ?? AT_REST[state] ?? FALLBACK);
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${look.text}`}>
      <span aria-hidden="true" className={`size-1.5 ${look.dot}`} />
      {state}
    </span>
  );
}
