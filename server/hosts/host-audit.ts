// The words the audit log keeps for a host change, the same from the Hosts page and the
// command line: what the host was and what it became, setting by setting.
import type { HostRecord } from './store';

/** Where a host is, as one would write it for ssh: ssh://user@address:port (IPv6 in brackets). */
export function sshUrl(h: Pick<HostRecord, 'user' | 'address' | 'port'>): string {
  const address = h.address.includes(':') ? `[${h.address}]` : h.address;
  return `ssh://${h.user}@${address}${h.port === 22 ? '' : `:${h.port}`}`;
}

/** Every setting of a host, for an add or a remove. */
export function hostSummary(h: HostRecord): string {
  return [
    sshUrl(h),
    `tool dir ${h.toolDir}`,
    `pfexec ${h.pfexec ? 'on' : 'off'}`,
    `host key ${h.fingerprints.join(', ') || 'none pinned'}`,
    `identity ${h.identityFile ?? "the dashboard's own key"}`,
    ...(h.disabled ? ['disabled'] : []),
  ].join('; ');
}

const SHOWN: [keyof HostRecord, string][] = [
  ['address', 'address'],
  ['port', 'port'],
  ['user', 'user'],
  ['toolDir', 'tool dir'],
  ['pfexec', 'pfexec'],
  ['disabled', 'disabled'],
  ['fingerprints', 'host key'],
  ['identityFile', 'identity'],
];

const word = (v: unknown): string => (Array.isArray(v) ? v.join(', ') || 'none' : v === null ? 'none' : String(v));

/** What changed between two versions of a host: "port 22 → 2222; pfexec true → false". */
export function hostDiff(before: HostRecord, after: HostRecord): string {
  const changes = SHOWN.filter(([k]) => word(before[k]) !== word(after[k])).map(([k, label]) => `${label} ${word(before[k])} → ${word(after[k])}`);
  return changes.length ? changes.join('; ') : 'nothing changed';
}
