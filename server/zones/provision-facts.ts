// What a host offers the creation wizard (brands, links, VNICs, zones and the links their
// configurations claim, default resolvers), read from the host's tools and cached briefly,
// and the checks of a spec that only those facts can answer (names taken, links missing).
import { readFileSync } from 'node:fs';
import { ToolFailedError } from '../errors';
import { serverEnv } from '../env';
import type { Host } from '../hosts/registry';
import { dladmShowLink, dladmShowPhys, dladmShowVnic } from '../illumos/dladm';
import { parseDladmShowLink, parseDladmShowPhys, parseDladmShowVnic, parseResolvConf } from '../illumos/parse';
import type { ToolCall } from '../illumos/types';
import { BRANDS, validateDnsServer } from '../illumos/validate';
import { readZoneConfig } from './config';
import { describeToolFailure } from './errors';
import { BRAND_INFO, DEFAULT_BRAND, listItems, type FieldErrors, type ProvisionSpec } from './provision-spec';
import { watcherFor } from '../services';


export interface LinkOption {
  link: string;
  class: string;
  state: string;
  /** Mb/s, null when dladm does not know */
  speed: number | null;
  media: string;
}

export interface VnicOption {
  link: string;
  over: string;
  vid: number;
  macaddress: string;
  /** the zone whose configuration names it, or null when no zone does */
  usedBy: string | null;
}

export interface BrandOption {
  name: string;
  description: string;
  /** why the wizard cannot create zones of this brand, or null */
  unsupported: string | null;
}

export interface HostFacts {
  host: string;
  zones: { name: string; state: string; zonepath: string; brand: string }[];
  /** where a new VNIC can sit: physical links, aggregations, etherstubs */
  links: LinkOption[];
  vnics: VnicOption[];
  /** every link name on the host, whatever its class */
  linkNames: string[];
  /** the `physical` of every zone's configuration: a configured zone claims it when it boots */
  claims: { zone: string; physical: string }[];
  /** addresses zones' configurations hold (shared-IP address, exclusive allowed-address) */
  addresses: { zone: string; address: string }[];
  brands: BrandOption[];
  defaultBrand: string;
  defaultNameservers: string[];
  fetchedAt: number;
}

const FACTS_TTL_MS = 3000;
const factsCache = new Map<string, { at: number; facts: Promise<HostFacts> }>();

export function forgetHostFacts(host: string): void {
  factsCache.delete(host);
}

export function hostFacts(host: Host, opts: { fresh?: boolean } = {}): Promise<HostFacts> {
  const hit = factsCache.get(host.name);
  if (!opts.fresh && hit && Date.now() - hit.at < FACTS_TTL_MS) return hit.facts;
  const facts = loadFacts(host);
  factsCache.set(host.name, { at: Date.now(), facts });
  facts.catch(() => factsCache.delete(host.name));
  return facts;
}

async function runOrThrow(host: Host, what: string, call: ToolCall): Promise<string> {
  const r = await host.runner.run(call, { timeoutMs: 10_000 });
  if (r.exitCode !== 0) throw new ToolFailedError(describeToolFailure(what, r));
  return r.stdout;
}

async function loadFacts(host: Host): Promise<HostFacts> {
  const snapshot = await watcherFor(host).snapshot();
  const [physText, linkText, vnicText] = await Promise.all([
    runOrThrow(host, 'dladm show-phys', dladmShowPhys()),
    runOrThrow(host, 'dladm show-link', dladmShowLink()),
    runOrThrow(host, 'dladm show-vnic', dladmShowVnic()),
  ]);
  const phys = new Map(parseDladmShowPhys(physText).map((p) => [p.link, p]));
  const links: LinkOption[] = parseDladmShowLink(linkText)
    .filter((l) => ['phys', 'aggr', 'etherstub'].includes(l.class))
    .map((l) => {
      const p = phys.get(l.link);
      return { link: l.link, class: l.class, state: p?.state ?? l.state, speed: p ? p.speed || null : null, media: p?.media ?? '' };
    });
  const vnicRows = parseDladmShowVnic(vnicText);
  // A VNIC shows its zone only while that zone runs, and a configured zone claims a link it
  // names before that link exists: every zone's configuration says which links are spoken for.
  const configs = await Promise.all(snapshot.zones.map((z) => readZoneConfig(host, z.name).catch(() => null)));
  const claims = configs.flatMap((c) => (c ? c.net.map((n) => ({ zone: c.zonename, physical: n.physical })) : []));
  const usedBy = new Map<string, string>();
  for (const c of claims) if (!usedBy.has(c.physical)) usedBy.set(c.physical, c.zone);
  const vnics = vnicRows.map((v) => ({ link: v.link, over: v.over, vid: v.vid, macaddress: v.macaddress, usedBy: v.zone || usedBy.get(v.link) || null }));
  return {
    host: host.name,
    zones: snapshot.zones.map((z) => ({ name: z.name, state: z.state, zonepath: z.zonepath, brand: z.brand })),
    links,
    vnics,
    linkNames: parseDladmShowLink(linkText).map((l) => l.link),
    claims,
    addresses: configs.flatMap((c) =>
      (c?.net ?? []).flatMap((n) => [n.address, ...(n.allowedAddress?.split(',') ?? [])].filter((a): a is string => !!a).map((address) => ({ zone: c!.zonename, address }))),
    ),
    // The dashboard's hosts run OmniOS (the simulator is an OmniOS host).
    brands: BRANDS.omnios
      .map((name) => ({ name, description: BRAND_INFO[name]?.description ?? '', unsupported: BRAND_INFO[name]?.unsupported ?? null }))
      .sort((a, b) => Number(a.unsupported !== null) - Number(b.unsupported !== null) || Number(b.name === DEFAULT_BRAND) - Number(a.name === DEFAULT_BRAND)),
    defaultBrand: DEFAULT_BRAND,
    defaultNameservers: defaultNameservers(host),
    fetchedAt: Date.now(),
  };
}

/** The simulated network's router, which also answers DNS (as its DHCP server says). */
const SIM_NAMESERVER = '192.168.5.1';

/**
 * Resolvers a new zone gets unless the operator says otherwise: ZONEDASH_DNS_SERVERS, else
 * the global zone's own (this machine's /etc/resolv.conf for a local host), else the
 * simulated network's.
 */
function defaultNameservers(host: Host): string[] {
  const valid = (list: string[]) => list.filter((s) => validateDnsServer(s).ok).slice(0, 3);
  const configured = serverEnv().ZONEDASH_DNS_SERVERS;
  if (configured) return valid(listItems(configured));
  if (host.kind === 'sim') return [SIM_NAMESERVER];
  if (host.kind === 'local') {
    try {
      const text = readFileSync('/etc/resolv.conf', 'utf8');
      return valid(parseResolvConf(text).nameservers);
    } catch {
      return [];
    }
  }
  return [];
}

/** Link names a new VNIC must not take: every link on the host and every link a zone's
 *  configuration names (it may not exist yet, but that zone takes it when it boots). */
export function takenLinkNames(facts: HostFacts): Set<string> {
  return new Set([...facts.linkNames, ...facts.links.map((l) => l.link), ...facts.vnics.map((v) => v.link), ...facts.claims.map((c) => c.physical)]);
}

/** The address part of `addr[/prefix]`, for comparing addresses whatever their prefix. */
const addressOnly = (cidr: string) => cidr.split('/')[0]!.toLowerCase();

/**
 * Warnings, not errors: the address the new zone gets is one another zone already holds,
 * in its configuration or as the static address this dashboard gave it at first boot
 * (`recorded`). The zone can still be made (the other may be about to go), but two zones
 * answering for one address break both.
 */
export function addressWarnings(spec: ProvisionSpec, facts: HostFacts, recorded: { zone: string; address: string }[]): string[] {
  const a = spec.firstBoot.address;
  const v6 = spec.firstBoot.ipv6;
  const mine = [...(a.kind === 'dhcp' ? [] : [a.cidr]), ...(v6?.kind === 'static' ? [v6.cidr] : [])].map(addressOnly);
  const others = [...facts.addresses, ...recorded].filter((x) => x.zone !== spec.zone && facts.zones.some((z) => z.name === x.zone));
  return mine.flatMap((address) => {
    const zones = [...new Set(others.filter((x) => addressOnly(x.address) === address).map((x) => x.zone))];
    return zones.length ? [`${address} is already the address of zone ${zones.join(', zone ')} on ${facts.host}; two zones with one address break each other`] : [];
  });
}

/** Problems only the host can tell: names taken, links that are not there. */
export function checkFacts(spec: ProvisionSpec, facts: HostFacts): FieldErrors {
  const errors: FieldErrors = {};
  const fail = (path: string, message: string) => (errors[path] ??= message);
  const zone = facts.zones.find((z) => z.name === spec.zone);
  if (zone) fail('basics.name', `A zone named ${spec.zone} already exists on ${facts.host} (it is ${zone.state.replace('_', ' ')}); choose another name`);
  const samePath = facts.zones.find((z) => z.zonepath === spec.config.zonepath);
  if (samePath) fail('basics.zonepath', `${spec.config.zonepath} is already the zonepath of zone ${samePath.name}`);
  const brand = facts.brands.find((b) => b.name === spec.config.brand);
  if (!brand) fail('basics.brand', `Brand ${spec.config.brand} is not installed on ${facts.host}; choose one of ${facts.brands.filter((b) => !b.unsupported).map((b) => b.name).join(', ')}`);
  const anyLink = (name: string) => facts.links.find((l) => l.link === name) ?? facts.vnics.find((v) => v.link === name);
  const link = spec.link;
  if (link.kind === 'new-vnic') {
    if (!facts.links.some((l) => l.link === link.over)) {
      fail('network.over', `There is no physical link, aggregation or etherstub named ${link.over} on ${facts.host}${facts.links.length ? `; choose one of ${facts.links.map((l) => l.link).join(', ')}` : ''}`);
    }
    const taken = anyLink(link.vnic);
    const claim = facts.claims.find((c) => c.physical === link.vnic && c.zone !== spec.zone);
    if (taken) {
      const what = 'over' in taken ? `a VNIC over ${taken.over}${taken.usedBy ? ` used by zone ${taken.usedBy}` : ''}` : `a ${taken.class} link`;
      fail('network.vnicName', `A link named ${link.vnic} already exists on ${facts.host} (${what}); give the VNIC another name`);
    } else if (facts.linkNames.includes(link.vnic)) {
      fail('network.vnicName', `A link named ${link.vnic} already exists on ${facts.host}; give the VNIC another name`);
    } else if (claim) {
      fail('network.vnicName', `The configuration of zone ${claim.zone} already names ${link.vnic} as its link; give the VNIC another name`);
    }
  } else if (link.kind === 'existing-vnic') {
    const v = facts.vnics.find((x) => x.link === link.vnic);
    if (!v) fail('network.existingVnic', `There is no VNIC named ${link.vnic} on ${facts.host}`);
    else if (v.usedBy) fail('network.existingVnic', `VNIC ${link.vnic} is already used by zone ${v.usedBy}`);
  } else if (!facts.links.some((l) => l.link === link.physical && l.class !== 'etherstub')) {
    fail('network.sharedLink', `There is no physical link named ${link.physical} on ${facts.host}`);
  }
  return errors;
}
