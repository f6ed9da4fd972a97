// argv builders for ipadm (REFERENCE §8), in the global zone or, through inzone.ts, inside
// an exclusive-IP zone.
import type { ToolCall } from './types';
import { ValidationError, mustBe, validateAddrObjTag, validateCidr, validateLinkName } from './validate';

/** The fields parseIpadmShowAddr reads in the parsable form. */
export const IPADM_ADDR_FIELDS = ['addrobj', 'type', 'state', 'addr'] as const;

const SHOW_ADDR_FIELDS: readonly string[] = ['addrobj', 'type', 'state', 'current', 'persistent', 'addr'];

function addrobj(iface: string, tag: string): string {
  return `${mustBe('interface', validateLinkName(iface, 'Interface name'))}/${mustBe('tag', validateAddrObjTag(tag))}`;
}

/** `ipadm create-addr -T static -a ADDR/PREFIX IF/TAG` (the interface is plumbed implicitly). */
export function ipadmCreateAddrStatic(iface: string, cidr: string, tag = 'v4'): ToolCall {
  const address = mustBe('address', validateCidr(cidr));
  return { tool: 'ipadm', args: ['create-addr', '-T', 'static', '-a', address, addrobj(iface, tag)] };
}

/** `ipadm create-addr -T addrconf IF/TAG` (REFERENCE §8): IPv6 link-local and stateless autoconfiguration. */
export function ipadmCreateAddrAddrconf(iface: string, tag = 'v6'): ToolCall {
  return { tool: 'ipadm', args: ['create-addr', '-T', 'addrconf', addrobj(iface, tag)] };
}

/** `ipadm create-addr -T dhcp IF/TAG` */
export function ipadmCreateAddrDhcp(iface: string, tag = 'v4'): ToolCall {
  return { tool: 'ipadm', args: ['create-addr', '-T', 'dhcp', addrobj(iface, tag)] };
}

/** `ipadm show-addr -p -o FIELDS` */
export function ipadmShowAddr(fields: readonly string[] = IPADM_ADDR_FIELDS): ToolCall {
  const lower = fields.map((f) => f.toLowerCase());
  const unknown = lower.find((f) => !SHOW_ADDR_FIELDS.includes(f));
  if (lower.length === 0 || unknown !== undefined) {
    throw new ValidationError('fields', `ipadm show-addr fields must be some of: ${SHOW_ADDR_FIELDS.join(', ')}`);
  }
  return { tool: 'ipadm', args: ['show-addr', '-p', '-o', lower.join(',')] };
}
