// Where an illumos host keeps each tool the dashboard runs: the local runner and the SSH
// runner's default tool directory both follow this layout.
import type { ToolCall } from '../illumos/types';

/** Where illumos keeps each tool (zone tools in /usr/sbin, kstat and uname in /usr/bin). */
export const ILLUMOS_TOOL_PATHS: Record<ToolCall['tool'], string> = {
  zoneadm: '/usr/sbin/zoneadm',
  zonecfg: '/usr/sbin/zonecfg',
  dladm: '/usr/sbin/dladm',
  zlogin: '/usr/sbin/zlogin',
  ipadm: '/usr/sbin/ipadm',
  kstat: '/usr/bin/kstat',
  zfs: '/usr/sbin/zfs',
  uname: '/usr/bin/uname',
  prctl: '/usr/bin/prctl',
};
