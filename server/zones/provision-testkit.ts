// Test helpers for the creation wizard: answers as the wizard starts them, with changes.
import type { WizardAnswers } from './provision-spec';

export function answers(change: {
  basics?: Partial<WizardAnswers['basics']>;
  network?: Partial<WizardAnswers['network']>;
  resources?: Partial<WizardAnswers['resources']>;
  firstBoot?: Partial<WizardAnswers['firstBoot']>;
  carried?: WizardAnswers['carried'];
} = {}): WizardAnswers {
  return {
    basics: { name: 'web01', brand: 'sparse', zonepath: '', autoboot: true, ...change.basics },
    network: {
      mode: 'new-vnic',
      over: 'i40e0',
      vnicName: '',
      vlanId: '',
      mac: '',
      existingVnic: '',
      sharedLink: '',
      sharedAddress: '',
      allowedAddress: '',
      defrouter: '',
      ...change.network,
    },
    resources: { memory: '', swap: '', cpuCap: '', cpuShares: '', maxProcesses: '', maxLwps: '', mounts: [], datasets: [], ...change.resources },
    firstBoot: {
      address: 'dhcp',
      staticAddress: '',
      gateway: '',
      hostname: '',
      nameservers: '192.168.5.1',
      search: '',
      nsswitchDns: true,
      sshKey: '',
      ...change.firstBoot,
    },
    carried: change.carried ?? null,
  };
}

export const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk3aWdpZXN0IGtleSBpbiB0aGUgd29ybGQgZm9yIHRlc3Rz';
