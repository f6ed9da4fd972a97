// Shape of the simulated host's persistent state (owned by store.ts). Fields here are a
// contract between the sim modules: extend, never remove or rename.

export type SimZoneState =
  | 'configured'
  | 'incomplete'
  | 'installed'
  | 'ready'
  | 'running'
  | 'shutting_down'
  | 'down'
  | 'mounted';

export interface SimNet {
  physical: string;
  address?: string;
  allowedAddress?: string;
  defrouter?: string;
  globalNic?: string;
  macAddr?: string;
  vlanId?: string;
  properties?: { name: string; value: string }[];
}

export interface SimZone {
  name: string;
  /** index state, overridden by the kernel state while the zone is known to the kernel */
  state: SimZoneState;
  /** kernel zone id while ready/running/shutting_down/down/mounted, else null */
  id: number | null;
  /** empty until the zone is first installed */
  uuid: string;
  debugid: number | null;
  brand: string;
  zonepath: string;
  ipType: 'shared' | 'exclusive';
  autoboot: boolean;
  net: SimNet[];
  /** everything else of the zone's configuration, as store.ts keeps it */
  [extra: string]: unknown;
}

export interface SimLink {
  name: string;
  class: 'phys' | 'vnic' | 'etherstub' | 'aggr' | 'vlan' | 'simnet';
  mtu: number;
  state: 'up' | 'down' | 'unknown';
  /** the link a vnic is over, '' otherwise */
  over: string;
  [extra: string]: unknown;
}
