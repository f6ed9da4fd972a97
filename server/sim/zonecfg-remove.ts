// zonecfg's remove command (remove_func, remove_resource, remove_property): whole resources,
// with the -F and the "multiple instances" prompt, or a value from a list property.
import { gzInvalidResource } from './zonecfg-add';
import type { Cmd } from './zonecfg-grammar';
import { getAliased, type RctlVal, type ResAttr, rmAliased, Z } from './zonecfg-model';
import { fillIn, lookup, resList, scopedPropertyOperand } from './zonecfg-scope';
import type { ZonecfgSession } from './zonecfg-session';

export async function promptRemoveResource(session: ZonecfgSession, cmd: Cmd, rsrc: string): Promise<boolean> {
  let force = false;
  const g = session.getopt(cmd.argv, 'F', false);
  for (const o of g.opts) {
    if (o.c === 'F') force = true;
    else return false;
  }
  const num = resList(session, rsrc).length;
  if (num === 0) {
    session.cmdRtPerror('remove', rsrc, Z.NO_RESOURCE_ID);
    return false;
  }
  if (num > 1 && !force) {
    if (!session.interactiveMode) {
      session.zerr(
        'There are multiple instances of this resource.  Either qualify the resource to\nremove a single instance or use the -F option to remove all instances.',
        true,
      );
      return false;
    }
    const answer = await session.askYesNo(false, `Are you sure you want to remove ALL '${rsrc}' resources`);
    if (answer === -1) {
      session.zerr('Resource incomplete.');
      return false;
    }
    if (answer !== 1) return false;
  }
  return true;
}

export async function removeResource(session: ZonecfgSession, cmd: Cmd) {
  const type = cmd.res;
  if (!type) {
    session.longUsage('remove', true);
    return;
  }
  const g = session.getopt(cmd.argv, '?F');
  for (const o of g.opts) {
    if (o.c === '?') {
      session.longerUsage('remove');
      return;
    }
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
      if (cmd.props.length > 0) {
        const m = fillIn(session, type, cmd);
        if (!m) {
          session.cmdRtPerror('remove', type, Z.INSUFFICIENT_SPEC);
          return;
        }
        const idx = lookup(session, type, m);
        if (typeof idx === 'string') {
          session.cmdRtPerror('remove', type, idx);
          return;
        }
        resList(session, type).splice(idx, 1);
        session.needToCommit = true;
        return;
      }
      if (!(await promptRemoveResource(session, cmd, type))) return;
      resList(session, type).splice(0);
      session.needToCommit = true;
      return;
    }
    case 'dedicated-cpu':
      if (!c.pset) {
        session.cmdRtPerror('remove', type, Z.NO_RESOURCE_ID);
        return;
      }
      c.pset = null;
      session.needToCommit = true;
      return;
    case 'capped-cpu':
      if (!getAliased(c, 'cpu-cap').ok) {
        session.zerr(`remove capped-cpu: ${Z.NO_RESOURCE_TYPE}`, true);
        return;
      }
      rmAliased(c, 'cpu-cap');
      session.needToCommit = true;
      return;
    case 'capped-memory': {
      const any = ['physical-memory', 'max-swap', 'locked-memory'].filter((a) => getAliased(c, a).ok);
      if (!any.length) {
        session.zerr(`remove capped-memory: ${Z.NO_RESOURCE_TYPE}`, true);
        return;
      }
      for (const a of any) rmAliased(c, a);
      session.needToCommit = true;
      return;
    }
    case 'security-flags':
      if (!c.secflags) {
        session.zerr(`remove security-flags: ${Z.NO_RESOURCE_TYPE}`);
        return;
      }
      c.secflags = null;
      session.needToCommit = true;
      return;
    default:
      session.unknownResource('remove', type);
  }
}

export async function removeProperty(session: ZonecfgSession, cmd: Cmd) {
  const operand = await scopedPropertyOperand(session, cmd, 'remove');
  if (!operand) return;
  const { res, prop } = operand;
  const pp = prop.value;
  const noProp = () => session.unknownProperty('remove', prop.name);
  switch (res) {
    case 'fs': {
      if (prop.name !== 'options') return noProp();
      if (pp.type === 'complex') {
        session.zerr('A simple or list value was expected here.', true);
        return;
      }
      const opts = pp.type === 'simple' ? [pp.simple] : pp.list.flatMap((l) => ('simple' in l ? [l.simple] : []));
      for (const o of opts) {
        const i = session.ip.fs.options.indexOf(o);
        if (i < 0) session.zonePerror('options', Z.NO_PROPERTY_TYPE, true);
        else session.ip.fs.options.splice(i, 1);
      }
      return;
    }
    case 'net':
    case 'device': {
      if (prop.name !== 'property') return noProp();
      if (pp.type !== 'complex') {
        session.zerr('A complex value was expected here.', true);
        return;
      }
      const np: ResAttr = { name: '', value: '' };
      for (const p of pp.complex) {
        if (p.name === 'name') np.name = p.value;
        else if (p.name === 'value') np.value = p.value;
        else return noProp();
      }
      const list = res === 'net' ? session.ip.net.props : session.ip.device.props;
      const i = list.findIndex((x) => x.name === np.name && x.value === np.value);
      if (i < 0) session.zonePerror('property', Z.NO_PROPERTY_TYPE, true);
      else list.splice(i, 1);
      return;
    }
    case 'rctl': {
      if (prop.name !== 'value') return noProp();
      if (pp.type !== 'complex') {
        session.zerr('A complex value was expected here.', true);
        return;
      }
      const v: RctlVal = { priv: '', limit: '', action: '' };
      for (const p of pp.complex) {
        if (p.name === 'priv' || p.name === 'limit' || p.name === 'action') v[p.name] = p.value;
        else {
          session.unknownProperty('add', 'value');
          return;
        }
      }
      const i = session.ip.rctl.values.findIndex((x) => x.priv === v.priv && x.limit === v.limit && x.action === v.action);
      if (i < 0) session.zonePerror('value', Z.NO_PROPERTY_TYPE, true);
      else session.ip.rctl.values.splice(i, 1);
      return;
    }
    default:
      session.unknownResource('remove', res);
  }
}

export async function removeFunc(session: ZonecfgSession, cmd: Cmd) {
  if (session.zoneIsReadOnly('remove')) return;
  if (session.globalScope) {
    if (gzInvalidResource(session, cmd.res)) {
      session.zerr(`${cmd.res} is not a valid resource for the global zone.`, true);
      return;
    }
    await removeResource(session, cmd);
  } else await removeProperty(session, cmd);
}
