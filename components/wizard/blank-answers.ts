// The wizard's answers before anyone has typed: owned here, once. Pure data (no React, no
// browser API), so the server's test kit (server/zones/provision-testkit.ts) starts from
// the very same answers the browser does.
import type { WizardAnswers } from '@/server/zones/provision-spec';

export function blankAnswers(): WizardAnswers {
  return {
    basics: { name: '', brand: 'sparse', zonepath: '', autoboot: true },
    network: {
      mode: 'new-vnic',
      over: '',
      vnicName: '',
      vlanId: '',
      mac: '',
      existingVnic: '',
      sharedLink: '',
      sharedAddress: '',
      allowedAddress: '',
      defrouter: '',
    },
    resources: { memory: '', swap: '', cpuCap: '', cpuShares: '', maxProcesses: '', maxLwps: '', mounts: [], datasets: [] },
    firstBoot: {
      address: 'dhcp',
      staticAddress: '',
      gateway: '',
      ipv6: 'none',
      staticV6: '',
      hostname: '',
      nameservers: '',
      search: '',
      nsswitchDns: true,
      sshKey: '',
    },
    carried: null,
  };
}
