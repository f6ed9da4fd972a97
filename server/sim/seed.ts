// The demo picture of a fresh simulated host, made through the tools themselves (as an
// operator would), at time scale 0:
//   www    lipkg   running     VNIC www0 over i40e0, allowed-address, autoboot
//   api    lipkg   running     VNIC api0 over i40e0
//   mail   sparse  running     VNIC mail0 over i40e0
//   db     sparse  installed   VNIC db0 over i40e0, delegated dataset, capped-memory
//   build  pkgsrc  incomplete  (its install failed)
//   vm     bhyve   configured  bhyve attrs, VNIC vm0
import type { SimToolName } from './tool-io';
import { runTool } from './tools';
import { ensureHost, readState } from './store';
import { addFault } from './faults';

/** true when the host has no zone but the global one and no link but the physical ones */
export async function isFreshHost(root: string): Promise<boolean> {
  const s = await readState(root);
  return s.zones.every((z) => z.name === 'global') && s.links.every((l) => l.class === 'phys');
}

async function run(root: string, tool: SimToolName, args: string[], okCodes = [0]): Promise<void> {
  let err = '';
  const code = await runTool(tool, args, {
    root,
    stdin: null,
    isTTY: false,
    stdout: () => {},
    stderr: (t) => {
      err += t;
    },
    timeScale: 0,
  });
  if (!okCodes.includes(code)) throw new Error(`seed: ${tool} ${args.join(' ')} failed (${code}): ${err}`);
}

const zonecfg = (root: string, zone: string, cmds: string[]) => run(root, 'zonecfg', ['-z', zone, cmds.join('; ')]);

/** Seed a realistic demo host, only if the host is fresh. Returns whether it seeded. */
export async function seedDemoHost(root: string): Promise<boolean> {
  await ensureHost(root);
  if (!(await isFreshHost(root))) return false;

  for (const v of ['www0', 'api0', 'mail0', 'db0', 'vm0']) await run(root, 'dladm', ['create-vnic', '-l', 'i40e0', v]);

  await zonecfg(root, 'www', [
    'create -t lipkg',
    'set zonepath=/zones/www',
    'set autoboot=true',
    'add net',
    'set physical=www0',
    'set allowed-address=192.168.5.21/24',
    'set defrouter=192.168.5.1',
    'end',
    'add attr',
    'set name=resolvers',
    'set type=string',
    'set value=192.168.5.1',
    'end',
  ]);
  await zonecfg(root, 'api', ['create -t lipkg', 'set zonepath=/zones/api', 'set autoboot=true', 'add net', 'set physical=api0', 'end']);
  await zonecfg(root, 'mail', [
    'create -t sparse',
    'set zonepath=/zones/mail',
    'set autoboot=true',
    'set cpu-shares=2',
    'add net',
    'set physical=mail0',
    'end',
  ]);
  await zonecfg(root, 'db', [
    'create -t sparse',
    'set zonepath=/zones/db',
    'add net',
    'set physical=db0',
    'end',
    'add dataset',
    'set name=rpool/zones/db/data',
    'end',
    'add capped-memory',
    'set physical=4G',
    'set swap=8G',
    'end',
  ]);
  await zonecfg(root, 'build', ['create -t pkgsrc', 'set zonepath=/zones/build', 'add net', 'set physical=build0', 'set global-nic=auto', 'end']);
  await zonecfg(root, 'vm', [
    'create -t bhyve',
    'set zonepath=/zones/vm',
    'add net',
    'set physical=vm0',
    'end',
    'add device',
    'set match=/dev/zvol/rdsk/rpool/zones/vm/disk0',
    'end',
    'add attr',
    'set name=bootdisk',
    'set type=string',
    'set value=rpool/zones/vm/disk0',
    'end',
    'add attr',
    'set name=ram',
    'set type=string',
    'set value=2G',
    'end',
    'add attr',
    'set name=vcpus',
    'set type=string',
    'set value=2',
    'end',
  ]);

  for (const z of ['www', 'api', 'mail', 'db']) await run(root, 'zoneadm', ['-z', z, 'install']);
  await addFault(root, { kind: 'install-fail', zone: 'build', once: true });
  await run(root, 'zoneadm', ['-z', 'build', 'install'], [1]);
  for (const z of ['www', 'api', 'mail']) await run(root, 'zoneadm', ['-z', z, 'boot']);
  return true;
}
