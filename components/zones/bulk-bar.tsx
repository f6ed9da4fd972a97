'use client';
// Actions on the selected zones: a verb is offered only when it is valid for every one of
// them, otherwise it is disabled and names the zone that stands in the way. It runs on the
// zones that have something to do (a boot skips those already running).
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
    <div role="toolbar" aria-label="Actions on selected zones" className="flex flex-wrap items-center gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950/40">
      <span className="mr-2 font-medium">{zones.length} selected</span>
      {VERBS.map(({ verb, label }) => {
        const { capability, zones: todo } = bulkCapability(can, verb, zones);
        return (
          <Button key={verb} disabledReason={reasonNot(capability)} onClick={() => onAction(verb, todo)}>
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
