// zfs clone [-p] [-o property=value] ... <snapshot> <filesystem|volume>
// (zfs_do_clone() of zfs_main.c, zfs_clone() of libzfs.) The new file system depends on the
// snapshot (its origin): the snapshot cannot be destroyed without -R while the clone exists.
import type { ToolIO } from './tool-io';
import { nameError, openDataset, parseProp, subUsage, userPropError, zfsGetopt } from './zfs-common';
import { datasetsOf, parentOf, updateZfsFile } from './zfs-model';
import { readState } from './store';

export async function cloneMain(args: string[], io: ToolIO): Promise<number> {
  const scan = zfsGetopt(io, 'clone', args, 'o:p');
  if (!scan) return 2;
  const props = new Map<string, string>();
  let parents = false;
  for (const { c, arg } of scan.opts) {
    if (c === 'p') parents = true;
    else if (c === 'o' && !parseProp(io, props, arg!)) return 1;
  }
  const [src, target, ...extra] = scan.operands;
  if (src === undefined) {
    io.stderr('missing source dataset argument\n');
    return subUsage(io, 'clone');
  }
  if (target === undefined) {
    io.stderr('missing target dataset argument\n');
    return subUsage(io, 'clone');
  }
  if (extra.length) {
    io.stderr('too many arguments\n');
    return subUsage(io, 'clone');
  }
  return updateZfsFile(io.root, async (f) => {
    const all = await datasetsOf(io.root, await readState(io.root), f);
    const snap = openDataset(io, all, src, { snap: true });
    if (!snap) return 1;
    const errbuf = `cannot create '${target}'`;
    const why = nameError(target, { fs: true });
    if (why) {
      io.stderr(`${errbuf}: ${why}\n`);
      return 1;
    }
    if (all.some((x) => x.name === target)) {
      if (parents) return 0;
      io.stderr(`${errbuf}: dataset already exists\n`);
      return 1;
    }
    const parent = all.find((x) => x.name === parentOf(target) && x.type !== 'snapshot');
    if (!parent) {
      if (!all.some((x) => x.name === target.split('/')[0])) {
        io.stderr(`${errbuf}: no such pool '${target.split('/')[0]}'\n`);
        return 1;
      }
      if (!parents) {
        io.stderr(`${errbuf}: parent does not exist\n`);
        return 1;
      }
    }
    for (const [k, v] of props) {
      if (k === 'mountpoint') continue;
      const bad = userPropError(k, v);
      if (bad) {
        io.stderr(`${errbuf}: ${bad}\n`);
        return 1;
      }
    }
    // -p: the missing ancestors become plain clones-less file systems of the simulated pool
    const chain: string[] = [];
    for (let p = parentOf(target); p && !all.some((x) => x.name === p) && !(f.clones ?? []).some((c) => c.name === p); p = parentOf(p)) chain.unshift(p);
    const now = Math.floor(Date.now() / 1000);
    const mp = (name: string) => props.get('mountpoint') && name === target ? props.get('mountpoint')! : `/${name.split('/').slice(1).join('/')}`;
    for (const p of chain) (f.clones ??= []).push({ name: p, origin: '', creation: now, refer: 96 * 1024, mountpoint: mp(p) });
    (f.clones ??= []).push({ name: target, origin: snap.name, creation: now, refer: snap.refer, mountpoint: mp(target) });
    const user = Object.fromEntries([...props].filter(([k]) => k !== 'mountpoint'));
    if (Object.keys(user).length) ((f.props ??= {})[target] ??= {}).user = user;
    return 0;
  });
}
