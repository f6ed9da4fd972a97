// The host's datalinks, from `dladm show-link` and `dladm show-vnic` in parsable form.
import { ToolFailedError } from '../errors';
import type { Host } from '../hosts/registry';
import { dladmShowLink, dladmShowVnic } from '../illumos/dladm';
import { parseDladmParsable } from '../illumos/parse';
import { describeToolFailure } from './errors';

const LINK_FIELDS = ['link', 'class', 'mtu', 'state', 'over'];
const VNIC_FIELDS = ['link', 'over', 'speed', 'macaddress', 'macaddrtype', 'vid', 'zone'];

export interface LinkRow {
  link: string;
  class: string;
  mtu: number | null;
  state: string;
  over: string;
  /** for VNICs: MAC address, VLAN id and the zone that uses it (while that zone runs) */
  vnic: { macaddress: string; macaddrtype: string; vid: number; zone: string } | null;
}

export async function listLinks(host: Host): Promise<LinkRow[]> {
  const [links, vnics] = await Promise.all([
    host.runner.run(dladmShowLink(LINK_FIELDS), { timeoutMs: 10_000 }),
    host.runner.run(dladmShowVnic(VNIC_FIELDS), { timeoutMs: 10_000 }),
  ]);
  for (const [what, r] of [['dladm show-link', links], ['dladm show-vnic', vnics]] as const) {
    if (r.exitCode !== 0) {
      throw new ToolFailedError(describeToolFailure(what, r));
    }
  }
  const vnicByName = new Map(parseDladmParsable(vnics.stdout, VNIC_FIELDS).map((v) => [v.link, v]));
  return parseDladmParsable(links.stdout, LINK_FIELDS).map((l) => {
    const v = vnicByName.get(l.link ?? '');
    const mtu = Number(l.mtu);
    return {
      link: l.link ?? '',
      class: l.class ?? '',
      mtu: Number.isFinite(mtu) ? mtu : null,
      state: l.state ?? '',
      over: l.over ?? '',
      vnic: v
        ? {
            macaddress: v.macaddress ?? '',
            macaddrtype: v.macaddrtype ?? '',
            vid: Number(v.vid ?? 0) || 0,
            zone: v.zone ?? '',
          }
        : null,
    };
  });
}
