'use client';
// A zone's verbs as a row of buttons (the zone page's toolbar, the bulk bar), with why each
// unavailable one cannot run written under the row: a hover tip or a title is out of reach by
// keyboard and touch. Each disabled button is described by its reason; verbs stopped by the
// same reason share one line.
import { useId } from 'react';
import { useHydrated } from '@/components/use-hydrated';
import { Button } from '@/components/ui/button';
import { reasonNot, VERBS, type Capability, type ZoneVerb } from './capabilities';

export function VerbButtons({
  label,
  capabilityOf,
  onAction,
  lead,
  trail,
}: {
  /** the toolbar's accessible name */
  label: string;
  capabilityOf: (verb: ZoneVerb) => Capability;
  onAction: (verb: ZoneVerb) => void;
  /** drawn in the toolbar before and after the buttons (the bulk bar's count and Clear) */
  lead?: React.ReactNode;
  trail?: React.ReactNode;
}) {
  const id = useId();
  const hydrated = useHydrated();
  const verbs = VERBS.map((v) => ({ ...v, reason: reasonNot(capabilityOf(v.verb)) }));
  // one line per reason, naming every verb it stops (a running task stops them all)
  const reasons = [...new Set(verbs.flatMap((v) => (v.reason ? [v.reason] : [])))];
  const reasonIdOf = (reason: string) => `${id}-${reasons.indexOf(reason)}`;
  const unavailable = reasons.map((reason) => ({ reason, labels: verbs.filter((v) => v.reason === reason).map((v) => v.label) }));
  return (
    // disabled until hydrated (see useHydrated): a click before the script runs would be lost
    <fieldset disabled={!hydrated} className="m-0 min-w-0 border-0 p-0">
      <div role="toolbar" aria-label={label} className="flex flex-wrap items-center gap-2">
        {lead}
        {verbs.map(({ verb, label: text, danger, reason }) => (
          <Button
            key={verb}
            variant={danger ? 'danger' : 'default'}
            disabledReason={reason}
            describedBy={reason ? reasonIdOf(reason) : undefined}
            onClick={() => onAction(verb)}
          >
            {text}
          </Button>
        ))}
        {trail}
      </div>
      {unavailable.length > 0 && (
        <ul aria-label="Why some actions are unavailable" className="mt-2 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          {unavailable.map(({ reason, labels }) => (
            <li key={reason}>
              <span className="font-medium text-zinc-700 dark:text-zinc-300">{labels.join(', ')}:</span> <span id={reasonIdOf(reason)}>{reason}</span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
