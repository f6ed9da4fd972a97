'use client';
// Actions on the selected zones: a verb is offered only when it is valid for every one of
// them, otherwise it is disabled and names the zone that stands in the way. It runs on the
// zones that have something to do (a boot skips those already running). Why a verb is not
// offered is written under it, readable without hovering. The bar stays in view (sticky) while
// rows far down are selected.
import { Button } from '@/components/ui/button';
import { bulkCapability, reasonNot, VERBS, type Capability, type ZoneVerb } from './capabilities';

export function BulkBar<Z extends { name: string; state: string }>({
  zones,
  can,
  onAction,
  onClear,
}: {
  zones: Z[];
  can: (verb: ZoneVerb, state: string) => Capability;
  /** the verb and the selected zones it has something to do on */
  onAction: (verb: ZoneVerb, zones: Z[]) => void;
  onClear: () => void;
}) {
  return (
    <div role="toolbar" aria-label="Actions on selected zones" className="sticky top-0 z-20 flex flex-wrap items-start gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm shadow-sm dark:border-sky-900 dark:bg-sky-950">
      <span className="mr-2 py-1.5 font-medium">{zones.length} selected</span>
      {VERBS.map(({ verb, label, danger }) => {
        const { capability, zones: todo } = bulkCapability(can, verb, zones);
        return (
          <Button key={verb} variant={danger ? 'danger' : 'default'} disabledReason={reasonNot(capability)} reasonShown="below" onClick={() => onAction(verb, todo)}>
            {label}
          </Button>
        );
      })}
      <button type="button" onClick={onClear} className="ml-auto py-1.5 text-sky-700 hover:underline dark:text-sky-400">
        Clear selection
      </button>
    </div>
  );
}
