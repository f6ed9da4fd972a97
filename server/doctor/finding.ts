// A finding as the server keeps it: what the browser sees (types.ts) plus, for a fix the
// dashboard may run, the exact steps planned from validated values, and the zone the task is
// filed under (tasks hold one zone at a time, so a fix and a zone action never overlap).
import type { ToolCall } from '../illumos/types';
import type { StepPlan } from '../zones/tasks';
import { FIX_ROLE } from './roles';
import type { Evidence, Finding, FindingKind } from './types';

export interface DoctorFinding extends Finding {
  /** the steps a runnable fix runs, exactly those shown */
  plan: StepPlan[] | null;
  /** the zone the fix's task is filed under */
  taskZone: string;
}

const FIX_TIMEOUT_MS = 10 * 60_000;

export interface FindingInput {
  kind: FindingKind;
  subject: string;
  host: string;
  zone: string | null;
  title: string;
  detail: string;
  evidence: Evidence[];
  marks?: string[];
}

/** A finding whose fix the dashboard runs as a task, after a confirmation. */
export function withRunnableFix(f: FindingInput, summary: string, steps: (Omit<StepPlan, 'timeoutMs'> & { timeoutMs?: number })[], taskZone: string): DoctorFinding {
  const plan = steps.map((s) => ({ timeoutMs: FIX_TIMEOUT_MS, ...s }));
  return {
    ...base(f),
    fix: { summary, steps: plan.map((s) => ({ label: s.label, argv: [s.call.tool, ...s.call.args] })), runnable: true, role: FIX_ROLE[f.kind] },
    plan,
    taskZone,
  };
}

/** A finding whose fix an administrator runs by hand on the host (no tool of ours does it). */
export function withManualFix(f: FindingInput, summary: string, steps: { label: string; argv: string[] }[]): DoctorFinding {
  return { ...base(f), fix: { summary, steps, runnable: false, role: FIX_ROLE[f.kind] }, plan: null, taskZone: '' };
}

function base(f: FindingInput): Omit<Finding, 'fix'> {
  return { id: `${f.kind}:${f.subject}`, kind: f.kind, host: f.host, zone: f.zone, title: f.title, detail: f.detail, evidence: f.evidence, marks: f.marks ?? [] };
}

/** The browser's view: the planned steps stay on the server. */
export function publicFinding(f: DoctorFinding): Finding {
  const { plan: _plan, taskZone: _zone, ...view } = f;
  return view;
}

export const argvOf = (c: ToolCall): string[] => [c.tool, ...c.args];
