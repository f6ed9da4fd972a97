// Property values as `zfs list` and `zfs get` print them (zfs_prop_get() in libzfs): sizes
// through zfs_nicenum() unless -p, creation as strftime's date unless -p, '-' where a property
// does not apply to the dataset's type, user properties (names with a colon) as stored.
import { availFor, creationText, nicenum, type SimDataset } from './zfs-model';
import { isUserProp } from './zfs-common';

/** native properties the simulator knows, with the column header zfs_prop_column_name() gives */
export const NATIVE_PROPS: Record<string, { header: string; right?: boolean; types: 'all' | 'fs' }> = {
  name: { header: 'NAME', types: 'all' },
  type: { header: 'TYPE', types: 'all' },
  creation: { header: 'CREATION', types: 'all' },
  used: { header: 'USED', right: true, types: 'all' },
  available: { header: 'AVAIL', right: true, types: 'fs' },
  avail: { header: 'AVAIL', right: true, types: 'fs' },
  referenced: { header: 'REFER', right: true, types: 'all' },
  refer: { header: 'REFER', right: true, types: 'all' },
  compressratio: { header: 'RATIO', right: true, types: 'all' },
  mounted: { header: 'MOUNTED', types: 'fs' },
  origin: { header: 'ORIGIN', types: 'fs' },
  quota: { header: 'QUOTA', right: true, types: 'fs' },
  reservation: { header: 'RESERV', right: true, types: 'fs' },
  mountpoint: { header: 'MOUNTPOINT', types: 'fs' },
  zoned: { header: 'ZONED', types: 'fs' },
};

/** the canonical name of an alias (avail → available, refer → referenced) */
export function canonicalProp(p: string): string {
  return p === 'avail' ? 'available' : p === 'refer' ? 'referenced' : p;
}

export function knownProp(p: string): boolean {
  return Object.hasOwn(NATIVE_PROPS, p) || isUserProp(p);
}

export function propHeader(p: string): string {
  return NATIVE_PROPS[p]?.header ?? p.toUpperCase();
}

export function rightAligned(p: string): boolean {
  return NATIVE_PROPS[p]?.right === true;
}

/** The value of a property, or null when it does not apply (zfs_prop_get() fails: '-'). */
export function propValue(d: SimDataset, all: SimDataset[], prop: string, literal: boolean): string | null {
  const num = (n: number) => (literal ? String(n) : nicenum(n));
  const fsOnly = NATIVE_PROPS[prop]?.types === 'fs';
  if (fsOnly && d.type === 'snapshot') return null;
  switch (canonicalProp(prop)) {
    case 'name':
      return d.name;
    case 'type':
      return d.type;
    case 'creation':
      return literal ? String(d.creation) : creationText(d.creation);
    case 'used':
      return num(d.used);
    case 'available':
      return num(availFor(d, all));
    case 'referenced':
      return num(d.refer);
    case 'compressratio':
      return literal ? '1.00' : '1.00x';
    case 'mounted':
      return d.mountpoint === 'legacy' ? (d.busy ? 'yes' : 'no') : 'yes';
    case 'origin':
      return d.origin || null;
    case 'quota':
      return d.quota === 0 ? (literal ? '0' : 'none') : num(d.quota);
    case 'reservation':
      return literal ? '0' : 'none';
    case 'mountpoint':
      return d.mountpoint;
    case 'zoned':
      return d.name.endsWith('/ROOT') || d.name.includes('/ROOT/') ? (d.name.startsWith('rpool/zones/') ? 'on' : 'off') : 'off';
    default:
      return Object.hasOwn(d.user, prop) ? d.user[prop]! : null;
  }
}
