// How long a step of a creation took, as the checklist shows it. A step cut short by a
// server restart has no duration: its recorded end is when the dashboard came back, and the
// time between is the downtime, not the step's.

export function stepDuration(step: { startedAt: number | null; finishedAt: number | null } | undefined, status: string): string | null {
  if (!step?.startedAt || !step.finishedAt || status === 'interrupted') return null;
  return `${((step.finishedAt - step.startedAt) / 1000).toFixed(1)} s`;
}
