'use client';
// Zones as cards on narrow screens (under 640 px, Tailwind's sm): the table's nine columns are
// 715-829 px wide, and on a phone the name scrolled away before the actions menu appeared.
// A card keeps what an operator scans for on a phone: the name (cut with an ellipsis, whole in
// its title and link), the state, the brand and host, the last minutes of CPU and memory when
// the zone runs, and the same actions menu as the row.
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useLayoutEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { formatBytes } from '@/components/metrics/format';
import type { SparklinesData } from '@/components/metrics/sparkline-data';
import { SparklineLazy } from '@/components/metrics/sparkline-lazy';
import { paths } from '@/components/paths';
import type { ZoneRow } from '@/server/zones/watcher';
import { ActionsMenu } from './actions-menu';
import type { Capability, ZoneVerb } from './capabilities';
import type { Activity } from './attention';
import { StateBadge } from './state-badge';
import { ActivityCell } from './zone-activity';

// a card's height with the gap under it: fixed, so the list is virtualized like the table's
// rows (5,000 zones scroll on a phone too)
const CARD_HEIGHT = 84;
const NARROW = '(max-width: 639.98px)';

function subscribe(onChange: () => void): () => void {
  const m = window.matchMedia(NARROW);
  m.addEventListener('change', onChange);
  return () => m.removeEventListener('change', onChange);
}

/** true under 640 px, false above, null on the server and while hydrating (not known yet). */
export function useNarrow(): boolean | null {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(NARROW).matches,
    () => null,
  );
}

interface CardsProps {
  zones: ZoneRow[];
  /** "on sim", "on 3 hosts": the list's name */
  where: string;
  can: (verb: ZoneVerb, state: string) => Capability;
  onAction: (zone: ZoneRow, verb: ZoneVerb) => void;
  staleHosts: ReadonlySet<string>;
  sparks: ReadonlyMap<string, SparklinesData['zones']>;
  /** each zone's running work or last failure (host/zone), as the table's Task column */
  activities: ReadonlyMap<string, Activity>;
  onDismiss: (taskId: string) => void;
  /** the table's selection (host/zone → true), which the bulk bar acts on */
  selection: Readonly<Record<string, boolean>>;
  onToggle: (id: string) => void;
}

/** The cards under 640 px, the table (children) above. CSS chooses on the first paint (the
 *  server cannot know the width), so a phone never sees the table flash; once the width is
 *  known only the one shown is mounted, so neither the accessibility tree nor the DOM holds the
 *  other. */
export function ZoneCardsOrTable({ children, ...cards }: CardsProps & { children: ReactNode }) {
  const narrow = useNarrow();
  return (
    <>
      {narrow !== false && (
        <div className="sm:hidden">
          <ZoneCards {...cards} />
        </div>
      )}
      {narrow !== true && <div className="hidden sm:block">{children}</div>}
    </>
  );
}

export function ZoneCards({ zones, where, can, onAction, staleHosts, sparks, activities, onDismiss, selection, onToggle }: CardsProps) {
  const listRef = useRef<HTMLUListElement>(null);
  // where the list starts on the page: the window virtualizer counts from the page's top.
  // Measured again whenever the page's height changes (a notice or the bulk bar above it).
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const measure = () => {
      const top = (listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
      setScrollMargin((m) => (Math.abs(m - top) > 1 ? top : m));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: zones.length,
    estimateSize: () => CARD_HEIGHT,
    overscan: 8,
    scrollMargin,
    initialRect: { width: 390, height: 900 },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = Math.max(0, (items[0]?.start ?? scrollMargin) - scrollMargin);
  const padBottom = Math.max(0, virtualizer.getTotalSize() - ((items.at(-1)?.end ?? scrollMargin) - scrollMargin));
  return (
    <ul ref={listRef} aria-label={`Zones ${where}`} style={{ paddingTop: padTop, paddingBottom: padBottom }}>
      {items.map((item) => {
        const z = zones[item.index]!;
        return (
          <ZoneCard
            key={`${z.host}/${z.name}`}
            zone={z}
            can={can}
            onAction={onAction}
            stale={staleHosts.has(z.host)}
            spark={sparks.get(z.host)?.[z.name]}
            activity={activities.get(`${z.host}/${z.name}`) ?? null}
            onDismiss={onDismiss}
            selected={!!selection[`${z.host}/${z.name}`]}
            onToggle={() => onToggle(`${z.host}/${z.name}`)}
          />
        );
      })}
    </ul>
  );
}

function ZoneCard({
  zone: z,
  can,
  onAction,
  stale,
  spark,
  activity,
  onDismiss,
  selected,
  onToggle,
}: {
  zone: ZoneRow;
  can: CardsProps['can'];
  onAction: CardsProps['onAction'];
  stale: boolean;
  spark: SparklinesData['zones'][string] | undefined;
  activity: Activity;
  onDismiss: (taskId: string) => void;
  selected: boolean;
  onToggle: () => void;
}) {
  return (
    <li data-zone={z.name} data-host={z.host} style={{ height: CARD_HEIGHT }} className="pb-2">
      <div className="flex h-full flex-col justify-center gap-1.5 rounded-lg border border-zinc-200 bg-white px-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex min-w-0 items-center gap-2">
          {/* a finger-sized target around the box: the bulk bar acts on what is ticked */}
          <label className="-m-2 flex shrink-0 items-center p-2">
            <input type="checkbox" aria-label={`Select ${z.name}`} checked={selected} onChange={onToggle} className="size-4" />
          </label>
          <Link
            href={paths.zone(z.host, z.name)}
            prefetch={false}
            title={z.name}
            className="min-w-0 flex-1 truncate text-sm font-medium underline-offset-2 hover:underline"
          >
            {z.name}
          </Link>
          <ActionsMenu zone={z.name} state={z.state} can={can} onAction={(verb) => onAction(z, verb)} />
        </div>
        <div className="flex min-w-0 items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <StateBadge state={z.state} busy={activity?.kind === 'running'} />
          {stale && (
            <span className="text-amber-800 dark:text-amber-300" title="The host is not answering: this is the last state it reported">
              (last known)
            </span>
          )}
          {/* the work under way or the last failure says more than the brand: it takes its place */}
          {activity ? (
            <span className="min-w-0 truncate">
              <ActivityCell zone={z.name} activity={activity} onDismiss={onDismiss} />
            </span>
          ) : (
            <span className="truncate">
              {z.brand} on {z.host}
            </span>
          )}
          {spark && spark.t.length > 0 && (
            <span className="ml-auto inline-flex shrink-0 items-center gap-1.5">
              <SparklineLazy t={spark.t} values={spark.cpu} label={`CPU of ${z.name}`} format={(v) => `${v.toFixed(2)} CPU`} width={44} height={18} showNow={false} />
              <SparklineLazy t={spark.t} values={spark.rss} cap={spark.physcap} label={`Memory of ${z.name}`} format={formatBytes} color="#7c3aed" width={44} height={18} showNow={false} />
            </span>
          )}
        </div>
      </div>
    </li>
  );
}
