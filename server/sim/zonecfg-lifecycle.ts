// zonecfg's create, delete and exit commands (create_func, delete_func, exit_func): starting a
// configuration from a template, removing one, and leaving the session.
import { findZone, readState, type SimState, updateState } from './store';
import { normalizeZonepath } from './zonecfg-checks';
import type { Cmd } from './zonecfg-grammar';
import { cloneConfig, templateConfig, Z, type ZoneConfig } from './zonecfg-model';
import { Exit, STATE_NUM, Z_ERR, type ZonecfgSession } from './zonecfg-session';
import { removeZoneRoot } from './zoneos';

export async function checkIfZoneAlreadyExists(session: ZonecfgSession, force: boolean): Promise<boolean> {
  if (!(await session.committedConfig(session.zone))) return true;
  if (await session.stateAtleast('installed')) {
    // check_if_zone_already_exists() returns Z_ERR and create_func() just returns: zerr()
    // prints, saw_error stays unset, so the run ends with exit status 0 (zonecfg.c)
    session.zerr(`Zone ${session.zone} already installed; create not allowed.`);
    return false;
  }
  if (force) {
    session.out(`Zone ${session.zone} already exists; overwriting.\n`);
    return true;
  }
  const answer = await session.askYesNo(false, `Zone ${session.zone} already exists; create anyway`);
  if (answer === -1) {
    session.zerr('Zone exists, input not from terminal and -F not specified:\ncreate command ignored, exiting.');
    throw new Exit(Z_ERR);
  }
  return answer === 1;
}

export async function createFunc(session: ZonecfgSession, cmd: Cmd) {
  let template = 'SUNWdefault';
  let force = false;
  let attachPath: string | null = null;
  const g = session.getopt(cmd.argv, '?a:bFt:');
  for (const o of g.opts) {
    if (o.c === '?') {
      if (g.bad === '?') session.longerUsage('create');
      else session.shortUsage('create');
      return;
    }
    if (o.c === 'a') attachPath = o.arg!;
    if (o.c === 'b') template = 'SUNWblank';
    if (o.c === 'F') force = true;
    if (o.c === 't') template = /^[A-Z]/.test(o.arg!) ? o.arg! : `OMNI${o.arg!}`;
  }
  if (g.optind !== cmd.argv.length) {
    session.shortUsage('create');
    return;
  }
  if (session.zoneIsReadOnly('create')) return;
  if (!(await checkIfZoneAlreadyExists(session, force))) return;
  let tmp: ZoneConfig | null;
  if (attachPath !== null) {
    const s = await readState(session.io.root);
    const det = (s as SimState & { detached?: Record<string, ZoneConfig> }).detached?.[normalizeZonepath(attachPath)];
    if (!det) {
      session.errw('invalid path to detached zone\n');
      return;
    }
    tmp = cloneConfig(det);
    tmp.name = session.zone;
  } else {
    tmp = templateConfig(template, session.zone);
    if (!tmp) {
      const other = template === session.zone ? null : await session.committedConfig(template);
      if (other && template !== 'global') {
        tmp = other;
        tmp.name = session.zone;
      }
    }
    if (!tmp) {
      session.zonePerror(template, Z.NO_ZONE, true);
      return;
    }
  }
  session.needToCommit = true;
  session.handle = tmp;
  session.gotHandle = true;
}

export async function exitFunc(session: ZonecfgSession, cmd: Cmd) {
  const g = session.getopt(cmd.argv, '?F');
  for (const o of g.opts) {
    if (o.c === '?') {
      session.longerUsage('exit');
      return;
    }
    if (o.c === 'F') session.forceExit = true;
  }
  if (g.optind < cmd.argv.length) {
    session.shortUsage('exit');
    return;
  }
  if (session.globalScope || session.forceExit) {
    session.timeToExit = true;
    return;
  }
  const answer = await session.askYesNo(false, 'Resource incomplete; really quit');
  if (answer === -1) {
    session.zerr(
      'Resource incomplete, input not from terminal and -F not specified:\nexit command ignored, but exiting anyway.',
    );
    throw new Exit(Z_ERR);
  } else if (answer === 1) session.timeToExit = true;
}

export async function deleteFunc(session: ZonecfgSession, cmd: Cmd) {
  let force = false;
  const g = session.getopt(cmd.argv, '?F');
  for (const o of g.opts) {
    if (o.c === '?') {
      session.longerUsage('delete');
      return;
    }
    if (o.c === 'F') force = true;
  }
  if (g.optind !== cmd.argv.length) {
    session.shortUsage('delete');
    return;
  }
  if (session.zoneIsReadOnly('delete')) return;
  if (!force) {
    if (!(await session.initialize(true))) return;
    const answer = await session.askYesNo(false, `Are you sure you want to delete zone ${session.zone}`);
    if (answer === -1) {
      session.zerr('Input not from terminal and -F not specified:\ndelete command ignored, exiting.');
      throw new Exit(Z_ERR);
    }
    if (answer !== 1) return;
  }
  const wasHandle = session.handle !== null;
  const zone = session.zone;
  const err = await updateState(session.io.root, (s): string => {
    const z = findZone(s, zone);
    if (!z || zone === 'global') return Z.NO_ZONE;
    if (STATE_NUM[z.state] >= STATE_NUM.ready) return Z.BAD_ZONE_STATE;
    if (z.state !== 'configured' && !force) return Z.BAD_ZONE_STATE;
    s.zones = s.zones.filter((x) => x !== z);
    return '';
  });
  if (err === '') {
    await removeZoneRoot(session.io.root, zone);
  } else if (err === Z.BAD_ZONE_STATE && !force) {
    session.zerr(`Zone ${zone} not in configured state; delete not allowed.  Use -F to force delete.`);
  } else {
    session.zonePerror(zone, err, true);
  }
  session.needToCommit = false;
  if (force && !wasHandle && session.interactiveMode) session.out("Use 'create' to begin configuring a new zone.\n");
  if (session.gotHandle) {
    const cfg = await session.committedConfig(zone);
    session.handle = cfg;
    if (!cfg) session.gotHandle = false;
  }
}
