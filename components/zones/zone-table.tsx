'use client';
// The zone table: live rows from the host's watcher, sort and filters kept in the URL,
// selection with bulk actions, a menu per zone, and virtualized rows so 5,000 zones scroll
// smoothly.
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
import { memo, useCallback, useMemo, useState } from 'react';
import { roleReason, useSession } from '@/components/auth/session';
import { useTRPC } from '@/components/trpc/client';
import type { ZoneRow } from '@/server/zones/watcher';
import { BulkBar } from './bulk-bar';
import { useCapabilities, type Capability, type ZoneVerb } from './capabilities';
import type { SparklinesData } from '@/components/metrics/sparkline-data';
import { FleetHosts } from './fleet-hosts';
import { SORTABLE, zoneColumns } from './zone-columns';
import { Notices } from './notices';
import { useZoneActions } from './use-zone-actions';
import { Button } from '@/components/ui/button';
import { paths } from '@/components/paths';

const ROW_HEIGHT = 41;

export function ZoneTable() {
  const trpc = useTRPC();
  const { data, error, isPending } = useQuery(trpc.zones.list.queryOptions({}));
  const can = useCapabilities();
  const createNeeds = roleReason(useSession()?.permissions.createZones);
  const actions = useZoneActions();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [selection, setSelection] = useState<RowSelectionState>({});

  const q = params.get('q') ?? '';
  const stateFilter = params.get('state') ?? '';
  const brandFilter = params.get('brand') ?? '';
  const hostFilter = params.get('host') ?? '';
  const sortParam = params.get('sort') ?? 'name';
  const sortId = (SORTABLE as readonly string[]).includes(sortParam) ? sortParam : 'name';
  const sortDesc = params.get('dir') === 'desc';
  // Stable identity: TanStack Table recomputes its row model (and resets its paging state,
  // re-rendering us) whenever the sorting array changes, so a fresh array per render loops.
  const sorting: SortingState = useMemo(() => [{ id: sortId, desc: sortDesc }], [sortId, sortDesc]);

  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    const s = next.toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };

  const zones = data?.zones;
  // each host's last five minutes of CPU and memory per zone, kept live by the page's one
  // subscription (components/live); chart code loads after the table (SparklineLazy)
  const sparkQueries = useQueries({
    queries: (data?.hosts ?? []).map((h) => ({ ...trpc.metrics.sparklines.queryOptions({ host: h.name }), staleTime: Infinity })),
  });
  const sparks = new Map<string, SparklinesData['zones']>();
  for (const q of sparkQueries) if (q.data) sparks.set(q.data.host, q.data.zones);
  const filtered = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (zones ?? []).filter(
      (z) =>
        (!stateFilter || z.state === stateFilter) &&
        (!brandFilter || z.brand === brandFilter) &&
        (!hostFilter || z.host === hostFilter) &&
        (!needle || z.name.toLowerCase().includes(needle) || z.zonepath.toLowerCase().includes(needle)),
    );
  }, [zones, q, stateFilter, brandFilter, hostFilter]);

  const { request } = actions;
  const requestOne = useCallback((zone: ZoneRow, verb: ZoneVerb) => request([zone], verb), [request]);
  const staleHosts = useMemo(() => new Set((data?.hosts ?? []).filter((h) => h.stale).map((h) => h.name)), [data?.hosts]);
  const table = useReactTable({
    data: filtered,
    columns: zoneColumns,
    meta: { staleHosts, sparks, can, onAction: requestOne },
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

  if (isPending) return <p className="text-sm text-zinc-500" role="status">Loading zones…</p>;
  if (!data) {
    return (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
        <p className="font-medium">The zone list could not be loaded.</p>
        <p className="mt-1 font-mono text-xs">{error?.message}</p>
      </div>
    );
  }

  const counts = new Map<string, number>();
  for (const z of data.zones) counts.set(z.state, (counts.get(z.state) ?? 0) + 1);
  const where = data.hosts.length === 1 ? `on ${data.hosts[0]!.name}` : `on ${data.hosts.length} hosts`;
  const brands = [...new Set(data.zones.map((z) => z.brand))].sort();
  const selected = data.zones.filter((z) => selection[`${z.host}/${z.name}`]);
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <section aria-labelledby="zones-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 id="zones-heading" className="text-xl font-semibold tracking-tight">
            Zones <span className="font-normal text-zinc-500">{where}</span>
          </h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {data.zones.length} {data.zones.length === 1 ? 'zone' : 'zones'}
            {[...counts].map(([state, n]) => ` · ${n} ${state.replace('_', ' ')}`).join('')}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <Button variant="primary" href={paths.newZone()} disabledReason={createNeeds}>
            <span aria-hidden="true">+</span> Create zone
          </Button>
        </div>
      </div>

      <FleetHosts hosts={data.hosts} zones={data.zones} selected={hostFilter} onSelect={(h) => setParams({ host: h })} />

      <Notices notices={actions.notices} onDismiss={actions.dismiss} />

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
        <label className="sr-only" htmlFor="state-filter">State</label>
        <select
          id="state-filter"
          value={stateFilter}
          onChange={(e) => setParams({ state: e.target.value })}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">All states</option>
          {['running', 'ready', 'installed', 'configured', 'incomplete', 'shutting_down', 'down', 'mounted'].map((s) => (
            <option key={s} value={s}>{s.replace('_', ' ')}</option>
          ))}
        </select>
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
        {(q || stateFilter || brandFilter || hostFilter) && (
          <button type="button" onClick={() => setParams({ q: null, state: null, brand: null, host: null })} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
            Clear filters
          </button>
        )}
      </div>

      {selected.length > 0 && (
        <BulkBar zones={selected} can={can} onAction={(verb, todo) => actions.request(todo, verb)} onClear={() => setSelection({})} />
      )}

      {data.zones.length === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          <p className="font-medium">No zones {where} yet</p>
          <p className="mt-1 text-sm text-zinc-500">
            Only the global zone exists. Zones configured with <code className="font-mono">zonecfg</code> appear here.
          </p>
        </div>
      ) : rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-500 dark:border-zinc-700">
          No zone matches these filters.
        </p>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm" aria-rowcount={rows.length + 1}>
            <caption className="sr-only">Zones {where}</caption>
            <thead className="border-b border-zinc-200 bg-zinc-50 text-xs tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400">
              <tr aria-rowindex={1}>
                {table.getFlatHeaders().map((h) => {
                  const meta = h.column.columnDef.meta;
                  const label = flexRender(h.column.columnDef.header, h.getContext());
                  if (!meta?.sortable) return <th key={h.id} scope="col" className={meta?.headerClass}>{label}</th>;
                  const active = sortId === h.id;
                  const desc = active && sorting[0]?.desc;
                  return (
                    <th key={h.id} scope="col" aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'} className="px-4 py-2.5 font-medium">
                      <button
                        type="button"
                        onClick={() => setParams({ sort: h.id === 'name' ? null : h.id, dir: active && !desc ? 'desc' : null })}
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
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
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
                  />
                );
              })}
              {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
            </tbody>
          </table>
        </div>
      )}
      {actions.dialog}
    </section>
  );
}

/** One zone's row, its cells from the column definitions. Memoized on what it shows (the
 *  zone object, which a live change replaces only for the zones it touches, its selection, its
 *  host's staleness, its samples): a live change or a scroll re-renders only the rows it
 *  touches, though TanStack makes new row objects for every change. */
const ZoneTableRow = memo(
  function ZoneTableRow({ row, zone: z, rowIndex }: RowProps) {
    return (
      <tr aria-rowindex={rowIndex} data-zone={z.name} data-host={z.host} style={{ height: ROW_HEIGHT }} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
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
  (a, b) => a.zone === b.zone && a.rowIndex === b.rowIndex && a.selected === b.selected && a.stale === b.stale && a.spark === b.spark && a.can === b.can,
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
}
