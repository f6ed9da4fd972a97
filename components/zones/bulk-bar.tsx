'use client';
// Actions on the selected zones: a verb is offered only when it is valid for every one of
// them, otherwise it is disabled and names the zone that stands in the way.
import { Button } from '@/components/ui/dialog';
import { bulkCapability, VERBS, type Capability, type ZoneVerb } from './capabilities';

export function BulkBar({
  zones,
  can,
  onAction,
  onClear,
}: {
  zones: { name: string; state: string }[];
  can: (verb: ZoneVerb, state: string) => Capability;
  onAction: (verb: ZoneVerb) => void;
  onClear: () => void;
}) {
  return (
    <div role="toolbar" aria-label="Actions on selected zones" className="flex flex-wrap items-center gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950/40">
      <span className="mr-2 font-medium">{zones.length} selected</span>
      {VERBS.map(({ verb, label }) => {
        const c = bulkCapability(can, verb, zones);
        return (
          <Button
            key={verb}
            disabled={c.kind === 'refused'}
            title={c.kind === 'refused' ? c.reason : undefined}
            aria-description={c.kind === 'refused' ? c.reason : undefined}
            onClick={() => onAction(verb)}
          >
            {label}
          </Button>
        );
      })}
      <button type="button" onClick={onClear} className="ml-auto text-sky-700 hover:underline dark:text-sky-400">
        Clear selection
      </button>
    </div>
  );
}
