// Dispatch of the simulated illumos tools: one entry for the in-process sim runner of the
// dashboard and for the executables in server/sim/bin (through cli.ts).
import type { SimToolName, ToolIO } from './tool-io';
import { ensureHost } from './store';
import { slowSeconds } from './faults';
import { zoneadmMain } from './zoneadm';
import { zonecfgMain } from './zonecfg';
import { dladmMain } from './dladm';
import { zloginMain } from './zlogin';
import { ipadmMain } from './ipadm';
import { kstatMain } from './kstat';
import { unameMain } from './uname';
import { zfsMain } from './zfs';
import { prctlMain } from './prctl';

/**
 * Optional extras a runner may give a tool (all default to a root shell in the global zone):
 * - user: who runs it (anyone but root gets "only a privileged user may ..." and read-only zonecfg)
 * - zonename: the zone it runs in ('global' by default; zoneadm/zonecfg refuse inside a zone)
 * - readLine: read one line from a terminal (interactive zonecfg, y/[n] prompts) when isTTY
 */
export interface SimToolIO extends ToolIO {
  user?: string;
  zonename?: string;
  readLine?: () => Promise<string | null>;
}

export const SIM_TOOLS: SimToolName[] = ['zoneadm', 'zonecfg', 'dladm', 'zlogin', 'ipadm', 'kstat', 'zfs', 'uname', 'prctl'];

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}

export async function runTool(tool: SimToolName, args: string[], io: ToolIO): Promise<number> {
  await ensureHost(io.root);
  // a "slow" fault delays the tool in real seconds (not scaled, so it shows even at SIM_TIME_SCALE=0)
  const slow = await slowSeconds(io.root, tool);
  if (slow > 0) await realSleep(slow * 1000, io.signal);
  switch (tool) {
    case 'zoneadm':
      return zoneadmMain(args, io);
    case 'zonecfg':
      return zonecfgMain(args, io);
    case 'dladm':
      return dladmMain(args, io);
    case 'zlogin':
      return zloginMain(args, io);
    case 'ipadm':
      return ipadmMain(args, io);
    case 'kstat':
      return kstatMain(args, io);
    case 'zfs':
      return zfsMain(args, io);
    case 'uname':
      return unameMain(args, io);
    case 'prctl':
      return prctlMain(args, io);
    default: {
      const t: never = tool;
      throw new Error(`unknown sim tool ${String(t)}`);
    }
  }
}
