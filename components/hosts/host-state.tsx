// A host's connection state in exactly the five words of the Hosts page, with a colour and a
// glyph for scanning: the word is always there, so colour is never the only signal.
import type { HostState } from '@/server/hosts/registry';

export const HOST_STATES: readonly HostState[] = ['connected', 'connecting', 'unreachable', 'auth-failed', 'host-key-mismatch'];

const STYLES: Record<HostState, { glyph: string; text: string }> = {
  connected: { glyph: '●', text: 'text-emerald-800 bg-emerald-50 ring-emerald-600/20 dark:text-emerald-300 dark:bg-emerald-500/10 dark:ring-emerald-400/30' },
  connecting: { glyph: '◌', text: 'text-sky-800 bg-sky-50 ring-sky-600/20 dark:text-sky-300 dark:bg-sky-500/10 dark:ring-sky-400/30' },
  unreachable: { glyph: '○', text: 'text-zinc-700 bg-zinc-100 ring-zinc-500/30 dark:text-zinc-300 dark:bg-zinc-500/10 dark:ring-zinc-400/40' },
  'auth-failed': { glyph: '✕', text: 'text-red-800 bg-red-50 ring-red-600/20 dark:text-red-300 dark:bg-red-500/10 dark:ring-red-400/30' },
  'host-key-mismatch': { glyph: '⚠', text: 'text-orange-900 bg-orange-50 ring-orange-600/30 dark:text-orange-200 dark:bg-orange-500/10 dark:ring-orange-400/40' },
};

export function HostStateBadge({ state }: { state: HostState }) {
  const style = STYLES[state];
  return (
    <span data-host-state={state} className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.text}`}>
      <span aria-hidden="true">{style.glyph}</span>
      {state}
    </span>
  );
}
