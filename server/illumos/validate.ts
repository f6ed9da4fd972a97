// Validators for every value that can reach an illumos tool. Each implements the tool's own
// rule (REFERENCE.md section noted) and says, in words a person understands, what is wrong
// and what is allowed. The argv builders call them again, so nothing unvalidated reaches an
// argv; the zod schemas at the end wrap the same functions for tRPC inputs.
import { z } from 'zod';

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

/** Thrown by the argv builders and the zonecfg writer when an input is refused. */
export class ValidationError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'ValidationError';
    this.field = field;
  }
}

/** The value of a passed validation, or a ValidationError naming the field. */
export function mustBe<T>(field: string, result: Validation<T>): T {
  if (!result.ok) throw new ValidationError(field, result.message);
  return result.value;
}

const pass = <T>(value: T): Validation<T> => ({ ok: true, value });
const fail = (message: string): Validation<never> => ({ ok: false, message });

// ---- message helpers ----------------------------------------------------------------------

/** A hostile value quoted for a message: shortened, control characters escaped. */
function show(value: string): string {
  const chars = Array.from(value);
  return JSON.stringify(chars.length > 40 ? chars.slice(0, 40).join('') + '…' : value);
}

function hex(cp: number): string {
  return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (ch === ' ') return 'a space';
  if (ch === '\n') return 'a newline';
  if (ch === '\r') return 'a carriage return';
  if (ch === '\t') return 'a tab';
  if (cp === 0) return 'a NUL byte';
  if (cp < 0x20 || cp === 0x7f) return `the control character ${hex(cp)}`;
  if (cp > 0x7e) return `'${ch}' (${hex(cp)}: not plain ASCII, so a look-alike of an allowed character is refused too)`;
  return `'${ch}'`;
}

/** The first character of `value` that `allowed` (a one-character test) rejects. */
function firstBadChar(value: string, allowed: RegExp): string | null {
  for (const ch of value) if (!allowed.test(ch)) return ch;
  return null;
}

/** "A zone name", "An IP address": for the messages that start with the thing itself. */
function article(what: string): string {
  return `${/^[AEIOUaeiou]/.test(what) ? 'An' : 'A'} ${what}`;
}

/** Common front door: a string, not empty (unless allowed), not absurdly long. */
function basic(what: string, value: unknown, max: number, allowEmpty = false): Validation<string> {
  if (typeof value !== 'string') return fail(`${what} must be a string`);
  if (value === '' && !allowEmpty) return fail(`${what} cannot be empty`);
  if (value.length > max) {
    return fail(`${what} is ${value.length} characters long; at most ${max} are allowed`);
  }
  return pass(value);
}

// ---- zone names (§4) ---------------------------------------------------------------------

export const ZONENAME_MAX_CHARS = 63;

export function validateZoneName(value: unknown): Validation<string> {
  const b = basic('A zone name', value, ZONENAME_MAX_CHARS);
  if (!b.ok) return b;
  const v = b.value;
  const first = v[0] ?? '';
  if (!/[A-Za-z0-9]/.test(first)) {
    return fail(`Zone name ${show(v)} must start with a letter or a digit, not ${describeChar(first)}`);
  }
  const bad = firstBadChar(v, /[A-Za-z0-9_.-]/);
  if (bad !== null) {
    return fail(`Zone name ${show(v)} contains ${describeChar(bad)}; only letters, digits, '_', '.' and '-' are allowed`);
  }
  if (v === 'global') return fail(`"global" is the reserved name of the global zone; choose another name`);
  if (v.startsWith('SUNW')) return fail(`Zone name ${show(v)} starts with "SUNW", which is reserved for the system`);
  return pass(v);
}

// ---- datalink names (§7.2) ----------------------------------------------------------------

export const LINKNAME_MAX_CHARS = 31;

/**
 * dladm's link-name rule, as libdladm's dladm_valid_linkname (usr/src/lib/libdladm/common/
 * libdladm.c) applies it: shorter than MAXLINKNAMELEN (32, with the NUL); not starting with a
 * digit; only letters, digits, '_' and '.'; ending in a number; and (current libdladm) that
 * number, when it has more than one digit, not starting with 0 (`web0`, `web10` pass, `web01`
 * does not). Older libdladm had no '.' and no leading-zero rule: this is the stricter one.
 */
export function validateLinkName(value: unknown, what = 'Link name'): Validation<string> {
  const b = basic(`A ${what.toLowerCase()}`, value, LINKNAME_MAX_CHARS);
  if (!b.ok) return b;
  const v = b.value;
  const bad = firstBadChar(v, /[A-Za-z0-9_.]/);
  if (bad !== null) {
    return fail(`${what} ${show(v)} contains ${describeChar(bad)}; only letters, digits, '_' and '.' are allowed (no '-')`);
  }
  if (/^[0-9]/.test(v)) return fail(`${what} ${show(v)} must not start with a digit`);
  const digits = /[0-9]+$/.exec(v)?.[0];
  if (digits === undefined) {
    return fail(`${what} ${show(v)} must end in a number, e.g. ${show(v + '0')}`);
  }
  if (digits.length > 1 && digits.startsWith('0')) {
    const stem = v.slice(0, -digits.length);
    return fail(`${what} ${show(v)} ends in "${digits}", a number with a leading zero; the final number must be 0 or start with 1-9, e.g. "${stem}0" or "${stem}10"`);
  }
  return pass(v);
}

// ---- paths (§3.4) ------------------------------------------------------------------------

/** MAXPATHLEN is 1024 with the NUL. */
const PATH_MAX_CHARS = 1023;

/**
 * An absolute path the tools can carry everywhere it goes: zonecfg export prints zonepath
 * unquoted, `zoneadm list -v` splits on blanks and the zonepath becomes a ZFS dataset, so
 * each component is limited to what ZFS names allow, minus the space. Repeated and trailing
 * slashes are removed as zonecfg does.
 */
export function validateAbsolutePath(value: unknown, what = 'Path'): Validation<string> {
  const b = basic(`A ${what.toLowerCase()}`, value, PATH_MAX_CHARS);
  if (!b.ok) return b;
  const v = b.value;
  if (!v.startsWith('/')) return fail(`${what} ${show(v)} is not an absolute path; it must start with '/'`);
  const bad = firstBadChar(v, /[A-Za-z0-9_.:\/-]/);
  if (bad !== null) {
    return fail(`${what} ${show(v)} contains ${describeChar(bad)}; only letters, digits, '/', '_', '.', ':' and '-' are allowed`);
  }
  const normal = v.replace(/\/+/g, '/').replace(/\/$/, '');
  if (normal === '') return fail(`/ is not allowed as a ${what.toLowerCase()}`);
  if (normal.split('/').some((c) => c === '.' || c === '..')) {
    return fail(`${what} ${show(v)} contains a '.' or '..' component; give the path without them`);
  }
  return pass(normal);
}

export function validateZonepath(value: unknown): Validation<string> {
  return validateAbsolutePath(value, 'Zonepath');
}

// ---- brands (§5) -------------------------------------------------------------------------

export type Distro = 'omnios' | 'smartos' | 'openindiana';

export const BRANDS: Readonly<Record<Distro, readonly string[]>> = {
  omnios: ['ipkg', 'lipkg', 'sparse', 'pkgsrc', 'illumos', 'lx', 'bhyve', 'kvm', 'emu'],
  smartos: ['joyent', 'joyent-minimal', 'lx', 'bhyve', 'kvm'],
  openindiana: ['ipkg', 'nlipkg'],
};

const DISTRO_NAMES: Record<Distro, string> = { omnios: 'OmniOS', smartos: 'SmartOS', openindiana: 'OpenIndiana' };

/** A brand offered on the given distribution. */
export function validateBrand(value: unknown, distro: Distro): Validation<string> {
  const b = validateBrandName(value);
  if (!b.ok) return b;
  const known = BRANDS[distro];
  if (!known.includes(b.value)) {
    return fail(`Brand ${show(b.value)} is not available on ${DISTRO_NAMES[distro]}; choose one of: ${known.join(', ')}`);
  }
  return pass(b.value);
}

/** The shape of a brand name (a directory under /usr/lib/brand), whatever the distribution. */
export function validateBrandName(value: unknown): Validation<string> {
  const b = basic('A brand', value, 63);
  if (!b.ok) return b;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(b.value)) {
    return fail(`Brand ${show(b.value)} is not a brand name; brand names are lower-case letters, digits, '_' and '-'`);
  }
  return pass(b.value);
}

// ---- IP addresses ------------------------------------------------------------------------

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  // No leading zeros: some parsers read them as octal.
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(s)) return false;
  let body = s;
  let groups = 8;
  const v4 = /(?:^|:)([0-9.]+)$/.exec(s);
  if (s.includes('.')) {
    if (!v4?.[1] || !isIPv4(v4[1])) return false;
    body = s.slice(0, s.length - v4[1].length);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
    groups = 6;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const split = (part: string | undefined) => (part ? part.split(':') : []);
  const all = [...split(halves[0]), ...split(halves[1])];
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? all.length < groups : all.length === groups;
}

type Family = 4 | 6;

function ipFamily(s: string): Family | null {
  if (isIPv4(s)) return 4;
  if (isIPv6(s)) return 6;
  return null;
}

const IP_TEXT_MAX = 64;

function validateIp(value: unknown, what: string, families: Family[]): Validation<string> {
  const b = basic(article(what), value, IP_TEXT_MAX);
  if (!b.ok) return b;
  const v = b.value;
  if (v.includes('/')) return fail(`${what} ${show(v)} must be a plain address without a /prefix`);
  const family = ipFamily(v);
  if (family === null || !families.includes(family)) {
    const kinds = families.map((f) => (f === 4 ? 'an IPv4 address like 192.0.2.10' : 'an IPv6 address like 2001:db8::10')).join(' or ');
    return fail(`${what} ${show(v)} is not valid; give ${kinds}`);
  }
  return pass(v);
}

export const validateIPv4 = (value: unknown) => validateIp(value, 'IPv4 address', [4]);
export const validateIPv6 = (value: unknown) => validateIp(value, 'IPv6 address', [6]);
export const validateIpAddress = (value: unknown) => validateIp(value, 'IP address', [4, 6]);
/** A nameserver line of resolv.conf. */
export const validateDnsServer = (value: unknown) => validateIp(value, 'DNS server address', [4, 6]);

function validatePrefixed(value: unknown, what: string, families: Family[], prefixRequired: Record<Family, boolean>): Validation<string> {
  const b = basic(article(what), value, IP_TEXT_MAX);
  if (!b.ok) return b;
  const v = b.value;
  const slash = v.indexOf('/');
  const addr = slash === -1 ? v : v.slice(0, slash);
  const family = ipFamily(addr);
  if (family === null || !families.includes(family)) {
    const kinds = families.map((f) => (f === 4 ? '192.0.2.10/24' : '2001:db8::10/64')).join(' or ');
    return fail(`${what} ${show(v)} is not valid; give an address with a prefix length, e.g. ${kinds}`);
  }
  const max = family === 4 ? 32 : 128;
  if (slash === -1) {
    if (!prefixRequired[family]) return pass(v);
    return fail(family === 6
      ? `${what} ${show(v)}: IPv6 addresses require a /prefix-length suffix, e.g. ${v}/64`
      : `${what} ${show(v)} needs a /prefix-length suffix, e.g. ${v}/24`);
  }
  const prefix = v.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefix) || Number(prefix) > max) {
    return fail(`${what} ${show(v)} has prefix length ${show(prefix)}; it must be a number from 0 to ${max}`);
  }
  return pass(v);
}

const ALWAYS = { 4: true, 6: true } as const;

export const validateIPv4Cidr = (value: unknown) => validatePrefixed(value, 'IPv4 address/prefix', [4], ALWAYS);
export const validateIPv6Cidr = (value: unknown) => validatePrefixed(value, 'IPv6 address/prefix', [6], ALWAYS);
/** address/prefix of either family, as `ipadm create-addr -T static -a` takes it. */
export const validateCidr = (value: unknown) => validatePrefixed(value, 'address/prefix', [4, 6], ALWAYS);

/**
 * zonecfg net `address` / `allowed-address` (§3.5): IPv4 with an optional /0-32, IPv6 only
 * with a /prefix. zonecfg would also take a host name for `address`; the dashboard does not
 * offer that, because the zone would then depend on name service at boot.
 */
export const validateZonecfgNetAddress = (value: unknown) =>
  validatePrefixed(value, 'network address', [4, 6], { 4: false, 6: true });

/** zonecfg net `defrouter`: a plain address (zonecfg ignores a prefix with a warning; refuse it instead). */
export const validateDefrouter = (value: unknown) => validateIp(value, 'default router', [4, 6]);

// ---- host and domain names ---------------------------------------------------------------

function validateDnsName(value: unknown, what: string): Validation<string> {
  const b = basic(`A ${what.toLowerCase()}`, value, 253);
  if (!b.ok) return b;
  const v = b.value;
  const bad = firstBadChar(v, /[A-Za-z0-9.-]/);
  if (bad !== null) {
    return fail(`${what} ${show(v)} contains ${describeChar(bad)}; only letters, digits, '-' and '.' are allowed`);
  }
  for (const label of v.split('.')) {
    if (label === '') return fail(`${what} ${show(v)} has an empty label (a leading, trailing or doubled '.')`);
    if (label.length > 63) return fail(`${what} ${show(v)} has a label longer than 63 characters`);
    if (label.startsWith('-') || label.endsWith('-')) {
      return fail(`${what} ${show(v)}: a label must not start or end with '-' (${show(label)})`);
    }
  }
  if (isIPv4(v)) return fail(`${what} ${show(v)} is an IP address, not a name`);
  return pass(v);
}

/** RFC 1123 host name (one or more labels). */
export const validateHostname = (value: unknown) => validateDnsName(value, 'Host name');
/** A `search` domain of resolv.conf. */
export const validateDomainName = (value: unknown) => validateDnsName(value, 'Domain name');

// ---- link-level values (§7) --------------------------------------------------------------

export function validateVlanId(value: unknown): Validation<number> {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[1-9][0-9]{0,3}$/.test(text) || Number(text) > 4094) {
    const shown = typeof text === 'string' ? show(text) : String(text);
    return fail(`VLAN id ${shown} is not valid; it must be a whole number from 1 to 4094`);
  }
  return pass(Number(text));
}

/** A unicast MAC address, returned as dladm prints it (lower case, no zero padding). */
export function validateMacAddress(value: unknown): Validation<string> {
  const b = basic('A MAC address', value, 17);
  if (!b.ok) return b;
  const v = b.value;
  const octets = v.split(':');
  if (octets.length !== 6 || !octets.every((o) => /^[0-9A-Fa-f]{1,2}$/.test(o))) {
    return fail(`MAC address ${show(v)} is not valid; give six hex octets separated by ':', e.g. 2:8:20:5f:84:ff`);
  }
  const bytes = octets.map((o) => parseInt(o, 16));
  if (((bytes[0] ?? 0) & 1) === 1) {
    return fail(`MAC address ${show(v)} is a multicast address; a VNIC needs a unicast one (first octet even)`);
  }
  if (bytes.every((x) => x === 0)) return fail(`MAC address ${show(v)} is all zeros`);
  return pass(bytes.map((x) => x.toString(16)).join(':'));
}

// ---- zonecfg values (§3.2, §3.4) ---------------------------------------------------------

/**
 * What the zonecfg lexer can carry inside double quotes: it has no escape character, so
 * never a '"'; a newline ends the command; control characters and non-ASCII are refused
 * because the tools run with LC_ALL=C.
 */
export function validateZonecfgValue(value: unknown, what = 'Value', max = 1024): Validation<string> {
  const b = basic(`A ${what.toLowerCase()}`, value, max, true);
  if (!b.ok) return b;
  const bad = firstBadChar(b.value, /[\x20-\x21\x23-\x7e]/);
  if (bad !== null) {
    const why = bad === '"'
      ? 'zonecfg has no way to escape a double quote'
      : 'zonecfg reads one command per line and only printable ASCII is carried';
    return fail(`${what} ${show(b.value)} contains ${describeChar(bad)}; ${why}`);
  }
  return pass(b.value);
}

/** Memory size as zonecfg takes it: a number with a K, M, G or T suffix ("512M", "1.5G"). */
export function validateMemorySize(value: unknown): Validation<string> {
  const b = basic('A memory size', value, 24);
  if (!b.ok) return b;
  const m = /^([0-9]+(?:\.[0-9]+)?)([KMGTkmgt])$/.exec(b.value);
  if (!m?.[1] || !m[2] || Number(m[1]) <= 0) {
    return fail(`Memory size ${show(b.value)} is not valid; give a positive number with a K, M, G or T suffix, e.g. 512M or 2G`);
  }
  return pass(m[1] + m[2].toUpperCase());
}

/** zonecfg hostid: hex, 0 to FFFFFFFE, optional 0x. */
export function validateHostid(value: unknown): Validation<string> {
  const b = basic('A hostid', value, 10);
  if (!b.ok) return b;
  const m = /^(?:0[xX])?([0-9A-Fa-f]{1,8})$/.exec(b.value);
  if (!m?.[1] || parseInt(m[1], 16) > 0xfffffffe) {
    return fail(`hostid ${show(b.value)} is not valid; give a hexadecimal number from 0 to FFFFFFFE (0x optional)`);
  }
  return pass(b.value);
}

/** attr resource name (§3.5): alphanumeric start, then [A-Za-z0-9_.-]; `zone*` is reserved. */
export function validateAttrName(value: unknown): Validation<string> {
  const b = basic('An attr name', value, 255);
  if (!b.ok) return b;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(b.value)) {
    return fail(`attr name ${show(b.value)} must start with a letter or digit and contain only letters, digits, '_', '.' and '-'`);
  }
  if (b.value.startsWith('zone')) return fail(`attr names starting with "zone" are reserved (${show(b.value)})`);
  return pass(b.value);
}

export function validateRctlName(value: unknown): Validation<string> {
  const b = basic('An rctl name', value, 255);
  if (!b.ok) return b;
  if (!/^zone\.[a-z0-9][a-z0-9-]*$/.test(b.value)) {
    return fail(`rctl name ${show(b.value)} is not a zone resource control; zone rctls look like zone.max-lwps`);
  }
  return pass(b.value);
}

/**
 * An fs resource's `dir` or `special` (§3.5): an absolute path, and anything zonecfg's lexer
 * carries inside double quotes, spaces included (`set dir="/data/my files"`): the command-file
 * writer always quotes resource properties, and export prints them quoted.
 */
export function validateMountPath(value: unknown, what = 'Mount path'): Validation<string> {
  const b = validateZonecfgValue(value, what, PATH_MAX_CHARS);
  if (!b.ok) return b;
  const v = b.value;
  if (v === '') return fail(`${what} cannot be empty`);
  if (!v.startsWith('/')) return fail(`${what} ${show(v)} is not an absolute path; it must start with '/'`);
  if (v.split('/').some((c) => c === '..')) return fail(`${what} ${show(v)} must not contain '..'`);
  return pass(v.length > 1 ? v.replace(/\/+/g, '/').replace(/\/$/, '') : v);
}

/**
 * fs `type`: zonecfg.c's valid_fs_type (a path component of /usr/lib/fs/<type>/mount: no '/',
 * not '.' or '..', shorter than MAXNAMELEN) and libzonecfg's zonecfg_valid_fs_type, which
 * zoneadm verify applies (proc, mntfs, autofs, nfs* and cachefs cannot be zone mounts).
 */
export function validateFsType(value: unknown): Validation<string> {
  const b = basic('A file system type', value, 255);
  if (!b.ok) return b;
  const v = b.value;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(v)) {
    return fail(`File system type ${show(v)} is not valid; give a type such as lofs, zfs, ufs, tmpfs or hsfs`);
  }
  if (['proc', 'mntfs', 'autofs', 'cachefs'].includes(v) || v.startsWith('nfs')) {
    return fail(`File system type ${v} cannot be mounted into a zone from its configuration (zoneadm refuses proc, mntfs, autofs, nfs and cachefs)`);
  }
  return pass(v);
}

/** One fs `options` item: a mount option word (ro, nodevices, size=512m, uid=100), no list separators. */
export function validateFsOption(value: unknown): Validation<string> {
  const b = basic('A mount option', value, 256);
  if (!b.ok) return b;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.+-]*(=[A-Za-z0-9_.+:\/@%-]+)?$/.test(b.value)) {
    return fail(`Mount option ${show(b.value)} is not valid; give one option word such as ro, nodevices or size=512m`);
  }
  return pass(b.value);
}

/**
 * limitpriv (§3.5): a comma list that priv_str_to_set reads: privilege names (lower case
 * and '_', e.g. dtrace_proc, proc_clock_highres) or the sets default, zone, basic, all, none,
 * each optionally negated with '!' (`default,!file_link_any`).
 */
export function validateLimitpriv(value: unknown): Validation<string> {
  const b = basic('A privilege limit', value, 1024);
  if (!b.ok) return b;
  const items = b.value.split(',');
  const bad = items.find((i) => !/^!?[a-z][a-z_]*$/.test(i));
  if (bad !== undefined) {
    return fail(`Privilege limit ${show(b.value)}: ${show(bad)} is not a privilege; give a comma list such as default,dtrace_proc or default,!file_link_any`);
  }
  return pass(b.value);
}

/** scheduling-class: a class priocntl knows (zonecfg checks it at verify). */
export const SCHEDULING_CLASSES = ['FSS', 'TS', 'IA', 'FX', 'RT', 'SDC'] as const;

export function validateSchedulingClass(value: unknown): Validation<string> {
  const b = basic('A scheduling class', value, 16);
  if (!b.ok) return b;
  if (!(SCHEDULING_CLASSES as readonly string[]).includes(b.value)) {
    return fail(`Scheduling class ${show(b.value)} is not one of ${SCHEDULING_CLASSES.join(', ')}`);
  }
  return pass(b.value);
}

/** fs-allowed: a comma list of file system types the zone may mount itself. */
export function validateFsAllowed(value: unknown): Validation<string> {
  const b = basic('An fs-allowed list', value, 1024);
  if (!b.ok) return b;
  const bad = b.value.split(',').find((t) => !/^-?[a-z0-9][a-z0-9_-]*$/.test(t));
  if (bad !== undefined) return fail(`fs-allowed ${show(b.value)}: ${show(bad)} is not a file system type`);
  return pass(b.value);
}

/** capped-cpu ncpus: a positive number of CPUs with at most two decimals (zonecfg keeps hundredths). */
export function validateCpuCap(value: unknown): Validation<string> {
  const b = basic('A CPU cap', value, 16);
  if (!b.ok) return b;
  if (!/^[0-9]{1,4}(\.[0-9]{1,2})?$/.test(b.value) || Number(b.value) <= 0) {
    return fail(`Capped CPU must be a positive number of CPUs with at most two decimals, e.g. 1.5; not ${show(b.value)}`);
  }
  return pass(b.value);
}

/** dedicated-cpu ncpus: a number of CPUs or a range `min-max` with min <= max. */
export function validateDedicatedCpus(value: unknown): Validation<string> {
  const b = basic('A dedicated CPU count', value, 16);
  if (!b.ok) return b;
  const m = /^([1-9][0-9]*)(?:-([1-9][0-9]*))?$/.exec(b.value);
  if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) {
    return fail(`Dedicated CPUs ${show(b.value)} must be a number of CPUs or a range such as 1-4 (low to high)`);
  }
  return pass(b.value);
}

/** A whole number within bounds (rctl aliases: cpu-shares, max-processes, max-lwps...). */
export function validateWholeNumber(value: unknown, what: string, min: number, max: number): Validation<string> {
  const b = basic(article(what), value, 20);
  if (!b.ok) return b;
  if (!/^[0-9]+$/.test(b.value) || Number(b.value) < min || Number(b.value) > max) {
    return fail(`${what} must be a whole number from ${min} to ${max}, not ${show(b.value)}`);
  }
  return pass(String(Number(b.value)));
}

/**
 * One rctl value (§3.5) as libzonecfg's zonecfg_construct_rctlblk reads it: priv basic or
 * privileged (a zone cannot set system), limit a whole number (strtoull), action none, deny
 * or signal=NAME.
 */
export function validateRctlValue(value: { priv: unknown; limit: unknown; action: unknown }): Validation<{ priv: string; limit: string; action: string }> {
  const { priv, limit, action } = value;
  if (priv !== 'basic' && priv !== 'privileged') return fail(`rctl priv ${show(String(priv))} must be basic or privileged`);
  if (typeof limit !== 'string' || !/^[0-9]{1,20}$/.test(limit) || BigInt(limit) > 18446744073709551615n) {
    return fail(`rctl limit ${show(String(limit))} must be a whole number`);
  }
  if (typeof action !== 'string' || !/^(none|deny|signal=(SIG)?[A-Z0-9]+|signal=[0-9]{1,2})$/.test(action)) {
    return fail(`rctl action ${show(String(action))} must be none, deny or signal=NAME (e.g. signal=SIGTERM)`);
  }
  return pass({ priv, limit, action });
}

/** A delegated ZFS dataset (§3.5 dataset name): pool/path, no snapshot, each component ZFS's characters. */
export function validateDatasetName(value: unknown): Validation<string> {
  const b = basic('A dataset name', value, 255);
  if (!b.ok) return b;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)+$/.test(b.value)) {
    return fail(`Dataset ${show(b.value)} is not a ZFS file system name; give pool/path, e.g. rpool/delegated/web01, using letters, digits, '_', '.', ':' and '-'`);
  }
  return pass(b.value);
}

/**
 * Resources that zonecfg refuses together in one configuration (zonecfg.c's add_resource and
 * verify): capped-cpu (or its zone.cpu-cap rctl) with dedicated-cpu, a pool with
 * dedicated-cpu; a second capped-cpu,
 * capped-memory or dedicated-cpu cannot happen here (one field each). Returns the conflict in
 * words, or null.
 */
export function zonecfgConflict(config: { cappedCpu?: unknown; dedicatedCpu?: unknown; pool?: string; rctl?: readonly { name: string }[] }): string | null {
  const cpuCap = config.cappedCpu !== undefined || (config.rctl ?? []).some((r) => r.name === 'zone.cpu-cap');
  if (cpuCap && config.dedicatedCpu !== undefined) {
    return 'a CPU cap (capped-cpu) cannot be used with dedicated CPUs (dedicated-cpu): zonecfg refuses the pair; remove one of them';
  }
  if (config.pool && config.dedicatedCpu !== undefined) {
    return `a persistent pool (${config.pool}) is incompatible with dedicated CPUs (dedicated-cpu): zonecfg refuses the pair; remove one of them`;
  }
  return null;
}

// ---- argv words --------------------------------------------------------------------------

/** A word that lands where the tool's getopt could read it as an option. */
export function validateNotOption(value: string, what: string): Validation<string> {
  if (value.startsWith('-')) return fail(`${what} ${show(value)} starts with '-', which the tool would read as an option`);
  return pass(value);
}

/** A word of printable ASCII without blanks, for arguments passed on to brand scripts. */
function validatePlainWord(value: unknown, what: string, max = 1024): Validation<string> {
  const b = basic(`A ${what.toLowerCase()}`, value, max);
  if (!b.ok) return b;
  const bad = firstBadChar(b.value, /[\x21-\x7e]/);
  if (bad !== null) return fail(`${what} ${show(b.value)} contains ${describeChar(bad)}; only printable ASCII without blanks is allowed`);
  return pass(b.value);
}

/** BOOTARGS_MAX is 256 with the NUL; zoneadm joins the words with single spaces (§1.4). */
export function validateBootArgs(words: unknown): Validation<string[]> {
  if (!Array.isArray(words)) return fail('Boot arguments must be a list of words');
  const out: string[] = [];
  for (const w of words) {
    const r = validatePlainWord(w, 'Boot argument', 255);
    if (!r.ok) return r;
    out.push(r.value);
  }
  if (out.join(' ').length > 255) return fail('Boot argument list too long: at most 255 characters once joined with spaces');
  return pass(out);
}

/**
 * Arguments for the brand's install/clone script (`-e pkg`, `-P publisher=uri`). They are
 * meant to be options, so a leading '-' is fine; the brand script parses them, not a shell.
 */
export function validateBrandArgs(words: unknown): Validation<string[]> {
  if (!Array.isArray(words)) return fail('Brand arguments must be a list of words');
  if (words.length > 64) return fail('At most 64 brand arguments are allowed');
  const out: string[] = [];
  for (const w of words) {
    const r = validatePlainWord(w, 'Brand argument');
    if (!r.ok) return r;
    out.push(r.value);
  }
  return pass(out);
}

/** `zoneadm clone -s`: a ZFS snapshot, either `snap` or `pool/fs@snap`. */
export function validateSnapshotName(value: unknown): Validation<string> {
  const b = basic('A snapshot name', value, 255);
  if (!b.ok) return b;
  const v = b.value;
  const component = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
  const at = v.indexOf('@');
  const ok = at === -1
    ? component.test(v)
    : v.slice(0, at).split('/').every((c) => component.test(c)) && component.test(v.slice(at + 1));
  if (!ok) {
    return fail(`Snapshot ${show(v)} is not a ZFS snapshot name; use letters, digits, '_', '.', ':' and '-' (e.g. SUNWzone1 or rpool/zones/web01@base), starting with a letter or digit`);
  }
  return pass(v);
}

/** ipadm address object tag (§8): alphanumeric, starting with a letter. */
export function validateAddrObjTag(value: unknown): Validation<string> {
  const b = basic('An address object tag', value, 31);
  if (!b.ok) return b;
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(b.value)) {
    return fail(`Address object tag ${show(b.value)} must be letters and digits, starting with a letter (e.g. v4, dhcp)`);
  }
  return pass(b.value);
}

/** zlogin -e: one printable, non-blank ASCII character. */
export function validateEscapeChar(value: unknown): Validation<string> {
  if (typeof value !== 'string' || !/^[\x21-\x7e]$/.test(value)) {
    return fail(`Console escape character ${typeof value === 'string' ? show(value) : String(value)} must be exactly one printable ASCII character`);
  }
  return pass(value);
}

/** One line of authorized_keys: type, base64 key, optional comment. */
export function validateSshPublicKey(value: unknown): Validation<string> {
  const b = basic('An SSH public key', value, 16384);
  if (!b.ok) return b;
  const v = b.value.trim();
  const bad = firstBadChar(v, /[\x20-\x7e]/);
  if (bad !== null) return fail(`The SSH public key contains ${describeChar(bad)}; it must be a single line of printable ASCII`);
  const m = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) ([A-Za-z0-9+/]+={0,2})( [\x20-\x7e]*)?$/.exec(v);
  if (!m) {
    return fail('The SSH public key is not in authorized_keys form: "ssh-ed25519 AAAA... comment" (types: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521, sk-*)');
  }
  return pass(v);
}

// ---- zod schemas for tRPC inputs ---------------------------------------------------------

function refined<I, T>(base: z.ZodType<I>, validate: (value: unknown) => Validation<T>) {
  return base.transform((input, ctx) => {
    const r = validate(input);
    if (r.ok) return r.value;
    ctx.issues.push({ code: 'custom', message: r.message, input });
    return z.NEVER;
  });
}

const text = <T>(validate: (value: unknown) => Validation<T>) => refined(z.string(), validate);

export const zoneNameSchema = text(validateZoneName);
export const linkNameSchema = text((v) => validateLinkName(v));
export const vnicNameSchema = text((v) => validateLinkName(v, 'VNIC name'));
export const zonepathSchema = text(validateZonepath);
export const brandSchema = (distro: Distro) => text((v) => validateBrand(v, distro));
export const ipv4Schema = text(validateIPv4);
export const ipv6Schema = text(validateIPv6);
export const ipAddressSchema = text(validateIpAddress);
export const ipv4CidrSchema = text(validateIPv4Cidr);
export const ipv6CidrSchema = text(validateIPv6Cidr);
export const cidrSchema = text(validateCidr);
export const zonecfgNetAddressSchema = text(validateZonecfgNetAddress);
export const defrouterSchema = text(validateDefrouter);
export const hostnameSchema = text(validateHostname);
export const domainNameSchema = text(validateDomainName);
export const dnsServerSchema = text(validateDnsServer);
export const macAddressSchema = text(validateMacAddress);
export const memorySizeSchema = text(validateMemorySize);
export const zonecfgValueSchema = text((v) => validateZonecfgValue(v));
export const sshPublicKeySchema = text(validateSshPublicKey);
export const snapshotNameSchema = text(validateSnapshotName);
export const vlanIdSchema = refined(z.union([z.number(), z.string()]), validateVlanId);
export const bootArgsSchema = refined(z.array(z.string()), validateBootArgs);
