'use client';
// The zone table: live rows from the host's watcher, each with what its latest task says
// (running work, a failure), state chips that count and filter (a "needs attention" one
// too), sort and filters kept in the URL, selection with bulk actions, a menu per zone, and
// virtualized rows so 5,000 zones scroll smoothly. By keyboard the table is one Tab stop:
// Up/Down move between rows (roving tabindex), Enter opens the zone, Space selects it, the
// context-menu key (or Shift+F10) opens its menu, Tab walks the current row's controls.
import { useQueries, useQuery } from '@tanstack/react-query';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type Row,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { roleReason, useSession } from '@/components/auth/session';
import { useTRPC } from '@/components/trpc/client';
import type { ZoneRow } from '@/server/zones/watcher';
import { chipCounts, compareSeverity, concernsOf, type Activity } from './attention';
import { BulkBar } from './bulk-bar';
import { useCapabilities, type Capability, type ZoneVerb } from './capabilities';
import type { SparklinesData } from '@/components/metrics/sparkline-data';
import { FleetHosts } from './fleet-hosts';
import { SORTABLE, zoneColumns } from './zone-columns';
import { Notices } from './notices';
import { StateChips } from './state-chips';
import { useActivities } from './use-activity';
import { useZoneActions } from './use-zone-actions';
import { ZoneCardsOrTable } from './zone-cards';
import { Button } from '@/components/ui/button';
import { paths } from '@/components/paths';
import { useHydrated } from '@/components/use-hydrated';

const ROW_HEIGHT = 41;

/** The sorts a phone's cards offer (the table's sortable columns, both ways, and the
 *  severity order of the "Most urgent first" chip). */
const CARD_SORTS: { value: string; label: string }[] = [
  ...SORTABLE.flatMap((id) => {
    const header = zoneColumns.find((c) => 'accessorKey' in c && c.accessorKey === id)?.header;
    const name = typeof header === 'string' ? header : id;
    return [
      { value: `${id}:asc`, label: `${name}, ascending` },
      { value: `${id}:desc`, label: `${name}, descending` },
    ];
  }),
  { value: 'severity', label: 'Most urgent first' },
];

export function ZoneTable() {
  const trpc = useTRPC();
  const { data, error, isPending } = useQuery(trpc.zones.list.queryOptions({}));
  const can = useCapabilities();
  const createNeeds = roleReason(useSession()?.permissions.createZones);
  const actions = useZoneActions();
  const { activities, dismiss } = useActivities();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [selection, setSelection] = useState<RowSelectionState>({});
  const hydrated = useHydrated();

  const q = params.get('q') ?? '';
  const stateFilter = params.get('state') ?? '';
  const brandFilter = params.get('brand') ?? '';
  const hostFilter = params.get('host') ?? '';
  const attentionOn = params.get('attention') === '1';
  const sortParam = params.get('sort') ?? 'name';
  // severity is not a column: the rows are put in that order before the table sees them
  const bySeverity = sortParam === 'severity';
  const sortId = (SORTABLE as readonly string[]).includes(sortParam) ? sortParam : bySeverity ? '' : 'name';
  const sortDesc = params.get('dir') === 'desc';
  // Stable identity: TanStack Table recomputes its row model (and resets its paging state,
  // re-rendering us) whenever the sorting array changes, so a fresh array per render loops.
  const sorting: SortingState = useMemo(() => (sortId ? [{ id: sortId, desc: sortDesc }] : []), [sortId, sortDesc]);

  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    const s = next.toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };

  const clearFilters = () => setParams({ q: null, state: null, brand: null, host: null, attention: null });

  const zones = data?.zones;
  // each host's last five minutes of CPU and memory per zone, kept live by the page's one
  // subscription (components/live); chart code loads after the table (SparklineLazy)
  const sparkQueries = useQueries({
    queries: (data?.hosts ?? []).map((h) => ({ ...trpc.metrics.sparklines.queryOptions({ host: h.name }), staleTime: Infinity })),
  });
  const sparks = new Map<string, SparklinesData['zones']>();
  for (const q of sparkQueries) if (q.data) sparks.set(q.data.host, q.data.zones);
  const activityOf = useCallback((z: ZoneRow): Activity => activities.get(`${z.host}/${z.name}`) ?? null, [activities]);
  // the zones the search, brand and host filters let through: the chips count these
  const base = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (zones ?? []).filter(
      (z) =>
        (!brandFilter || z.brand === brandFilter) &&
        (!hostFilter || z.host === hostFilter) &&
        (!needle || z.name.toLowerCase().includes(needle) || z.zonepath.toLowerCase().includes(needle)),
    );
  }, [zones, q, brandFilter, hostFilter]);
  const chips = useMemo(() => chipCounts(base.map((zone) => ({ zone, activity: activityOf(zone) }))), [base, activityOf]);
  const filtered = useMemo(() => {
    const shown = base.filter((z) => (!stateFilter || z.state === stateFilter) && (!attentionOn || concernsOf(z, activityOf(z)).length > 0));
    if (!bySeverity) return shown;
    return shown
      .map((zone) => ({ zone, activity: activityOf(zone) }))
      .sort(compareSeverity)
      .map((x) => x.zone);
  }, [base, stateFilter, attentionOn, bySeverity, activityOf]);

  const { request } = actions;
  const requestOne = useCallback((zone: ZoneRow, verb: ZoneVerb) => request([zone], verb), [request]);
  const staleHosts = useMemo(() => new Set((data?.hosts ?? []).filter((h) => h.stale).map((h) => h.name)), [data?.hosts]);
  const table = useReactTable({
    data: filtered,
    columns: zoneColumns,
    meta: { staleHosts, sparks, can, onAction: requestOne, activities, onDismiss: dismiss },
    state: { sorting, rowSelection: selection },
    getRowId: (z) => `${z.host}/${z.name}`,
    onRowSelectionChange: setSelection,
    enableRowSelection: true,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    // no paging: the rows are virtualized
    autoResetPageIndex: false,
  });
  const rows = table.getRowModel().rows;
  // initialRect lets the server render the first screenful of rows (there is no window there).
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1280, height: 1200 },
  });

  // Roving tabindex: one row is the table's Tab stop (the first until another is focused).
  const [activeId, setActiveId] = useState<string | null>(null);
  const activeIndex = Math.max(0, rows.findIndex((r) => r.id === activeId));
  const tbodyRef = useRef<HTMLTableSectionElement>(null);
  const focusRow = (index: number) => {
    const i = Math.min(Math.max(index, 0), rows.length - 1);
    const row = rows[i];
    if (!row) return;
    setActiveId(row.id);
    virtualizer.scrollToIndex(i, { align: 'auto' });
    // a row scrolled into view is drawn on a later frame
    let tries = 0;
    const attempt = () => {
      const tr = tbodyRef.current?.querySelector<HTMLElement>(`tr[data-row-id="${CSS.escape(row.id)}"]`);
      if (tr) {
        tr.focus({ preventScroll: true });
        tr.scrollIntoView({ block: 'nearest' });
      } else if (tries++ < 10) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  };
  const onRowKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const tr = e.target as HTMLElement;
    // keys inside a row's controls (its menu, its checkbox) keep their own meaning
    if (tr.tagName !== 'TR' || !tr.dataset.rowId) return;
    const i = rows.findIndex((r) => r.id === tr.dataset.rowId);
    const row = rows[i];
    if (!row) return;
    const move: Record<string, number> = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: rows.length - 1, PageDown: i + 10, PageUp: i - 10 };
    if (e.key in move) {
      e.preventDefault();
      focusRow(move[e.key]!);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      router.push(paths.zone(row.original.host, row.original.name));
    } else if (e.key === ' ') {
      e.preventDefault();
      row.toggleSelected();
    } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      tr.querySelector<HTMLButtonElement>('button[aria-haspopup="menu"]')?.click();
    }
  };

  // The bulk bar and the table header stay in view while rows far down are selected: the bar
  // sticks to the top of the window and the header sticks under it.
  const [barHeight, setBarHeight] = useState(0);
  const barObserver = useRef<ResizeObserver | null>(null);
  const barRef = useCallback((el: HTMLDivElement | null) => {
    barObserver.current?.disconnect();
    if (!el) return setBarHeight(0);
    barObserver.current = new ResizeObserver(() => setBarHeight(el.getBoundingClientRect().height));
    barObserver.current.observe(el);
  }, []);

  // Derived from the zones, not from the scroll position: a scroll re-renders this component
  // (the virtualizer lives here) once a frame, and these walked every zone each time.
  const brands = useMemo(() => [...new Set((data?.zones ?? []).map((z) => z.brand))].sort(), [data?.zones]);
  const selected = useMemo(() => (data?.zones ?? []).filter((z) => selection[`${z.host}/${z.name}`]), [data?.zones, selection]);
  const hostCards = useMemo(
    () => (data ? <FleetHosts hosts={data.hosts} zones={data.zones} selected={hostFilter} onSelect={(h) => setParams({ host: h })} /> : null),
    // setParams reads the URL's parameters: a new `params` makes a new one
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data?.hosts, data?.zones, hostFilter, params],
  );

  if (isPending) return <p className="text-sm text-zinc-500" role="status">Loading zones…</p>;
  if (!data) {
    return (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
        <p className="font-medium">The zone list could not be loaded.</p>
        <p className="mt-1 font-mono text-xs">{error?.message}</p>
      </div>
    );
  }

  const where = data.hosts.length === 1 ? `on ${data.hosts[0]!.name}` : `on ${data.hosts.length} hosts`;
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <section aria-labelledby="zones-heading">
      {/* every control of the page (menus, boxes, chips, filters) waits for hydration: see useHydrated */}
      <fieldset disabled={!hydrated} className="m-0 min-w-0 space-y-4 border-0 p-0">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 id="zones-heading" className="text-xl font-semibold tracking-tight">
            Zones <span className="font-normal text-zinc-500">{where}</span>
          </h1>
        </div>
        <div className="flex items-center gap-3">
          <Button variant="primary" href={paths.newZone()} disabledReason={createNeeds}>
            <span aria-hidden="true">+</span> Create zone
          </Button>
        </div>
      </div>

      {hostCards}

      <Notices notices={actions.notices} onDismiss={actions.dismiss} />

      {data.zones.length > 0 && (
        <StateChips
          states={chips.states}
          attention={chips.attention}
          shown={rows.length}
          total={data.zones.length}
          state={stateFilter}
          attentionOn={attentionOn}
          severityOn={bySeverity}
          onState={(s) => setParams({ state: s })}
          onAttention={(on) => setParams({ attention: on ? '1' : null })}
          onSeverity={(on) => setParams({ sort: on ? 'severity' : null, dir: null })}
        />
      )}

      <div className="flex flex-wrap items-center gap-2" role="search">
        <label className="sr-only" htmlFor="zone-filter">Filter zones</label>
        <input
          id="zone-filter"
          type="search"
          placeholder="Filter by name or path"
          defaultValue={q}
          onChange={(e) => setParams({ q: e.target.value })}
          className="w-64 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <label className="sr-only" htmlFor="brand-filter">Brand</label>
        <select
          id="brand-filter"
          value={brandFilter}
          onChange={(e) => setParams({ brand: e.target.value })}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">All brands</option>
          {brands.map((b) => (
            <option key={b} value={b}>{b}</option>
          ))}
        </select>
        {data.hosts.length > 1 && (
          <>
            <label className="sr-only" htmlFor="host-filter">Host</label>
            <select
              id="host-filter"
              value={hostFilter}
              onChange={(e) => setParams({ host: e.target.value })}
              className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            >
              <option value="">All hosts</option>
              {data.hosts.map((h) => (
                <option key={h.name} value={h.name}>{h.name}</option>
              ))}
            </select>
          </>
        )}
        {/* the cards have no column headers to click: the same sort (in the URL) from a list */}
        <label className="sm:hidden" htmlFor="card-sort">
          <span className="sr-only">Sort zones</span>
          <select
            id="card-sort"
            value={bySeverity ? 'severity' : `${sortId}:${sortDesc ? 'desc' : 'asc'}`}
            onChange={(e) => {
              const [sort, dir] = e.target.value.split(':');
              setParams({ sort: sort === 'name' && dir === 'asc' ? null : sort!, dir: dir === 'desc' ? 'desc' : null });
            }}
            className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            {CARD_SORTS.map((o) => (
              <option key={o.value} value={o.value}>{o.label}</option>
            ))}
          </select>
        </label>
        {(q || stateFilter || brandFilter || hostFilter || attentionOn) && (
          <button type="button" onClick={clearFilters} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
            Clear filters
          </button>
        )}
      </div>

      {selected.length > 0 && (
        <div ref={barRef} className="sticky top-0 z-20">
          <BulkBar zones={selected} can={can} onAction={(verb, todo) => actions.request(todo, verb)} onClear={() => setSelection({})} />
        </div>
      )}

      {data.zones.length === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          <p className="font-medium">No zones {where} yet</p>
          <p className="mt-1 text-sm text-zinc-500">
            Only the global zone exists. Zones configured with <code className="font-mono">zonecfg</code> appear here.
          </p>
          <Button variant="primary" href={paths.newZone()} disabledReason={createNeeds} className="mt-4">
            <span aria-hidden="true">+</span> Create zone
          </Button>
        </div>
      ) : rows.length === 0 ? (
        <div role="status" className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          <p>No zone matches these filters.</p>
          <button type="button" onClick={clearFilters} className="mt-2 text-sky-700 hover:underline dark:text-sky-400">
            Clear filters
          </button>
        </div>
      ) : (
        <ZoneCardsOrTable
          zones={rows.map((r) => r.original)}
          where={where}
          can={can}
          onAction={requestOne}
          staleHosts={staleHosts}
          sparks={sparks}
          activities={activities}
          onDismiss={dismiss}
          selection={selection}
          onToggle={(id) =>
            setSelection((s) => {
              const next = { ...s };
              if (next[id]) delete next[id];
              else next[id] = true;
              return next;
            })
          }
        >
        <div className="rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm" aria-rowcount={rows.length + 1}>
            <caption className="sr-only">Zones {where}</caption>
            <thead
              style={{ top: selected.length > 0 ? barHeight : 0 }}
              className="sticky z-10 border-b border-zinc-200 bg-zinc-50 text-xs tracking-wide text-zinc-600 shadow-[0_1px_0_0] shadow-zinc-200 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400 dark:shadow-zinc-800"
            >
              <tr aria-rowindex={1}>
                {table.getFlatHeaders().map((h) => {
                  const meta = h.column.columnDef.meta;
                  const label = flexRender(h.column.columnDef.header, h.getContext());
                  if (!meta?.sortable) return <th key={h.id} scope="col" className={meta?.headerClass}>{label}</th>;
                  const active = sortId === h.id;
                  const desc = active && sorting[0]?.desc;
                  return (
                    <th key={h.id} scope="col" aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'} className="px-3 py-2.5 font-medium">
                      <button
                        type="button"
                        onClick={() => setParams({ sort: h.id === 'name' && !bySeverity ? null : h.id, dir: active && !desc ? 'desc' : null })}
                        className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 dark:hover:text-zinc-100"
                      >
                        {label}
                        <span aria-hidden="true" className={active ? '' : 'invisible'}>{desc ? '↓' : '↑'}</span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody ref={tbodyRef} onKeyDown={onRowKey} className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
              {items.map((item) => {
                const row = rows[item.index]!;
                return (
                  <ZoneTableRow
                    key={row.id}
                    row={row}
                    zone={row.original}
                    rowIndex={item.index + 2}
                    selected={row.getIsSelected()}
                    can={can}
                    stale={staleHosts.has(row.original.host)}
                    spark={sparks.get(row.original.host)?.[row.original.name]}
                    activity={activities.get(row.id) ?? null}
                    active={item.index === activeIndex}
                    onFocus={setActiveId}
                  />
                );
              })}
              {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
            </tbody>
          </table>
        </div>
        </ZoneCardsOrTable>
      )}
      {actions.dialog}
      </fieldset>
    </section>
  );
}

/** One zone's row, its cells from the column definitions. Memoized on what it shows (the
 *  zone object, which a live change replaces only for the zones it touches, its selection, its
 *  host's staleness, its samples): a live change or a scroll re-renders only the rows it
 *  touches, though TanStack makes new row objects for every change. */
const ZoneTableRow = memo(
  function ZoneTableRow({ row, zone: z, rowIndex, active, onFocus }: RowProps) {
    const ref = useRef<HTMLTableRowElement>(null);
    // Only the table's current row is a Tab stop, and only its controls are in the Tab order:
    // 73 zones cost three Tabs each before. The controls come from the column definitions,
    // so their tabindex is set here, after each render of the row.
    useEffect(() => {
      for (const el of ref.current?.querySelectorAll<HTMLElement>('a[href], button, input') ?? []) {
        if (active) el.removeAttribute('tabindex');
        else el.tabIndex = -1;
      }
    });
    return (
      <tr
        ref={ref}
        aria-rowindex={rowIndex}
        data-zone={z.name}
        data-host={z.host}
        data-row-id={row.id}
        tabIndex={active ? 0 : -1}
        onFocus={() => onFocus(row.id)}
        style={{ height: ROW_HEIGHT }}
        className="scroll-mt-28 scroll-mb-4 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800/40"
      >
        {row.getVisibleCells().map((cell) => {
          const meta = cell.column.columnDef.meta;
          const content = flexRender(cell.column.columnDef.cell, cell.getContext());
          return meta?.rowHeader ? (
            <th key={cell.id} scope="row" className={meta.cellClass}>{content}</th>
          ) : (
            <td key={cell.id} className={meta?.cellClass}>{content}</td>
          );
        })}
      </tr>
    );
  },
  (a, b) =>
    a.zone === b.zone &&
    a.rowIndex === b.rowIndex &&
    a.selected === b.selected &&
    a.stale === b.stale &&
    a.spark === b.spark &&
    a.can === b.can &&
    a.activity === b.activity &&
    a.active === b.active,
);

interface RowProps {
  row: Row<ZoneRow>;
  zone: ZoneRow;
  rowIndex: number;
  selected: boolean;
  stale: boolean;
  /** the zone's last minutes of CPU and memory; absent while the zone does not run */
  spark: SparklinesData['zones'][string] | undefined;
  can: (verb: ZoneVerb, state: string) => Capability;
  /** what the zone's latest task says (the Task cell and the state badge read it from the meta) */
  activity: Activity;
  /** the table's Tab stop */
  active: boolean;
  onFocus: (rowId: string) => void;
}
