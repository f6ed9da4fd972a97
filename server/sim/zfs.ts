// Simulated zfs(8): the subcommands the dashboard and a person at the host use on zone
// datasets, each in its own file (zfs-list, zfs-get, zfs-snapshot for snapshot and rollback,
// zfs-destroy, zfs-clone) over the dataset model of zfs-model.ts. Texts, exit statuses and
// option handling follow illumos-gate's usr/src/cmd/zfs/zfs_main.c.
//
// Exit status: 0; 1 when an operation fails; 2 on a usage error.
import type { ToolIO } from './tool-io';
import { mainUsage } from './zfs-common';
import { listMain } from './zfs-list';
import { getMain } from './zfs-get';
import { rollbackMain, snapshotMain } from './zfs-snapshot';
import { destroyMain } from './zfs-destroy';
import { cloneMain } from './zfs-clone';

const SUBCOMMANDS: Record<string, (args: string[], io: ToolIO) => Promise<number>> = {
  list: listMain,
  get: getMain,
  snapshot: snapshotMain,
  // zfs_main.c accepts "snap" as an alias of snapshot
  snap: snapshotMain,
  rollback: rollbackMain,
  destroy: destroyMain,
  clone: cloneMain,
};

export async function zfsMain(args: string[], io: ToolIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) {
    io.stderr('missing command\n');
    io.stderr(mainUsage());
    return 2;
  }
  if (sub === '-?' || sub === 'help') {
    io.stdout(mainUsage());
    return 0;
  }
  const fn = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
  if (fn) return fn(rest, io);
  io.stderr(`unrecognized command '${sub}'\n`);
  io.stderr(mainUsage());
  return 2;
}
