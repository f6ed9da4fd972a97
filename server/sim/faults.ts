// Failure injection for the simulated host.
//
// Faults live in SIM_ROOT/faults.json (a JSON object, replaced atomically under the host lock):
//   {
//     "faults": [
//       { "kind": "install-fail", "zone": "web01", "once": true },  // install dies midway, zone left 'incomplete'
//       { "kind": "boot-fail" },                                  // boot: "zoneadm: zone 'Z': call to zoneadmd failed"
//       { "kind": "slow", "tool": "zoneadm", "seconds": 5 },      // extra delay before a tool runs
//       { "kind": "clock-skew", "seconds": -90 }                  // the host's clock runs 90 s behind (kstat -T)
//     ],
//     "paths": { "/zones/testzone": "0755" }                     // global-zone directories that exist
//   }
// "zone" (optional) restricts a fault to one zone; "once" (optional) removes it after it fires;
// "tool" (optional) restricts "slow" to one tool (zoneadm, zonecfg, dladm, zlogin, ipadm).
// "paths" simulates directories made by hand in the global zone (zoneadm verify checks them).
//
// Set faults from tests with addFault()/clearFaults(), or from a terminal:
//   SIM_ROOT=/tmp/h1 server/sim/bin/sim-fault add install-fail -z web01 --once
//   SIM_ROOT=/tmp/h1 server/sim/bin/sim-fault add boot-fail
//   SIM_ROOT=/tmp/h1 server/sim/bin/sim-fault add slow -t zoneadm 5
//   SIM_ROOT=/tmp/h1 server/sim/bin/sim-fault add clock-skew -- -90
//   SIM_ROOT=/tmp/h1 server/sim/bin/sim-fault mkdir /zones/testzone 0755
//   SIM_ROOT=/tmp/h1 server/sim/bin/sim-fault list | clear [KIND]
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ToolIO } from './tool-io';
import { withHostLock, writeFileAtomic } from './store';

export type FaultKind = 'install-fail' | 'boot-fail' | 'slow' | 'clock-skew';
export const FAULT_KINDS: FaultKind[] = ['install-fail', 'boot-fail', 'slow', 'clock-skew'];

export interface Fault {
  kind: FaultKind;
  zone?: string;
  once?: boolean;
  tool?: string;
  seconds?: number;
}

export interface FaultsFile {
  faults: Fault[];
  paths: Record<string, string>;
}

const FILE = 'faults.json';

async function load(root: string): Promise<FaultsFile> {
  try {
    const j = JSON.parse(await fsp.readFile(path.join(root, FILE), 'utf8')) as Partial<FaultsFile>;
    return { faults: Array.isArray(j.faults) ? j.faults : [], paths: j.paths ?? {} };
  } catch {
    return { faults: [], paths: {} };
  }
}

async function save(root: string, f: FaultsFile): Promise<void> {
  await writeFileAtomic(path.join(root, FILE), JSON.stringify(f, null, 2) + '\n');
}

export function readFaults(root: string): Promise<FaultsFile> {
  return load(root);
}

export async function addFault(root: string, fault: Fault): Promise<void> {
  await withHostLock(root, async () => {
    const f = await load(root);
    f.faults.push(fault);
    await save(root, f);
  });
}

export async function clearFaults(root: string, kind?: FaultKind): Promise<void> {
  await withHostLock(root, async () => {
    const f = await load(root);
    f.faults = kind ? f.faults.filter((x) => x.kind !== kind) : [];
    await save(root, f);
  });
}

/** Simulated global-zone directory (zoneadm verify reads its mode). */
export async function setHostPath(root: string, p: string, mode: string | null): Promise<void> {
  await withHostLock(root, async () => {
    const f = await load(root);
    if (mode === null) delete f.paths[p];
    else f.paths[p] = mode;
    await save(root, f);
  });
}

/** Returns the matching fault (consuming it when it is a "once" fault), or null. */
export async function takeFault(root: string, kind: FaultKind, zone: string): Promise<Fault | null> {
  const peek = await load(root);
  if (!peek.faults.some((x) => x.kind === kind && (!x.zone || x.zone === zone))) return null;
  return withHostLock(root, async () => {
    const f = await load(root);
    const i = f.faults.findIndex((x) => x.kind === kind && (!x.zone || x.zone === zone));
    if (i < 0) return null;
    const hit = f.faults[i]!;
    if (hit.once) {
      f.faults.splice(i, 1);
      await save(root, f);
    }
    return hit;
  });
}

/** How far the simulated host's clock is from the real one, in seconds ("clock-skew" faults
 *  add up); kstat's -T timestamps show it, as a host whose clock drifted would. */
export async function clockOffsetSeconds(root: string): Promise<number> {
  const f = await load(root);
  return f.faults.filter((x) => x.kind === 'clock-skew').reduce((a, x) => a + (Number(x.seconds) || 0), 0);
}

/** Extra seconds of delay configured for a tool ("slow" faults add up). */
export async function slowSeconds(root: string, tool: string): Promise<number> {
  const f = await load(root);
  return f.faults
    .filter((x) => x.kind === 'slow' && (!x.tool || x.tool === tool))
    .reduce((a, x) => a + (Number(x.seconds) || 0), 0);
}

const USAGE = `usage: sim-fault list
       sim-fault add install-fail [-z zone] [--once]
       sim-fault add boot-fail [-z zone] [--once]
       sim-fault add slow [-t tool] [-z zone] [--once] seconds
       sim-fault add clock-skew [--] seconds   (negative: behind)
       sim-fault clear [install-fail|boot-fail|slow|clock-skew]
       sim-fault mkdir path [mode]
       sim-fault rmdir path
`;

/** The sim-fault command (server/sim/bin/sim-fault). */
export async function faultMain(args: string[], io: ToolIO): Promise<number> {
  const [cmd, ...rest] = args;
  const root = io.root;
  if (cmd === 'list') {
    const f = await load(root);
    io.stdout(JSON.stringify(f, null, 2) + '\n');
    return 0;
  }
  if (cmd === 'clear') {
    const kind = rest[0] as FaultKind | undefined;
    if (kind && !FAULT_KINDS.includes(kind)) {
      io.stderr(USAGE);
      return 2;
    }
    await clearFaults(root, kind);
    return 0;
  }
  if (cmd === 'mkdir' && rest[0]?.startsWith('/')) {
    await setHostPath(root, rest[0], rest[1] ?? '0755');
    return 0;
  }
  if (cmd === 'rmdir' && rest[0]?.startsWith('/')) {
    await setHostPath(root, rest[0], null);
    return 0;
  }
  if (cmd === 'add') {
    const kind = rest[0] as FaultKind;
    if (!FAULT_KINDS.includes(kind)) {
      io.stderr(USAGE);
      return 2;
    }
    const fault: Fault = { kind };
    const pos: string[] = [];
    for (let i = 1; i < rest.length; i++) {
      const a = rest[i]!;
      if (a === '-z' && rest[i + 1]) fault.zone = rest[++i];
      else if (a === '-t' && rest[i + 1]) fault.tool = rest[++i];
      else if (a === '--once') fault.once = true;
      else if (a !== '--') pos.push(a);
    }
    if (kind === 'slow') {
      const s = Number(pos[0]);
      if (!(s >= 0)) {
        io.stderr(USAGE);
        return 2;
      }
      fault.seconds = s;
    } else if (kind === 'clock-skew') {
      const s = Number(pos[0]);
      if (pos.length !== 1 || !Number.isFinite(s)) {
        io.stderr(USAGE);
        return 2;
      }
      fault.seconds = s;
    } else if (pos.length) {
      io.stderr(USAGE);
      return 2;
    }
    await addFault(root, fault);
    return 0;
  }
  io.stderr(USAGE);
  return 2;
}
