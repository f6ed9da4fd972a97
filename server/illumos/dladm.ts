// argv builders for dladm (REFERENCE §7). Reads always use `-p -o <explicit fields>`: the
// human column widths differ between distributions and builds.
import type { ToolCall } from './types';
import { LINKNAME_MAX_CHARS, ValidationError, mustBe, validateLinkName, validateMacAddress, validateVlanId, validateZoneName } from './validate';

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
 * The VNIC name the wizard proposes for a zone: `<zone>0` (the OmniOS convention), the next
 * number when that name is taken on the host (`taken`: every link that exists and every
 * `physical` another zone's configuration names, since a configured zone claims its VNIC
 * when it boots). The stem keeps letters, digits, '_' and '.' (link names allow them);
 * only '-', which links cannot hold, becomes '_' (so `web-2` and `web_2` share a stem, and
 * `taken` tells their VNICs apart). An '_' separates a stem that ends in a digit from the
 * number (`web01` + `0` would read as the number 010, which dladm refuses); a stem that
 * starts with a digit gets a 'z'. A long zone name (zone names go to 63 characters, link
 * names to 31) is cut so that stem and number fit. The result always passes
 * validateLinkName.
 */
export function proposeVnicName(zone: string, taken: ReadonlySet<string> = new Set()): string {
  let stem = mustBe('zone', validateZoneName(zone)).replace(/-/g, '_');
  if (/^[0-9]/.test(stem)) stem = `z${stem}`;
  for (let n = 0; n < 10_000; n++) {
    const number = String(n);
    let cut = stem.slice(0, LINKNAME_MAX_CHARS - number.length);
    // the '_' a digit-ending stem needs takes the place of one more character
    if (/[0-9]$/.test(cut)) cut = `${stem.slice(0, LINKNAME_MAX_CHARS - number.length - 1)}_`;
    const name = cut + number;
    if (taken.has(name)) continue;
    return mustBe('zone', validateLinkName(name, 'VNIC name'));
  }
  throw new ValidationError('zone', `no free VNIC name can be made from zone ${JSON.stringify(zone)}; give one`);
}

/** `dladm delete-vnic NAME` */
export function dladmDeleteVnic(name: string): ToolCall {
  return { tool: 'dladm', args: ['delete-vnic', mustBe('name', validateLinkName(name, 'VNIC name'))] };
}
