// Simulated ipadm(8), for the global zone (ipadmMain, bin/ipadm) and inside a zone (the zone
// shell calls ipadmRun). Output and errors follow REFERENCE.md §8 and illumos ipadm.c:
// libofmt human columns (ADDROBJ 18, TYPE 9, STATE 13, CURRENT 8, PERSISTENT 11, ADDR),
// `-p -o` parsable output, and the `ipadm: <msg>` errors with exit status 1.
//
// State: the zone's os.json (zoneos.ts), read-modify-written under its lock. The global
// zone keeps its own in zones/global/os.json, seeded with lo0 and i40e0.
import type { ToolIO } from './tool-io';
import { readState, findZone } from './store';
import { scanOptions } from './getopt';
import { dhcpLease, GZ_ADDR, DHCP_ROUTER, readZoneOs, updateZoneOs, type AddrObj, type IpIf, type ZoneOs } from './zoneos';
import type { SimZone } from './types';
import { createHash } from 'node:crypto';

export interface IpadmCtx {
  root: string;
  /** the zone the command runs in; null or 'global' for the global zone */
  zone: string | null;
}

interface Out {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY?: boolean;
}

class Die extends Error {}

const USAGE: Record<string, string> = {
  'create-if': '\tcreate-if\t[-t] <interface>',
  'disable-if': '\tdisable-if\t-t <interface>',
  'enable-if': '\tenable-if\t-t <interface>',
  'delete-if': '\tdelete-if\t<interface>',
  'show-if': '\tshow-if\t\t[[-p] -o <field>,...] [<interface>]\n',
  'set-ifprop': '\tset-ifprop\t[-t] -p <prop>=<value[,...]> -m <protocol> <interface>',
  'reset-ifprop': '\treset-ifprop\t[-t] -p <prop> -m <protocol> <interface>',
  'show-ifprop': '\tshow-ifprop\t[[-c] -o <field>,...] [-p <prop>,...]\n\t\t\t[-m <protocol>] [interface]\n',
  'create-addr':
    '\tcreate-addr\t[-t] -T static [-d] -a{local|remote}=addr[/prefixlen]\n\t\t\t<addrobj>\n' +
    '\tcreate-addr\t[-t] -T dhcp [-w <seconds> | forever]\n\t\t\t[-1] [-h <hostname>] <addrobj>\n' +
    '\tcreate-addr\t[-t] -T addrconf [-i interface-id]\n\t\t\t[-p {stateful|stateless}={yes|no}] <addrobj>',
  'down-addr': '\tdown-addr\t[-t] <addrobj>',
  'up-addr': '\tup-addr\t\t[-t] <addrobj>',
  'disable-addr': '\tdisable-addr\t-t <addrobj>',
  'enable-addr': '\tenable-addr\t-t <addrobj>',
  'refresh-addr': '\trefresh-addr\t[-i] <addrobj>',
  'delete-addr': '\tdelete-addr\t[-r] <addrobj>',
  'show-addr': '\tshow-addr\t[[-p] -o <field>,...] [<addrobj>]\n',
  'set-addrprop': '\tset-addrprop\t[-t] -p <prop>=<value[,...]> <addrobj>',
  'reset-addrprop': '\treset-addrprop\t[-t] -p <prop> <addrobj>',
  'show-addrprop': '\tshow-addrprop\t[[-c] -o <field>,...] [-p <prop>,...] <addrobj>\n',
  'set-prop': '\tset-prop\t[-t] -p <prop>[+|-]=<value[,...]> <protocol>',
  'reset-prop': '\treset-prop\t[-t] -p <prop> <protocol>',
  'show-prop': '\tshow-prop\t[[-c] -o <field>,...] [-p <prop>,...] [protocol]',
};

function usageText(): string {
  return 'usage:  ipadm <subcommand> <args> ...\n' + Object.values(USAGE).map((u) => u + '\n').join('');
}

/** ipadm as run in the global zone (bin/ipadm, the dashboard's runner). */
export async function ipadmMain(args: string[], io: ToolIO & { zonename?: string }): Promise<number> {
  // SimToolIO.zonename (SIM_ZONENAME): the zone the tool runs in
  const zone = io.zonename && io.zonename !== 'global' ? io.zonename : null;
  return ipadmRun(args, { root: io.root, zone }, { stdout: io.stdout, stderr: io.stderr, isTTY: io.isTTY });
}

export async function ipadmRun(args: string[], ctx: IpadmCtx, out: Out): Promise<number> {
  // ipadm.c die(): "ipadm: " and the message go to stderr, then `(void) putchar('\n')`: the
  // closing newline goes to *stdout*. A caller reading stderr alone sees no final newline, and
  // stdout of a failed ipadm is one empty line.
  const die = (msg: string): never => {
    out.stderr(`ipadm: ${msg}`);
    out.stdout('\n');
    throw new Die(msg);
  };
  try {
    if (args.length < 1) {
      out.stderr(usageText());
      return 1;
    }
    const sub = args[0]!;
    const rest = args.slice(1);
    const zctx = await zoneContext(ctx);
    switch (sub) {
      case 'show-addr':
        return await showAddr(rest, zctx, out, die);
      case 'show-if':
        return await showIf(rest, zctx, out, die);
      case 'create-addr':
        return await createAddr(rest, zctx, out, die);
      case 'delete-addr':
        return await deleteAddr(rest, zctx, die);
      case 'create-if':
      case 'plumb':
        return await createIf(rest, zctx, die);
      case 'delete-if':
      case 'unplumb':
        return await deleteIf(rest, zctx, die);
      default:
        if (USAGE[sub]) die(`${sub}: not supported by the simulator`);
        out.stderr(`ipadm: unknown subcommand '${sub}'\n`);
        out.stderr(usageText());
        return 1;
    }
  } catch (e) {
    if (e instanceof Die) return 1;
    throw e;
  }
}

// ---------------------------------------------------------------- context

interface ZoneCtx {
  root: string;
  /** os.json owner: the zone name, or 'global' */
  key: string;
  global: boolean;
  zone?: SimZone;
  /** datalinks the zone's IP stack may plumb */
  links: Set<string>;
  shared: boolean;
}

async function zoneContext(ctx: IpadmCtx): Promise<ZoneCtx> {
  const st = await readState(ctx.root);
  if (!ctx.zone || ctx.zone === 'global') {
    const assigned = new Set<string>();
    for (const z of st.zones) if (z.name !== 'global' && z.ipType === 'exclusive') for (const n of z.net) assigned.add(n.physical);
    const links = new Set(st.links.map((l) => l.name).filter((n) => !assigned.has(n)));
    links.add('lo0');
    await seedGlobal(ctx.root);
    return { root: ctx.root, key: 'global', global: true, links, shared: false };
  }
  const zone = findZone(st, ctx.zone);
  const links = new Set<string>(['lo0']);
  if (zone && zone.ipType === 'exclusive') for (const n of zone.net) links.add(n.physical);
  return { root: ctx.root, key: ctx.zone, global: false, zone, links, shared: zone?.ipType === 'shared' };
}

async function seedGlobal(root: string): Promise<void> {
  const s = await readZoneOs(root, 'global');
  if (s.bootCount > 0) return;
  await updateZoneOs(root, 'global', (g) => {
    if (g.bootCount > 0) return;
    g.bootCount = 1;
    g.running = true;
    g.hostname = 'omnios';
    g.ifs = [
      { name: 'lo0', v4: true, v6: true, persistent: false },
      { name: 'i40e0', v4: true, v6: false, persistent: true },
    ];
    g.addrs = [
      { ifname: 'lo0', tag: 'v4', type: 'static', addr: '127.0.0.1/8', v6: false, persistent: false },
      { ifname: 'i40e0', tag: 'v4', type: 'static', addr: GZ_ADDR, v6: false, persistent: true },
      { ifname: 'lo0', tag: 'v6', type: 'static', addr: '::1/128', v6: true, persistent: false },
    ];
    g.routes = [{ dest: 'default', gateway: DHCP_ROUTER }];
    g.persist = {
      ifs: [{ name: 'i40e0', v4: true, v6: false, persistent: true }],
      addrs: [{ ifname: 'i40e0', tag: 'v4', type: 'static', addr: GZ_ADDR, v6: false, persistent: true }],
      routes: [{ dest: 'default', gateway: DHCP_ROUTER }],
    };
  });
}

// ---------------------------------------------------------------- getopt (illumos getopt_long with a leading ':')

/** scanOptions() with ipadm's own diagnostics (die: message, usage, exit 1); a flag's value is '' */
function getopt(
  args: string[],
  spec: string,
  longs: Record<string, string>,
  use: string,
  die: (m: string) => never,
): { opts: [string, string][]; operands: string[] } {
  const scan = scanOptions(args, spec, { longs });
  const e = scan.error;
  if (e?.kind === 'unknown') die(`unrecognized option '${e.opt.startsWith('--') ? e.opt : '-' + e.opt}'\nusage: ${use}`);
  if (e?.kind === 'missing') die(`option '-${e.opt}' requires a value\nusage: ${use}`);
  return { opts: scan.opts.map(({ c, arg }) => [c, arg ?? '']), operands: scan.operands };
}

// ---------------------------------------------------------------- libofmt

interface Field {
  name: string;
  width: number;
}

/**
 * ofmt_open() and ipadm_ofmt_check() (libofmt ofmt.c, ipadm.c): in parsable mode the fields
 * must be named and `all' is refused; a list with no valid field is always fatal ("no valid
 * output fields"); some unknown fields are fatal in parsable mode and a warning otherwise.
 */
function ofmtFields(all: Field[], spec: string | null, parsable: boolean, out: Out, die: (m: string) => never, def: string | null): Field[] {
  if (parsable && (spec === null || spec === '')) die('output fields must be specified in parsable mode');
  if (parsable && spec!.toLowerCase() === 'all') die("output field `all' invalid in parsable mode");
  const wanted = spec ?? def;
  if (wanted === null || wanted.toLowerCase() === 'all') return all;
  const res: Field[] = [];
  const bad: string[] = [];
  for (const n of wanted.split(',')) {
    const f = all.find((x) => x.name.toLowerCase() === n.toLowerCase());
    if (f) res.push(f);
    else bad.push(n);
  }
  if (res.length === 0) die('no valid output fields');
  if (bad.length) {
    const msg = `${parsable ? '' : 'ignoring '}unknown output field${bad.length > 1 ? 's' : ''}:${bad.map((b) => ` \`${b}'`).join('')}`;
    if (parsable) die(msg);
    out.stderr(`ipadm: warning: ${msg}\n`);
  }
  return res;
}

function ofmtPrint(fields: Field[], rows: string[][], parsable: boolean, out: Out): void {
  if (parsable) {
    for (const r of rows) {
      const vals = fields.length > 1 ? r.map((v) => v.replace(/\\/g, '\\\\').replace(/:/g, '\\:')) : r;
      out.stdout(vals.join(':') + '\n');
    }
    return;
  }
  const line = (vals: string[]) => {
    let s = '';
    let overflow = 0;
    vals.forEach((v, i) => {
      const f = fields[i]!;
      if (i === vals.length - 1) {
        s += v;
        return;
      }
      let width = f.width;
      if (v.length + overflow >= width) {
        overflow += v.length - width + 1;
        s += v + ' ';
        return;
      }
      if (overflow > 0) {
        const compress = Math.min(overflow, width - v.length);
        overflow -= compress;
        width -= compress;
      }
      s += v.padEnd(width);
    });
    return s + '\n';
  };
  const header = line(fields.map((f) => f.name));
  rows.forEach((r, i) => {
    if (i === 0 || (!out.isTTY && i % 23 === 0)) out.stdout(header);
    out.stdout(line(r.map((v) => (v === '' ? '--' : v))));
  });
}

// ---------------------------------------------------------------- show-addr

const ADDR_FIELDS: Field[] = [
  { name: 'ADDROBJ', width: 18 },
  { name: 'TYPE', width: 9 },
  { name: 'STATE', width: 13 },
  { name: 'CURRENT', width: 8 },
  { name: 'PERSISTENT', width: 11 },
  { name: 'ADDR', width: 46 },
];

/** addresses in ipadm's order: IPv4 of every interface (plumb order), then IPv6 */
function orderedAddrs(s: ZoneOs): AddrObj[] {
  const ifIndex = (n: string) => {
    const k = s.ifs.findIndex((i) => i.name === n);
    return k === -1 ? 1e6 : k;
  };
  const v4 = s.addrs.filter((a) => !a.v6);
  const v6 = s.addrs.filter((a) => a.v6);
  const byIf = (a: AddrObj, b: AddrObj) => ifIndex(a.ifname) - ifIndex(b.ifname);
  return [...v4.map((a, i) => [a, i] as const).sort((x, y) => byIf(x[0], y[0]) || x[1] - y[1]).map((x) => x[0]),
    ...v6.map((a, i) => [a, i] as const).sort((x, y) => byIf(x[0], y[0]) || x[1] - y[1]).map((x) => x[0])];
}

function addrobjName(a: AddrObj): string {
  return `${a.ifname}/${a.tag === '' ? '?' : a.tag}`;
}

async function showAddr(args: string[], z: ZoneCtx, out: Out, die: (m: string) => never): Promise<number> {
  const use = USAGE['show-addr']!;
  const { opts, operands } = getopt(args, 'po:', { parsable: 'p', output: 'o' }, use, die);
  const parsable = opts.some(([c]) => c === 'p');
  const fieldsStr = opts.filter(([c]) => c === 'o').pop()?.[1] ?? null;
  if (parsable && fieldsStr === null) die('-p requires -o');
  let aname: string | null = null;
  let ifname: string | null = null;
  if (operands.length === 1) {
    const a = operands[0]!;
    const slash = a.indexOf('/');
    if (slash === -1) die('Invalid address object name provided');
    if (slash === a.length - 1) ifname = a.slice(0, -1);
    else aname = a;
  } else if (operands.length > 1) die(`Usage: ${use}`);
  const fields = ofmtFields(ADDR_FIELDS, fieldsStr, parsable, out, die, 'addrobj,type,state,addr');
  const s = await readZoneOs(z.root, z.key);
  if (!s.running && !z.global) return 0;
  if (ifname !== null && !s.ifs.some((i) => i.name === ifname)) die('Could not get address: Interface does not exist');
  let list = orderedAddrs(s);
  if (ifname !== null) list = list.filter((a) => a.ifname === ifname);
  if (aname !== null) {
    list = list.filter((a) => a.tag !== '' && addrobjName(a) === aname);
    if (!list.length) die('Address object not found');
  }
  const rows = list.map((a) =>
    fields.map((f) => {
      switch (f.name) {
        case 'ADDROBJ':
          return addrobjName(a);
        case 'TYPE':
          return a.type;
        case 'STATE':
          return 'ok';
        case 'CURRENT':
          return 'U----';
        case 'PERSISTENT':
          return a.persistent ? 'U--' : '---';
        default:
          return a.addr;
      }
    }),
  );
  ofmtPrint(fields, rows, parsable, out);
  return 0;
}

// ---------------------------------------------------------------- show-if

const IF_FIELDS: Field[] = [
  { name: 'IFNAME', width: 11 },
  { name: 'STATE', width: 9 },
  { name: 'CURRENT', width: 13 },
  { name: 'PERSISTENT', width: 11 },
];

function ifCurrent(i: IpIf): string {
  // b m p v I s i V a Z 4 6
  const lo = i.name === 'lo0';
  return [lo ? '-' : 'b', 'm', '-', lo ? 'v' : '-', '-', '-', '-', '-', '-', i.l3protect ? 'Z' : '-', i.v4 ? '4' : '-', i.v6 ? '6' : '-'].join('');
}

async function showIf(args: string[], z: ZoneCtx, out: Out, die: (m: string) => never): Promise<number> {
  const use = USAGE['show-if']!;
  const { opts, operands } = getopt(args, 'po:', { parsable: 'p', output: 'o' }, use, die);
  const parsable = opts.some(([c]) => c === 'p');
  const fieldsStr = opts.filter(([c]) => c === 'o').pop()?.[1] ?? null;
  if (operands.length > 1) die(`Usage: ${use}`);
  // show-if has no "-p requires -o" of its own (do_show_if): libofmt refuses instead
  const fields = ofmtFields(IF_FIELDS, fieldsStr, parsable, out, die, null);
  const s = await readZoneOs(z.root, z.key);
  let ifs = s.running || z.global ? s.ifs : [];
  const name = operands[0];
  if (name !== undefined) {
    ifs = ifs.filter((i) => i.name === name);
    if (!ifs.length) die('Could not get interface(s): Interface does not exist');
  }
  const rows = ifs.map((i) => {
    const p = s.persist.ifs.find((x) => x.name === i.name);
    return fields.map((f) =>
      f.name === 'IFNAME' ? i.name : f.name === 'STATE' ? 'ok' : f.name === 'CURRENT' ? ifCurrent(i) : `-${p?.v4 ? '4' : '-'}${p?.v6 ? '6' : '-'}`,
    );
  });
  ofmtPrint(fields, rows, parsable, out);
  return 0;
}

// ---------------------------------------------------------------- create-addr

function parseV4(a: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (!m) return null;
  const o = m.slice(1).map(Number);
  return o.every((x) => x <= 255) ? o : null;
}

function isV6(a: string): boolean {
  return /^[0-9a-fA-F:]+$/.test(a) && a.includes(':') && (a.match(/::/g) ?? []).length <= 1;
}

function classfulPrefix(o: number[]): number {
  const first = o[0]!;
  return first < 128 ? 8 : first < 192 ? 16 : 24;
}

function linkLocal(key: string, ifname: string): string {
  const h = createHash('sha256').update(`${key}/${ifname}`).digest();
  const x = (i: number) => h.readUInt16BE(i).toString(16);
  return `fe80::8:20ff:fe${(h[0]! % 256).toString(16).padStart(2, '0')}:${x(2)}/10`;
}

async function createAddr(args: string[], z: ZoneCtx, out: Out, die: (m: string) => never): Promise<number> {
  const use = USAGE['create-addr']!;
  const { opts, operands } = getopt(
    args,
    '1T:a:dh:i:p:w:t',
    { address: 'a', down: 'd', 'interface-id': 'i', primary: '1', prop: 'p', reqhost: 'h', temporary: 't', type: 'T', wait: 'w' },
    use,
    die,
  );
  let atype: string | null = null;
  let staticArg: string | null = null;
  let temporary = false;
  let sOpt = false;
  let autoOpt = false;
  let dhcpOpt = false;
  let primary = false;
  let reqhost: string | null = null;
  for (const [c, v] of opts) {
    if (c === 'T') atype = v;
    else if (c === 'a') {
      staticArg = v;
      sOpt = true;
    } else if (c === 'd') sOpt = true;
    else if (c === 'h') reqhost = v;
    else if (c === 'i' || c === 'p') autoOpt = true;
    else if (c === 'w') dhcpOpt = true;
    else if (c === 't') temporary = true;
    else if (c === '1') primary = true;
  }
  if (atype === null || operands.length !== 1) die(`Invalid arguments\nusage: ${use}`);
  const aobj = operands[0]!;
  const slash = aobj.indexOf('/');
  if (slash === -1 || slash === aobj.length - 1) die(`invalid address object name: ${aobj}\nusage: ${use}`);
  const ifname = aobj.slice(0, slash);
  const tag = aobj.slice(slash + 1);
  // libipadm's ipadm_create_addrobj(), called once the type's own arguments have been checked:
  // the name must fit IPADM_AOBJSIZ (64 with the NUL), the interface must parse
  // (ifparse_ifspec) and the tag must be a letter then letters and digits
  // (i_ipadm_is_user_aobjname_valid); else IPADM_INVALID_ARG, which ipadm.c reports as
  // "Error in creating address object: Invalid argument provided" (no usage)
  const createAddrobj = () => {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(tag) || !/^[A-Za-z][A-Za-z0-9_.]*[0-9]$/.test(ifname) || aobj.length >= 64) {
      die('Error in creating address object: Invalid argument provided');
    }
  };
  let addr = '';
  let v6 = false;
  let type: AddrObj['type'];
  if (atype === 'static') {
    if (staticArg === null || autoOpt || dhcpOpt || reqhost !== null || primary) die(`Invalid arguments for type ${atype}\nusage: ${use}`);
    let local: string | null = null;
    for (const part of staticArg!.split(',')) {
      const m = /^(local|remote)=(.*)$/.exec(part);
      if (m && m[1] === 'local') local = m[2]!;
      else if (!m) local = local ?? part;
    }
    if (!local) die(`Missing local address\nusage: ${use}`);
    createAddrobj();
    const [ip, pfxS] = local!.split('/') as [string, string | undefined];
    const o = parseV4(ip);
    if (o) {
      const pfx = pfxS === undefined ? classfulPrefix(o) : Number(pfxS);
      if (!/^\d+$/.test(pfxS ?? '0') || pfx > 32) die('Error in setting local address: Invalid argument provided');
      addr = `${o.join('.')}/${pfx}`;
    } else if (isV6(ip)) {
      const pfx = pfxS === undefined ? 64 : Number(pfxS);
      if (!/^\d+$/.test(pfxS ?? '0') || pfx > 128) die('Error in setting local address: Invalid argument provided');
      addr = `${ip.toLowerCase()}/${pfx}`;
      v6 = true;
    } else {
      die('Error in setting local address: Invalid address');
    }
    type = 'static';
  } else if (atype === 'dhcp') {
    if (autoOpt || sOpt) die(`Invalid arguments for type ${atype}\nusage: ${use}`);
    createAddrobj();
    const w = opts.find(([c]) => c === 'w')?.[1];
    if (w !== undefined && w !== 'forever' && !/^\d+$/.test(w)) die('Invalid argument');
    type = 'dhcp';
  } else if (atype === 'addrconf') {
    if (dhcpOpt || sOpt || reqhost !== null || primary) die(`Invalid arguments for type ${atype}\nusage: ${use}`);
    createAddrobj();
    type = 'addrconf';
    v6 = true;
  } else {
    die(`Invalid address type ${atype}`);
  }
  if (z.shared) die('Could not create address: Permission denied');
  if (!z.global && !z.zone) die('Could not create address: Interface does not exist');
  const key = z.key;
  const lease = type! === 'dhcp' && !z.global ? await dhcpLease(z.root, key, ifname) : type! === 'dhcp' ? `${GZ_ADDR}` : '';
  await updateZoneOs(z.root, key, (s) => {
    if (!s.running && !z.global) die('Could not create address: Interface does not exist');
    if (s.addrs.some((a) => a.tag !== '' && a.ifname === ifname && a.tag === tag)) die('Could not create address: Address object already exists');
    if (!z.links.has(ifname)) die('Could not create address: Interface does not exist');
    let iface = s.ifs.find((i) => i.name === ifname);
    if (iface?.l3protect) die('Could not create address: Operation not permitted on from-gz interface');
    if (type === 'dhcp' && s.addrs.some((a) => a.ifname === ifname && a.type === 'dhcp')) die('Could not create address: Addrconf already in progress');
    if (type === 'addrconf' && s.addrs.some((a) => a.ifname === ifname && a.type === 'addrconf')) die('Could not create address: Addrconf already in progress');
    if (type === 'dhcp') addr = lease;
    if (type === 'addrconf') addr = linkLocal(key, ifname);
    if (!iface) {
      iface = { name: ifname, v4: false, v6: false, persistent: !temporary };
      s.ifs.push(iface);
    }
    if (v6) iface.v6 = true;
    else iface.v4 = true;
    const obj: AddrObj = { ifname, tag, type: type!, addr, v6, persistent: !temporary };
    s.addrs.push(obj);
    if (type === 'dhcp' && !s.routes.some((r) => r.dest === 'default')) s.routes.push({ dest: 'default', gateway: DHCP_ROUTER });
    if (!temporary) {
      let pif = s.persist.ifs.find((i) => i.name === ifname);
      if (!pif) {
        pif = { name: ifname, v4: false, v6: false, persistent: true };
        s.persist.ifs.push(pif);
      }
      if (v6) pif.v6 = true;
      else pif.v4 = true;
      s.persist.addrs.push({ ...obj });
    }
  });
  void out;
  return 0;
}

// ---------------------------------------------------------------- delete-addr, create-if, delete-if

async function deleteAddr(args: string[], z: ZoneCtx, die: (m: string) => never): Promise<number> {
  const use = USAGE['delete-addr']!;
  const { operands } = getopt(args, 'r', { release: 'r' }, use, die);
  if (operands.length !== 1) die(`Usage: ${use}`);
  const aobj = operands[0]!;
  await updateZoneOs(z.root, z.key, (s) => {
    const k = s.addrs.findIndex((a) => a.tag !== '' && addrobjName(a) === aobj);
    const pk = s.persist.addrs.findIndex((a) => addrobjName(a) === aobj);
    if (k === -1 && pk === -1) die('could not delete address: Object not found');
    if (k !== -1 && s.addrs[k]!.type === 'from-gz') die('could not delete address: Operation not permitted on from-gz interface');
    if (k !== -1) s.addrs.splice(k, 1);
    if (pk !== -1) s.persist.addrs.splice(pk, 1);
  });
  return 0;
}

async function createIf(args: string[], z: ZoneCtx, die: (m: string) => never): Promise<number> {
  const use = USAGE['create-if']!;
  const { opts, operands } = getopt(args, 't', { temporary: 't' }, use, die);
  if (operands.length !== 1) die(`Usage: ${use}`);
  const name = operands[0]!;
  const temporary = opts.some(([c]) => c === 't');
  if (z.shared) die(`Could not create ${name} : Permission denied`);
  await updateZoneOs(z.root, z.key, (s) => {
    if (!z.links.has(name)) die(`Could not create ${name} : Interface does not exist`);
    if (s.ifs.some((i) => i.name === name)) die(`Could not create ${name} : Interface already exists`);
    s.ifs.push({ name, v4: true, v6: true, persistent: !temporary });
    if (!temporary && !s.persist.ifs.some((i) => i.name === name)) s.persist.ifs.push({ name, v4: true, v6: true, persistent: true });
  });
  return 0;
}

async function deleteIf(args: string[], z: ZoneCtx, die: (m: string) => never): Promise<number> {
  const use = USAGE['delete-if']!;
  if (args.length !== 1) die(`Usage: ${use}`);
  const name = args[0]!;
  await updateZoneOs(z.root, z.key, (s) => {
    const k = s.ifs.findIndex((i) => i.name === name);
    const pk = s.persist.ifs.findIndex((i) => i.name === name);
    if (k === -1 && pk === -1) die(`Could not delete ${name}: Interface does not exist`);
    if (k !== -1 && s.ifs[k]!.l3protect) die(`Could not delete ${name}: Operation not permitted on from-gz interface`);
    if (k !== -1) s.ifs.splice(k, 1);
    if (pk !== -1) s.persist.ifs.splice(pk, 1);
    s.addrs = s.addrs.filter((a) => a.ifname !== name);
    s.persist.addrs = s.persist.addrs.filter((a) => a.ifname !== name);
  });
  return 0;
}
