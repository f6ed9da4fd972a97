// zonecfg's info and export commands (info_func, export_func and their output_* helpers): the
// configuration printed for people and as re-playable commands.
import { promises as fsp } from 'node:fs';
import { gzInvalidProperty, gzInvalidResource } from './zonecfg-add';
import { sameNetAddress } from './zonecfg-checks';
import type { Cmd } from './zonecfg-grammar';
import { type AdminRes, type AttrRes, bytesToUnits, type DevRes, type DsRes, type FsRes, getAliased, type NetRes, type PsetRes, type RctlRes, type SecflagsRes, Z } from './zonecfg-model';
import { fillIn } from './zonecfg-scope';
import type { ZonecfgSession } from './zonecfg-session';

export async function exportFunc(session: ZonecfgSession, cmd: Cmd) {
  let outfile = '';
  const g = session.getopt(cmd.argv, '?f:');
  for (const o of g.opts) {
    if (o.c === '?') {
      if (g.bad === '?') session.longerUsage('export');
      else session.shortUsage('export');
      return;
    }
    if (o.c === 'f') outfile = o.arg!;
  }
  if (g.optind !== cmd.argv.length) {
    session.shortUsage('export');
    return;
  }
  if (!(await session.initialize(true))) return;
  const c = session.cfg();
  let o = 'create -b\n';
  if (c.zonepath) o += `set zonepath=${c.zonepath}\n`;
  const committed = await session.committedConfig(session.zone);
  if (committed && committed.brand !== 'native') o += `set brand=${committed.brand}\n`;
  o += `set autoboot=${c.autoboot ? 'true' : 'false'}\n`;
  if (c.bootargs) o += `set bootargs=${c.bootargs}\n`;
  if (c.pool) o += `set pool=${c.pool}\n`;
  if (c.limitpriv) o += `set limitpriv=${c.limitpriv}\n`;
  if (c.sched) o += `set scheduling-class=${c.sched}\n`;
  o += `set ip-type=${c.ipType}\n`;
  if (c.hostid) o += `set hostid=${c.hostid}\n`;
  if (c.fsAllowed) o += `set fs-allowed=${c.fsAllowed}\n`;
  const prop = (name: string, v: string) => (v ? `set ${name}="${v}"\n` : '');
  for (const f of c.fs) {
    o += 'add fs\n' + prop('dir', f.dir) + prop('special', f.special) + prop('raw', f.raw) + prop('type', f.type);
    for (const opt of f.options) o += opt.includes('=') ? `add options "${opt}"\n` : `add options ${opt}\n`;
    o += 'end\n';
  }
  for (const n of c.net) {
    o += 'add net\n';
    o += prop('address', n.address) + prop('allowed-address', n.allowedAddress) + prop('physical', n.physical);
    o += prop('mac-addr', n.macAddr) + prop('vlan-id', n.vlanId) + prop('global-nic', n.globalNic);
    o += prop('defrouter', n.defrouter);
    for (const p of n.props) o += `add property (name=${p.name},value="${p.value}")\n`;
    o += 'end\n';
  }
  for (const d of c.device) {
    o += 'add device\n' + prop('match', d.match);
    for (const p of d.props) o += `add property (name=${p.name},value="${p.value}")\n`;
    o += 'end\n';
  }
  for (const r of c.rctl) {
    o += 'add rctl\n' + prop('name', r.name);
    for (const v of r.values) o += `add value (priv=${v.priv},limit=${v.limit},action=${v.action})\n`;
    o += 'end\n';
  }
  for (const a of c.attr) o += 'add attr\n' + prop('name', a.name) + prop('type', a.type) + prop('value', a.value) + 'end\n';
  for (const d of c.dataset) o += 'add dataset\n' + prop('name', d.name) + 'end\n';
  if (c.pset) {
    o += 'add dedicated-cpu\n';
    o +=
      c.pset.ncpuMin === c.pset.ncpuMax
        ? `set ncpus=${c.pset.ncpuMax}\n`
        : `set ncpus=${c.pset.ncpuMin}-${c.pset.ncpuMax}\n`;
    if (c.pset.importance) o += `set importance=${c.pset.importance}\n`;
    o += 'end\n';
  }
  for (const a of c.admin) o += 'add admin\n' + prop('user', a.user) + prop('auths', a.auths) + 'end\n';
  if (c.secflags) {
    const sf = c.secflags;
    o += 'add security-flags\n' + prop('default', sf.default) + prop('lower', sf.lower) + prop('upper', sf.upper) + 'end\n';
  }
  if (outfile) {
    try {
      await fsp.writeFile(outfile, o);
    } catch (e) {
      session.zerr(`opening file ${outfile}: ${(e as Error).message}`);
    }
  } else session.out(o);
}

export function outputProp(session: ZonecfgSession, name: string, v: string, notspec = true, brackets = false): string {
  if (v !== '') {
    const q = v.includes(' ') ? `"${v}"` : v;
    return brackets ? `\t[${name}: ${q}]\n` : `\t${name}: ${q}\n`;
  }
  return notspec ? `\t${name} not specified\n` : '';
}

export function outFs(session: ZonecfgSession, f: FsRes): string {
  let o = 'fs:\n';
  o += outputProp(session, 'dir', f.dir) + outputProp(session, 'special', f.special) + outputProp(session, 'raw', f.raw);
  o += outputProp(session, 'type', f.type);
  o += `\toptions: [${f.options.map((x) => (x.includes('=') ? `"${x}"` : x)).join(',')}]\n`;
  return o;
}

export function outNet(session: ZonecfgSession, n: NetRes): string {
  let o = 'net:\n';
  o += outputProp(session, 'address', n.address) + outputProp(session, 'allowed-address', n.allowedAddress);
  o += outputProp(session, 'defrouter', n.defrouter) + outputProp(session, 'global-nic', n.globalNic);
  o += outputProp(session, 'mac-addr', n.macAddr) + outputProp(session, 'physical', n.physical);
  o += outputProp(session, 'vlan-id', n.vlanId);
  for (const p of n.props) o += `\tproperty: (name=${p.name},value="${p.value}")\n`;
  return o;
}

export function outDev(session: ZonecfgSession, d: DevRes): string {
  let o = 'device:\n' + outputProp(session, 'match', d.match);
  for (const p of d.props) o += `\tproperty: (name=${p.name},value="${p.value}")\n`;
  return o;
}

export function outRctl(session: ZonecfgSession, r: RctlRes): string {
  let o = 'rctl:\n' + outputProp(session, 'name', r.name);
  for (const v of r.values) o += `\tvalue: (priv=${v.priv},limit=${v.limit},action=${v.action})\n`;
  return o;
}

export function outAttr(session: ZonecfgSession, a: AttrRes): string {
  return 'attr:\n' + outputProp(session, 'name', a.name) + outputProp(session, 'type', a.type) + outputProp(session, 'value', a.value);
}

export function outDs(session: ZonecfgSession, d: DsRes): string {
  return 'dataset:\n' + outputProp(session, 'name', d.name);
}

export function outPset(session: ZonecfgSession, p: PsetRes): string {
  let o = 'dedicated-cpu:\n';
  o += p.ncpuMin === p.ncpuMax ? `\tncpus: ${p.ncpuMax}\n` : `\tncpus: ${p.ncpuMin}-${p.ncpuMax}\n`;
  if (p.importance) o += `\timportance: ${p.importance}\n`;
  return o;
}

export function outPcap(session: ZonecfgSession): string {
  const r = getAliased(session.cfg(), 'cpu-cap');
  if (!r.ok) return '';
  return `capped-cpu:\n\t[ncpus: ${(Number(r.limit) / 100).toFixed(2)}]\n`;
}

export function outMcap(session: ZonecfgSession): string {
  const c = session.cfg();
  const phys = getAliased(c, 'physical-memory');
  const swap = getAliased(c, 'max-swap');
  const locked = getAliased(c, 'locked-memory');
  if (!phys.ok && !swap.ok && !locked.ok) return '';
  let o = 'capped-memory:\n';
  if (phys.ok) o += `\t[physical: ${bytesToUnits(phys.limit)}]\n`;
  if (swap.ok) o += outputProp(session, 'swap', bytesToUnits(swap.limit), true, true);
  if (locked.ok) o += outputProp(session, 'locked', bytesToUnits(locked.limit), true, true);
  return o;
}

export function outAdmin(session: ZonecfgSession, a: AdminRes): string {
  return 'admin:\n' + outputProp(session, 'user', a.user) + outputProp(session, 'auths', a.auths);
}

export function outSecflags(session: ZonecfgSession, s: SecflagsRes): string {
  return 'security-flags:\n' + outputProp(session, 'default', s.default) + outputProp(session, 'lower', s.lower) + outputProp(session, 'upper', s.upper);
}

export function infoAliased(session: ZonecfgSession, alias: string): string {
  const r = getAliased(session.cfg(), alias);
  if (!r.ok) return '';
  if (alias === 'max-shm-memory') return `[${alias}: ${bytesToUnits(r.limit)}]\n`;
  return `[${alias}: ${r.limit}]\n`;
}

export function infoFiltered<T>(session: ZonecfgSession, res: string, list: T[], cmd: Cmd, out: (x: T) => string, keys: string[]): string {
  let o = '';
  let output = false;
  for (const item of list) {
    if (cmd.props.length === 0) {
      o += out(item);
      continue;
    }
    const m = fillIn(session, res, cmd);
    if (!m) continue;
    let match = true;
    for (const k of keys) {
      const want = m.get(k) ?? '';
      if (want === '') continue;
      const got = String((item as Record<string, unknown>)[k === 'allowed-address' ? 'allowedAddress' : k] ?? '');
      if (res === 'net' && k === 'address' ? !sameNetAddress(want, got) : want !== got) match = false;
    }
    if (!match) continue;
    o += out(item);
    output = true;
  }
  if (!output && cmd.props.length > 0) o += `No such ${res} resource.\n`;
  return o;
}

export async function infoFunc(session: ZonecfgSession, cmd: Cmd) {
  if (!(await session.initialize(true))) return;
  const c = session.cfg();
  if (!session.globalScope) {
    let o = '';
    switch (session.resourceScope) {
      case 'fs':
        o = outFs(session, session.ip.fs);
        break;
      case 'net':
        o = outNet(session, session.ip.net);
        break;
      case 'device':
        o = outDev(session, session.ip.device);
        break;
      case 'rctl':
        o = outRctl(session, session.ip.rctl);
        break;
      case 'attr':
        o = outAttr(session, session.ip.attr);
        break;
      case 'dataset':
        o = outDs(session, session.ip.dataset);
        break;
      case 'dedicated-cpu':
        o = outPset(session, session.ip.pset);
        break;
      case 'capped-cpu':
        o = outPcap(session);
        break;
      case 'capped-memory':
        o = outMcap(session);
        break;
      case 'admin':
        o = outAdmin(session, session.ip.admin);
        break;
      case 'security-flags':
        o = outSecflags(session, session.ip.secflags);
        break;
    }
    session.out(o);
    return;
  }
  const type = cmd.res;
  if (gzInvalidProperty(session, type)) {
    session.zerr(`${type} is not a valid property for the global zone.`);
    return;
  }
  if (gzInvalidResource(session, type)) {
    session.zerr(`${type} is not a valid resource for the global zone.`);
    return;
  }
  const fsKeys = ['dir', 'special', 'type'];
  const netKeys = ['physical', 'address'];
  const line = (k: string, v: string) => `${k}: ${v}\n`;
  const aliases = ['max-lwps', 'max-processes', 'max-shm-memory', 'max-shm-ids', 'max-msg-ids', 'max-sem-ids', 'cpu-shares', 'zfs-io-priority'];
  // what `info <type>` prints for each property and resource; `info` alone prints them in its order
  const shown: Record<string, () => string> = {
    zonename: () => line('zonename', c.name),
    zonepath: () => line('zonepath', c.zonepath),
    brand: () => line('brand', c.brand),
    autoboot: () => line('autoboot', String(c.autoboot)),
    bootargs: () => line('bootargs', c.bootargs),
    pool: () => line('pool', c.pool),
    limitpriv: () => line('limitpriv', c.limitpriv),
    'scheduling-class': () => line('scheduling-class', c.sched),
    'ip-type': () => line('ip-type', c.ipType),
    hostid: () => line('hostid', c.hostid),
    'fs-allowed': () => line('fs-allowed', c.fsAllowed),
    fs: () => infoFiltered(session, 'fs', c.fs, cmd, (x) => outFs(session, x), fsKeys),
    net: () => infoFiltered(session, 'net', c.net, cmd, (x) => outNet(session, x), netKeys),
    device: () => infoFiltered(session, 'device', c.device, cmd, (x) => outDev(session, x), ['match']),
    rctl: () => infoFiltered(session, 'rctl', c.rctl, cmd, (x) => outRctl(session, x), ['name']),
    attr: () => infoFiltered(session, 'attr', c.attr, cmd, (x) => outAttr(session, x), ['name', 'type', 'value']),
    dataset: () => infoFiltered(session, 'dataset', c.dataset, cmd, (x) => outDs(session, x), ['name']),
    'dedicated-cpu': () => (c.pset ? outPset(session, c.pset) : ''),
    'capped-cpu': () => outPcap(session),
    'capped-memory': () => outMcap(session),
    admin: () => infoFiltered(session, 'admin', c.admin, cmd, (x) => outAdmin(session, x), ['user']),
    'security-flags': () => (c.secflags ? outSecflags(session, c.secflags) : ''),
  };
  const all = (...types: string[]) => types.map((t) => shown[t]!()).join('');
  let o = '';
  if (type === null) {
    const ngz = !session.globalZone;
    o += all('zonename');
    if (ngz) o += all('zonepath', 'brand', 'autoboot', 'bootargs');
    o += all('pool');
    if (ngz) o += all('limitpriv', 'scheduling-class', 'ip-type', 'hostid', 'fs-allowed');
    for (const a of aliases) o += infoAliased(session, a);
    if (ngz) o += all('fs', 'net', 'device');
    o += all('dedicated-cpu', 'capped-cpu', 'capped-memory');
    if (ngz) o += all('attr', 'dataset', 'admin');
    o += all('rctl', 'security-flags');
  } else if (Object.hasOwn(shown, type)) o = shown[type]!();
  else if (aliases.includes(type)) o = infoAliased(session, type);
  else session.zonePerror(type, Z.NO_RESOURCE_TYPE, true);
  session.out(o);
}
