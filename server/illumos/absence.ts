// What the tools print when the thing asked about is not there (REFERENCE §1, §3, §7): a
// zone with no configuration, a link that does not exist. Callers that must tell "absent"
// from "the tool failed" (a rollback confirming what is left, a page of a deleted zone) ask
// here instead of matching the tools' words themselves.

/** zonecfg and zoneadm: `NAME: No such zone configured` / `zoneadm: NAME: No such zone configured`. */
export function saysNoSuchZone(stderr: string): boolean {
  return /(^|\n)(zoneadm: )?[^\n:]+: No such zone configured(\n|$)/.test(stderr);
}

/**
 * zonecfg's `create` finding a zone of that name already there (REFERENCE §3.3): configured
 * (`Zone exists, input not from terminal and -F not specified:` and zonecfg exits) or
 * installed (`Zone NAME already installed; create not allowed.`). What such a run leaves is
 * another's zone, not this creation's.
 */
export function saysZoneAlreadyExists(stderr: string): boolean {
  return /(^|\n)(On line \d+( of [^\n]*)?:\n)?(Zone exists, input not from terminal and -F not specified:|Zone \S+ already installed; create not allowed\.)/.test(stderr);
}

/**
 * dladm about a link that does not exist: `dladm: link x is not valid: object not found`
 * (show-link, show-phys), `dladm: invalid vnic name 'x': object not found` (show-vnic),
 * `dladm: invalid link name 'x'` (delete-vnic and -l of a missing link).
 */
export function saysNoSuchLink(stderr: string): boolean {
  return /(^|\n)dladm: (link \S+ is not valid: object not found|invalid (vnic|link) name '[^'\n]*'(: object not found)?)(\n|$)/.test(stderr);
}
