// How zone names (and other names people type) sort: case-insensitively, with runs of digits
// compared as numbers (web2 before web10), as ls -v and file managers do. The zone table's
// name column sorts with compareNames; a tie between names that differ only in case is
// broken by the plain code-point order so the order is stable across renders.

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A TanStack sortingFn over a string column. */
export function naturalSortingFn<R extends { getValue: (id: string) => unknown }>(a: R, b: R, columnId: string): number {
  return compareNames(String(a.getValue(columnId) ?? ''), String(b.getValue(columnId) ?? ''));
}

/** Zone states in the order of a zone's life (running first, then on the way up or down, then
 *  the ones at rest, the broken one last but for a bare configuration), for the State column. */
const LIFECYCLE = ['running', 'ready', 'mounted', 'shutting_down', 'down', 'installed', 'incomplete', 'configured'];

export function compareStates(a: string, b: string): number {
  const rank = (s: string) => (LIFECYCLE.indexOf(s) + LIFECYCLE.length + 1) % (LIFECYCLE.length + 1);
  return rank(a) - rank(b) || compareNames(a, b);
}

/** A TanStack sortingFn over the state column. */
export function lifecycleSortingFn<R extends { getValue: (id: string) => unknown }>(a: R, b: R, columnId: string): number {
  return compareStates(String(a.getValue(columnId) ?? ''), String(b.getValue(columnId) ?? ''));
}
