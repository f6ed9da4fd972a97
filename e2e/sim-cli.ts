// Running the simulator's command-line tools from a test, the way a person would in a
// terminal next to the dashboard ("behind its back").
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { E2E_SIM_ROOT, SIM_BIN } from './env';

export interface CliResult {
  stdout: string;
  stderr: string;
  status: number;
}

export function simCli(tool: 'zoneadm' | 'zonecfg' | 'dladm' | 'zlogin' | 'ipadm' | 'prctl' | 'sim-fault', args: string[], root = E2E_SIM_ROOT, timeScale = '0'): CliResult {
  const r = spawnSync(path.join(SIM_BIN, tool), args, {
    env: { ...process.env, SIM_ROOT: root, SIM_TIME_SCALE: timeScale },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}
