// argv builders for dladm (REFERENCE §7). Reads always use `-p -o <explicit fields>`: the
// human column widths differ between distributions and builds.
import type { ToolCall } from './types';
import { ValidationError, mustBe, validateLinkName, validateMacAddress, validateVlanId, validateZoneName } from './validate';

/** The fields each show subcommand knows (lower case; dladm matches them case-insensitively). */
export const DLADM_FIELDS = {
  'show-link': ['link', 'class', 'mtu', 'state', 'bridge', 'over'],
  'show-phys': ['link', 'media', 'state', 'speed', 'duplex', 'device'],
  'show-vnic': ['link', 'over', 'speed', 'macaddress', 'macaddrtype', 'vid', 'zone'],
} as const;

export type DladmShow = keyof typeof DLADM_FIELDS;

/** Field lists whose rows parse.ts turns into DladmLink / DladmPhys / DladmVnic. */
export const DLADM_LINK_FIELDS = DLADM_FIELDS['show-link'];
export const DLADM_PHYS_FIELDS = DLADM_FIELDS['show-phys'];
export const DLADM_VNIC_FIELDS = DLADM_FIELDS['show-vnic'];

function show(sub: DladmShow, fields: readonly string[], link: string | undefined): ToolCall {
  const known: readonly string[] = DLADM_FIELDS[sub];
  if (fields.length === 0) throw new ValidationError('fields', `dladm ${sub} -p needs at least one field`);
  const lower = fields.map((f) => f.toLowerCase());
  const unknown = lower.find((f) => !known.includes(f));
  if (unknown !== undefined) {
    throw new ValidationError('fields', `dladm ${sub} has no field ${JSON.stringify(unknown.slice(0, 40))}; known fields: ${known.join(', ')}`);
  }
  const args = [sub, '-p', '-o', lower.join(',')];
  if (link !== undefined) args.push(mustBe('link', validateLinkName(link)));
  return { tool: 'dladm', args };
}

export function dladmShowLink(fields: readonly string[] = DLADM_LINK_FIELDS, link?: string): ToolCall {
  return show('show-link', fields, link);
}

export function dladmShowPhys(fields: readonly string[] = DLADM_PHYS_FIELDS, link?: string): ToolCall {
  return show('show-phys', fields, link);
}

export function dladmShowVnic(fields: readonly string[] = DLADM_VNIC_FIELDS, link?: string): ToolCall {
  return show('show-vnic', fields, link);
}

export interface CreateVnicOptions {
  /** the link the VNIC sits on (a physical link, aggr or etherstub) */
  over: string;
  name: string;
  vlanId?: number | string;
  /** a unicast MAC address, or 'random' / 'auto' to let dladm choose */
  mac?: string;
}

/** `dladm create-vnic -l LINK [-v VID] [-m MAC] NAME` */
export function dladmCreateVnic(opts: CreateVnicOptions): ToolCall {
  const over = mustBe('over', validateLinkName(opts.over));
  const name = mustBe('name', validateLinkName(opts.name, 'VNIC name'));
  const args = ['create-vnic', '-l', over];
  if (opts.vlanId !== undefined) args.push('-v', String(mustBe('vlanId', validateVlanId(opts.vlanId))));
  if (opts.mac !== undefined) {
    args.push('-m', opts.mac === 'random' || opts.mac === 'auto' ? opts.mac : mustBe('mac', validateMacAddress(opts.mac)));
  }
  args.push(name);
  return { tool: 'dladm', args };
}

/**
 * The VNIC name the runbook gives a zone's n-th link: `<zone>0` (the OmniOS convention),
 * with '-' and other characters links cannot hold turned into '_', and an '_' before the
 * number when the zone name already ends in a digit: `web01` + `0` would be `web010`, whose
 * final number has a leading zero, which dladm refuses (§7.2). Throws when the result would
 * not fit in 31 characters; the operator then picks a name.
 */
export function vnicNameForZone(zone: string, index = 0): string {
  if (!Number.isInteger(index) || index < 0) throw new ValidationError('index', 'the link index must be a whole number');
  const stem = mustBe('zone', validateZoneName(zone)).replace(/[^A-Za-z0-9_]/g, '_');
  const name = `${/^[0-9]/.test(stem) ? 'z' : ''}${stem}${/[0-9]$/.test(stem) ? '_' : ''}${index}`;
  const r = validateLinkName(name, 'VNIC name');
  if (!r.ok) throw new ValidationError('zone', `no VNIC name can be made from zone ${JSON.stringify(zone)}: ${r.message}; choose one`);
  return r.value;
}

/** `dladm delete-vnic NAME` */
export function dladmDeleteVnic(name: string): ToolCall {
  return { tool: 'dladm', args: ['delete-vnic', mustBe('name', validateLinkName(name, 'VNIC name'))] };
}
