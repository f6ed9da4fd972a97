// zonecfg's add command (add_func, add_resource, add_property): entering a resource scope for a
// new resource, or adding a value to a list property (fs options, rctl values, device props).
import type { Cmd, Piece } from './zonecfg-grammar';
import { emptyNet, getAliased, type RctlVal, type ResAttr, Z } from './zonecfg-model';
import { scopedPropertyOperand } from './zonecfg-scope';
import { freshInProgress, type ZonecfgSession } from './zonecfg-session';

export async function addResource(session: ZonecfgSession, cmd: Cmd) {
  const type = cmd.res;
  const bad = () => {
    session.globalScope = true;
    session.endOp = null;
  };
  /** zerr(), then add_resource()'s `bad:` exit (no saw_error) */
  const refuse = (msg: string) => {
    session.zerr(msg);
    bad();
  };
  if (!type) {
    session.longUsage('add', true);
    bad();
    return;
  }
  const c = session.cfg();
  switch (type) {
    case 'fs':
      session.ip.fs = freshInProgress().fs;
      return;
    case 'net':
      session.ip.net = emptyNet();
      return;
    case 'device':
      session.ip.device = { match: '', props: [] };
      return;
    case 'rctl':
      if (session.globalZone)
        session.zerr(
          'WARNING: Setting a global zone resource control too low could deny\nservice to even the root user; this could render the system impossible\nto administer.  Please use caution.',
        );
      session.ip.rctl = { name: '', values: [] };
      return;
    case 'attr':
      session.ip.attr = { name: '', type: '', value: '' };
      return;
    case 'dataset':
      session.ip.dataset = { name: '' };
      return;
    case 'dedicated-cpu':
      if (c.pset) return refuse('The dedicated-cpu resource already exists.');
      if (getAliased(c, 'cpu-cap').ok || c.rctl.some((r) => r.name === 'zone.cpu-cap')) return refuse('The capped-cpu resource already exists.');
      if (c.pool) return refuse('The pool property is already set.  A persistent pool is incompatible with\nthe dedicated-cpu resource.');
      session.ip.pset = { ncpuMin: '', ncpuMax: '', importance: '' };
      return;
    case 'capped-cpu': {
      if (c.pset) return refuse('The dedicated-cpu resource already exists.');
      const r = getAliased(c, 'cpu-cap');
      if (!r.ok && r.err === 'disallow') {
        session.zonePerror('capped-cpu', Z.ALIAS_DISALLOW, false);
        bad();
        return;
      }
      if (r.ok) return refuse('The capped-cpu resource already exists.');
      return;
    }
    case 'capped-memory':
      if (getAliased(c, 'max-swap').ok || getAliased(c, 'physical-memory').ok || getAliased(c, 'locked-memory').ok) return refuse('The capped-memory resource or a related resource control already exists.');
      if (session.globalZone)
        session.zerr(
          'WARNING: Setting a global zone memory cap too low could deny\nservice to even the root user; this could render the system impossible\nto administer.  Please use caution.',
        );
      return;
    case 'admin':
      session.ip.admin = { user: '', auths: '' };
      return;
    case 'security-flags':
      if (c.secflags) session.zerr('The security-flags resource already exists.');
      session.ip.secflags = { default: '', lower: '', upper: '' };
      return;
    default:
      session.unknownResource('add', type);
      bad();
  }
}

export function doComplexRctlVal(session: ZonecfgSession, pieces: Piece[]) {
  const v: RctlVal = { priv: '', limit: '', action: '' };
  const seen = { priv: false, limit: false, action: false };
  for (const p of pieces) {
    if (p.name === 'priv' || p.name === 'limit' || p.name === 'action') {
      if (seen[p.name]) {
        session.zerr(`${p.name} already specified`);
        return;
      }
      v[p.name] = p.value;
      seen[p.name] = true;
    } else {
      session.unknownProperty('add', 'value');
      return;
    }
  }
  if (!seen.priv) session.zerr('priv not specified');
  if (!seen.limit) session.zerr('limit not specified');
  if (!seen.action) session.zerr('action not specified');
  if (!seen.priv || !seen.limit || !seen.action) return;
  const limitOk = /^(0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(v.limit);
  const actionOk = v.action === 'none' || v.action === 'deny';
  if (v.priv !== 'privileged' || !limitOk || !actionOk) {
    session.zerr('Invalid rctl value specification');
    return;
  }
  session.ip.rctl.values.push(v);
}

export function doResAttr(session: ZonecfgSession, head: ResAttr[], pieces: Piece[]) {
  const np: ResAttr = { name: '', value: '' };
  let seenName = false;
  let seenValue = false;
  for (const p of pieces) {
    if (p.name === 'name') {
      if (seenName) {
        session.zerr('name already specified');
        return;
      }
      np.name = p.value;
      seenName = true;
    } else if (p.name === 'value') {
      if (seenValue) {
        session.zerr('value already specified');
        return;
      }
      np.value = p.value;
      seenValue = true;
    } else {
      session.unknownProperty('add', 'property');
      return;
    }
  }
  if (!seenName) session.zerr('name not specified');
  if (!seenValue) session.zerr('value not specified');
  head.push(np);
}

export async function addProperty(session: ZonecfgSession, cmd: Cmd) {
  const operand = await scopedPropertyOperand(session, cmd, 'add');
  if (!operand) return;
  const { res, prop } = operand;
  const pp = prop.value;
  const noProp = () => session.unknownProperty('add', prop.name);
  switch (res) {
    case 'fs':
      if (prop.name !== 'options') return noProp();
      if (pp.type === 'complex') {
        session.zerr('A simple or list value was expected here.', true);
        return;
      }
      if (pp.type === 'simple') session.ip.fs.options.push(pp.simple);
      else for (const l of pp.list) if ('simple' in l) session.ip.fs.options.push(l.simple);
      return;
    case 'net':
    case 'device':
      if (prop.name !== 'property') return noProp();
      if (pp.type !== 'complex') {
        session.zerr('A complex value was expected here.', true);
        return;
      }
      doResAttr(session, res === 'net' ? session.ip.net.props : session.ip.device.props, pp.complex);
      return;
    case 'rctl':
      if (prop.name !== 'value') return noProp();
      if (pp.type === 'simple') {
        session.zerr('A complex or list value was expected here.', true);
        return;
      }
      if (pp.type === 'complex') doComplexRctlVal(session, pp.complex);
      else for (const l of pp.list) if ('complex' in l) doComplexRctlVal(session, l.complex);
      return;
    default:
      session.unknownResource('add', res);
  }
}

export function gzInvalidResource(session: ZonecfgSession, t: string | null) {
  return session.globalZone && ['fs', 'net', 'device', 'attr', 'dataset'].includes(t ?? '');
}

export function gzInvalidProperty(session: ZonecfgSession, t: string | null) {
  return (
    session.globalZone &&
    ['zonename', 'zonepath', 'autoboot', 'limitpriv', 'bootargs', 'brand', 'scheduling-class', 'ip-type', 'hostid', 'fs-allowed'].includes(
      t ?? '',
    )
  );
}

export async function addFunc(session: ZonecfgSession, cmd: Cmd) {
  const g = session.getopt(cmd.argv, '?');
  for (const o of g.opts) {
    if (o.c === '?') {
      session.longerUsage('add');
      return;
    }
  }
  if (g.optind !== cmd.argv.length) {
    session.shortUsage('add');
    return;
  }
  if (session.zoneIsReadOnly('add')) return;
  if (!(await session.initialize(true))) return;
  if (session.globalScope) {
    if (gzInvalidResource(session, cmd.res)) {
      session.zerr(`Cannot add a ${cmd.res} resource to the global zone.`, true);
      return;
    }
    session.globalScope = false;
    session.resourceScope = cmd.res;
    session.endOp = 'add';
    await addResource(session, cmd);
  } else await addProperty(session, cmd);
}
