// Test helpers for the creation wizard: answers as the wizard starts them (the browser's own
// blank answers, components/wizard/blank-answers.ts), as a person fills them in, with changes.
import { blankAnswers } from '../../components/wizard/blank-answers';
import type { WizardAnswers } from './provision-spec';

export function answers(change: {
  basics?: Partial<WizardAnswers['basics']>;
  network?: Partial<WizardAnswers['network']>;
  resources?: Partial<WizardAnswers['resources']>;
  firstBoot?: Partial<WizardAnswers['firstBoot']>;
  carried?: WizardAnswers['carried'];
} = {}): WizardAnswers {
  const blank = blankAnswers();
  // what a person fills in first on the simulated host: a name, the link, its resolver
  return {
    basics: { ...blank.basics, name: 'web01', ...change.basics },
    network: { ...blank.network, over: 'i40e0', ...change.network },
    resources: { ...blank.resources, ...change.resources },
    firstBoot: { ...blank.firstBoot, nameservers: '192.168.5.1', ...change.firstBoot },
    carried: change.carried ?? blank.carried,
  };
}

export const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk3aWdpZXN0IGtleSBpbiB0aGUgd29ybGQgZm9yIHRlc3Rz';
