// What every Doctor check of one run shares: the host's zone list, each zone's configuration
// and the host's links, read once per run (the Reader keeps each command's output as evidence).
import type { Host } from '../hosts/registry';
import { parseDladmParsable, parseZoneadmList } from '../illumos/parse';
import { parseZonecfgInfo } from '../illumos/zonecfgParse';
import { LINK_FIELDS, VNIC_FIELDS } from '../illumos/doctor';
import { dladmShowLink, dladmShowVnic } from '../illumos/dladm';
import type { ZoneConfig, ZoneListEntry } from '../illumos/types';
import { zoneadmList } from '../illumos/zoneadm';
import { zonecfgInfo } from '../illumos/zonecfg';
import type { Read, Reader } from './reader';

/** How long is too long, and how far is too far. */
export interface DoctorBounds {
  /** a zone in shutting_down or down longer than this is stuck */
  stuckAfterMs: number;
  /** a snapshot the dashboard made is old after this */
  snapshotMaxAgeMs: number;
  /** the zones root is short of space under this many bytes free… */
  minFreeBytes: number;
  /** …or under this fraction of its size */
  minFreeFraction: number;
  /** host and dashboard clocks further apart than this (beyond the measurement's own error) */
  maxSkewSeconds: number;
}

export const DEFAULT_BOUNDS: DoctorBounds = {
  stuckAfterMs: 5 * 60_000,
  snapshotMaxAgeMs: 30 * 24 * 3600_000,
  minFreeBytes: 5 * 1024 ** 3,
  minFreeFraction: 0.1,
  maxSkewSeconds: 5,
};

export interface ZoneInfo {
  entry: ZoneListEntry;
  /** null when zonecfg could not read it (the zone went away mid-run) */
  config: ZoneConfig | null;
  /** `zonecfg -z Z info`, what the configuration says */
  configRead: Read;
}

export interface DoctorContext {
  host: Host;
  reader: Reader;
  now: number;
  bounds: DoctorBounds;
  /** `zoneadm list -cp` */
  listRead: Read;
  /** every zone but the global zone */
  zones: ZoneInfo[];
  /** since when (ms) the zone has been in its current state, as far as the dashboard knows */
  since(zone: string, state: string): number;
  /** the running task holding the zone, if any (a zone mid-install is incomplete on purpose) */
  busy(zone: string): string | null;
  /** the user the host's tools run as, for the commands that grant it a profile */
  toolUser: string;
}

export async function readZones(reader: Reader): Promise<{ listRead: Read; zones: ZoneInfo[] }> {
  const listRead = await reader.run(zoneadmList());
  if (listRead.result.exitCode !== 0) throw new Error(`zoneadm list -cp failed (exit ${listRead.result.exitCode}): ${listRead.result.stderr.trim().slice(0, 500)}`);
  const entries = parseZoneadmList(listRead.result.stdout).filter((z) => z.name !== 'global');
  const zones = await Promise.all(
    entries.map(async (entry): Promise<ZoneInfo> => {
      const configRead = await reader.run(zonecfgInfo(entry.name));
      let config: ZoneConfig | null = null;
      if (configRead.result.exitCode === 0) {
        try {
          config = parseZonecfgInfo(configRead.result.stdout);
        } catch {
          config = null;
        }
      }
      return { entry, config, configRead };
    }),
  );
  return { listRead, zones };
}

export interface LinkFacts {
  linkRead: Read;
  vnicRead: Read;
  links: Record<string, string>[];
  vnics: Record<string, string>[];
}

export async function readLinks(reader: Reader): Promise<LinkFacts> {
  const [linkRead, vnicRead] = await Promise.all([reader.run(dladmShowLink(LINK_FIELDS)), reader.run(dladmShowVnic(VNIC_FIELDS))]);
  for (const [what, r] of [['dladm show-link', linkRead], ['dladm show-vnic', vnicRead]] as const) {
    if (r.result.exitCode !== 0) throw new Error(`${what} failed (exit ${r.result.exitCode}): ${r.result.stderr.trim().slice(0, 500)}`);
  }
  return {
    linkRead,
    vnicRead,
    links: parseDladmParsable(linkRead.result.stdout, LINK_FIELDS),
    vnics: parseDladmParsable(vnicRead.result.stdout, VNIC_FIELDS),
  };
}
