// Simulated dladm(8): show-phys, show-link, show-vnic, create-vnic, delete-vnic,
// create-etherstub, delete-etherstub. Texts follow REFERENCE.md §7 and dladm.c.
import { randomBytes } from 'node:crypto';
import type { SimLink, SimZone } from './types';
import type { ToolIO } from './tool-io';
import { findLink, readState, updateState, type SimState } from './store';
import { ofmtBadFieldsMessage, ofmtRender, ofmtSelect, type OfmtField } from './ofmt';
import { getopt, type OptSpec } from './getopt';

/** Kernel states in which a zone holds its datalinks. */
const KERNEL_STATES = new Set(['ready', 'running', 'shutting_down', 'down', 'mounted']);

/** Which zone a link is assigned to right now (exclusive-IP zones known to the kernel), '' if none. */
export function linkZone(s: SimState, link: string): string {
  for (const z of s.zones) {
    if (z.name === 'global' || !KERNEL_STATES.has(z.state)) continue;
    if (z.ipType !== 'exclusive') continue;
    if (z.net.some((n) => n.physical === link)) return z.name;
  }
  return '';
}

/** dladm_valid_linkname(): '' when fine, else the error text (without "dladm: ") */
export function linkNameError(name: string): string {
  if (name.length >= 32) return `link name too long '${name}'`;
  if (!validLinkName(name)) return `invalid link name '${name}'`;
  return '';
}

/**
 * dladm_valid_linkname() (usr/src/lib/libdladm/common/libdladm.c), rule for rule:
 * - shorter than MAXLINKNAMELEN (32): at most 31 characters;
 * - the first character is not a digit;
 * - it ends in a number, and a number of more than one digit does not start with 0
 *   ("vnic0", "web10" are fine; "vnic", "vnic00", "web01" are not);
 * - every character is a letter, a digit, '_' or '.'.
 * The same rule as one regular expression: LINK_NAME_RE.
 */
export function validLinkName(name: string): boolean {
  return LINK_NAME_RE.test(name);
}

/**
 * dladm_valid_linkname() as a regular expression: 2 to 31 characters of [A-Za-z0-9_.], not
 * starting with a digit, ending in "0" alone or in a number that does not start with 0. The
 * optional middle part must end in a non-digit so that the final number is the whole trailing
 * run of digits, as the C loop counts it.
 */
export const LINK_NAME_RE = /^(?=.{2,31}$)[A-Za-z_.](?:[A-Za-z0-9_.]*[A-Za-z_.])?(?:[0-9]|[1-9][0-9]+)$/;

/** MAC address text as illumos prints it: lower-case hex octets without zero padding. */
export function formatMac(bytes: number[]): string {
  return bytes.map((b) => b.toString(16)).join(':');
}

/** Parse 'aa:b:cc:...' (1 or 2 hex digits per octet); null if invalid */
export function parseMac(s: string): number[] | null {
  const parts = s.split(':');
  if (parts.length !== 6) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) return null;
    out.push(parseInt(p, 16));
  }
  return out;
}

/** A random VNIC MAC with the illumos OUI prefix 2:8:20. Tests may queue values in state.macQueue. */
export function randomVnicMac(s: SimState, prefix: number[] = [2, 8, 0x20]): string {
  const queue = (s as unknown as { macQueue?: string[] }).macQueue;
  if (queue && queue.length) return queue.shift()!;
  const rnd = [...randomBytes(6)];
  const bytes = [...prefix, ...rnd.slice(prefix.length)].slice(0, 6);
  return formatMac(bytes);
}

function linkSpeed(s: SimState, l: SimLink): number {
  if (l.class === 'phys' || l.class === 'aggr') return Number(l.speed ?? 0);
  if (l.class === 'etherstub') return 0;
  const over = findLink(s, l.over);
  return over ? linkSpeed(s, over) : 0;
}

function linkMtu(s: SimState, l: SimLink): number {
  if (l.class === 'vnic') {
    const over = findLink(s, l.over);
    if (over) return linkMtu(s, over);
  }
  return l.mtu;
}

function linkState(s: SimState, l: SimLink): string {
  if (l.class === 'vnic') {
    const over = findLink(s, l.over);
    return over ? linkState(s, over) : 'unknown';
  }
  return l.state;
}

const USAGE_LINES = [
  '    rename-link      <oldlink> <newlink>',
  '    show-link        [-pP] [-o <field>,..] [-s [-i <interval>]] [<link>]\n',
  '    create-aggr      [-t] [-P <policy>] [-L <mode>] [-T <time>] [-u <address>]\n\t\t     -l <link> [-l <link>...] <link>',
  '    delete-aggr      [-t] <link>',
  '    add-aggr         [-t] -l <link> [-l <link>...] <link>',
  '    remove-aggr      [-t] -l <link> [-l <link>...] <link>',
  '    modify-aggr      [-t] [-P <policy>] [-L <mode>] [-T <time>] [-u <address>]\n\t\t     <link>',
  '    show-aggr        [-pPLx] [-o <field>,..] [-s [-i <interval>]] [<link>]\n',
  '    scan-wifi        [-p] [-o <field>,...] [<link>]',
  '    connect-wifi     [-e <essid>] [-i <bssid>] [-k <key>,...] [-s wep|wpa]\n\t\t     [-a open|shared] [-b bss|ibss] [-c] [-m a|b|g] [-T <time>]\n\t\t     [<link>]',
  '    disconnect-wifi  [-a] [<link>]',
  '    show-wifi        [-p] [-o <field>,...] [<link>]\n',
  '    set-linkprop     [-t] -p <prop>=<value>[,...] <name>',
  '    reset-linkprop   [-t] [-p <prop>,...] <name>',
  '    show-linkprop    [-cP] [-o <field>,...] [-p <prop>,...] <name>\n',
  '    show-ether       [-px][-o <field>,...] <link>\n',
  '    create-secobj    [-t] [-f <file>] -c <class> <secobj>',
  '    delete-secobj    [-t] <secobj>[,...]',
  '    show-secobj      [-pP] [-o <field>,...] [<secobj>,...]\n',
  '    create-vlan      [-ft] -l <link> -v <vid> [link]',
  '    delete-vlan      [-t] <link>',
  '    show-vlan        [-pP] [-o <field>,..] [<link>]\n',
  '    create-iptun     [-t] -T <type> [-a {local|remote}=<addr>,...] <link>]',
  '    delete-iptun     [-t] <link>',
  '    modify-iptun     [-t] -a {local|remote}=<addr>,... <link>',
  '    show-iptun       [-pP] [-o <field>,..] [<link>]\n',
  '    delete-phys      <link>',
  '    show-phys        [-m | -H | -P] [[-p] [-o <field>[,...]] [<link>]\n',
  '    create-vnic      [-t] -l <link> [-m <value> | auto |\n\t\t     {factory [-n <slot-id>]} | {random [-r <prefix>]} |\n\t\t     {vrrp -V <vrid> -A {inet | inet6}} [-v <vid> [-f]]\n\t\t     [-p <prop>=<value>[,...]] <vnic-link>',
  '    delete-vnic      [-t] <vnic-link>',
  '    show-vnic        [-pP] [-l <link>] [-s [-i <interval>]] [<link>]\n',
  '    create-part      [-t] [-f] -l <link> [-P <pkey>]\n\t\t     [-R <root-dir>] <part-link>',
  '    delete-part      [-t] [-R <root-dir>] <part-link>',
  '    show-part        [-pP] [-o <field>,...][-l <linkover>]\n\t\t     [<part-link>]',
  '    show-ib          [-p] [-o <field>,...] [<link>]\n',
  '    create-etherstub [-t] <link>',
  '    delete-etherstub [-t] <link>',
  '    show-etherstub   [-t] [<link>]\n',
  '    create-bridge    [-R <root-dir>] [-P <protect>] [-p <priority>]\n\t\t     [-m <max-age>] [-h <hello-time>] [-d <forward-delay>]\n\t\t     [-f <force-protocol>] [-l <link>]... <bridge>',
  '    modify-bridge    [-R <root-dir>] [-P <protect>] [-p <priority>]\n\t\t     [-m <max-age>] [-h <hello-time>] [-d <forward-delay>]\n\t\t     [-f <force-protocol>] <bridge>',
  '    delete-bridge    [-R <root-dir>] <bridge>',
  '    add-bridge       [-R <root-dir>] -l <link> [-l <link>]... <bridge>',
  '    remove-bridge    [-R <root-dir>] -l <link> [-l <link>]... <bridge>',
  '    show-bridge      [-p] [-o <field>,...] [-s [-i <interval>]] [<bridge>]\n    show-bridge      -l [-p] [-o <field>,...] [-s [-i <interval>]] <bridge>\n    show-bridge      -f [-p] [-o <field>,...] [-s [-i <interval>]] <bridge>\n    show-bridge      -t [-p] [-o <field>,...] [-s [-i <interval>]] <bridge>\n',
  '    create-overlay   [-t] -e <encap> -s <search> -v <vnetid>\n\t\t     [ -p <prop>=<value>[,...]] <overlay>',
  '    delete-overlay   [-t] <overlay>',
  '    modify-overlay   -d mac | -f | -s mac=ip:port <overlay>',
  '    show-overlay     [-f | -t] [[-p] -o <field>,...] [<overlay>]\n',
  '    show-usage       [-a] [-d | -F <format>] [-s <DD/MM/YYYY,HH:MM:SS>]\n\t\t     [-e <DD/MM/YYYY,HH:MM:SS>] -f <logfile> [<link>]',
];

const CMD_USAGE: Record<string, string> = {
  'show-link': USAGE_LINES[1]!,
  'show-phys': USAGE_LINES[27]!,
  'create-vnic': USAGE_LINES[28]!,
  'delete-vnic': USAGE_LINES[29]!,
  'show-vnic': USAGE_LINES[30]!,
  'create-etherstub': USAGE_LINES[35]!,
  'delete-etherstub': USAGE_LINES[36]!,
  'show-etherstub': USAGE_LINES[37]!,
  'set-linkprop': USAGE_LINES[12]!,
  'reset-linkprop': USAGE_LINES[13]!,
  'show-linkprop': USAGE_LINES[14]!,
};

/** Thrown to end the tool with "dladm: msg" and exit 1 (die()). */
class Die extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

function usageText(): string {
  return 'usage:  dladm <subcommand> <args> ...\n' + USAGE_LINES.map((l) => l + '\n').join('');
}

class Usage extends Error {}

function optErr(cmd: string, opt: string, kind: 'missing' | 'unknown'): Die {
  const use = CMD_USAGE[cmd] ?? '';
  return kind === 'missing'
    ? new Die(`option '-${opt}' requires a value\nusage: ${use}`)
    : new Die(`unrecognized option '-${opt}'\nusage: ${use}`);
}

function parse(cmd: string, args: string[], spec: OptSpec) {
  const r = getopt(args, spec);
  if (r.error) throw optErr(cmd, r.error.opt, r.error.kind);
  return r;
}

// ------------------------------------------------------------------ field tables

interface LinkRow {
  s: SimState;
  l: SimLink;
}

const LINK_FIELDS: OfmtField<LinkRow>[] = [
  { name: 'LINK', width: 12, get: (r) => r.l.name },
  { name: 'CLASS', width: 10, get: (r) => r.l.class },
  { name: 'MTU', width: 7, get: (r) => String(linkMtu(r.s, r.l)) },
  { name: 'STATE', width: 9, get: (r) => linkState(r.s, r.l) },
  { name: 'BRIDGE', width: 11, get: () => '' },
  { name: 'OVER', width: 30, get: (r) => (r.l.class === 'vnic' || r.l.class === 'vlan' ? r.l.over : '') },
];

const PHYS_FIELDS: OfmtField<LinkRow>[] = [
  { name: 'LINK', width: 13, get: (r) => r.l.name },
  { name: 'MEDIA', width: 21, get: (r) => String(r.l.media ?? 'Ethernet') },
  { name: 'STATE', width: 11, get: (r) => r.l.state },
  { name: 'SPEED', width: 7, get: (r) => String(r.l.speed ?? 0) },
  { name: 'DUPLEX', width: 10, get: (r) => String(r.l.duplex ?? 'unknown') },
  { name: 'DEVICE', width: 13, get: (r) => String(r.l.device ?? r.l.name) },
  { name: 'FLAGS', width: 7, get: () => '-----' },
];

const PHYS_M_FIELDS: OfmtField<LinkRow>[] = [
  { name: 'LINK', width: 13, get: (r) => r.l.name },
  { name: 'SLOT', width: 9, get: () => 'primary' },
  { name: 'ADDRESS', width: 19, get: (r) => String(r.l.macAddress ?? '') },
  { name: 'INUSE', width: 5, get: (r) => (r.s.links.some((v) => v.class === 'vnic' && v.over === r.l.name) ? 'yes' : 'no') },
  {
    name: 'CLIENT',
    width: 13,
    get: (r) =>
      r.s.links
        .filter((v) => v.class === 'vnic' && v.over === r.l.name)
        .map((v) => v.name)
        .join(','),
  },
];

const VNIC_FIELDS: OfmtField<LinkRow>[] = [
  { name: 'LINK', width: 13, get: (r) => r.l.name },
  { name: 'OVER', width: 11, get: (r) => r.l.over },
  { name: 'SPEED', width: 6, get: (r) => String(linkSpeed(r.s, r.l)) },
  { name: 'MACADDRESS', width: 18, get: (r) => String(r.l.macAddress ?? '') },
  { name: 'MACADDRTYPE', width: 12, get: (r) => String(r.l.macAddrType ?? 'random') },
  { name: 'VID', width: 5, get: (r) => String(r.l.vid ?? 0) },
  { name: 'ZONE', width: 0, get: (r) => linkZone(r.s, r.l.name) },
];

// ------------------------------------------------------------------ show-*

function outputOpts(io: ToolIO) {
  return { rows: io.isTTY ? 24 : 24 };
}

function showCommon(
  cmd: string,
  io: ToolIO,
  fields: OfmtField<LinkRow>[],
  defaults: string,
  rows: LinkRow[],
  parsable: boolean,
  ospec: string | null,
  wrap = false,
  /** the subcommand checks -p/-o itself (show-link, show-phys); show-vnic leaves it to libofmt */
  ownParsableChecks = true,
): void {
  if (ownParsableChecks) {
    if (parsable && ospec === null) throw new Die('-p requires -o');
    if (parsable && ospec !== null && ospec.toLowerCase() === 'all') throw new Die('"-o all" is invalid with -p');
  } else if (parsable) {
    // ofmt_open() with OFMT_PARSABLE: OFMT_EPARSENONE / OFMT_EPARSEALL, fatal through
    // dladm_ofmt_check() (usr/src/lib/libofmt/common/ofmt.c ofmt_open, ofmt_strerror)
    if (ospec === null || ospec === '') throw new Die('output fields must be specified in parsable mode');
    if (ospec.toLowerCase() === 'all') throw new Die("output field `all' invalid in parsable mode");
  }
  const sel = ofmtSelect(fields, defaults, ospec);
  if (sel.bad.length) {
    const msg = ofmtBadFieldsMessage(sel.bad, parsable);
    // ofmt_open() returns OFMT_ENOFIELDS when no field is valid (fatal in either mode), else
    // OFMT_EBADFIELDS (fatal only in parsable mode)
    if (parsable || sel.fields.length === 0) throw new Die(sel.fields.length === 0 ? 'no valid output fields' : msg);
    io.stderr(`dladm: warning: ${msg}\n`);
  }
  void cmd;
  io.stdout(ofmtRender(rows, sel.fields, { parsable, wrap, ...outputOpts(io) }));
}

async function showLink(args: string[], io: ToolIO): Promise<void> {
  const r = parse('show-link', args, { flags: 'pPsSZ', withArg: 'o i z' });
  const s = await readState(io.root);
  let links = s.links;
  const name = r.rest[0];
  if (r.rest.length > 1) throw new Usage();
  if (name !== undefined) {
    const l = findLink(s, name);
    if (!l) throw new Die(`link ${name} is not valid: object not found`);
    links = [l];
  }
  if (r.opts.z !== undefined) links = links.filter((l) => linkZone(s, l.name) === r.opts.z);
  if (r.flags.has('P')) links = links.filter((l) => !l.temporary);
  showCommon('show-link', io, LINK_FIELDS, 'link,class,mtu,state,bridge,over', links.map((l) => ({ s, l })), r.flags.has('p'), r.opts.o ?? null);
}

async function showPhys(args: string[], io: ToolIO): Promise<void> {
  const r = parse('show-phys', args, { flags: 'pPmH', withArg: 'o' });
  const s = await readState(io.root);
  let links = s.links.filter((l) => l.class === 'phys');
  if (r.rest.length > 1) throw new Usage();
  const name = r.rest[0];
  if (name !== undefined) {
    const l = findLink(s, name);
    if (!l) throw new Die(`link ${name} is not valid: object not found`);
    if (l.class !== 'phys') throw new Die(`invalid physical device '${name}'`);
    links = [l];
  }
  const rows = links.map((l) => ({ s, l }));
  if (r.flags.has('m')) {
    showCommon('show-phys', io, PHYS_M_FIELDS, 'link,slot,address,inuse,client', rows, r.flags.has('p'), r.opts.o ?? null);
    return;
  }
  const defaults = r.flags.has('P') ? 'link,device,media,flags' : 'link,media,state,speed,duplex,device';
  showCommon('show-phys', io, PHYS_FIELDS, defaults, rows, r.flags.has('p'), r.opts.o ?? null);
}

async function showVnic(args: string[], io: ToolIO, etherstubs = false): Promise<void> {
  const cmd = etherstubs ? 'show-etherstub' : 'show-vnic';
  const r = parse(cmd, args, { flags: 'pPst', withArg: 'o l i z' });
  const s = await readState(io.root);
  if (r.rest.length > 1) throw new Usage();
  if (etherstubs) {
    let stubs = s.links.filter((l) => l.class === 'etherstub');
    const name = r.rest[0];
    if (name !== undefined) {
      const l = findLink(s, name);
      if (!l || l.class !== 'etherstub') throw new Die(`invalid vnic name '${name}': object not found`);
      stubs = [l];
    }
    io.stdout(ofmtRender(stubs.map((l) => ({ s, l })), [{ name: 'LINK', width: 0, get: (x: LinkRow) => x.l.name }], {}));
    return;
  }
  // do_show_vnic_common() in dladm.c: the operand, then -l, each looked up with
  // dladm_zname2info() and refused with die_dlerr(), which appends the status text; the -p/-o
  // checks are libofmt's, after those lookups
  let vnics = s.links.filter((l) => l.class === 'vnic');
  const name = r.rest[0];
  let notVnic: SimLink | null = null;
  if (name !== undefined) {
    const l = findLink(s, name);
    if (!l) throw new Die(`invalid vnic name '${name}': object not found`);
    if (l.class !== 'vnic') notVnic = l;
    vnics = l.class === 'vnic' ? [l] : [];
  }
  if (r.opts.l !== undefined) {
    const over = findLink(s, r.opts.l);
    if (!over) throw new Die(`invalid link name '${r.opts.l}': object not found`);
    vnics = vnics.filter((v) => v.over === r.opts.l);
  }
  if (notVnic && notVnic.class !== 'etherstub') {
    // ofmt_open() and its checks come first (no rows: nothing printed), then print_vnic() →
    // dladm_vnic_info() fails on a link that is no VNIC (the VNIC_IOC_INFO ioctl finds no such
    // VNIC: ENOENT); an etherstub is a VNIC without a lower link, which show-vnic skips silently
    showCommon(cmd, io, VNIC_FIELDS, 'link,over,speed,macaddress,macaddrtype,vid,zone', [], r.flags.has('p'), r.opts.o ?? null, false, false);
    throw new Die(`failed to show vnic '${name}': object not found`);
  }
  if (r.opts.z !== undefined) vnics = vnics.filter((v) => linkZone(s, v.name) === r.opts.z);
  if (r.flags.has('P')) vnics = vnics.filter((v) => !v.temporary);
  showCommon(
    cmd,
    io,
    VNIC_FIELDS,
    'link,over,speed,macaddress,macaddrtype,vid,zone',
    vnics.map((l) => ({ s, l })),
    r.flags.has('p'),
    r.opts.o ?? null,
    false,
    false,
  );
}

// ------------------------------------------------------------------ create/delete

async function createVnic(args: string[], io: ToolIO): Promise<void> {
  const r = parse('create-vnic', args, { flags: 'tfH', withArg: 'R l m n p r v V A d' });
  let macType = 'random';
  let mac: string | null = null;
  let prefix: number[] | null = null;
  if (r.opts.m !== undefined) {
    const m = r.opts.m;
    if (m === 'fixed') throw new Die(`'fixed' is not a valid MAC address`);
    if (m === 'random') macType = 'random';
    else if (m === 'auto') macType = 'random';
    else if (m === 'factory') throw new Die('vnic creation over ' + (r.opts.l ?? '') + ' failed: operation not supported');
    else if (m === 'vrrp') throw new Die('vnic creation over ' + (r.opts.l ?? '') + ' failed: operation not supported');
    else {
      const bytes = parseMac(m);
      if (!bytes) throw new Die('invalid MAC address');
      mac = formatMac(bytes);
      macType = 'fixed';
    }
  }
  if (r.opts.r !== undefined) {
    const parts = r.opts.r.split(':');
    if (parts.length < 1 || parts.length > 5 || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p)))
      throw new Die('invalid MAC address prefix');
    prefix = parts.map((p) => parseInt(p, 16));
  }
  let vid = 0;
  if (r.opts.v !== undefined) {
    const v = r.opts.v;
    const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
    if (!(n >= 1 && n <= 4094)) throw new Die(`invalid VLAN identifier '${v}'`);
    vid = n;
  }
  if (r.rest.length !== 1) throw new Usage();
  const name = r.rest[0]!;
  const nerr = linkNameError(name);
  if (nerr) throw new Die(nerr);
  const dev = r.opts.l;
  if (dev === undefined) throw new Usage();
  if (!isRoot(io)) throw new Die(`vnic creation over ${dev} failed: permission denied`);
  await updateState(io.root, (s) => {
    const over = findLink(s, dev);
    if (!over) throw new Die(`invalid link name '${dev}'`);
    if (over.class !== 'phys' && over.class !== 'etherstub' && over.class !== 'aggr')
      throw new Die(`vnic creation over ${dev} failed: invalid argument`);
    if (findLink(s, name)) throw new Die(`vnic creation over ${dev} failed: object already exists`);
    const addr = mac ?? randomVnicMac(s, prefix ?? undefined);
    if (s.links.some((l) => l.macAddress === addr && l.over === dev))
      throw new Die(`vnic creation over ${dev} failed: MAC address is already in use`);
    s.links.push({
      name,
      class: 'vnic',
      mtu: over.mtu,
      state: 'up',
      over: dev,
      macAddress: addr,
      macAddrType: macType,
      vid,
      temporary: r.flags.has('t'),
    });
  });
}

async function deleteVnic(args: string[], io: ToolIO, etherstub = false): Promise<void> {
  const cmd = etherstub ? 'delete-etherstub' : 'delete-vnic';
  const r = parse(cmd, args, { flags: 't', withArg: 'R z' });
  if (r.rest.length !== 1) throw new Usage();
  const name = r.rest[0]!;
  await updateState(io.root, (s) => {
    const l = findLink(s, name);
    if (!l) throw new Die(`invalid link name '${name}'`);
    if (etherstub) {
      if (l.class !== 'etherstub') throw new Die(`'${name}' is not an etherstub`);
    } else if (l.class !== 'vnic') throw new Die(`'${name}' is not a vnic`);
    if (!isRoot(io)) throw new Die(`${etherstub ? 'etherstub' : 'vnic'} deletion failed: permission denied`);
    if (linkZone(s, name) || (etherstub && s.links.some((v) => v.over === name)))
      throw new Die(`${etherstub ? 'etherstub' : 'vnic'} deletion failed: link busy`);
    s.links = s.links.filter((x) => x !== l);
  });
}

async function createEtherstub(args: string[], io: ToolIO): Promise<void> {
  const r = parse('create-etherstub', args, { flags: 't', withArg: 'R' });
  if (r.rest.length !== 1) throw new Usage();
  const name = r.rest[0]!;
  const nerr = linkNameError(name);
  if (nerr) throw new Die(nerr);
  await updateState(io.root, (s) => {
    if (!isRoot(io)) throw new Die('etherstub creation failed: permission denied');
    if (findLink(s, name)) throw new Die('etherstub creation failed: object already exists');
    s.links.push({
      name,
      class: 'etherstub',
      mtu: 9000,
      state: 'up',
      over: '',
      macAddress: randomVnicMac(s),
      temporary: r.flags.has('t'),
    });
  });
}


// ------------------------------------------------------------------ link properties

interface PropRow {
  link: string;
  prop: string;
  perm: string;
  value: string;
  def: string;
  possible: string;
}

const PROP_ORDER = ['autopush', 'zone', 'state', 'mtu', 'maxbw', 'cpus', 'priority', 'tagmode', 'protection', 'promisc-filtered', 'allowed-ips', 'allowed-dhcp-cids', 'rxrings', 'txrings'];
const SETTABLE: Record<string, (v: string) => boolean> = {
  mtu: (v) => /^[0-9]+$/.test(v) && Number(v) >= 576 && Number(v) <= 9000,
  maxbw: (v) => /^[0-9]+[KMG]?$/i.test(v),
  priority: (v) => ['low', 'medium', 'high'].includes(v),
  protection: (v) => v.split(',').every((x) => ['mac-nospoof', 'restricted', 'ip-nospoof', 'dhcp-nospoof'].includes(x)),
  'allowed-ips': (v) => v.split(',').every((x) => /^[0-9a-fA-F.:]+(\/[0-9]+)?$/.test(x)),
  'promisc-filtered': (v) => v === 'on' || v === 'off',
  tagmode: (v) => v === 'normal' || v === 'vlanonly',
};

/** the allowed-address a running zone puts on this link (zoneadmd sets protection from it) */
function zoneAllowed(s: SimState, link: string): string {
  const zone = linkZone(s, link);
  if (!zone) return '';
  const z = s.zones.find((x) => x.name === zone)!;
  return z.net
    .filter((n) => n.physical === link && n.allowedAddress)
    .map((n) => `${n.allowedAddress!.split('/')[0]}/32`)
    .join(',');
}

function linkProps(s: SimState, l: SimLink): PropRow[] {
  const set = (l.props ?? {}) as Record<string, string>;
  const allowed = set['allowed-ips'] ?? zoneAllowed(s, l.name);
  const prot = set.protection ?? (zoneAllowed(s, l.name) ? 'ip-nospoof' : '');
  const row = (prop: string, perm: string, value: string, def: string, possible: string): PropRow => ({
    link: l.name,
    prop,
    perm,
    value,
    def,
    possible,
  });
  const all: Record<string, PropRow> = {
    autopush: row('autopush', 'rw', '', '', ''),
    zone: row('zone', 'rw', linkZone(s, l.name), '', ''),
    state: row('state', 'r-', linkState(s, l), 'up', 'up,down'),
    mtu: row('mtu', 'rw', set.mtu ?? String(linkMtu(s, l)), '1500', '576-9000'),
    maxbw: row('maxbw', 'rw', set.maxbw ?? '', '', ''),
    cpus: row('cpus', 'rw', '', '', ''),
    priority: row('priority', 'rw', set.priority ?? 'high', 'high', 'low,medium,high'),
    tagmode: row('tagmode', 'rw', set.tagmode ?? 'vlanonly', 'vlanonly', 'normal,vlanonly'),
    protection: row('protection', 'rw', prot, '', 'mac-nospoof,restricted,ip-nospoof,dhcp-nospoof'),
    'promisc-filtered': row('promisc-filtered', 'rw', set['promisc-filtered'] ?? 'on', 'on', 'off,on'),
    'allowed-ips': row('allowed-ips', 'rw', allowed, '', ''),
    'allowed-dhcp-cids': row('allowed-dhcp-cids', 'rw', '', '', ''),
    rxrings: row('rxrings', 'rw', '', '', ''),
    txrings: row('txrings', 'rw', '', '', ''),
  };
  return PROP_ORDER.map((p) => all[p]!);
}

const LINKPROP_FIELDS: OfmtField<PropRow>[] = [
  { name: 'LINK', width: 13, get: (r) => r.link },
  { name: 'PROPERTY', width: 16, get: (r) => r.prop },
  { name: 'PERM', width: 5, get: (r) => r.perm },
  { name: 'VALUE', width: 15, get: (r) => r.value },
  { name: 'DEFAULT', width: 15, get: (r) => r.def },
  { name: 'POSSIBLE', width: 20, get: (r) => r.possible },
];

async function showLinkprop(args: string[], io: ToolIO): Promise<void> {
  const r = parse('show-linkprop', args, { flags: 'cP', withArg: 'o p R z', permute: true });
  if (r.rest.length > 1) throw new Usage();
  const s = await readState(io.root);
  let links = s.links;
  const name = r.rest[0];
  if (name !== undefined) {
    const l = findLink(s, name);
    if (!l) throw new Die(`link ${name} is not valid: object not found`);
    links = [l];
  }
  const want = r.opts.p?.split(',');
  const rows: PropRow[] = [];
  for (const l of links) {
    const props = linkProps(s, l);
    if (want) {
      for (const p of want) {
        const row = props.find((x) => x.prop === p);
        if (!row) throw new Die(`cannot get link property '${p}' for ${l.name}: link property not found`);
        rows.push(row);
      }
    } else rows.push(...props);
  }
  const parsable = r.flags.has('c');
  if (parsable && r.opts.o === undefined) throw new Die('-c requires -o');
  const sel = ofmtSelect(LINKPROP_FIELDS, 'link,property,perm,value,default,possible', r.opts.o ?? null);
  if (sel.bad.length) throw new Die(ofmtBadFieldsMessage(sel.bad, parsable));
  io.stdout(ofmtRender(rows, sel.fields, { parsable, wrap: !parsable }));
}

async function setLinkprop(args: string[], io: ToolIO, reset = false): Promise<void> {
  const cmd = reset ? 'reset-linkprop' : 'set-linkprop';
  const r = parse(cmd, args, { flags: 't', withArg: 'p R', permute: true });
  if (r.rest.length !== 1 || (!reset && r.opts.p === undefined)) throw new Usage();
  const name = r.rest[0]!;
  await updateState(io.root, (s) => {
    const l = findLink(s, name);
    if (!l) throw new Die(`link ${name} is not valid: object not found`);
    if (!isRoot(io)) throw new Die(`set link property failed: permission denied`);
    const props = ((l.props as Record<string, string> | undefined) ??= {});
    if (reset) {
      if (r.opts.p === undefined) for (const k of Object.keys(props)) delete props[k];
      else for (const p of r.opts.p.split(',')) delete props[p];
      return;
    }
    for (const kv of r.opts.p!.split(/,(?=[a-z-]+=)/)) {
      const eq = kv.indexOf('=');
      const k = eq < 0 ? kv : kv.slice(0, eq);
      const v = eq < 0 ? '' : kv.slice(eq + 1);
      if (!(k in SETTABLE) && !PROP_ORDER.includes(k)) throw new Die(`cannot set link property '${k}' on '${name}': link property not found`);
      if (!(k in SETTABLE)) throw new Die(`cannot set link property '${k}' on '${name}': operation not supported`);
      if (!SETTABLE[k]!(v)) throw new Die(`cannot set link property '${k}' on '${name}': invalid argument`);
      props[k] = v;
    }
  });
}

function isRoot(io: ToolIO): boolean {
  const u = (io as ToolIO & { user?: string }).user;
  return u === undefined || u === 'root';
}

export async function dladmMain(args: string[], io: ToolIO): Promise<number> {
  const sub = args[0];
  const rest = args.slice(1);
  try {
    switch (sub) {
      case undefined:
        throw new Usage();
      case 'show-link':
        await showLink(rest, io);
        break;
      case 'show-phys':
        await showPhys(rest, io);
        break;
      case 'show-vnic':
        await showVnic(rest, io);
        break;
      case 'show-etherstub':
        await showVnic(rest, io, true);
        break;
      case 'create-vnic':
        await createVnic(rest, io);
        break;
      case 'delete-vnic':
        await deleteVnic(rest, io);
        break;
      case 'create-etherstub':
        await createEtherstub(rest, io);
        break;
      case 'delete-etherstub':
        await deleteVnic(rest, io, true);
        break;
      case 'show-linkprop':
        await showLinkprop(rest, io);
        break;
      case 'set-linkprop':
        await setLinkprop(rest, io);
        break;
      case 'reset-linkprop':
        await setLinkprop(rest, io, true);
        break;
      case 'help':
        throw new Usage();
      default:
        io.stderr(`dladm: unknown subcommand '${sub}'\n`);
        throw new Usage();
    }
    return 0;
  } catch (e) {
    if (e instanceof Die) {
      io.stderr(`dladm: ${e.text}\n`);
      return 1;
    }
    if (e instanceof Usage) {
      io.stderr(usageText());
      return 1;
    }
    throw e;
  }
}

/** Helpers for zoneadm: OmniOS creates the VNIC named by `physical` over global-nic at boot. */
export function autoCreateZoneVnics(s: SimState, z: SimZone): void {
  if (z.ipType !== 'exclusive') return;
  for (const n of z.net) {
    if (!n.globalNic || findLink(s, n.physical)) continue;
    const over =
      n.globalNic === 'auto' ? s.links.find((l) => l.class === 'phys' && l.state === 'up') : findLink(s, n.globalNic);
    if (!over) continue;
    const mac = n.macAddr ? (parseMac(n.macAddr) ? formatMac(parseMac(n.macAddr)!) : randomVnicMac(s)) : randomVnicMac(s);
    s.links.push({
      name: n.physical,
      class: 'vnic',
      mtu: over.mtu,
      state: 'up',
      over: over.name,
      macAddress: mac,
      macAddrType: n.macAddr ? 'fixed' : 'random',
      vid: Number(n.vlanId ?? 0) || 0,
      temporary: true,
      autoCreatedBy: z.name,
    });
  }
}

export function removeAutoVnics(s: SimState, zone: string): void {
  s.links = s.links.filter((l) => l.autoCreatedBy !== zone);
}
