// The provisioning checks as POSIX shell tests, for the script an operator can run by hand:
// each is a pipeline whose status is 0 when the check passes. They read the same tool output
// as the dashboard's parsers (parse.ts) and know the same facts about it: `zoneadm list -cp`
// fields, `ipadm show-addr -p` escaping ':' inside a value, `route -n get default`'s gateway
// line, resolv.conf and nsswitch.conf lines, one authorized_keys line per key.
import { shellWord } from './shell';

/** A zone name or value inside a basic regular expression: its special characters escaped. */
export function bre(text: string): string {
  return text.replace(/[.[\]*^$\\]/g, '\\$&');
}

/** `zoneadm list -cp` shows the zone running (field 2 is the name, 3 the state). */
export function zoneRunningTest(zone: string): string {
  return `zoneadm list -cp | grep -q ${shellWord(`^[^:]*:${bre(zone)}:running:`)}`;
}

/**
 * The address is up, from `ipadm show-addr -p -o addrobj,type,state,addr` (`run` prints it):
 * an address object of the type with state ok (and the address, when one is expected); for
 * a shared-IP zone, a from-gz address on the link or one of its logical interfaces.
 */
export function addressTest(run: string, check: { iface: string; type: 'dhcp' | 'addrconf' | 'static' | 'from-gz' | 'shared'; addrobj: string | null; cidr: string | null }): string {
  // `ipadm show-addr -p` escapes ':' inside a value when several fields are printed
  const addr = check.cidr?.replaceAll(':', '\\:') ?? null;
  if (check.type === 'dhcp' || check.type === 'addrconf') return `${run} | cut -d: -f1-3 | grep -qxF ${shellWord(`${check.addrobj}:${check.type}:ok`)}`;
  if (check.type === 'shared') {
    // a logical interface (i40e0:1) has its ':' escaped too
    return `${run} | grep -F ${shellWord(`:from-gz:ok:${addr}`)} | grep -qE ${shellWord(`^${bre(check.iface)}(\\\\:[0-9]+)?/`)}`;
  }
  return `${run} | grep -qxF ${shellWord(`${check.addrobj}:${check.type}:ok:${addr}`)}`;
}

/** `hostname` prints the name. */
export function hostnameTest(run: string, hostname: string): string {
  return `test "$(${run})" = ${shellWord(hostname)}`;
}

/** resolv.conf (`run` prints it) has each nameserver line and the search line. */
export function resolvConfTest(run: string, nameservers: readonly string[], search: readonly string[]): string {
  const lines = [...nameservers.map((s) => `nameserver ${s}`), ...(search.length ? [`search ${search.join(' ')}`] : [])];
  return [`r=$(${run})`, ...lines.map((l) => `printf '%s\\n' "$r" | grep -qxF ${shellWord(l)}`)].join(' && ');
}

/** nsswitch.conf (`run` prints it) looks host names up in DNS. */
export function nsswitchDnsTest(run: string): string {
  return `${run} | grep -Eq '^hosts:.*[[:blank:]]dns([[:blank:]]|$)'`;
}

/** `route -n get default` (`run`) names the gateway. */
export function defaultRouteTest(run: string, gateway: string): string {
  return `${run} | awk '$1 == "gateway:" { print $2 }' | grep -qxF ${shellWord(gateway)}`;
}

/** authorized_keys (`run` prints it) holds the key as one whole line. */
export function authorizedKeyTest(run: string, key: string): string {
  return `${run} | grep -qxF -e ${shellWord(key)}`;
}
