// Parsers of tool output: zoneadm list, zonecfg info/export (zonecfgParse.ts), dladm and
// ipadm. Every parser returns typed objects or throws a ParseError naming the line and what
// was expected; it never guesses. An empty string is an empty list wherever the tool prints
// nothing for "none".
import { DLADM_LINK_FIELDS, DLADM_PHYS_FIELDS, DLADM_VNIC_FIELDS } from './dladm';
import { IPADM_ADDR_FIELDS } from './ipadm';
import { ParseError, outputLines, quoteLine } from './parseError';
import {
  ZONE_STATES,
  type DladmLink,
  type DladmPhys,
  type DladmVnic,
  type IpadmAddr,
  type ZoneListEntry,
  type ZoneListVerboseEntry,
  type ZoneState,
} from './types';

export { ParseError } from './parseError';
export { parseZonecfgExport, parseZonecfgInfo } from './zonecfgParse';
export { parseKstatParsable, parseZfsListUsage } from './kstat';

// ---- zoneadm list ------------------------------------------------------------------------

function zoneId(text: string, what: string, n: number): number | null {
  if (text === '-') return null;
  if (!/^(0|[1-9][0-9]{0,9})$/.test(text)) throw new ParseError(what, n, `zone id must be a number or '-', got ${quoteLine(text)}`);
  return Number(text);
}

function zoneState(text: string, what: string, n: number): ZoneState {
  if (!/^[a-z_]+$/.test(text)) throw new ParseError(what, n, `expected a zone state, got ${quoteLine(text)}`);
  return (ZONE_STATES as readonly string[]).includes(text) ? (text as ZoneState) : 'unknown';
}

function zoneName(text: string, what: string, n: number): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(text)) throw new ParseError(what, n, `expected a zone name, got ${quoteLine(text)}`);
  return text;
}

function listIpType(text: string, what: string, n: number): 'shared' | 'excl' {
  if (text !== 'shared' && text !== 'excl') throw new ParseError(what, n, `ip-type must be shared or excl, got ${quoteLine(text)}`);
  return text;
}

const LIST_P = 'zoneadm list -p';

/**
 * `zoneadm list -p` / `-cp` / `-ip`: zoneid:zonename:state:zonepath:uuid:brand:ip-type[:debugid].
 * Fields are split on ':' not preceded by '\'; only the zonepath can hold one, as '\:'.
 * Fields after the 8th (future additions) are ignored.
 */
export function parseZoneadmList(text: string): ZoneListEntry[] {
  return outputLines(text).map((line, i) => {
    const n = i + 1;
    const fields = line.split(/(?<!\\):/);
    const [id, name, state, zonepath, uuid, brand, ipType, debugid] = fields;
    if (id === undefined || name === undefined || state === undefined || zonepath === undefined ||
        uuid === undefined || brand === undefined || ipType === undefined) {
      throw new ParseError(LIST_P, n, `expected at least 7 ':'-separated fields (zoneid:zonename:state:zonepath:uuid:brand:ip-type[:debugid]), got ${fields.length} in ${quoteLine(line)}`);
    }
    const path = zonepath.replaceAll('\\:', ':');
    if (!path.startsWith('/')) throw new ParseError(LIST_P, n, `zonepath must be absolute, got ${quoteLine(path)}`);
    if (brand === '') throw new ParseError(LIST_P, n, `the brand field is empty in ${quoteLine(line)}`);
    return {
      id: zoneId(id, LIST_P, n),
      name: zoneName(name, LIST_P, n),
      state: zoneState(state, LIST_P, n),
      zonepath: path,
      uuid,
      brand,
      ipType: listIpType(ipType, LIST_P, n),
      debugid: debugid ? debugid : null,
    };
  });
}

const LIST_V = 'zoneadm list -v';
const LIST_V_HEADER = ['ID', 'NAME', 'STATUS', 'PATH', 'BRAND', 'IP'];

/**
 * `zoneadm list -v` / `-cv`. Columns are split on runs of blanks, never by offset: long names
 * and paths push later columns right. A zonepath with blanks cannot be read here; use -p.
 */
export function parseZoneadmListVerbose(text: string): ZoneListVerboseEntry[] {
  const lines = outputLines(text);
  if (lines.length === 0) return [];
  if (words(lines[0] ?? '').join(' ') !== LIST_V_HEADER.join(' ')) {
    throw new ParseError(LIST_V, 1, `expected the header "${LIST_V_HEADER.join(' ')}", got ${quoteLine(lines[0] ?? '')}`);
  }
  return lines.slice(1).map((line, i) => {
    const n = i + 2;
    const cols = words(line);
    const [id, name, state, zonepath, brand, ipType] = cols;
    if (cols.length !== 6 || id === undefined || name === undefined || state === undefined ||
        zonepath === undefined || brand === undefined || ipType === undefined) {
      throw new ParseError(LIST_V, n, `expected 6 columns (${LIST_V_HEADER.join(' ')}), got ${cols.length} in ${quoteLine(line)}`);
    }
    if (!zonepath.startsWith('/')) throw new ParseError(LIST_V, n, `PATH must be absolute, got ${quoteLine(zonepath)}`);
    return {
      id: zoneId(id, LIST_V, n),
      name: zoneName(name, LIST_V, n),
      state: zoneState(state, LIST_V, n),
      zonepath,
      brand,
      ipType: listIpType(ipType, LIST_V, n),
    };
  });
}

function words(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

// ---- dladm / ipadm parsable (-p -o) ------------------------------------------------------

/**
 * `dladm show-* -p -o <fields>` (libofmt): values joined by ':'. With more than one field,
 * ':' and '\' inside values are escaped as '\:' and '\\'; with one field nothing is, and a
 * line is the whole value (an empty line is an empty value). Rows are keyed by the field
 * names as given, in lower case.
 */
export function parseDladmParsable(text: string, fields: readonly string[], what = 'dladm -p'): Record<string, string>[] {
  if (fields.length === 0 || fields.some((f) => !/^[A-Za-z]+$/.test(f))) {
    throw new Error(`parseDladmParsable needs the field names given to -o, got ${JSON.stringify(fields)}`);
  }
  const keys = fields.map((f) => f.toLowerCase());
  return outputLines(text).map((line, i) => {
    const values = keys.length === 1 ? [line] : splitEscaped(line, i + 1, what);
    if (values.length !== keys.length) {
      throw new ParseError(what, i + 1, `expected ${keys.length} ':'-separated fields (${keys.join(':')}), got ${values.length} in ${quoteLine(line)}`);
    }
    return Object.fromEntries(keys.map((k, j) => [k, values[j] ?? '']));
  });
}

function splitEscaped(line: string, n: number, what: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\') {
      const next = line[i + 1];
      if (next !== ':' && next !== '\\') {
        throw new ParseError(what, n, `a '\\' at column ${i + 1} is not followed by ':' or '\\'`);
      }
      cur += next;
      i++;
    } else if (ch === ':') {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

function int(value: string, field: string, what: string, n: number): number {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(value)) throw new ParseError(what, n, `${field} must be a whole number, got ${quoteLine(value)}`);
  return Number(value);
}

/** `dladm show-link -p -o link,class,mtu,state,bridge,over` (the DLADM_LINK_FIELDS). */
export function parseDladmShowLink(text: string): DladmLink[] {
  const what = 'dladm show-link -p';
  return parseDladmParsable(text, DLADM_LINK_FIELDS, what).map((r, i) => ({
    link: r.link ?? '',
    class: r.class ?? '',
    mtu: int(r.mtu ?? '', 'mtu', what, i + 1),
    state: r.state ?? '',
    bridge: r.bridge ?? '',
    over: r.over ?? '',
  }));
}

/** `dladm show-phys -p -o link,media,state,speed,duplex,device` (the DLADM_PHYS_FIELDS). */
export function parseDladmShowPhys(text: string): DladmPhys[] {
  const what = 'dladm show-phys -p';
  return parseDladmParsable(text, DLADM_PHYS_FIELDS, what).map((r, i) => ({
    link: r.link ?? '',
    media: r.media ?? '',
    state: r.state ?? '',
    speed: int(r.speed ?? '', 'speed', what, i + 1),
    duplex: r.duplex ?? '',
    device: r.device ?? '',
  }));
}

/** `dladm show-vnic -p -o link,over,speed,macaddress,macaddrtype,vid,zone` (the DLADM_VNIC_FIELDS). */
export function parseDladmShowVnic(text: string): DladmVnic[] {
  const what = 'dladm show-vnic -p';
  return parseDladmParsable(text, DLADM_VNIC_FIELDS, what).map((r, i) => ({
    link: r.link ?? '',
    over: r.over ?? '',
    speed: int(r.speed ?? '', 'speed', what, i + 1),
    macaddress: r.macaddress ?? '',
    macaddrtype: r.macaddrtype ?? '',
    vid: int(r.vid ?? '', 'vid', what, i + 1),
    zone: r.zone ?? '',
  }));
}

// ---- human (libofmt) tables --------------------------------------------------------------

/**
 * The human output of dladm (and ipadm, same libofmt): a header of upper-case column names,
 * rows split on runs of blanks (values never contain blanks; a value too wide for its column
 * pushes the rest right), `--` for an empty value. The header is printed again every 23 rows
 * when stdout is not a tty; those repeats are skipped. A line that starts with blanks carries
 * on a wrapped comma list in the last column (show-linkprop's POSSIBLE).
 */
export function parseDladmTable(text: string, what = 'dladm'): Record<string, string>[] {
  return ofmtRows(text, what).map((r) => r.row);
}

function ofmtRows(text: string, what: string): { line: number; row: Record<string, string> }[] {
  const lines = outputLines(text);
  if (lines.length === 0) return [];
  const header = lines[0] ?? '';
  if (!/^[A-Z][A-Z0-9_]*( +[A-Z][A-Z0-9_]*)* *$/.test(header)) {
    throw new ParseError(what, 1, `expected a header of upper-case column names, got ${quoteLine(header)}`);
  }
  const columns = words(header);
  const last = (columns.at(-1) ?? '').toLowerCase();
  const rows: { line: number; row: Record<string, string> }[] = [];
  lines.slice(1).forEach((line, i) => {
    const n = i + 2;
    const cols = words(line);
    if (cols.join(' ') === columns.join(' ')) return;
    const previous = rows.at(-1)?.row;
    if (/^\s/.test(line) && cols.length === 1 && previous?.[last]?.endsWith(',')) {
      previous[last] += cols[0] ?? '';
      return;
    }
    if (cols.length !== columns.length) {
      throw new ParseError(what, n, `expected ${columns.length} columns (${columns.join(' ')}), got ${cols.length} in ${quoteLine(line)}`);
    }
    rows.push({ line: n, row: Object.fromEntries(columns.map((c, j) => [c.toLowerCase(), cols[j] === '--' ? '' : cols[j] ?? ''])) });
  });
  return rows;
}

// ---- ipadm show-addr ---------------------------------------------------------------------

/**
 * `ipadm show-addr`, in either of its forms, told apart by the first line (like the other
 * parsers here, the caller does not say which):
 * - the human table (the default): a header "ADDROBJ TYPE STATE ADDR" of upper-case names,
 *   which holds no ':';
 * - the parsable form, `ipadm show-addr -p -o addrobj,type,state,addr`: every line has ':'
 *   between its four fields (and '\:' inside an IPv6 address).
 * A first line without ':' is read as a table and must be that header; anything else with
 * ':' must have the four fields. Empty output is no addresses.
 */
export function parseIpadmShowAddr(text: string): IpadmAddr[] {
  const first = outputLines(text)[0];
  if (first === undefined) return [];
  const human = !first.includes(':');
  const what = human ? 'ipadm show-addr' : 'ipadm show-addr -p';
  if (human) {
    const header = words(first);
    if (header.join(',') !== IPADM_ADDR_FIELDS.join(',').toUpperCase()) {
      throw new ParseError(what, 1, `expected the header "ADDROBJ TYPE STATE ADDR" or ':'-separated fields, got ${quoteLine(first)}`);
    }
  }
  const rows = human
    ? ofmtRows(text, what)
    : parseDladmParsable(text, IPADM_ADDR_FIELDS, what).map((row, i) => ({ line: i + 1, row }));
  return rows.map(({ line: n, row: r }) => {
    const addrobj = r.addrobj ?? '';
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(addrobj);
    if (!m?.[1] || !m[2]) throw new ParseError(what, n, `expected an address object <interface>/<tag>, got ${quoteLine(addrobj)}`);
    const type = r.type ?? '';
    const state = r.state ?? '';
    if (type === '' || state === '') throw new ParseError(what, n, `TYPE and STATE must not be empty`);
    return { addrobj, interface: m[1], tag: m[2], type, state, addr: r.addr ?? '' };
  });
}

// ---- files and commands read back from inside a zone ------------------------------------

/** The gateway of `route -n get default` (`    gateway: 192.168.5.1`), or null when there is none. */
export function parseRouteGetGateway(text: string): string | null {
  return /^\s*gateway:\s*(\S+)/m.exec(text)?.[1] ?? null;
}

/** resolv.conf's nameservers and search list (`search` or `domain`). */
export function parseResolvConf(text: string): { nameservers: string[]; search: string[] } {
  const lines = text.split('\n').map((l) => l.trim().split(/\s+/));
  return {
    nameservers: lines.filter((w) => w[0] === 'nameserver').map((w) => w[1] ?? ''),
    search: lines.find((w) => w[0] === 'search' || w[0] === 'domain')?.slice(1) ?? [],
  };
}

/** nsswitch.conf's `hosts:` line as written and its sources, or null when it has none. */
export function parseNsswitchHosts(text: string): { line: string; sources: string[] } | null {
  const line = text.split('\n').find((l) => /^hosts:/.test(l));
  if (line === undefined) return null;
  return { line, sources: line.replace(/^hosts:/, '').trim().split(/\s+/) };
}

/** What `hostname` printed: the name on its first line, blanks around it dropped. */
export function parseHostnameOutput(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

/** The keys of an authorized_keys file: one per non-blank line that is not a comment, trimmed. */
export function parseAuthorizedKeys(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}
