// zonecfg's verify, commit and revert commands (verify_func, commit_func, revert_func): the
// whole-configuration checks, then saving to the simulated host or throwing the edits away.
import { promises as fsp } from 'node:fs';
import { findZone, updateState, zoneDir } from './store';
import type { SimZone } from './types';
import { HOST_USERS, SECFLAGS } from './zonecfg-checks';
import type { Cmd } from './zonecfg-grammar';
import { applyConfig, cloneConfig, OMNIOS_BRANDS, PRIVILEGES, type SecflagsRes, Z } from './zonecfg-model';
import { validatePhysical } from './zonecfg-props';
import { Exit, Z_ERR, type ZonecfgSession } from './zonecfg-session';

export function checkReqd(session: ZonecfgSession, v: string, res: string, prop: string, ret: { v: string }) {
  if (v === '') {
    session.zerr(`${res}: ${prop} not specified`, true);
    if (ret.v === '') ret.v = Z.REQD_PROPERTY_MISSING;
  }
}

export function verifySecflags(session: ZonecfgSession, sf: SecflagsRes): boolean {
  let ok = true;
  const parse = (s: string): Set<string> | 'bad' | 'delta' => {
    const set = new Set<string>();
    for (const raw of s.split(',')) {
      const w = raw.trim().toLowerCase();
      if (w.startsWith('+') || w.startsWith('-') || w.startsWith('!')) {
        if (!SECFLAGS.includes(w.slice(1))) return 'bad';
        return 'delta';
      }
      if (w === 'all') SECFLAGS.forEach((x) => set.add(x));
      else if (w === 'none' || w === '') continue;
      else if (w === 'default') continue;
      else if (SECFLAGS.includes(w)) set.add(w);
      else return 'bad';
    }
    return set;
  };
  const def = sf.default ? parse(sf.default) : new Set<string>();
  const upper = sf.upper ? parse(sf.upper) : new Set(SECFLAGS);
  const lower = sf.lower ? parse(sf.lower) : new Set<string>();
  if (def === 'bad') {
    session.zerr(`default security flags '${sf.default}' are invalid`);
    ok = false;
  }
  if (upper === 'bad') {
    session.zerr(`upper security flags '${sf.upper}' are invalid`);
    ok = false;
  }
  if (lower === 'bad') {
    session.zerr(`lower security flags '${sf.lower}' are invalid`);
    ok = false;
  }
  if (def === 'delta') session.zerr(`only assignment of security flags is allowed (default: ${sf.default})`);
  if (lower === 'delta') session.zerr(`only assignment of security flags is allowed (lower: ${sf.lower})`);
  if (upper === 'delta') session.zerr(`only assignment of security flags is allowed (upper: ${sf.upper})`);
  if (def instanceof Set && upper instanceof Set && [...def].some((x) => !upper.has(x))) {
    session.zerr('default secflags must be within the upper limit');
    ok = false;
  }
  if (lower instanceof Set && def instanceof Set && [...lower].some((x) => !def.has(x))) {
    session.zerr('default secflags must be above the lower limit');
    ok = false;
  }
  if (lower instanceof Set && upper instanceof Set && [...lower].some((x) => !upper.has(x))) {
    session.zerr('lower secflags must be within the upper limit');
    ok = false;
  }
  return ok;
}

export async function verifyFunc(session: ZonecfgSession, cmd: Cmd, save = false) {
  const g = session.getopt(cmd.argv, '?');
  for (const o of g.opts) {
    if (o.c === '?') {
      session.longerUsage('verify');
      return;
    }
  }
  if (session.zoneIsReadOnly('verify')) return;
  if (!(await session.initialize(true))) return;
  const c = session.cfg();
  const ret = { v: '' };
  if (c.zonepath === '' && !session.globalZone) {
    session.zerr('zonepath cannot be empty.');
    ret.v = Z.REQD_RESOURCE_MISSING;
    session.sawError = true;
  }
  if (!session.globalZone && !OMNIOS_BRANDS.includes(c.brand as never)) {
    session.zerr(`${session.zone}: unknown brand.\n`);
    session.zonePerror(session.zone, Z.INVALID_DOCUMENT, true);
    return;
  }
  if (c.limitpriv) {
    for (const p of c.limitpriv.split(',')) {
      const name = p.replace(/^[-!]/, '').replace(/^priv_/i, '').toLowerCase();
      if (!PRIVILEGES.includes(name)) {
        session.zerr(`${session.zone}: invalid privilege: ${p}`);
        return;
      }
    }
  }
  for (const f of c.fs) {
    checkReqd(session, f.dir, 'fs', 'dir', ret);
    checkReqd(session, f.special, 'fs', 'special', ret);
    checkReqd(session, f.type, 'fs', 'type', ret);
  }
  const xif = new Map<string, { addr: boolean; dr: boolean }>();
  for (const n of c.net) {
    checkReqd(session, n.physical, 'net', 'physical', ret);
    if (!validatePhysical(session, n.physical)) {
      session.sawError = true;
      if (ret.v === '') ret.v = Z.INVAL;
    }
    if (c.ipType === 'shared') {
      checkReqd(session, n.address, 'net', 'address', ret);
      if (n.allowedAddress) {
        session.zerr('net: allowed-address cannot be specified for a shared IP type', true);
        if (ret.v === '') ret.v = Z.INVAL;
      }
    } else if (n.address) {
      session.zerr('net: address cannot be specified for an exclusive IP type', true);
      if (ret.v === '') ret.v = Z.INVAL;
    } else {
      const e = xif.get(n.physical);
      if (e) {
        if (n.allowedAddress) e.addr = true;
        if (n.defrouter) e.dr = true;
      } else xif.set(n.physical, { addr: !!n.allowedAddress, dr: !!n.defrouter });
    }
  }
  // add_nwif() prepends, so the list is walked newest first
  for (const [name, e] of [...xif].reverse()) {
    if (!e.addr && e.dr) {
      session.zerr(`net: defrouter for ${name} cannot be specified without allowed-address for an exclusive IP type`, true);
      ret.v = Z.INVAL;
    }
  }
  let hasShares = false;
  let hasCap = false;
  for (const r of c.rctl) {
    checkReqd(session, r.name, 'rctl', 'name', ret);
    if (r.name === 'zone.cpu-shares') hasShares = true;
    if (r.name === 'zone.cpu-cap') hasCap = true;
    if (r.values.length === 0) {
      session.zerr('rctl: no value specified', true);
      if (ret.v === '') ret.v = Z.REQD_PROPERTY_MISSING;
    }
  }
  if (c.pset && hasShares) {
    session.zerr('rctl zone.cpu-shares and dedicated-cpu are incompatible.', true);
    if (ret.v === '') ret.v = Z.INCOMPATIBLE;
  }
  if (hasShares && c.sched && c.sched !== 'FSS') {
    session.zerr(`WARNING: rctl zone.cpu-shares and scheduling-class=${c.sched} are incompatible`, true);
    if (ret.v === '') ret.v = Z.INCOMPATIBLE;
  }
  if (c.pset && hasCap) {
    session.zerr('rctl zone.cpu-cap and the dedicated-cpu are incompatible.', true);
    if (ret.v === '') ret.v = Z.INCOMPATIBLE;
  }
  for (const a of c.attr) {
    checkReqd(session, a.name, 'attr', 'name', ret);
    checkReqd(session, a.type, 'attr', 'type', ret);
    checkReqd(session, a.value, 'attr', 'value', ret);
  }
  for (const d of c.dataset) {
    if (d.name === '') {
      session.zerr('dataset: name not specified', true);
      if (ret.v === '') ret.v = Z.REQD_PROPERTY_MISSING;
    } else if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9_.:-]+)*$/.test(d.name)) {
      session.zerr('dataset: name invalid', true);
      if (ret.v === '') ret.v = Z.BAD_PROPERTY;
    }
  }
  for (const a of c.admin) {
    checkReqd(session, a.user, 'admin', 'user', ret);
    checkReqd(session, a.auths, 'admin', 'auths', ret);
    if (ret.v === '' && !HOST_USERS.has(a.user)) {
      session.zerr(`user ${a.user} is not a valid username`);
      ret.v = Z.BAD_PROPERTY;
    }
    if (ret.v === '' && !validAuths(session, a.auths)) ret.v = Z.BAD_PROPERTY;
  }
  if (c.secflags && !verifySecflags(session, c.secflags)) ret.v = Z.BAD_PROPERTY;
  if (!session.globalScope) {
    session.zerr('resource specification incomplete', true);
    if (ret.v === '') ret.v = Z.INSUFFICIENT_SPEC;
  }
  if (save) {
    if (ret.v === '') {
      const err = await saveConfig(session);
      if (err === '') {
        session.needToCommit = false;
        session.revertZone = session.zone;
      } else ret.v = err;
    } else session.zerr(`Zone ${session.zone} failed to verify`);
  }
  if (ret.v !== '') session.zonePerror(session.zone, ret.v, true);
}

export function validAuths(session: ZonecfgSession, auths: string): boolean {
  for (const a of auths.split(',')) {
    if (!['login', 'manage', 'clonefrom'].includes(a)) {
      session.zerr(`${a} is not a valid authorization`);
      return false;
    }
  }
  return true;
}

/** zonecfg_save: write the configuration to the host ('' or an error) */
export async function saveConfig(session: ZonecfgSession): Promise<string> {
  const cfg = cloneConfig(session.cfg());
  const origName = session.revertZone;
  const global = session.globalZone;
  const root = session.io.root;
  const err = await updateState(root, (s): string => {
    if (global) {
      const g = findZone(s, 'global');
      if (g) g.globalConfig = cfg;
      return '';
    }
    let z = findZone(s, origName) ?? findZone(s, cfg.name);
    if (z && z.name !== cfg.name && findZone(s, cfg.name)) return Z.NAME_IN_USE;
    if (!z) {
      z = {
        name: cfg.name,
        state: 'configured',
        id: null,
        uuid: '',
        debugid: null,
        brand: cfg.brand,
        zonepath: cfg.zonepath,
        ipType: cfg.ipType,
        autoboot: cfg.autoboot,
        net: [],
      } satisfies SimZone;
      s.zones.push(z);
    }
    if (z.debugid === null || z.debugid === undefined) {
      s.lastDebugId = (s.lastDebugId ?? 0) + 1;
      z.debugid = s.lastDebugId;
    }
    applyConfig(z, cfg);
    return '';
  });
  // a renamed zone keeps its files (root file system, console) under its new name
  if (err === '' && !global && origName && origName !== cfg.name)
    await fsp.rename(zoneDir(root, origName), zoneDir(root, cfg.name)).catch(() => {});
  return err;
}

export async function commitFunc(session: ZonecfgSession, cmd: Cmd) {
  const g = session.getopt(cmd.argv, '?');
  for (const o of g.opts) {
    if (o.c === '?') {
      session.longerUsage('commit');
      return;
    }
  }
  if (g.optind !== cmd.argv.length) {
    session.shortUsage('commit');
    return;
  }
  if (session.zoneIsReadOnly('commit')) return;
  await verifyFunc(session, { name: 'verify', argv: [], res: null, props: [] }, true);
}

export async function revertFunc(session: ZonecfgSession, cmd: Cmd) {
  let force = false;
  const g = session.getopt(cmd.argv, '?F');
  for (const o of g.opts) {
    if (o.c === '?') {
      session.longerUsage('revert');
      return;
    }
    if (o.c === 'F') force = true;
  }
  if (g.optind !== cmd.argv.length) {
    session.shortUsage('revert');
    return;
  }
  if (session.zoneIsReadOnly('revert')) return;
  if (!session.globalScope) {
    session.zerr("You can only use revert in the global scope.\nUse 'cancel' to cancel changes to a resource specification.", true);
    return;
  }
  if (!session.handle) {
    session.zerr('No changes to revert.', true);
    return;
  }
  if (!force) {
    const answer = await session.askYesNo(false, 'Are you sure you want to revert');
    if (answer === -1) {
      session.zerr('Input not from terminal and -F not specified:\nrevert command ignored, exiting.');
      throw new Exit(Z_ERR);
    }
    if (answer !== 1) return;
  }
  const cfg = await session.committedConfig(session.revertZone);
  session.handle = cfg;
  if (!cfg) {
    session.sawError = true;
    session.gotHandle = false;
    session.zerr(`${session.revertZone}: no such saved zone to revert to.`);
  }
  session.zone = session.revertZone;
}
