// Test helpers for the zone OS, console, zlogin and ipadm simulators: a throw-away simulated
// host with zones written straight into the store, and a way to run a ToolMain and collect
// its output.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureHost, updateState } from './store';
import type { SimNet, SimZone, SimZoneState } from './types';
import type { ToolMain } from './tool-io';
import { installZoneRoot, zoneBooted } from './zoneos';

export interface TestZone {
  name: string;
  state?: SimZoneState;
  ipType?: 'shared' | 'exclusive';
  net?: SimNet[];
  brand?: string;
}

export function simZone(z: TestZone, id: number): SimZone {
  const state = z.state ?? 'running';
  const known = ['ready', 'running', 'shutting_down', 'down', 'mounted'].includes(state);
  return {
    name: z.name,
    state,
    id: known ? id : null,
    uuid: state === 'configured' ? '' : `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    debugid: id,
    brand: z.brand ?? 'sparse',
    zonepath: `/zones/${z.name}`,
    ipType: z.ipType ?? 'exclusive',
    autoboot: true,
    net: z.net ?? [{ physical: `${z.name.replace(/\d+$/, '')}0` }],
  };
}

/** A fresh host in a temporary SIM_ROOT with the given zones (installed ones get a root fs, running ones are booted). */
export async function makeSimHost(zones: TestZone[]): Promise<{ root: string; cleanup(): void }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'zone-sim-'));
  await ensureHost(root);
  const full = zones.map((z, i) => simZone(z, i + 1));
  await updateState(root, (s) => {
    for (const z of full) s.zones.push(z);
  });
  for (const z of full) {
    if (['configured', 'incomplete'].includes(z.state)) continue;
    await installZoneRoot(root, z);
    if (z.state === 'running') await zoneBooted(root, z, '', { timeScale: 0 });
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runToolMain(main: ToolMain, root: string, args: string[], opts: { stdin?: string | null; isTTY?: boolean } = {}): Promise<ToolRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    root,
    stdin: opts.stdin ?? null,
    isTTY: opts.isTTY ?? false,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    timeScale: 0,
  });
  return { code, stdout, stderr };
}
