// zonecfg's set and clear commands (set_func, clear_func): one property at a time, in the global
// or a resource scope, with the aliased rctls (max-lwps, cpu-shares, ...) kept as rctl resources.
import { validLinkName } from './dladm';
import { findZone, readState } from './store';
import { addProperty, gzInvalidProperty } from './zonecfg-add';
import { normalizeZonepath, validIPv4, validIPv6 } from './zonecfg-checks';
import type { Cmd } from './zonecfg-grammar';
import { GLOBAL_PROPS, HELP_NETADDR, HELP_SYNTAX } from './zonecfg-help';
import { ALIASES, aliasOk, bytesToUnits, getAliased, type NetRes, OMNIOS_BRANDS, parseMemLimit, rmAliased, setAliased, validZoneName, Z } from './zonecfg-model';
import { STATE_NUM, type ZonecfgSession } from './zonecfg-session';

export async function clearFunc(session: ZonecfgSession, cmd: Cmd) {
  if (session.zoneIsReadOnly('clear')) return;
  const type = cmd.res;
  if (session.globalScope) {
    if (gzInvalidProperty(session, type)) {
      session.zerr(`${type} is not a valid property for the global zone.`, true);
      return;
    }
    if (!type) {
      session.longUsage('clear', true);
      return;
    }
    if (!(await session.initialize(true))) return;
    const c = session.cfg();
    const aliasFor: Record<string, string> = {
      'max-lwps': 'max-lwps',
      'max-processes': 'max-processes',
      'max-shm-memory': 'max-shm-memory',
      'max-shm-ids': 'max-shm-ids',
      'max-msg-ids': 'max-msg-ids',
      'max-sem-ids': 'max-sem-ids',
      'cpu-shares': 'cpu-shares',
      'zfs-io-priority': 'zfs-io-priority',
    };
    switch (type) {
      case 'zonename':
      case 'zonepath':
      case 'brand':
        session.zonePerror(type, Z.CLEAR_DISALLOW, true);
        return;
      case 'autoboot':
        c.autoboot = false;
        break;
      case 'pool':
        c.pool = '';
        break;
      case 'limitpriv':
        c.limitpriv = '';
        break;
      case 'bootargs':
        c.bootargs = '';
        break;
      case 'scheduling-class':
        c.sched = '';
        break;
      case 'ip-type':
        c.ipType = 'shared';
        break;
      case 'hostid':
        c.hostid = '';
        break;
      case 'fs-allowed':
        c.fsAllowed = '';
        break;
      default:
        if (aliasFor[type]) {
          removeAliasedRctl(session, type, aliasFor[type]!);
          return;
        }
        session.unknownProperty('clear', type);
        return;
    }
    session.needToCommit = true;
    return;
  }
  const res = session.resourceScope;
  if (!res || !type) {
    session.longUsage('clear', true);
    return;
  }
  if (!(await session.initialize(true))) return;
  const done = () => {
    session.needToCommit = true;
  };
  if (res === 'fs' && type === 'raw') {
    session.ip.fs.raw = '';
    return done();
  }
  if (res === 'dedicated-cpu' && type === 'importance') {
    session.ip.pset.importance = '';
    return done();
  }
  if (res === 'capped-memory') {
    const map: Record<string, string> = { physical: 'physical-memory', swap: 'max-swap', locked: 'locked-memory' };
    if (map[type]) {
      removeAliasedRctl(session, type, map[type]!);
      return;
    }
  }
  if (res === 'net') {
    const map: Record<string, keyof NetRes> = {
      'allowed-address': 'allowedAddress',
      defrouter: 'defrouter',
      'global-nic': 'globalNic',
      'mac-addr': 'macAddr',
      'vlan-id': 'vlanId',
    };
    const k = map[type];
    if (k) {
      (session.ip.net[k] as string) = '';
      return done();
    }
  }
  if (res === 'security-flags' && (type === 'lower' || type === 'default' || type === 'upper')) {
    session.ip.secflags[type] = '';
    return done();
  }
  session.zonePerror(type, Z.CLEAR_DISALLOW, true);
}

export function removeAliasedRctl(session: ZonecfgSession, propName: string, alias: string) {
  const c = session.cfg();
  const r = getAliased(c, alias);
  if (!r.ok) {
    session.zerr(`clear ${propName}: ${r.err === 'noent' ? Z.NO_ENTRY : Z.ALIAS_DISALLOW}`, true);
    return;
  }
  rmAliased(c, alias);
  session.needToCommit = true;
}

export function validateNetAddress(session: ZonecfgSession, address: string, isHost: boolean): boolean {
  const slash = address.indexOf('/');
  const part1 = slash >= 0 ? address.slice(0, slash) : address;
  let prefixlen = slash >= 0 ? parseInt(address.slice(slash + 1), 10) || 0 : 0;
  if (isHost && slash >= 0)
    session.zerr(
      `Warning: prefix length in ${address} is not required and will be ignored. The default host-prefix length will be used`,
    );
  if (validIPv6(part1)) {
    if (isHost) prefixlen = 128;
    else if (slash < 0) {
      session.zerr(`${address}: IPv6 addresses require /prefix-length suffix.`);
      return false;
    }
    if (prefixlen < 0 || prefixlen > 128) {
      session.zerr(`${address}: IPv6 address prefix lengths must be 0 - 128.`);
      return false;
    }
    return true;
  }
  if (!isHost && slash >= 0 && (prefixlen < 0 || prefixlen > 32)) {
    session.zerr(`${address}: IPv4 address prefix lengths must be 0 - 32.`);
    return false;
  }
  if (validIPv4(part1)) return true;
  if (!/^[A-Za-z0-9]/.test(part1) || !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(part1)) {
    session.zerr(`${part1}: bogus host name or network address syntax`, true);
    session.usage(false, HELP_NETADDR);
    return false;
  }
  return true;
}

export function validatePhysical(session: ZonecfgSession, ifname: string): boolean {
  const c = session.cfg();
  if (c.ipType === 'shared') {
    // ifparse_ifspec: name[:lun], name = letters then a ppa number
    const m = /^([A-Za-z][A-Za-z0-9_.]*?[0-9]+)(:([0-9]+))?$/.exec(ifname);
    if (!m) {
      session.zerr(`${ifname}: invalid physical interface name`);
      return false;
    }
    if (m[2]) {
      session.zerr(`${ifname}: LUNs not allowed in physical interface names`);
      return false;
    }
    return true;
  }
  if (!validLinkName(ifname)) {
    if (ifname.includes(':'))
      session.zerr(`${ifname}: physical interface name required; logical interface name not allowed`);
    else session.zerr(`${ifname}: invalid physical interface name`);
    return false;
  }
  return true;
}

export function setAliasedRctl(session: ZonecfgSession, alias: string, propName: string, s: string) {
  const c = session.cfg();
  if (session.globalZone && alias !== 'cpu-shares')
    session.zerr(
      'WARNING: Setting a global zone resource control too low could deny\nservice to even the root user; this could render the system impossible\nto administer.  Please use caution.',
    );
  let val = s;
  if (propName === 'max-shm-memory') {
    const m = parseMemLimit(s);
    if (m === null) {
      session.zerr('A non-negative number with a required scale suffix (K, M, G or T) was expected\nhere.', true);
      return;
    }
    val = m.toString();
  }
  const a = ALIASES.find((x) => x.alias === alias)!;
  if (!aliasOk(c, alias)) {
    session.zonePerror(propName, Z.ALIAS_DISALLOW, false);
    session.sawError = true;
  } else if (!/^[0-9]+$/.test(val) || BigInt(val) < BigInt(a.low)) {
    session.zerr(`${propName} property is out of range.`, true);
  } else {
    setAliased(c, alias, BigInt(val));
    session.needToCommit = true;
  }
}

export async function setFunc(session: ZonecfgSession, cmd: Cmd) {
  if (session.zoneIsReadOnly('set')) return;
  let forceSet = false;
  const g = session.getopt(cmd.argv, 'F', false);
  for (const o of g.opts) {
    if (o.c === 'F') forceSet = true;
    else {
      if (g.bad === '?') session.longerUsage('set');
      else session.shortUsage('set');
      return;
    }
  }
  const prop = cmd.props[0]!;
  const propName = prop.name;
  let res: string;
  if (session.globalScope) {
    if (gzInvalidProperty(session, propName)) {
      session.zerr(`${propName} is not a valid property for the global zone.`, true);
      return;
    }
    if (!GLOBAL_PROPS.includes(propName)) {
      session.zerr('Cannot set a resource-specific property from the global scope.', true);
      return;
    }
    res = propName;
  } else res = session.resourceScope ?? '';
  if (forceSet) {
    if (res !== 'zonepath') {
      session.zerr('Only zonepath setting can be forced.', true);
      return;
    }
    session.zerr('Zonepath is changeable only in an alternate root.', true);
    return;
  }
  const pp = prop.value;
  const complexOk =
    (res === 'fs' && propName === 'options') ||
    (res === 'rctl' && propName === 'value') ||
    (res === 'net' && propName === 'property');
  if (!complexOk && pp.type !== 'simple') {
    session.zerr('A simple value was expected here.', true);
    return;
  }
  const v = pp.type === 'simple' ? pp.simple : '';
  if (res === 'zonename' && !session.gotHandle && !(await session.stateAtleast('configured'))) {
    if (!validZoneName(v)) {
      session.zonePerror(v, Z.BOGUS_ZONE_NAME, true);
      session.usage(false, HELP_SYNTAX);
      return;
    }
    session.zone = v;
    return;
  }
  if (!(await session.initialize(true))) return;
  const c = session.cfg();
  const noProp = () => session.unknownProperty('set', propName);
  switch (res) {
    case 'zonename': {
      const err = await setName(session, v);
      if (err) {
        session.zonePerror(v, err, true);
        session.usage(false, HELP_SYNTAX);
      } else {
        session.needToCommit = true;
        session.zone = v;
      }
      return;
    }
    case 'zonepath':
      if (await session.stateAtleast('installed')) {
        // set_func(), case RT_ZONEPATH: zerr() and return, saw_error not set (exit 0)
        session.zerr(`Zone ${session.zone} already installed; set zonepath not allowed.`);
        return;
      }
      if (!v.startsWith('/')) {
        session.zerr(`${v} is not an absolute path.`, true);
        return;
      }
      if (/^\/+$/.test(v)) {
        session.zerr('/ is not allowed as a zonepath.', true);
        return;
      }
      c.zonepath = normalizeZonepath(v);
      session.needToCommit = true;
      return;
    case 'brand':
      if (await session.stateAtleast('installed')) {
        // set_func(), case RT_BRAND: likewise no saw_error
        session.zerr(`Zone ${session.zone} already installed; set brand not allowed.`);
        return;
      }
      c.brand = v;
      session.needToCommit = true;
      return;
    case 'autoboot':
      if (v !== 'true' && v !== 'false') {
        session.zerr("autoboot value must be 'true' or 'false'.", true);
        return;
      }
      c.autoboot = v === 'true';
      session.needToCommit = true;
      return;
    case 'pool':
      if (v.startsWith('SUNW')) {
        session.zerr('pool names starting with SUNW are reserved.', true);
        return;
      }
      if (c.pset) {
        session.zerr(
          'The dedicated-cpu resource already exists.  A persistent pool is incompatible\nwith the dedicated-cpu resource.',
          true,
        );
        return;
      }
      c.pool = v;
      session.needToCommit = true;
      return;
    case 'limitpriv':
      c.limitpriv = v;
      session.needToCommit = true;
      return;
    case 'bootargs':
      c.bootargs = v;
      session.needToCommit = true;
      return;
    case 'scheduling-class':
      c.sched = v;
      session.needToCommit = true;
      return;
    case 'ip-type':
      if (v !== 'shared' && v !== 'exclusive') {
        session.zerr("ip-type value must be 'shared' or 'exclusive'.", true);
        return;
      }
      if (v === 'exclusive' && !OMNIOS_BRANDS.includes(c.brand as never)) {
        session.zerr(`${session.zone}: unknown brand.\n`, true);
        return;
      }
      c.ipType = v;
      session.needToCommit = true;
      return;
    case 'max-lwps':
    case 'max-processes':
    case 'max-shm-memory':
    case 'max-shm-ids':
    case 'max-msg-ids':
    case 'max-sem-ids':
    case 'cpu-shares':
    case 'zfs-io-priority':
      setAliasedRctl(session, res, res, v);
      return;
    case 'hostid': {
      const h = v.replace(/^0x/i, '');
      if (!/^[0-9a-fA-F]+$/.test(h)) {
        session.zonePerror('hostid', Z.INVALID_PROPERTY, true);
        return;
      }
      if (h.replace(/^0+/, '').length > 8 || parseInt(h, 16) > 0xfffffffe) {
        session.zerr(`hostid string is too large: ${v}`, true);
        return;
      }
      c.hostid = v;
      session.needToCommit = true;
      return;
    }
    case 'fs-allowed':
      c.fsAllowed = v;
      session.needToCommit = true;
      return;
    case 'fs':
      switch (propName) {
        case 'dir':
          session.ip.fs.dir = v;
          return;
        case 'special':
          session.ip.fs.special = v;
          return;
        case 'raw':
          session.ip.fs.raw = v;
          return;
        case 'type':
          if (v.includes('/') || v === '' || v === '.' || v === '..' || v.length + 1 > 256) {
            session.zerr(`"${v}" is not a valid type.`, true);
            return;
          }
          session.ip.fs.type = v;
          return;
        case 'options':
          if (pp.type === 'complex') {
            session.zerr('A simple or list value was expected here.', true);
            return;
          }
          session.ip.fs.options = [];
          if (!(pp.type === 'list' && pp.list.length === 0)) await addProperty(session, cmd);
          return;
      }
      return noProp();
    case 'net':
      switch (propName) {
        case 'address':
        case 'allowed-address':
          if (!validateNetAddress(session, v, false)) {
            session.sawError = true;
            return;
          }
          if (propName === 'address') session.ip.net.address = v;
          else session.ip.net.allowedAddress = v;
          return;
        case 'physical':
          if (!validatePhysical(session, v)) {
            session.sawError = true;
            return;
          }
          session.ip.net.physical = v;
          return;
        case 'mac-addr':
          session.ip.net.macAddr = v;
          return;
        case 'vlan-id':
          session.ip.net.vlanId = v;
          return;
        case 'global-nic':
          session.ip.net.globalNic = v;
          return;
        case 'defrouter':
          if (!validateNetAddress(session, v, true)) {
            session.sawError = true;
            return;
          }
          session.ip.net.defrouter = v;
          return;
        case 'property':
          if (pp.type !== 'complex') {
            session.zerr('A complex value was expected here.', true);
            return;
          }
          session.ip.net.props = [];
          await addProperty(session, cmd);
          return;
      }
      return noProp();
    case 'device':
      if (propName === 'match') {
        session.ip.device.match = v;
        return;
      }
      if (propName === 'property') {
        if (pp.type !== 'complex') {
          session.zerr('A complex value was expected here.', true);
          return;
        }
        session.ip.device.props = [];
        await addProperty(session, cmd);
        return;
      }
      return noProp();
    case 'rctl':
      if (propName === 'name') {
        if (!/^zone\.[A-Za-z-]+$/.test(v)) {
          session.zerr(`'${v}' is not a valid zone rctl name.`);
          return;
        }
        session.ip.rctl.name = v;
        return;
      }
      if (propName === 'value') {
        if (pp.type === 'simple') {
          session.zerr('A complex or list value was expected here.', true);
          return;
        }
        session.ip.rctl.values = [];
        if (!(pp.type === 'list' && pp.list.length === 0)) await addProperty(session, cmd);
        return;
      }
      return noProp();
    case 'attr':
      if (propName === 'name' || propName === 'type' || propName === 'value') {
        session.ip.attr[propName] = v;
        return;
      }
      return noProp();
    case 'dataset':
      if (propName === 'name') {
        session.ip.dataset.name = v;
        return;
      }
      return noProp();
    case 'dedicated-cpu':
      if (propName === 'ncpus') {
        const [lo, hi = lo] = v.split('-', 2) as [string, string?];
        const ok = /^[0-9]+$/.test(lo) && /^[0-9]+$/.test(hi!) && Number(lo) >= 1 && Number(lo) <= Number(hi);
        if (!ok) {
          session.zerr('ncpus property is out of range.', true);
          return;
        }
        session.ip.pset.ncpuMin = lo;
        session.ip.pset.ncpuMax = hi!;
        return;
      }
      if (propName === 'importance') {
        if (!/^[0-9]+$/.test(v)) {
          session.zerr('importance property is out of range.', true);
          return;
        }
        session.ip.pset.importance = v;
        return;
      }
      return noProp();
    case 'capped-cpu': {
      if (propName !== 'ncpus') return noProp();
      const cap = /^[0-9]*\.?[0-9]+$/.test(v) ? Number(v) : NaN;
      if (!(cap > 0) || cap * 100 < 1) {
        session.zerr('ncpus property is out of range.', true);
        return;
      }
      setAliased(c, 'cpu-cap', BigInt(Math.floor(cap * 100 + 0.5)));
      session.needToCommit = true;
      return;
    }
    case 'capped-memory': {
      const map: Record<string, string> = { physical: 'physical-memory', swap: 'max-swap', locked: 'locked-memory' };
      const alias = map[propName];
      if (!alias) return noProp();
      if (!aliasOk(c, alias)) {
        session.zonePerror(propName === 'swap' ? 'max-swap' : 'locked', Z.ALIAS_DISALLOW, false);
        session.sawError = true;
        return;
      }
      const m = parseMemLimit(v);
      if (m === null) {
        session.zerr(
          propName === 'swap'
            ? 'A positive number with a required scale suffix (K, M, G or T) was expected here.'
            : 'A non-negative number with a required scale suffix (K, M, G or T) was expected\nhere.',
        );
        session.sawError = true;
        return;
      }
      if (propName === 'swap') {
        const min = BigInt(1048576 * (session.globalZone ? 100 : 50));
        if (m < min) {
          session.zerr(`swap value is too small.  It must be at least ${bytesToUnits(min)}.`, true);
          return;
        }
      }
      setAliased(c, alias, m);
      session.needToCommit = true;
      return;
    }
    case 'admin':
      if (propName === 'user' || propName === 'auths') {
        session.ip.admin[propName] = v;
        return;
      }
      return noProp();
    case 'security-flags':
      if (propName === 'default' || propName === 'lower' || propName === 'upper') {
        session.ip.secflags[propName] = v;
        return;
      }
      return noProp();
    default:
      session.unknownResource('set', res);
  }
}

/** zonecfg_set_name: '' or a libzonecfg error */
export async function setName(session: ZonecfgSession, newName: string): Promise<string> {
  if (!validZoneName(newName) || newName.startsWith('SUNW')) return Z.BOGUS_ZONE_NAME;
  if (newName === session.zone) return '';
  const s = await readState(session.io.root);
  const cur = findZone(s, session.zone);
  if (cur && STATE_NUM[cur.state] >= STATE_NUM.ready) return Z.BAD_ZONE_STATE;
  if (findZone(s, newName)) return Z.NAME_IN_USE;
  session.cfg().name = newName;
  return '';
}
