'use client';
// What the console pane says about itself: one badge (connecting, connected, zone not
// running, console in use, unavailable, disconnected), the sentence behind it, and who else
// is watching.
import type { ConsoleStatus, PresenceEntry } from '@/server/console/protocol';
import type { LinkState } from './connection';

export type BadgeKind = 'connecting' | 'connected' | 'not-running' | 'busy' | 'unavailable' | 'disconnected';

export interface Summary {
  kind: BadgeKind;
  label: string;
  /** a sentence for the bar under the toolbar, when there is something to explain */
  detail: string | null;
}

export function summarize(zone: string, link: LinkState, status: ConsoleStatus | null, now: number): Summary {
  if (link.kind === 'ended') {
    return { kind: 'disconnected', label: 'Signed out', detail: `The console closed: ${link.reason}. Sign in again to reopen it.` };
  }
  if (link.kind === 'waiting') {
    const secs = Math.max(0, Math.ceil((link.retryAt - now) / 1000));
    return { kind: 'disconnected', label: 'Disconnected', detail: `${capitalize(link.reason)}. Reconnecting in ${secs} s…` };
  }
  if (link.kind === 'connecting' || !status) {
    return { kind: 'connecting', label: 'Connecting', detail: link.kind === 'connecting' && link.attempt > 0 ? 'Reconnecting…' : null };
  }
  switch (status.state) {
    case 'starting':
    case 'detached':
      return { kind: 'connecting', label: 'Connecting', detail: null };
    case 'busy':
      return { kind: 'busy', label: 'Console in use', detail: status.message ?? `Another console client holds ${zone}'s console.` };
    case 'unavailable':
      return { kind: 'unavailable', label: 'Unavailable', detail: status.message ?? `${zone} has no console now.` };
    case 'attached':
      if (status.zoneState && status.zoneState !== 'running') {
        return {
          kind: 'not-running',
          label: 'Zone not running',
          detail: `${zone} is ${status.zoneState.replace('_', ' ')}. The console is attached: boot the zone and its whole boot shows here.`,
        };
      }
      return { kind: 'connected', label: 'Connected', detail: null };
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const BADGE: Record<BadgeKind, { dot: string; text: string }> = {
  connecting: { dot: 'bg-sky-400 animate-pulse', text: 'text-sky-200 bg-sky-500/15 ring-sky-400/30' },
  connected: { dot: 'bg-emerald-400', text: 'text-emerald-200 bg-emerald-500/15 ring-emerald-400/30' },
  'not-running': { dot: 'bg-zinc-400', text: 'text-zinc-200 bg-zinc-500/20 ring-zinc-400/30' },
  busy: { dot: 'bg-amber-400', text: 'text-amber-200 bg-amber-500/15 ring-amber-400/30' },
  unavailable: { dot: 'bg-zinc-500', text: 'text-zinc-300 bg-zinc-500/15 ring-zinc-400/30' },
  disconnected: { dot: 'bg-red-400', text: 'text-red-200 bg-red-500/15 ring-red-400/30' },
};

export function StatusBadge({ summary }: { summary: Summary }) {
  const s = BADGE[summary.kind];
  return (
    <span
      data-kind={summary.kind}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${s.text}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${s.dot}`} />
      {summary.label}
    </span>
  );
}

export function Presence({ viewers, selfId }: { viewers: PresenceEntry[]; selfId: string }) {
  if (viewers.length === 0) return null;
  const others = viewers.filter((v) => v.id !== selfId);
  const title = viewers.map((v) => `${v.id === selfId ? 'you' : v.name}${v.mode === 'ro' ? ' (read-only)' : ''}`).join(', ');
  return (
    <div className="flex min-w-0 items-center gap-1.5 text-xs text-zinc-400" title={title}>
      <span className="sr-only">Viewers of this console:</span>
      <ul aria-label="Viewers" className="flex min-w-0 items-center gap-1">
        {viewers.map((v) => (
          <li
            key={v.id}
            className={`truncate rounded px-1.5 py-0.5 ${v.id === selfId ? 'bg-zinc-700 text-zinc-100' : 'bg-zinc-800 text-zinc-300'}`}
          >
            {v.id === selfId ? 'you' : v.name}
            {v.mode === 'ro' && <span className="text-zinc-500"> (read-only)</span>}
          </li>
        ))}
      </ul>
      {others.length > 0 && <span className="sr-only">{others.length} other viewer{others.length === 1 ? '' : 's'}</span>}
    </div>
  );
}
