// zfs destroy [-fnpRrv] <filesystem|volume>
// zfs destroy [-dnpRrv] <filesystem|volume>@<snap>[%<snap>][,...]
// (zfs_do_destroy(), destroy_check_dependent() and gather_snapshots() of zfs_main.c.) The
// simulator destroys snapshots and the file systems `zfs clone` made; a zone's own datasets
// belong to zoneadm (uninstall), and destroying one is refused as busy.
import type { ToolIO } from './tool-io';
import { openDataset, subUsage, zfsGetopt } from './zfs-common';
import { datasetsOf, dependentsOf, dropSnapshots, nicenum, parentOf, updateZfsFile, type SimDataset, type ZfsFile } from './zfs-model';
import { readState } from './store';

/** the snapshots of `fs` a snapspec names: "a", "a,b", "a%c" (a range in creation order), "%c" */
function matchSnapspec(all: SimDataset[], fs: string, spec: string): SimDataset[] {
  const snaps = all.filter((x) => x.type === 'snapshot' && parentOf(x.name) === fs);
  const out: SimDataset[] = [];
  for (const part of spec.split(',')) {
    const pct = part.indexOf('%');
    if (pct < 0) {
      const s = snaps.find((x) => x.name === `${fs}@${part}`);
      if (s && !out.includes(s)) out.push(s);
      continue;
    }
    const from = part.slice(0, pct);
    const to = part.slice(pct + 1);
    const lo = from ? snaps.find((x) => x.name === `${fs}@${from}`)?.txg : -Infinity;
    const hi = to ? snaps.find((x) => x.name === `${fs}@${to}`)?.txg : Infinity;
    if (lo === undefined || hi === undefined) continue;
    for (const s of snaps) if (s.txg >= lo && s.txg <= hi && !out.includes(s)) out.push(s);
  }
  return out;
}

function removeClones(f: ZfsFile, names: string[]): void {
  f.clones = (f.clones ?? []).filter((c) => !names.includes(c.name));
}

export async function destroyMain(args: string[], io: ToolIO): Promise<number> {
  const scan = zfsGetopt(io, 'destroy', args, 'vpndfrR');
  if (!scan) return 2;
  let verbose = false;
  let parsable = false;
  let dryrun = false;
  let recurse = false;
  let doclones = false;
  for (const { c } of scan.opts) {
    if (c === 'v') verbose = true;
    else if (c === 'p') verbose = parsable = true;
    else if (c === 'n') dryrun = true;
    else if (c === 'r') recurse = true;
    else if (c === 'R') recurse = doclones = true;
  }
  if (scan.operands.length === 0) {
    io.stderr('missing dataset argument\n');
    return subUsage(io, 'destroy');
  }
  if (scan.operands.length > 1) {
    io.stderr('too many arguments\n');
    return subUsage(io, 'destroy');
  }
  const arg = scan.operands[0]!;
  const say = (name: string) => {
    if (!verbose) return;
    io.stdout(parsable ? `destroy\t${name}\n` : dryrun ? `would destroy ${name}\n` : `will destroy ${name}\n`);
  };
  return updateZfsFile(io.root, async (f) => {
    const all = await datasetsOf(io.root, await readState(io.root), f);
    const at = arg.indexOf('@');
    if (at >= 0) {
      const fs = openDataset(io, all, arg.slice(0, at), { fs: true });
      if (!fs) return 1;
      const spec = arg.slice(at + 1);
      const tree = recurse ? all.filter((x) => x.type !== 'snapshot' && (x.name === fs.name || x.name.startsWith(fs.name + '/'))) : [fs];
      const snaps = tree.flatMap((d) => matchSnapspec(all, d.name, spec));
      if (!doclones) {
        for (const s of snaps) {
          const deps = dependentsOf(all, s.name);
          if (!deps.length) continue;
          io.stderr(`cannot destroy '${s.name}': snapshot has dependent clones\n`);
          io.stderr("use '-R' to destroy the following datasets:\n");
          for (const d of deps) io.stderr(`${d.name}\n`);
          return 1;
        }
      }
      if (snaps.length === 0) {
        io.stderr('could not find any snapshots to destroy; check snapshot names.\n');
        return 1;
      }
      for (const s of snaps) say(s.name);
      if (verbose) {
        const reclaim = snaps.reduce((n, s) => n + s.used, 0);
        io.stdout(parsable ? `reclaim\t${reclaim}\n` : `${dryrun ? 'would' : 'will'} reclaim ${nicenum(reclaim)}\n`);
      }
      if (dryrun) return 0;
      const clones = doclones ? snaps.flatMap((s) => dependentsOf(all, s.name)) : [];
      const zoneOwned = clones.find((c) => !c.standalone);
      if (zoneOwned) {
        io.stderr(`cannot destroy '${zoneOwned.name}': dataset is busy\n`);
        return 1;
      }
      removeClones(
        f,
        clones.map((c) => c.name),
      );
      await dropSnapshots(
        io.root,
        f,
        snaps.map((s) => s.name),
      );
      return 0;
    }
    const fs = openDataset(io, all, arg, { fs: true });
    if (!fs) return 1;
    if (!recurse && !fs.name.includes('/')) {
      io.stderr(`cannot destroy '${fs.name}': operation does not apply to pools\n`);
      io.stderr(`use 'zfs destroy -r ${fs.name}' to destroy all datasets in the pool\n`);
      io.stderr(`use 'zpool destroy ${fs.name}' to destroy the pool itself\n`);
      return 1;
    }
    const below = all.filter((x) => x.name !== fs.name && (x.name.startsWith(fs.name + '/') || x.name.startsWith(fs.name + '@')));
    if (!recurse && below.length) {
      io.stderr(`cannot destroy '${fs.name}': filesystem has children\n`);
      io.stderr("use '-r' to destroy the following datasets:\n");
      for (const d of below) io.stderr(`${d.name}\n`);
      return 1;
    }
    const clones = [fs, ...below].filter((x) => x.type === 'snapshot').flatMap((s) => dependentsOf(all, s.name));
    if (clones.length && !doclones) {
      io.stderr(`cannot destroy '${fs.name}': filesystem has dependent clones\n`);
      io.stderr("use '-R' to destroy the following datasets:\n");
      for (const d of clones) io.stderr(`${d.name}\n`);
      return 1;
    }
    const doomed = [...clones, ...below.filter((x) => x.type !== 'snapshot').reverse(), fs];
    for (const d of [...below.filter((x) => x.type === 'snapshot'), ...doomed]) say(d.name);
    if (dryrun) return 0;
    const owned = doomed.find((d) => !d.standalone);
    if (owned) {
      io.stderr(`cannot destroy '${owned.name}': dataset is busy\n`);
      return 1;
    }
    await dropSnapshots(
      io.root,
      f,
      below.filter((x) => x.type === 'snapshot').map((x) => x.name),
    );
    removeClones(
      f,
      doomed.map((d) => d.name),
    );
    return 0;
  });
}
