'use client';
// Actions on the selected zones: a verb is offered only when it is valid for every one of
// them, otherwise it is disabled and names the zone that stands in the way. It runs on the
// zones that have something to do (a boot skips those already running). Why a verb is not
// offered is written under the buttons, readable without hovering.
import { bulkCapability, type Capability, type ZoneVerb } from './capabilities';
import { VerbButtons } from './verb-buttons';

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
    <div className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm shadow-sm dark:border-sky-900 dark:bg-sky-950">
      <VerbButtons
        label="Actions on selected zones"
        capabilityOf={(verb) => bulkCapability(can, verb, zones).capability}
        onAction={(verb) => onAction(verb, bulkCapability(can, verb, zones).zones)}
        lead={<span className="mr-2 font-medium">{zones.length} selected</span>}
        trail={
          <button type="button" onClick={onClear} className="ml-auto text-sky-700 hover:underline dark:text-sky-400">
            Clear selection
          </button>
        }
      />
    </div>
  );
}
