// The review's shell script: its exact text, its quoting checked by a real /bin/sh (the zone's
// shell sees the very words the dashboard passes), and, run by hand with /bin/sh against a
// fresh simulated host, it builds the same zone as the dashboard's apply on another.
import type { SimToolName } from '../sim/tool-io';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Host } from '../hosts/registry';
import { setHostRegistry } from '../services';
import { SimRunner } from '../hosts/sim';
import type { ToolCall } from '../illumos/types';
import { ensureHost } from '../sim/store';
import { runTool } from '../sim/tools';
import { applyProvision, provisionView } from './provision';
import { planProvision, type ProvisionPlan } from './provision-plan';
import { provisionScript, shWord, zloginLine } from './provision-script';
import { validateAnswers, type WizardAnswers } from './provision-spec';
import { answers, ED25519 } from './provision-testkit';
import { taskManager } from '../services';
import { watcherFor } from '../services';

process.env.ZONEDASH_DB = ':memory:';
process.env.ZONEDASH_POLL_MS = '60000';

const SIM_BIN = path.resolve(__dirname, '..', 'sim', 'bin');
const NASTY_KEY = `${ED25519} it's $(id) \`reboot\` "me" \\n; rm -rf /`;

function planOf(a: WizardAnswers, zonecfgPath?: string): ProvisionPlan {
  const r = validateAnswers(a);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return planProvision(r.spec, { hostName: 'sim', ...(zonecfgPath ? { zonecfgPath } : {}) });
}

const EXPECTED_DEFAULT_SCRIPT = `#!/bin/sh
# Creates zone web01 on sim: the runbook the zone dashboard planned, step by step.
# Run it as root in the global zone. It stops at the first step that fails; the checks
# at the end print PASS or FAIL, and the script exits with 1 when one of them failed.
set -eu

# ---- Configure
# 1. Configure zone web01 from the command file
zonecfg -z web01 -f - <<'END_OF_ZONECFG_COMMANDS'
create -b
set zonepath=/zones/web01
set brand=sparse
set autoboot=true
set ip-type=exclusive
add net
set physical="web01_0"
end
verify
commit
END_OF_ZONECFG_COMMANDS

# ---- Network link
# 2. Create VNIC web01_0 over i40e0
dladm create-vnic -l i40e0 web01_0

# ---- Install
# 3. Install web01 (sparse)
zoneadm -z web01 install

# ---- Boot
# 4. Boot web01
zoneadm -z web01 boot
# 5. Wait until web01 is running
n=0
until zoneadm list -cp | grep -q '^[^:]*:web01:running:'; do
  n=$((n + 1)); [ "$n" -le 300 ] || { echo 'web01 is not running after 300 s' >&2; exit 1; }
  sleep 1
done

# ---- First boot, inside the zone
# 6. Bring up web01_0/v4 with DHCP
zlogin web01 /usr/sbin/ipadm create-addr -T dhcp web01_0/v4
# 7. Set the host name to sim-web01
zlogin web01 /usr/bin/hostname sim-web01
# 8. Write /etc/nodename and /etc/hostname
zlogin web01 "$(cat <<'END_OF_ZONE_COMMAND'
/bin/sh -c 'umask 022; printf '\\''%s\\n'\\'' "$1" > /etc/nodename && printf '\\''%s\\n'\\'' "$1" > /etc/hostname' sh sim-web01
END_OF_ZONE_COMMAND
)"
# 9. Write /etc/resolv.conf (192.168.5.1)
zlogin web01 "$(cat <<'END_OF_ZONE_COMMAND'
/bin/sh -c 'umask 022; printf '\\''%s'\\'' "$1" > /etc/resolv.conf' sh 'nameserver 192.168.5.1
'
END_OF_ZONE_COMMAND
)"
# 10. Look host names up in DNS (hosts: files dns)
zlogin web01 "$(cat <<'END_OF_ZONE_COMMAND'
/bin/sh -c 'f=/etc/nsswitch.conf
grep -q '\\''^hosts:.*[[:blank:]]dns'\\'' "$f" && exit 0
sed '\\''/^hosts:/s/[[:blank:]]*$/ dns/'\\'' "$f" > "$f.new" && cat "$f.new" > "$f" && rm -f "$f.new"' sh
END_OF_ZONE_COMMAND
)"

# ---- Reboot
# 11. Reboot web01 so the settings are read at boot
zoneadm -z web01 reboot
# 12. Wait until web01 is running
n=0
until zoneadm list -cp | grep -q '^[^:]*:web01:running:'; do
  n=$((n + 1)); [ "$n" -le 300 ] || { echo 'web01 is not running after 300 s' >&2; exit 1; }
  sleep 1
done

# ---- Verify
set +e
failed=0
check() { if [ "$1" -eq 0 ]; then echo "PASS  $2"; else echo "FAIL  $2"; failed=1; fi; }
# 13. The address is up on web01_0/v4
zlogin web01 /usr/sbin/ipadm show-addr -p -o addrobj,type,state,addr | cut -d: -f1-3 | grep -qxF web01_0/v4:dhcp:ok
check $? 'The address is up on web01_0/v4'
# 14. The host name is sim-web01
test "$(zlogin web01 /usr/bin/hostname)" = sim-web01
check $? 'The host name is sim-web01'
# 15. resolv.conf has the DNS servers
r=$(zlogin web01 /usr/bin/cat /etc/resolv.conf) && printf '%s\\n' "$r" | grep -qxF 'nameserver 192.168.5.1'
check $? 'resolv.conf has the DNS servers'
# 16. nsswitch.conf has hosts: files dns
zlogin web01 /usr/bin/cat /etc/nsswitch.conf | grep -Eq '^hosts:.*[[:blank:]]dns([[:blank:]]|$)'
check $? 'nsswitch.conf has hosts: files dns'

exit "$failed"
`;

describe('provisionScript', () => {
  it('writes the whole runbook for the defaults plus a name, exactly', () => {
    expect(provisionScript(planOf(answers()))).toBe(EXPECTED_DEFAULT_SCRIPT);
  });

  it('quotes a word only when the shell would read it otherwise', () => {
    expect(['web01', 'i40e0', '/zones/web01', 'addrobj,type,state,addr', '-T', "it's", '$(id)', 'a b', '', '=x', '~root', '*'].map(shWord)).toEqual([
      'web01', 'i40e0', '/zones/web01', 'addrobj,type,state,addr', '-T', `'it'\\''s'`, "'$(id)'", "'a b'", "''", "'=x'", "'~root'", "'*'",
    ]);
  });

  it("hands the zone's shell exactly the words the dashboard passes, for every zlogin step (a real /bin/sh parses both)", () => {
    const plan = planOf(answers({
      firstBoot: { address: 'static', staticAddress: '10.1.2.3/24', gateway: '10.1.2.1', search: 'example.com', sshKey: NASTY_KEY },
      resources: { mounts: [{ special: '/export/a', dir: '/a', readOnly: true }] },
    }));
    // what `zlogin ZONE args...` hands the zone: its arguments joined with spaces
    const joinedBy = (scriptLine: string) => sh(`zlogin() { shift; printf '%s' "$*"; }\n${scriptLine}`);
    // how the zone's shell splits that line into words
    const zoneWords = (line: string) => sh(`printf '%s\\0' ${line}`).split('\0').slice(0, -1);
    const zlogins = plan.steps.filter((s) => s.call.tool === 'zlogin');
    expect(zlogins.length).toBeGreaterThan(10);
    for (const step of zlogins) {
      const fromScript = zoneWords(joinedBy(zloginLine(plan.zone, step.words!)));
      const fromDashboard = zoneWords(step.call.args.slice(1).join(' '));
      expect(fromScript, step.key).toEqual(step.words);
      expect(fromDashboard, step.key).toEqual(step.words);
    }
    expect(zlogins.find((s) => s.key === 'inzone:sshkey')?.words?.at(-1)).toBe(NASTY_KEY);
  });

  it('is valid shell (sh -n) for every kind of network', () => {
    for (const a of [
      answers(),
      answers({ network: { mode: 'shared', sharedLink: 'i40e0', sharedAddress: '192.168.5.61/24', defrouter: '192.168.5.1' } }),
      answers({ network: { allowedAddress: '192.168.5.62/24', defrouter: '192.168.5.1' }, firstBoot: { sshKey: NASTY_KEY } }),
      answers({ network: { mode: 'existing-vnic', existingVnic: 'spare0' }, firstBoot: { nameservers: '', nsswitchDns: false } }),
    ]) {
      const r = spawnSync('/bin/sh', ['-n'], { input: provisionScript(planOf(a)), encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
  });
});

function sh(script: string): string {
  const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sh failed: ${r.stderr}`);
  return r.stdout;
}

// ---- the script by hand vs the dashboard ------------------------------------------------------

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

async function freshHost(): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'provision-script-'));
  roots.push(root);
  await ensureHost(root);
  return root;
}

async function tool(root: string, t: SimToolName, ...args: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await runTool(t, args, { root, stdin: null, isTTY: false, stdout: (x) => (out += x), stderr: (x) => (err += x), timeScale: 0 });
  return `${out}${err}[exit ${code}]`;
}

/** What an operator would look at to tell two zones apart (uuids are random by nature). */
async function describeZone(root: string, zone: string, vnic: string | null): Promise<Record<string, string>> {
  const list = (await tool(root, 'zoneadm', 'list', '-cp')).split('\n').filter((l) => l.includes(`:${zone}:`));
  const inZone = (...words: string[]) => tool(root, 'zlogin', zone, ...words);
  return {
    list: list.map((l) => l.split(':').filter((_, i) => i !== 4).join(':')).join('\n'),
    info: await tool(root, 'zonecfg', '-z', zone, 'info'),
    vnic: vnic ? await tool(root, 'dladm', 'show-vnic', '-p', '-o', 'link,over,vid,macaddrtype,zone', vnic) : '',
    addrs: await inZone('ipadm', 'show-addr', '-p', '-o', 'addrobj,type,state,addr'),
    hostname: await inZone('hostname'),
    files: await inZone('cat', '/etc/nodename', '/etc/hostname', '/etc/resolv.conf', '/etc/nsswitch.conf'),
    keys: await inZone('sh', '-c', 'cat /root/.ssh/authorized_keys 2>/dev/null; true'),
    route: await inZone('route', '-n', 'get', 'default'),
  };
}

describe('the script, run by hand on a fresh simulated host, builds the same zone as the dashboard', () => {
  const cases: [string, WizardAnswers, string | null][] = [
    ['defaults plus a name', answers({ basics: { name: 'web01' } }), 'web01_0'],
    [
      'static address, VLAN, resources, mounts, search domains and a hostile-looking key',
      answers({
        basics: { name: 'db01', brand: 'lipkg' },
        network: { vnicName: 'db01_9', vlanId: '12' },
        resources: { memory: '2G', cpuShares: '10', maxLwps: '3000', mounts: [{ special: '/export/db', dir: '/data', readOnly: false }] },
        firstBoot: { address: 'static', staticAddress: '10.1.2.3/24', gateway: '10.1.2.1', hostname: 'db.example.com', nameservers: '10.1.2.53, 10.1.2.54', search: 'example.com corp.example.com', sshKey: NASTY_KEY },
      }),
      'db01_9',
    ],
    ['shared IP on the physical link', answers({ basics: { name: 'shr1' }, network: { mode: 'shared', sharedLink: 'i40e0', sharedAddress: '192.168.5.61/24', defrouter: '192.168.5.1' } }), null],
  ];

  it.each(cases)('%s', async (_name, a, vnic) => {
    const zone = a.basics.name;
    // by hand: /bin/sh with the simulator's tools first on the PATH
    const byHand = await freshHost();
    const scriptFile = path.join(byHand, 'create.sh');
    writeFileSync(scriptFile, provisionScript(planOf(a)));
    const t0 = Date.now();
    const run = spawnSync('/bin/sh', [scriptFile], {
      env: { ...process.env, PATH: `${SIM_BIN}:${process.env.PATH}`, SIM_ROOT: byHand, SIM_TIME_SCALE: '0' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const scriptMs = Date.now() - t0;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const passes = run.stdout.split('\n').filter((l) => /^(PASS|FAIL) /.test(l));
    expect(passes.length).toBeGreaterThanOrEqual(4);
    expect(passes.every((l) => l.startsWith('PASS'))).toBe(true);

    // the dashboard: the same answers through the service
    const dashboard = await freshHost();
    const host: Host = { name: 'sim', kind: 'sim', description: 'test', runner: new SimRunner({ root: dashboard, timeScale: 0 }) };
    setHostRegistry([host]);
    const r = validateAnswers(a);
    if (!r.ok) throw new Error('refused');
    const started = await applyProvision(host, { answers: a, spec: r.spec }, 'test');
    await taskManager().wait(started.taskId);
    watcherFor(host).stop();
    const view = provisionView(started.provisionId);
    expect(view.status).toBe('succeeded');
    expect(view.checks.filter((c) => c.status === 'pass')).toHaveLength(passes.length);

    const mine = await describeZone(byHand, zone, vnic);
    const theirs = await describeZone(dashboard, zone, vnic);
    expect(mine).toEqual(theirs);
    expect(mine.list).toMatch(new RegExp(`:${zone}:running:`));
    console.log(`${_name}: script ${scriptMs} ms by hand (${passes.length} checks)`);
  }, 180_000);
});
