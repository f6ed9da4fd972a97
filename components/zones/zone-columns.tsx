'use client';
// The zone table's columns: what each shows in its header and cells, how it sorts, and how
// its cells are laid out. The table (zone-table.tsx) renders headers and cells from these
// definitions; what a cell needs beyond its zone (the host's staleness, the zone's samples,
// the actions) comes through the table's meta.
import { createColumnHelper, type RowData } from '@tanstack/react-table';
import Link from 'next/link';
import { formatBytes } from '@/components/metrics/format';
import type { SparklinesData } from '@/components/metrics/sparkline-data';
import { SparklineLazy } from '@/components/metrics/sparkline-lazy';
import { paths } from '@/components/paths';
import { PendingBadge } from './pending-badge';
import type { ZoneRow } from '@/server/zones/watcher';
import { ActionsMenu } from './actions-menu';
import { busyReason, type Activity } from './attention';
import type { Capability, ZoneVerb } from './capabilities';
import { lifecycleSortingFn, naturalSortingFn } from './sort';
import { StateBadge } from './state-badge';
import { ActivityCell } from './zone-activity';

declare module '@tanstack/react-table' {
  interface ColumnMeta<TData extends RowData, TValue> {
    /** the header is a sort button (the sort lives in the URL) */
    sortable?: boolean;
    /** the cell names the row (a <th scope="row">) */
    rowHeader?: boolean;
    headerClass?: string;
    cellClass?: string;
  }
  interface TableMeta<TData extends RowData> {
    /** hosts whose zones are shown as last reported */
    staleHosts: ReadonlySet<string>;
    /** each host's zones' last minutes of CPU and memory */
    sparks: ReadonlyMap<string, SparklinesData['zones']>;
    can: (verb: ZoneVerb, state: string) => Capability;
    onAction: (zone: ZoneRow, verb: ZoneVerb) => void;
    /** each zone's latest task, by host/zone, when it says something (running or failed) */
    activities: ReadonlyMap<string, Activity>;
    onDismiss: (taskId: string) => void;
  }
}

const col = createColumnHelper<ZoneRow>();
const plain = 'px-3 text-zinc-700 dark:text-zinc-300';

/** CPUs in use, as prstat's and zonestat's readers know them ("0.85 CPU"). */
function formatCpus(v: number): string {
  return `${v < 10 ? v.toFixed(2) : v.toFixed(1)} CPU`;
}

export const zoneColumns = [
  col.display({
    id: 'select',
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label="Select all zones shown"
        checked={table.getIsAllRowsSelected()}
        ref={(el) => {
          if (el) el.indeterminate = table.getIsSomeRowsSelected();
        }}
        onChange={table.getToggleAllRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <input type="checkbox" aria-label={`Select ${row.original.name}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
    ),
    meta: { headerClass: 'w-10 px-3 py-2.5', cellClass: 'px-3' },
  }),
  // names and paths as people read them (web2 before web10, case aside); states in the order
  // of a zone's life, not the alphabet's
  col.accessor('name', {
    header: 'Name',
    sortingFn: naturalSortingFn,
    // a name may be 63 characters: cut with an ellipsis, whole in the tooltip and the link's text
    cell: ({ row }) => (
      <div className="flex items-center">
        <Link
          href={paths.zone(row.original.host, row.original.name)}
          prefetch={false}
          title={row.original.name}
          className="block max-w-[11rem] truncate underline-offset-2 hover:underline"
        >
          {row.original.name}
        </Link>
        {/* only a running zone has changes waiting for its next boot (and a badge's query
            observer per row cost every scrolled-in row) */}
        {row.original.state === 'running' && <PendingBadge host={row.original.host} zone={row.original.name} />}
      </div>
    ),
    meta: { sortable: true, rowHeader: true, cellClass: 'px-3 font-medium' },
  }),
  col.accessor('state', {
    header: 'State',
    sortingFn: lifecycleSortingFn,
    cell: ({ row, table }) => (
      <>
        <StateBadge state={row.original.state} busy={table.options.meta?.activities.get(`${row.original.host}/${row.original.name}`)?.kind === 'running'} />
        {table.options.meta?.staleHosts.has(row.original.host) && (
          <span className="ml-1.5 text-xs text-amber-800 dark:text-amber-300" title="The host is not answering: this is the last state it reported">
            (last known)
          </span>
        )}
      </>
    ),
    meta: { sortable: true, cellClass: 'px-3' },
  }),
  // the zone's latest task when it says something: work under way, or a failure not dismissed
  col.display({
    id: 'task',
    header: 'Task',
    cell: ({ row, table }) => {
      const meta = table.options.meta;
      const activity = meta?.activities.get(`${row.original.host}/${row.original.name}`) ?? null;
      return meta ? <ActivityCell zone={row.original.name} activity={activity} onDismiss={meta.onDismiss} /> : null;
    },
    meta: { headerClass: 'px-3 py-2.5 font-medium uppercase', cellClass: 'px-3' },
  }),
  col.accessor('brand', { header: 'Brand', sortingFn: naturalSortingFn, meta: { sortable: true, cellClass: plain } }),
  col.accessor('ipType', {
    header: 'IP type',
    cell: ({ getValue }) => (getValue() === 'excl' ? 'exclusive' : 'shared'),
    meta: { sortable: true, cellClass: plain },
  }),
  col.accessor('zonepath', {
    header: 'Zonepath',
    sortingFn: naturalSortingFn,
    cell: ({ getValue }) => (
      <span title={getValue()} className="block max-w-[11rem] truncate">
        {getValue()}
      </span>
    ),
    meta: { sortable: true, cellClass: 'px-3 font-mono text-xs text-zinc-600 dark:text-zinc-400' },
  }),
  col.accessor('host', { header: 'Host', sortingFn: naturalSortingFn, meta: { sortable: true, cellClass: plain } }),
  col.display({
    id: 'usage',
    header: () => (
      <>
        Usage<span className="sr-only"> (CPU and memory, last 5 minutes)</span>
      </>
    ),
    // CPU and memory side by side, their figures in the title and the text alternative: two
    // columns with figures pushed a 63-character name's row out of a 1440 px window
    cell: ({ row, table }) => {
      const z = row.original;
      const spark = table.options.meta?.sparks.get(z.host)?.[z.name];
      if (!spark || spark.t.length === 0) return <span className="text-xs text-zinc-500">—</span>;
      return (
        <span className="inline-flex items-center gap-2 whitespace-nowrap">
          <SparklineLazy t={spark.t} values={spark.cpu} label={`CPU of ${z.name}`} format={formatCpus} width={56} height={22} showNow={false} />
          <SparklineLazy t={spark.t} values={spark.rss} cap={spark.physcap} label={`Memory of ${z.name}`} format={formatBytes} color="#7c3aed" width={56} height={22} showNow={false} />
        </span>
      );
    },
    meta: { headerClass: 'px-3 py-2.5 font-medium uppercase', cellClass: 'px-3' },
  }),
  col.display({
    id: 'actions',
    header: () => <span className="sr-only">Actions</span>,
    cell: ({ row, table }) => {
      const meta = table.options.meta;
      if (!meta) return null;
      const wait = busyReason(meta.activities.get(`${row.original.host}/${row.original.name}`) ?? null);
      const can: typeof meta.can = wait ? () => ({ kind: 'refused', reason: wait }) : meta.can;
      return <ActionsMenu zone={row.original.name} state={row.original.state} can={can} onAction={(verb) => meta.onAction(row.original, verb)} />;
    },
    meta: { headerClass: 'px-3 py-2.5', cellClass: 'px-2 text-right' },
  }),
];

/** The columns the URL may sort by. */
export const SORTABLE = zoneColumns.flatMap((c) => (c.meta?.sortable && 'accessorKey' in c ? [String(c.accessorKey)] : []));
