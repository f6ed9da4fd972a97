// From a validated ProvisionSpec to the exact runbook: every step's argv, built by the
// illumos builders, in the order an operator would type them. Pure: the same spec always
// gives the same plan, which is what the review shows, what the task runs, what a retry
// re-derives, and what the shell script prints. The checks after first boot are judged here
// too (evaluateCheck), from the tools' output through the illumos parsers.
import { dladmCreateVnic } from '../illumos/dladm';
import {
  addrconfAddressWords,
  appendSshKeyWords,
  defaultRouteWords,
  dhcpAddressWords,
  enableDnsWords,
  setHostnameWords,
  staticAddressWords,
  writeHostnameWords,
  writeResolvConfWords,
  catWords,
  defaultRouteGetWords,
  hostnameWords,
  showAddrWords,
  ZONE_FILES,
} from '../illumos/inzone';
import { parseAuthorizedKeys, parseHostnameOutput, parseIpadmShowAddr, parseNsswitchHosts, parseResolvConf, parseRouteGetGateway, parseZoneadmList } from '../illumos/parse';
import type { ToolCall } from '../illumos/types';
import { mustBe, validateHostname } from '../illumos/validate';
import { zloginCommand } from '../illumos/zlogin';
import { zoneadmBoot, zoneadmClone, zoneadmInstall, zoneadmList, zoneadmReboot } from '../illumos/zoneadm';
import { zfsSnapshot } from '../illumos/zfs';
import { zonecfgApplyStdin } from '../illumos/zonecfg';
import { writeZonecfgCommands } from '../illumos/zonecfgFile';
import { defaultHostname, type ProvisionSpec } from './provision-spec';

export type Phase = 'configure' | 'link' | 'install' | 'boot' | 'first-boot' | 'reboot' | 'verify';

export const PHASE_LABELS: Record<Phase, string> = {
  configure: 'Configure',
  link: 'Network link',
  install: 'Install',
  boot: 'Boot',
  'first-boot': 'First boot, inside the zone',
  reboot: 'Reboot',
  verify: 'Verify',
};

/** What a check step looks for in its tool's output. */
export type Check =
  | { kind: 'running'; zone: string }
  | { kind: 'address'; iface: string; type: 'dhcp' | 'addrconf' | 'static' | 'from-gz' | 'shared'; addrobj: string | null; cidr: string | null }
  | { kind: 'hostname'; hostname: string }
  | { kind: 'resolv'; nameservers: string[]; search: string[] }
  | { kind: 'nsswitch' }
  | { kind: 'route'; gateway: string }
  | { kind: 'sshkey'; key: string };

export interface PlanStep {
  /** stable name of the step within a plan ('install', 'inzone:hostname', 'check:resolv') */
  key: string;
  phase: Phase;
  label: string;
  call: ToolCall;
  timeoutMs: number;
  /** what the tool reads on standard input (the zonecfg command file) */
  stdin?: string;
  /** zlogin steps: the words run inside the zone, before zlogin's quoting (for the script) */
  words?: string[];
  /** wait until the zone is running before this step's call (then judge it with `check`) */
  waitRunning?: boolean;
  /** output that means the work was already done (a retry after an interruption): success */
  alreadyDone?: RegExp;
  check?: Check;
}

export interface ProvisionPlan {
  zone: string;
  host: string;
  hostname: string;
  /** the zonecfg command file `zonecfg -z ZONE -f -` reads on standard input */
  zonecfgFile: string;
  steps: PlanStep[];
}

export const TIMEOUTS = {
  zonecfg: 60_000,
  dladm: 30_000,
  install: 60 * 60_000,
  boot: 5 * 60_000,
  wait: 5 * 60_000,
  inZone: 2 * 60_000,
  check: 60_000,
} as const;

/** ipadm and route say so when the address or route is there already (REFERENCE §8). */
const ADDRESS_EXISTS = /Address object already exists/;
const ROUTE_EXISTS = /add persistent net default: gateway \S+: entry exists/;

export function planProvision(spec: ProvisionSpec, ctx: { hostName: string }): ProvisionPlan {
  const zone = spec.zone;
  const fb = spec.firstBoot;
  const hostname = mustBe('firstBoot.hostname', validateHostname(fb.hostname ?? defaultHostname(ctx.hostName, zone)));
  const zonecfgFile = writeZonecfgCommands(spec.config);
  const steps: PlanStep[] = [];
  const add = (s: PlanStep): void => {
    steps.push(s);
  };
  const inZone = (key: string, label: string, words: string[], phase: Phase = 'first-boot', check?: Check, alreadyDone?: RegExp): void =>
    add({
      key,
      phase,
      label,
      call: zloginCommand(zone, words),
      words,
      timeoutMs: phase === 'verify' ? TIMEOUTS.check : TIMEOUTS.inZone,
      ...(check ? { check } : {}),
      ...(alreadyDone ? { alreadyDone } : {}),
    });

  add({ key: 'zonecfg', phase: 'configure', label: `Configure zone ${zone} from the command file`, call: zonecfgApplyStdin(zone), stdin: zonecfgFile, timeoutMs: TIMEOUTS.zonecfg });
  const link = spec.link;
  if (link.kind === 'new-vnic') {
    const extras = [link.vlanId !== undefined ? `VLAN ${link.vlanId}` : '', link.mac ? `MAC ${link.mac}` : ''].filter(Boolean).join(', ');
    add({
      key: 'vnic',
      phase: 'link',
      label: `Create VNIC ${link.vnic} over ${link.over}${extras ? ` (${extras})` : ''}`,
      call: dladmCreateVnic({ over: link.over, name: link.vnic, ...(link.vlanId !== undefined ? { vlanId: link.vlanId } : {}), ...(link.mac ? { mac: link.mac } : {}) }),
      timeoutMs: TIMEOUTS.dladm,
    });
  }
  const from = spec.installFrom;
  if (from) {
    // a clone copies a snapshot of the source (seconds) instead of installing packages
    if (from.take) {
      add({ key: 'snapshot', phase: 'install', label: `Snapshot ${from.source} as ${from.snapshot}`, call: zfsSnapshot(from.take.dataset, from.snapshot, new Date(from.take.madeAt)), timeoutMs: TIMEOUTS.dladm, alreadyDone: /dataset already exists/ });
    }
    add({ key: 'install', phase: 'install', label: `Clone ${zone} from ${from.source}'s snapshot ${from.snapshot}`, call: zoneadmClone(zone, from.source, { snapshot: from.snapshot }), timeoutMs: TIMEOUTS.install });
  } else {
    add({ key: 'install', phase: 'install', label: `Install ${zone} (${spec.config.brand})`, call: zoneadmInstall(zone), timeoutMs: TIMEOUTS.install });
  }
  add({ key: 'boot', phase: 'boot', label: `Boot ${zone}`, call: zoneadmBoot(zone), timeoutMs: TIMEOUTS.boot });
  const waitRunning = (key: string, phase: Phase): PlanStep => ({
    key,
    phase,
    label: `Wait until ${zone} is running`,
    call: zoneadmList('cp'),
    timeoutMs: TIMEOUTS.wait,
    waitRunning: true,
    check: { kind: 'running', zone },
  });
  add(waitRunning('wait-boot', 'boot'));

  const addr = fb.address;
  if (addr.kind === 'dhcp') {
    inZone('inzone:address', `Bring up ${addr.iface}/v4 with DHCP`, dhcpAddressWords(addr.iface), 'first-boot', undefined, ADDRESS_EXISTS);
  } else if (addr.kind === 'static') {
    inZone('inzone:address', `Configure ${addr.cidr} on ${addr.iface}/v4`, staticAddressWords(addr.iface, addr.cidr), 'first-boot', undefined, ADDRESS_EXISTS);
    if (addr.gateway) inZone('inzone:route', `Add a persistent default route via ${addr.gateway}`, defaultRouteWords(addr.gateway), 'first-boot', undefined, ROUTE_EXISTS);
  }
  const v6 = fb.ipv6;
  if (v6?.kind === 'addrconf') {
    inZone('inzone:address6', `Bring up ${v6.iface}/v6 with IPv6 autoconfiguration (addrconf)`, addrconfAddressWords(v6.iface), 'first-boot', undefined, ADDRESS_EXISTS);
  } else if (v6?.kind === 'static') {
    inZone('inzone:address6', `Configure ${v6.cidr} on ${v6.iface}/v6`, staticAddressWords(v6.iface, v6.cidr, 'v6'), 'first-boot', undefined, ADDRESS_EXISTS);
  }
  inZone('inzone:hostname', `Set the host name to ${hostname}`, setHostnameWords(hostname));
  inZone('inzone:hostname-files', 'Write /etc/nodename and /etc/hostname', writeHostnameWords(hostname));
  if (fb.nameservers.length) {
    inZone('inzone:resolv', `Write /etc/resolv.conf (${[...fb.nameservers, ...fb.search.map((d) => `search ${d}`)].join(', ')})`, writeResolvConfWords({ nameservers: fb.nameservers, search: fb.search }));
  }
  if (fb.nsswitchDns) inZone('inzone:nsswitch', 'Look host names up in DNS (hosts: files dns)', enableDnsWords());
  if (fb.sshKey) inZone('inzone:sshkey', "Add the SSH key to root's authorized_keys", appendSshKeyWords(fb.sshKey));

  add({ key: 'reboot', phase: 'reboot', label: `Reboot ${zone} so the settings are read at boot`, call: zoneadmReboot(zone), timeoutMs: TIMEOUTS.boot });
  add(waitRunning('wait-reboot', 'reboot'));

  const addrCheck: Check =
    addr.kind === 'shared'
      ? { kind: 'address', iface: addr.iface, type: 'shared', addrobj: null, cidr: addr.cidr }
      : addr.kind === 'from-gz'
        ? { kind: 'address', iface: addr.iface, type: 'from-gz', addrobj: `${addr.iface}/_a`, cidr: addr.cidr }
        : addr.kind === 'static'
          ? { kind: 'address', iface: addr.iface, type: 'static', addrobj: `${addr.iface}/v4`, cidr: addr.cidr }
          : { kind: 'address', iface: addr.iface, type: 'dhcp', addrobj: `${addr.iface}/v4`, cidr: null };
  inZone('check:address', `The address is up on ${addrCheck.addrobj ?? addr.iface}`, showAddrWords(), 'verify', addrCheck);
  if (v6) {
    const check: Check = { kind: 'address', iface: v6.iface, type: v6.kind, addrobj: `${v6.iface}/v6`, cidr: v6.kind === 'static' ? v6.cidr : null };
    inZone('check:address6', `The IPv6 address is up on ${v6.iface}/v6`, showAddrWords(), 'verify', check);
  }
  inZone('check:hostname', `The host name is ${hostname}`, hostnameWords(), 'verify', { kind: 'hostname', hostname });
  if (fb.nameservers.length) {
    inZone('check:resolv', 'resolv.conf has the DNS servers', catWords(ZONE_FILES.resolvConf), 'verify', { kind: 'resolv', nameservers: fb.nameservers, search: fb.search });
  }
  if (fb.nsswitchDns) inZone('check:nsswitch', 'nsswitch.conf has hosts: files dns', catWords(ZONE_FILES.nsswitchConf), 'verify', { kind: 'nsswitch' });
  const gateway = addr.kind === 'static' ? addr.gateway : spec.config.net?.[0]?.defrouter;
  if (gateway) inZone('check:route', `The default route goes via ${gateway}`, defaultRouteGetWords(), 'verify', { kind: 'route', gateway });
  if (fb.sshKey) inZone('check:sshkey', "root's authorized_keys holds the SSH key", catWords(ZONE_FILES.rootAuthorizedKeys), 'verify', { kind: 'sshkey', key: fb.sshKey });

  return { zone, host: ctx.hostName, hostname, zonecfgFile, steps };
}

// ---- judging a check's output --------------------------------------------------------------

export interface CheckOutcome {
  pass: boolean;
  /** one line a person reads: what was found, or what is missing */
  line: string;
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export function evaluateCheck(check: Check, out: ToolOutput): CheckOutcome {
  if (out.exitCode !== 0) {
    const said = (out.stderr.trim() || out.stdout.trim()).split('\n')[0]?.slice(0, 200) ?? '';
    return { pass: false, line: `the command failed (exit ${out.exitCode ?? '?'})${said ? `: ${said}` : ''}` };
  }
  try {
    return judge(check, out.stdout);
  } catch (e) {
    return { pass: false, line: `the output could not be read: ${(e as Error).message}` };
  }
}

function judge(check: Check, stdout: string): CheckOutcome {
  switch (check.kind) {
    case 'running': {
      const row = parseZoneadmList(stdout).find((z) => z.name === check.zone);
      if (!row) return { pass: false, line: `${check.zone} is not on the host` };
      return row.state === 'running'
        ? { pass: true, line: `${check.zone} is running` }
        : { pass: false, line: `${check.zone} is ${row.state}, not running` };
    }
    case 'address': {
      const rows = parseIpadmShowAddr(stdout);
      const mine = check.addrobj
        ? rows.filter((r) => r.addrobj === check.addrobj)
        : rows.filter((r) => r.interface === check.iface || r.interface.startsWith(`${check.iface}:`));
      const wanted = check.type === 'shared' ? 'from-gz' : check.type;
      const where = check.addrobj ?? check.iface;
      const found = mine.find((r) => r.type === wanted && (check.cidr === null || r.addr === check.cidr));
      if (!found) {
        const seen = rows.map((r) => `${r.addrobj} ${r.addr || '(none)'}`).join(', ') || 'nothing';
        return { pass: false, line: `no ${wanted} address${check.cidr ? ` ${check.cidr}` : ''} on ${where}; ipadm lists ${seen}` };
      }
      if (found.state !== 'ok') return { pass: false, line: `${found.addrobj} has ${found.addr} but its state is ${found.state}, not ok` };
      if (found.addr === '') return { pass: false, line: `${found.addrobj} has no address yet` };
      return { pass: true, line: `${found.addrobj} is up with ${found.addr} (${found.type})` };
    }
    case 'hostname': {
      const name = parseHostnameOutput(stdout);
      return name === check.hostname
        ? { pass: true, line: `the host name is ${name}` }
        : { pass: false, line: `the host name is ${JSON.stringify(name)}, not ${check.hostname}` };
    }
    case 'resolv': {
      const { nameservers: servers, search } = parseResolvConf(stdout);
      const missing = check.nameservers.filter((s) => !servers.includes(s));
      if (missing.length) return { pass: false, line: `resolv.conf lacks nameserver ${missing.join(', ')} (it has ${servers.join(', ') || 'none'})` };
      if (check.search.length) {
        const absent = check.search.filter((d) => !search.includes(d));
        if (absent.length) return { pass: false, line: `resolv.conf does not search ${absent.join(', ')}` };
      }
      return { pass: true, line: `resolv.conf has nameserver ${check.nameservers.join(', ')}${check.search.length ? `, search ${check.search.join(' ')}` : ''}` };
    }
    case 'nsswitch': {
      const parsed = parseNsswitchHosts(stdout);
      if (!parsed) return { pass: false, line: 'nsswitch.conf has no hosts: line' };
      const { line: hosts, sources } = parsed;
      return sources.includes('dns') && sources.includes('files')
        ? { pass: true, line: `nsswitch.conf says ${hosts.replace(/\s+/g, ' ').trim()}` }
        : { pass: false, line: `nsswitch.conf says ${JSON.stringify(hosts.trim())}, without dns` };
    }
    case 'route': {
      const gw = parseRouteGetGateway(stdout);
      return gw === check.gateway
        ? { pass: true, line: `the default route goes via ${gw}` }
        : { pass: false, line: gw ? `the default route goes via ${gw}, not ${check.gateway}` : 'there is no default route' };
    }
    case 'sshkey': {
      const has = parseAuthorizedKeys(stdout).includes(check.key);
      const short = check.key.split(' ').slice(0, 1).join(' ') + (check.key.split(' ')[2] ? ` … ${check.key.split(' ').slice(2).join(' ')}` : '');
      return has
        ? { pass: true, line: `root's authorized_keys holds ${short}` }
        : { pass: false, line: `root's authorized_keys does not hold ${short}` };
    }
  }
}

/** The command line of a step as a person reads it (not for running: see provision-script.ts). */
export function displayArgv(call: ToolCall): string[] {
  return [call.tool, ...call.args];
}
