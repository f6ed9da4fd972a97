// The first-boot steps of the provisioning runbook (DESIGN.md, step 4), as argv words for a
// POSIX shell inside the zone; pass them to zloginCommand, which quotes them. Values never
// become script text: each script is a constant and takes its values as "$1", so only the
// shell's own quoting stands between a value and the shell, and the values are validated.
import { ipadmCreateAddrAddrconf, ipadmCreateAddrDhcp, ipadmCreateAddrStatic, ipadmShowAddr } from './ipadm';
import {
  ValidationError,
  mustBe,
  validateDefrouter,
  validateDnsServer,
  validateDomainName,
  validateHostname,
  validateSshPublicKey,
} from './validate';

const SH = '/bin/sh';

/** `sh -c SCRIPT sh ARG...`: the first word after the script becomes $0. */
function script(text: string, ...args: string[]): string[] {
  return [SH, '-c', text, 'sh', ...args];
}

/** `ipadm create-addr -T dhcp IF/TAG` inside the zone. */
export function dhcpAddressWords(iface: string, tag = 'v4'): string[] {
  return ['/usr/sbin/ipadm', ...ipadmCreateAddrDhcp(iface, tag).args];
}

/** `ipadm create-addr -T addrconf IF/v6` inside the zone: IPv6 by router advertisements. */
export function addrconfAddressWords(iface: string, tag = 'v6'): string[] {
  return ['/usr/sbin/ipadm', ...ipadmCreateAddrAddrconf(iface, tag).args];
}

/** `ipadm create-addr -T static -a ADDR/PREFIX IF/TAG` inside the zone. */
export function staticAddressWords(iface: string, cidr: string, tag = 'v4'): string[] {
  return ['/usr/sbin/ipadm', ...ipadmCreateAddrStatic(iface, cidr, tag).args];
}

/** `hostname NAME`: sets the running node name. */
export function setHostnameWords(name: string): string[] {
  return ['/usr/bin/hostname', mustBe('hostname', validateHostname(name))];
}

/**
 * Persists the host name. illumos reads /etc/nodename at boot; /etc/hostname is written
 * as well because the runbook names it.
 */
export function writeHostnameWords(name: string): string[] {
  const host = mustBe('hostname', validateHostname(name));
  return script(`umask 022; printf '%s\\n' "$1" > /etc/nodename && printf '%s\\n' "$1" > /etc/hostname`, host);
}

/** resolver(4) reads at most 3 nameservers and 6 search domains. */
export function resolvConfText(opts: { nameservers: readonly string[]; search?: readonly string[] }): string {
  const servers = opts.nameservers.map((s, i) => mustBe(`nameservers[${i}]`, validateDnsServer(s)));
  if (servers.length === 0 || servers.length > 3) {
    throw new ValidationError('nameservers', 'give between 1 and 3 DNS servers (the resolver reads no more than 3)');
  }
  const search = (opts.search ?? []).map((d, i) => mustBe(`search[${i}]`, validateDomainName(d)));
  if (search.length > 6 || search.join(' ').length > 256) {
    throw new ValidationError('search', 'at most 6 search domains, 256 characters in all');
  }
  const lines = [...(search.length ? [`search ${search.join(' ')}`] : []), ...servers.map((s) => `nameserver ${s}`)];
  return lines.join('\n') + '\n';
}

/** Replaces /etc/resolv.conf with the given nameservers and search domains. */
export function writeResolvConfWords(opts: { nameservers: readonly string[]; search?: readonly string[] }): string[] {
  return script(`umask 022; printf '%s' "$1" > /etc/resolv.conf`, resolvConfText(opts));
}

/**
 * `hosts: files` → `hosts: files dns` in /etc/nsswitch.conf; nothing happens when the
 * hosts line already names dns. The file is rewritten in place to keep its owner and mode.
 */
export const NSSWITCH_DNS_SCRIPT = [
  'f=/etc/nsswitch.conf',
  `grep -q '^hosts:.*[[:blank:]]dns' "$f" && exit 0`,
  `sed '/^hosts:/s/[[:blank:]]*$/ dns/' "$f" > "$f.new" && cat "$f.new" > "$f" && rm -f "$f.new"`,
].join('\n');

export function enableDnsWords(): string[] {
  return script(NSSWITCH_DNS_SCRIPT);
}

/** `route -p add default GW`: -p keeps it across the reboot that ends the runbook. */
export function defaultRouteWords(gateway: string): string[] {
  return ['/usr/sbin/route', '-p', 'add', 'default', mustBe('gateway', validateDefrouter(gateway))];
}

/** Appends a key to root's authorized_keys unless it is already there. */
export const AUTHORIZED_KEY_SCRIPT = [
  'umask 077',
  'd=/root/.ssh',
  'mkdir -p "$d" && touch "$d/authorized_keys" || exit 1',
  `grep -qxF "$1" "$d/authorized_keys" || printf '%s\\n' "$1" >> "$d/authorized_keys"`,
].join('\n');

export function appendSshKeyWords(publicKey: string): string[] {
  return script(AUTHORIZED_KEY_SCRIPT, mustBe('publicKey', validateSshPublicKey(publicKey)));
}

// ---- checks after first boot: read-only commands run inside the zone --------------------

/** `ipadm show-addr -p -o …` inside the zone (parse with parseIpadmShowAddr, which reads either form). */
export function showAddrWords(): string[] {
  return ['/usr/sbin/ipadm', ...ipadmShowAddr().args];
}

/** The zone's node name as `hostname` prints it. */
export function hostnameWords(): string[] {
  return ['/usr/bin/hostname'];
}

/** The kernel's default route (parse with parseRouteGetGateway). */
export function defaultRouteGetWords(): string[] {
  return ['/usr/sbin/route', '-n', 'get', 'default'];
}

/** The files the runbook writes, read back for verification. */
export const ZONE_FILES = {
  resolvConf: '/etc/resolv.conf',
  nsswitchConf: '/etc/nsswitch.conf',
  rootAuthorizedKeys: '/root/.ssh/authorized_keys',
} as const;

export function catWords(file: (typeof ZONE_FILES)[keyof typeof ZONE_FILES]): string[] {
  return ['/usr/bin/cat', file];
}
