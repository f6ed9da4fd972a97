// The creation wizard's service, one job per file: what the host offers and checks against it
// (provision-facts), the plan as the browser sees it and the live check of answers
// (provision-view), the record of each creation (provision-records), applying, retrying and
// rolling back (provision-run), the live checklist (provision-checklist), and starting from an
// existing configuration (provision-start-from). This file is their public face.
export { checkFacts, forgetHostFacts, hostFacts, type BrandOption, type HostFacts, type LinkOption, type VnicOption } from './provision-facts';
export { checkAnswers, type CheckResult, type PlanStepView, type PlanView } from './provision-view';
export type { AttemptKind } from './provision-records';
export { applyProvision, retryProvision, rollbackProvision, type StartedProvision } from './provision-run';
export { provisionView, type CheckLine, type ChecklistRow, type ProvisionStatus, type ProvisionView, type RowStatus } from './provision-checklist';
export { cloneAnswers, importAnswers, type ImportResult } from './provision-start-from';
