// What `zoneadm clone` does with ZFS in the simulator: the source's snapshot the new zone's
// files come from, and the copy itself. For the ipkg family the brand's clone hook decides
// (pkg5 src/brand/ipkg/clone): `-s snap` is a snapshot of the source's active boot environment
// (ROOT/zbe), `-s ds@snap` names it in full (the dataset must be <...>/<source>/ROOT/<be>),
// `-s ds` takes a new snapshot there, and without -s a snapshot `<zbe>@<target>_snap[N]` is
// taken. Other brands (zoneadm's built-in clone) use the zonepath dataset the same way.
// The new zone's root dataset is a clone of that snapshot: zfs.json records the origin, so the
// snapshot cannot be destroyed while the clone exists.
import path from 'node:path';
import { promises as fsp } from 'node:fs';
import type { SimZone } from './types';
import { readState } from './store';
import { zoneRootDir } from './zoneos';
import { BE_BRANDS, copyTree, datasetsOf, snapStoreDir, takeSnapshots, updateZfsFile, zoneFilesDataset } from './zfs-model';

export { forgetZoneDatasets } from './zfs-model';

const BAD_SOURCE = 'ERROR: Error: specified snapshot is invalid for this source zone.\n';

export async function cloneSnapshotFor(root: string, src: SimZone, target: string, s: string | undefined): Promise<{ snapshot: string | null } | { error: string }> {
  const active = zoneFilesDataset(src);
  if (!active) return { snapshot: null };
  const ipkg = BE_BRANDS.has(src.brand);
  return updateZfsFile(root, async (f) => {
    const all = await datasetsOf(root, await readState(root), f);
    let ds = active;
    let snap = '';
    if (s !== undefined) {
      const at = s.indexOf('@');
      const requested = at >= 0 ? s.slice(0, at) : s.includes('/') ? s : '';
      snap = at >= 0 ? s.slice(at + 1) : s.includes('/') ? '' : s;
      if (requested) {
        const shape = ipkg ? new RegExp(`^.*/${src.name.replace(/[.]/g, '\\.')}/ROOT/[^/]+$`) : /^.+$/;
        if (!shape.test(requested) || !all.some((d) => d.name === requested && d.type !== 'snapshot')) {
          return { error: ipkg ? BAD_SOURCE : `zoneadm: zone ${target}: snapshot ${s} is not a snapshot of ${src.name}\n` };
        }
        ds = requested;
      }
      if (snap && !all.some((d) => d.name === `${ds}@${snap}`)) {
        // the hook's `zfs list -H ds@snap` complains first
        return { error: `cannot open '${ds}@${snap}': dataset does not exist\n` + (ipkg ? BAD_SOURCE : '') };
      }
    }
    if (!snap) {
      // the hook tries <target>_snap, <target>_snap1, ... up to 99
      for (let n = 0; n < 100; n++) {
        const name = `${target}_snap${n === 0 ? '' : n}`;
        if (all.some((d) => d.name === `${ds}@${name}`)) continue;
        snap = name;
        break;
      }
      if (!snap) return { error: 'ERROR: Unable to create the zone\'s ZFS dataset.\n' };
      await takeSnapshots(root, f, all, [`${ds}@${snap}`], {});
    }
    return { snapshot: `${ds}@${snap}` };
  });
}

/** The target's root dataset becomes a clone of the snapshot: its files, exactly, and its origin. */
export async function cloneZoneFiles(root: string, src: SimZone, target: SimZone, snapshot: string | null): Promise<void> {
  const dst = zoneRootDir(root, target.name);
  if (snapshot === null) {
    await copyTree(zoneRootDir(root, src.name), dst);
  } else {
    await updateZfsFile(root, async (f) => {
      const rec = (f.snapshots ?? []).find((x) => x.name === snapshot);
      if (rec?.store) await copyTree(snapStoreDir(root, rec.store), dst);
      const mine = zoneFilesDataset(target);
      if (mine) (f.origins ??= {})[mine] = snapshot;
    });
  }
  // unconfigure_zone: the clone answers to its own name
  await fsp.mkdir(path.join(dst, 'etc'), { recursive: true });
  await fsp.writeFile(path.join(dst, 'etc/nodename'), `${target.name}\n`);
}
