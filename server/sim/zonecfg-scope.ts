// zonecfg's resource scope: finding resources by their properties (fill_in_*, lookup), select,
// end (the checks that complete an added or selected resource) and cancel.
import { HOST_USERS, sameNetAddress } from './zonecfg-checks';
import type { Cmd } from './zonecfg-grammar';
import { type AttrRes, type DevRes, getAliased, type NetRes, type RctlRes, Z } from './zonecfg-model';
import { freshInProgress, type ZonecfgSession } from './zonecfg-session';
import { validAuths, verifySecflags } from './zonecfg-verify';

export function simpleProps(session: ZonecfgSession, cmd: Cmd): Map<string, string> | null {
  const m = new Map<string, string>();
  for (const p of cmd.props) {
    if (p.value.type !== 'simple') {
      session.zerr('A simple value was expected here.', true);
      return null;
    }
    m.set(p.name, p.value.simple);
  }
  return m;
}

/** fill_in_*tab: the given properties, or null (after an error message) */
export function fillIn(session: ZonecfgSession, res: string, cmd: Cmd): Map<string, string> | null {
  const allowed: Record<string, string[]> = {
    fs: ['dir', 'special', 'raw', 'type'],
    net: ['address', 'allowed-address', 'physical', 'mac-addr', 'vlan-id', 'global-nic', 'defrouter'],
    device: ['match'],
    rctl: ['name'],
    attr: ['name', 'type', 'value'],
    dataset: ['name'],
    admin: ['user', 'auths'],
    'security-flags': ['default', 'lower', 'upper'],
  };
  const m = simpleProps(session, cmd);
  if (!m) return null;
  for (const k of m.keys()) {
    if (!(allowed[res] ?? []).includes(k)) {
      session.zonePerror(k, Z.NO_PROPERTY_TYPE, true);
      return null;
    }
  }
  return m;
}

export function matchRes(session: ZonecfgSession, res: string, item: unknown, m: Map<string, string>): boolean {
  const get = (k: string): string => {
    const o = item as Record<string, unknown>;
    const key = k === 'allowed-address' ? 'allowedAddress' : k === 'mac-addr' ? 'macAddr' : k === 'vlan-id' ? 'vlanId' : k === 'global-nic' ? 'globalNic' : k;
    return String(o[key] ?? '');
  };
  for (const [k, v] of m) {
    if (v === '') continue;
    if (res === 'net' && (k === 'address' || k === 'allowed-address')) {
      if (!sameNetAddress(v, get(k))) return false;
    } else if (get(k) !== v) return false;
  }
  return true;
}

export function resList(session: ZonecfgSession, res: string): unknown[] {
  const c = session.cfg();
  switch (res) {
    case 'fs':
      return c.fs;
    case 'net':
      return c.net;
    case 'device':
      return c.device;
    case 'rctl':
      return c.rctl;
    case 'attr':
      return c.attr;
    case 'dataset':
      return c.dataset;
    case 'admin':
      return c.admin;
    default:
      return [];
  }
}

/** zonecfg_lookup_*: index of the one matching resource, or an error string */
export function lookup(session: ZonecfgSession, res: string, m: Map<string, string>): number | string {
  const list = resList(session, res);
  const hits = list.map((x, i) => (matchRes(session, res, x, m) ? i : -1)).filter((i) => i >= 0);
  if (hits.length === 0) return Z.NO_RESOURCE_ID;
  if (hits.length > 1) return Z.INSUFFICIENT_SPEC;
  return hits[0]!;
}

export async function selectFunc(session: ZonecfgSession, cmd: Cmd) {
  if (session.zoneIsReadOnly('select')) return;
  if (session.globalScope) {
    session.globalScope = false;
    session.resourceScope = cmd.res;
    session.endOp = 'select';
  } else {
    session.scopeUsage('select');
    return;
  }
  const type = cmd.res;
  if (!type) {
    session.longUsage('select', true);
    return;
  }
  if (!(await session.initialize(true))) return;
  const c = session.cfg();
  switch (type) {
    case 'fs':
    case 'net':
    case 'device':
    case 'rctl':
    case 'attr':
    case 'dataset':
    case 'admin': {
      const m = fillIn(session, type, cmd);
      let idx: number | string = Z.INSUFFICIENT_SPEC;
      if (m) idx = lookup(session, type, m);
      if (typeof idx === 'string') {
        session.cmdRtPerror('select', type, idx);
        session.globalScope = true;
        return;
      }
      const item = JSON.parse(JSON.stringify(resList(session, type)[idx])) as never;
      (session.old as unknown as Record<string, unknown>)[type] = item;
      (session.ip as unknown as Record<string, unknown>)[type] = JSON.parse(JSON.stringify(item));
      (session.old as unknown as { index: number }).index = idx;
      return;
    }
    case 'security-flags': {
      const m = fillIn(session, type, cmd);
      if (!m || !c.secflags) {
        session.cmdRtPerror('select', type, m ? Z.NO_RESOURCE_ID : Z.INSUFFICIENT_SPEC);
        session.globalScope = true;
        return;
      }
      session.old.secflags = { ...c.secflags };
      session.ip.secflags = { ...c.secflags };
      return;
    }
    case 'dedicated-cpu':
      if (!c.pset) {
        session.cmdRtPerror('select', type, Z.NO_RESOURCE_ID);
        session.globalScope = true;
        return;
      }
      session.old.pset = { ...c.pset };
      session.ip.pset = { ...c.pset };
      return;
    case 'capped-cpu': {
      const r = getAliased(c, 'cpu-cap');
      if (!r.ok) {
        session.cmdRtPerror('select', type, r.err === 'noent' ? Z.NO_ENTRY : Z.ALIAS_DISALLOW);
        session.globalScope = true;
      }
      return;
    }
    case 'capped-memory':
      if (!getAliased(c, 'physical-memory').ok && !getAliased(c, 'max-swap').ok && !getAliased(c, 'locked-memory').ok) {
        session.cmdRtPerror('select', type, Z.NO_RESOURCE_TYPE);
        session.globalScope = true;
      }
      return;
    default:
      session.unknownResource('select', type);
  }
}

export function endCheckReqd(session: ZonecfgSession, v: string, prop: string, failed: { v: boolean }): boolean {
  if (v === '') {
    failed.v = true;
    session.zerr(`${prop} not specified`);
    return false;
  }
  return true;
}

export async function endFunc(session: ZonecfgSession, cmd: Cmd) {
  const g = session.getopt(cmd.argv, '?');
  for (const o of g.opts) {
    if (o.c === '?') {
      session.longerUsage('end');
      return;
    }
  }
  if (g.optind !== cmd.argv.length) {
    session.shortUsage('end');
    return;
  }
  if (session.globalScope) {
    session.scopeUsage('end');
    return;
  }
  const c = session.cfg();
  const failed = { v: false };
  const add = session.endOp === 'add';
  const oldIdx = (session.old as unknown as { index?: number }).index ?? -1;
  const fail = () => {
    session.sawError = true;
  };
  switch (session.resourceScope) {
    case 'fs': {
      const f = session.ip.fs;
      if (endCheckReqd(session, f.dir, 'dir', failed) && !f.dir.startsWith('/')) {
        session.zerr(`dir ${f.dir} is not an absolute path.`);
        failed.v = true;
      }
      endCheckReqd(session, f.special, 'special', failed);
      if (f.raw && !f.raw.startsWith('/')) {
        session.zerr(`raw ${f.raw} is not an absolute path.`);
        failed.v = true;
      }
      endCheckReqd(session, f.type, 'type', failed);
      if (failed.v) return fail();
      if (add) {
        if (c.fs.some((x) => x.dir === f.dir)) {
          session.zerr(`A fs resource with the dir '${f.dir}' already exists.`);
          return fail();
        }
        c.fs.push({ ...f, options: [...f.options] });
      } else c.fs[oldIdx] = { ...f, options: [...f.options] };
      break;
    }
    case 'net': {
      const n = session.ip.net;
      endCheckReqd(session, n.physical, 'physical', failed);
      if (failed.v) return fail();
      if (add) {
        // zonecfg_lookup_nwif: physical must match; address/allowed-address only when given
        const dup = c.net.find(
          (x) =>
            x.physical === n.physical &&
            (!n.address || sameNetAddress(x.address, n.address)) &&
            (!n.allowedAddress || sameNetAddress(x.allowedAddress, n.allowedAddress)),
        );
        if (dup) {
          if (n.address)
            session.zerr(`A net resource with the physical '${n.physical}', and address '${n.address}' already exists.`);
          else
            session.zerr(
              `A net resource with the physical '${n.physical}', and allowed-address '${n.allowedAddress}' already exists.`,
            );
          return fail();
        }
        c.net.push(JSON.parse(JSON.stringify(n)) as NetRes);
      } else c.net[oldIdx] = JSON.parse(JSON.stringify(n)) as NetRes;
      break;
    }
    case 'device': {
      const d = session.ip.device;
      endCheckReqd(session, d.match, 'match', failed);
      if (failed.v) return fail();
      if (add) {
        if (c.device.some((x) => x.match === d.match)) {
          session.zerr(`A device resource with the match '${d.match}' already exists.`);
          return fail();
        }
        c.device.push(JSON.parse(JSON.stringify(d)) as DevRes);
      } else c.device[oldIdx] = JSON.parse(JSON.stringify(d)) as DevRes;
      break;
    }
    case 'rctl': {
      const r = session.ip.rctl;
      endCheckReqd(session, r.name, 'name', failed);
      if (r.values.length === 0) {
        session.zerr('no value specified');
        failed.v = true;
      }
      if (failed.v) return fail();
      if (add) {
        if (c.rctl.some((x) => x.name === r.name)) {
          session.zerr(`A rctl resource with the name '${r.name}' already exists.`);
          return fail();
        }
        c.rctl.push(JSON.parse(JSON.stringify(r)) as RctlRes);
      } else c.rctl[oldIdx] = JSON.parse(JSON.stringify(r)) as RctlRes;
      break;
    }
    case 'attr': {
      const a = session.ip.attr;
      endCheckReqd(session, a.name, 'name', failed);
      endCheckReqd(session, a.type, 'type', failed);
      endCheckReqd(session, a.value, 'value', failed);
      if (!/^[A-Za-z0-9]/.test(a.name)) {
        session.zerr(`Invalid attr name ${a.name}: must start with an alpha-numeric character.`);
        failed.v = true;
      } else if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(a.name)) {
        session.zerr(`Invalid attr name ${a.name}: can only contain alpha-numeric characters, plus '-' and '.'.`);
        failed.v = true;
      }
      if (!validAttrTypeVal(session, a)) failed.v = true;
      if (failed.v) return fail();
      if (add) {
        if (c.attr.some((x) => x.name === a.name)) {
          session.zerr(`An attr resource with the name '${a.name}' already exists.`);
          return fail();
        }
        c.attr.push({ ...a });
      } else c.attr[oldIdx] = { ...a };
      break;
    }
    case 'dataset': {
      const d = session.ip.dataset;
      if (d.name === '') {
        session.zerr('name not specified', true);
        return;
      }
      if (add) {
        if (c.dataset.some((x) => x.name === d.name)) {
          session.zerr(`A dataset resource with the name '${d.name}' already exists.`);
          return fail();
        }
        c.dataset.push({ ...d });
      } else c.dataset[oldIdx] = { ...d };
      break;
    }
    case 'dedicated-cpu': {
      const p = session.ip.pset;
      if (!endCheckReqd(session, p.ncpuMin, 'ncpus', failed)) return fail();
      c.pset = { ...p };
      break;
    }
    case 'capped-cpu':
      if (!getAliased(c, 'cpu-cap').ok) {
        session.zerr('ncpus not specified');
        return fail();
      }
      break;
    case 'capped-memory': {
      const phys = getAliased(c, 'physical-memory');
      const swap = getAliased(c, 'max-swap');
      const locked = getAliased(c, 'locked-memory');
      if (!phys.ok && !swap.ok && !locked.ok) {
        session.zerr('No property was specified.  One of physical, swap or locked is required.');
        return fail();
      }
      if (phys.ok && locked.ok && phys.limit < locked.limit) {
        session.zerr('The locked cap must be less than or equal to the physical cap.');
        return fail();
      }
      break;
    }
    case 'admin': {
      const a = session.ip.admin;
      if (endCheckReqd(session, a.user, 'user', failed) && !HOST_USERS.has(a.user)) {
        session.zerr(`user ${a.user} is not a valid username`);
        failed.v = true;
      }
      if (endCheckReqd(session, a.auths, 'auths', failed) && !validAuths(session, a.auths)) failed.v = true;
      if (failed.v) return fail();
      if (add) {
        if (c.admin.some((x) => x.user === a.user)) {
          session.zerr(`A admin resource with the user '${a.user}' already exists.`);
          return fail();
        }
        c.admin.push({ ...a });
      } else c.admin[oldIdx] = { ...a };
      break;
    }
    case 'security-flags':
      if (!verifySecflags(session, session.ip.secflags)) return fail();
      c.secflags = { ...session.ip.secflags };
      break;
    default:
      session.zonePerror(session.resourceScope ?? 'unknown', Z.NO_RESOURCE_TYPE, true);
      session.sawError = true;
      return;
  }
  session.needToCommit = true;
  session.globalScope = true;
  session.endOp = null;
}

export function validAttrTypeVal(session: ZonecfgSession, a: AttrRes): boolean {
  const bad = (t: string) => {
    session.zerr(`invalid attr value for type=${t}`);
    return false;
  };
  switch (a.type) {
    case 'boolean':
      return a.value === 'true' || a.value === 'false' ? true : bad('boolean');
    case 'int':
      return /^-?[0-9]+$/.test(a.value) ? true : bad('int');
    case 'string':
      return a.value.length < 256 ? true : bad('string');
    case 'uint':
      return /^[0-9]+$/.test(a.value) ? true : bad('uint');
    default:
      session.zerr(`invalid attr type '${a.type}'`);
      return false;
  }
}

export function cancelFunc(session: ZonecfgSession, cmd: Cmd) {
  const g = session.getopt(cmd.argv, '?');
  for (const o of g.opts) {
    if (o.c === '?') {
      session.longerUsage('cancel');
      return;
    }
  }
  if (g.optind !== cmd.argv.length) {
    session.shortUsage('cancel');
    return;
  }
  if (session.globalScope) session.scopeUsage('cancel');
  session.globalScope = true;
  session.ip = freshInProgress();
}

/**
 * The start add_property() and remove_property() share: the resource scope, its one property
 * operand and the handle; null once the usage is printed. More than one property prints add's
 * long usage for both commands, as the port of remove_property() always has.
 */
export async function scopedPropertyOperand(
  session: ZonecfgSession,
  cmd: Cmd,
  verb: 'add' | 'remove',
): Promise<{ res: string; prop: Cmd['props'][number] } | null> {
  const res = session.resourceScope;
  const prop = cmd.props[0];
  if (!res || !prop) {
    session.longUsage(verb, true);
    return null;
  }
  if (cmd.props.length !== 1) {
    session.longUsage('add', true);
    return null;
  }
  if (!(await session.initialize(true))) return null;
  return { res, prop };
}
