// Turning a tool's failure into what a person reads: a plain line first, then the tool's
// own words verbatim (stderr is authoritative on illumos).
import type { RunResult } from '../hosts/runner';

export function describeToolFailure(what: string, result: RunResult): string {
  if (result.timedOut) return `${what} did not answer within ${Math.round(result.durationMs / 1000)} s`;
  const said = (result.stderr.trim() || result.stdout.trim()).slice(0, 2000);
  return `${what} failed (exit ${result.exitCode})${said ? `: ${said}` : ''}`;
}
