import type { CheckResult, HostFacts } from '@/server/zones/provision';
import type { WizardAnswers } from '@/server/zones/provision-spec';
import type { Section } from './use-wizard-state';

/** What every form step gets: the answers, a setter, and the errors it should show. */
export interface StepProps {
  answers: WizardAnswers;
  setField: <S extends Section, K extends keyof WizardAnswers[S] & string>(section: S, key: K, value: WizardAnswers[S][K]) => void;
  touch: (field: string) => void;
  /** the error to show next to a field now (touched, or its step's Next was pressed) */
  err: (field: string) => string | null;
  facts: HostFacts | undefined;
  check: CheckResult | undefined;
}
