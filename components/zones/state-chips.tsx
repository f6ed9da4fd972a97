'use client';
// The picture at a glance above the zone table: how many zones need attention and how many are
// in each state, each a toggle that filters the table (kept in the URL), "9 of 73" when a
// filter hides some, and the severity order (most urgent first).

export function StateChips({
  states,
  attention,
  shown,
  total,
  state,
  attentionOn,
  severityOn,
  onState,
  onAttention,
  onSeverity,
}: {
  states: { state: string; count: number }[];
  attention: number;
  shown: number;
  total: number;
  /** the state filtered on, '' for all */
  state: string;
  attentionOn: boolean;
  severityOn: boolean;
  onState: (state: string | null) => void;
  onAttention: (on: boolean) => void;
  onSeverity: (on: boolean) => void;
}) {
  const chip = 'inline-flex items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500';
  const off = 'border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800';
  const on = 'border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900';
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <div role="group" aria-label="Filter by state" className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          aria-pressed={attentionOn}
          onClick={() => onAttention(!attentionOn)}
          className={`${chip} ${
            attentionOn
              ? 'border-red-700 bg-red-700 text-white dark:border-red-400 dark:bg-red-400 dark:text-zinc-950'
              : attention > 0
                ? 'border-red-300 bg-red-50 text-red-800 hover:bg-red-100 dark:border-red-800 dark:bg-red-950 dark:text-red-200 dark:hover:bg-red-900'
                : off
          }`}
        >
          Needs attention <span className="tabular-nums">{attention}</span>
        </button>
        {states.map(({ state: s, count }) => (
          <button key={s} type="button" aria-pressed={state === s} onClick={() => onState(state === s ? null : s)} className={`${chip} ${state === s ? on : off}`}>
            {s.replace('_', ' ')} <span className="tabular-nums">{count}</span>
          </button>
        ))}
      </div>
      <button
        type="button"
        aria-pressed={severityOn}
        onClick={() => onSeverity(!severityOn)}
        className={`${chip} ${severityOn ? on : off}`}
      >
        Most urgent first
      </button>
      <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {shown === total ? `${total} ${total === 1 ? 'zone' : 'zones'}` : `${shown} of ${total} zones`}
      </p>
    </div>
  );
}
