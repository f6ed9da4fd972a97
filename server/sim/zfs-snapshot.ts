// zfs snapshot [-r] [-o property=value] ... <filesystem|volume>@<snap> ...
// zfs rollback [-rRf] <snapshot>
// (zfs_do_snapshot(), zfs_do_rollback() and rollback_check() of zfs_main.c; zfs_snapshot_nvl()
// and zfs_rollback() of libzfs.) A snapshot of a zone's root copies its files aside; a rollback
// puts them back exactly and destroys the newer snapshots when -r allows it.
import type { ToolIO } from './tool-io';
import { nameError, openDataset, parseProp, subUsage, userPropError, zfsGetopt } from './zfs-common';
import {
  copyTree,
  datasetsOf,
  dependentsOf,
  dropSnapshots,
  parentOf,
  snapStoreDir,
  takeSnapshots,
  updateZfsFile,
  type SimDataset,
} from './zfs-model';
import { readState } from './store';

export async function snapshotMain(args: string[], io: ToolIO): Promise<number> {
  const scan = zfsGetopt(io, 'snapshot', args, 'ro:');
  if (!scan) return 2;
  const props = new Map<string, string>();
  let recursive = false;
  for (const { c, arg } of scan.opts) {
    if (c === 'r') recursive = true;
    else if (c === 'o' && !parseProp(io, props, arg!)) return 1;
  }
  if (scan.operands.length === 0) {
    io.stderr('missing snapshot argument\n');
    return subUsage(io, 'snapshot');
  }
  const multiple = recursive || scan.operands.length > 1;
  return updateZfsFile(io.root, async (f) => {
    const all = await datasetsOf(io.root, await readState(io.root), f);
    const names: string[] = [];
    for (const arg of scan.operands) {
      const at = arg.indexOf('@');
      if (at < 0) return subUsage(io, 'snapshot');
      // zfs_open() of the dataset part; a failure goes to usage (exit 2), as zfs_do_snapshot does
      const ds = openDataset(io, all, arg.slice(0, at), { fs: true });
      if (!ds) return subUsage(io, 'snapshot');
      const snap = arg.slice(at + 1);
      const under = recursive ? all.filter((x) => x.type !== 'snapshot' && (x.name === ds.name || x.name.startsWith(ds.name + '/'))) : [ds];
      for (const x of under) names.push(`${x.name}@${snap}`);
    }
    // zfs_snapshot_nvl(): names first, then the properties, then the one ioctl
    for (const n of names) {
      const why = nameError(n, { snap: true });
      if (why) {
        io.stderr(`cannot create snapshot '${n}': ${why}\n`);
        if (multiple) io.stderr('no snapshots were created\n');
        return 1;
      }
    }
    for (const [k, v] of props) {
      const why = userPropError(k, v);
      if (why) {
        io.stderr(`cannot create snapshot '${names[0]}': ${why}\n`);
        if (multiple) io.stderr('no snapshots were created\n');
        return 1;
      }
    }
    const exists = names.find((n) => all.some((x) => x.name === n));
    if (exists) {
      io.stderr(`cannot create snapshot '${exists}': dataset already exists\n`);
      if (multiple) io.stderr('no snapshots were created\n');
      return 1;
    }
    await takeSnapshots(io.root, f, all, names, Object.fromEntries(props));
    return 0;
  });
}

export async function rollbackMain(args: string[], io: ToolIO): Promise<number> {
  const scan = zfsGetopt(io, 'rollback', args, 'rRf');
  if (!scan) return 2;
  let recurse = false;
  let doclones = false;
  let force = false;
  for (const { c } of scan.opts) {
    if (c === 'r') recurse = true;
    else if (c === 'R') recurse = doclones = true;
    else if (c === 'f') force = true;
  }
  if (scan.operands.length < 1) {
    io.stderr('missing dataset argument\n');
    return subUsage(io, 'rollback');
  }
  if (scan.operands.length > 1) {
    io.stderr('too many arguments\n');
    return subUsage(io, 'rollback');
  }
  const target = scan.operands[0]!;
  return updateZfsFile(io.root, async (f) => {
    const all = await datasetsOf(io.root, await readState(io.root), f);
    const snap = openDataset(io, all, target, { snap: true });
    if (!snap) return 1;
    const fs = openDataset(io, all, parentOf(target), { fs: true, snap: true });
    if (!fs) return 1;
    const newer = all.filter((x) => x.type === 'snapshot' && parentOf(x.name) === fs.name && x.txg > snap.txg);
    // rollback_check(): without -r the newer snapshots are listed; with -r (not -R), their clones
    if (!doclones && newer.length) {
      if (!recurse) {
        io.stderr(`cannot rollback to '${target}': more recent snapshots or bookmarks exist\n`);
        io.stderr("use '-r' to force deletion of the following snapshots and bookmarks:\n");
        for (const n of newer) io.stderr(`${n.name}\n`);
        return 1;
      }
      const clones = newer.flatMap((n) => dependentsOf(all, n.name));
      if (clones.length) {
        io.stderr(`cannot rollback to '${target}': clones of previous snapshots exist\n`);
        io.stderr("use '-R' to force deletion of the following clones and dependents:\n");
        for (const c of clones) io.stderr(`${c.name}\n`);
        return 1;
      }
    }
    if (doclones) {
      // -R destroys the clones of the newer snapshots too; a zone's own datasets are zoneadm's
      const clones: SimDataset[] = newer.flatMap((n) => dependentsOf(all, n.name));
      const zoneOwned = clones.find((c) => !c.standalone);
      if (zoneOwned) {
        io.stderr(`cannot destroy '${zoneOwned.name}': dataset is busy\n`);
        return 1;
      }
      f.clones = (f.clones ?? []).filter((c) => !clones.some((x) => x.name === c.name));
    }
    // zfs_rollback() unmounts the file system first: a booted zone's root is busy
    if (fs.busy && !force) {
      io.stderr(`cannot unmount '${fs.mountpoint === 'legacy' ? `/zones/${fs.zone}/root` : fs.mountpoint}': Device busy\n`);
      return 1;
    }
    await dropSnapshots(
      io.root,
      f,
      newer.map((n) => n.name),
    );
    if (fs.filesDir && snap.store) await copyTree(snapStoreDir(io.root, snap.store), fs.filesDir);
    return 0;
  });
}
