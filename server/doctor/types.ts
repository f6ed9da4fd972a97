// The Doctor's findings: what is left behind or stuck on a host, each with the command that
// shows it and that command's output, and a fix shown as exact commands before anything runs.
// Types only: the browser imports them.
import type { Role } from '../auth/roles';

export const FINDING_KINDS = [
  'vnic-orphan',
  'vnic-missing',
  'zone-incomplete',
  'zone-stuck',
  'zone-autoboot',
  'dataset-leftover',
  'snapshot-old',
  'tool-missing',
  'privilege-missing',
  'pool-space',
  'clock-skew',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** A command the Doctor ran and what it printed (untrusted text, shown as text). */
export interface Evidence {
  argv: string[];
  /** stdout, then stderr when there was any */
  output: string;
  exitCode: number;
}

export interface FixView {
  /** one line on what the fix does */
  summary: string;
  /** the exact commands, in order */
  steps: { label: string; argv: string[] }[];
  /** true: the dashboard runs the steps as a task after a confirmation; false: an
   *  administrator runs them by hand on the host (granting a profile, setting the clock) */
  runnable: boolean;
  /** the role that may run it */
  role: Role;
}

export interface Finding {
  /** `<kind>:<subject>`, stable across runs while the finding holds */
  id: string;
  kind: FindingKind;
  host: string;
  /** the zone it is about, when it is about one */
  zone: string | null;
  title: string;
  /** why it is a finding, in words */
  detail: string;
  evidence: Evidence[];
  /** text whose lines in the evidence are the ones that show it (the zone's row, the link's) */
  marks: string[];
  fix: FixView | null;
}

export interface HostReport {
  host: string;
  /** when the last run that reached the host finished (ms), null if none did */
  ranAt: number | null;
  durationMs: number | null;
  findings: Finding[];
  /** why the latest run failed (host unreachable…); the findings are then the last run's */
  error: string | null;
  /** when the latest run was tried, successful or not */
  triedAt: number | null;
  /** what the last run could not check, and why */
  notes: string[];
}
