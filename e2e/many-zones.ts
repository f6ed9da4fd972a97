// A crowded host for the layout and accessibility tests: the reviewer's picture of 73 zones,
// names up to 63 characters, made and removed with the simulator's own tools in one process
// (spawning the CLI 67 times would cost a minute on a loaded machine).
import { spawnSync } from 'node:child_process';
import { expect } from '@playwright/test';
import { E2E_SIM_ROOT } from './env';

/** `count` zone names that sort after the seeded ones (www), the first one 63 characters. */
export function crowdNames(prefix: string, count: number): string[] {
  const long = `${prefix}-frontend-eu-west-production-cluster-0001-long-name-`.padEnd(63, 'x').slice(0, 63);
  return [long, ...Array.from({ length: count - 1 }, (_, i) => `${prefix}-${['web', 'db', 'cache', 'batch'][i % 4]}-${String(i + 2).padStart(3, '0')}`)];
}

function inSim(script: string): void {
  const wrapped = `(async () => {${script}})().catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', wrapped], { encoding: 'utf8', env: { ...process.env, SIM_TIME_SCALE: '0' }, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
}

/** Configures every zone, installs two thirds of them and boots one third: all three kinds of row.
 *  Leftovers of an earlier run (or of a worker restarted after a failure) are removed first. */
export function addZones(names: string[]): void {
  removeZones(names);
  inSim(`
    const { runTool } = await import('./server/sim/tools.ts');
    const io = { root: ${JSON.stringify(E2E_SIM_ROOT)}, stdin: null, isTTY: false, stdout: () => {}, stderr: (t) => process.stderr.write(t), timeScale: 0 };
    const names = ${JSON.stringify(names)};
    for (const [i, z] of names.entries()) {
      if (await runTool('zonecfg', ['-z', z, 'create -t sparse; set zonepath=/zones/' + z], io)) process.exit(1);
      if (i % 3 !== 0 && await runTool('zoneadm', ['-z', z, 'install'], io)) process.exit(1);
      if (i % 3 === 2 && await runTool('zoneadm', ['-z', z, 'boot'], io)) process.exit(1);
    }
  `);
}

/** Halts, uninstalls and deletes them again, so later specs see the seeded host. */
export function removeZones(names: string[]): void {
  inSim(`
    const { runTool } = await import('./server/sim/tools.ts');
    const io = { root: ${JSON.stringify(E2E_SIM_ROOT)}, stdin: null, isTTY: false, stdout: () => {}, stderr: () => {}, timeScale: 0 };
    for (const z of ${JSON.stringify(names)}) {
      await runTool('zoneadm', ['-z', z, 'halt'], io);
      await runTool('zoneadm', ['-z', z, 'uninstall', '-F'], io);
      await runTool('zonecfg', ['-z', z, 'delete', '-F'], io);
    }
  `);
}
