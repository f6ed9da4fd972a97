'use client';
// The wizard's steps as a list: done, current (aria-current="step"), or still ahead. Steps
// already reached are buttons; the rest are plain text until they can be reached.

export interface StepItem {
  id: string;
  title: string;
  state: 'done' | 'current' | 'ahead';
  /** why a step has problems, when it has */
  problems?: number;
  onSelect?: () => void;
}

export function Stepper({ steps }: { steps: StepItem[] }) {
  return (
    <nav aria-label="Steps of zone creation" className="min-w-0">
      {/* narrow screens: the steps wrap onto a second line rather than scroll out of reach */}
      <ol className="flex flex-wrap gap-1 md:flex-col md:flex-nowrap md:gap-0.5">
        {steps.map((s, i) => {
          const tone =
            s.state === 'current'
              ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900'
              : s.state === 'done'
                ? 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
                : 'text-zinc-500 dark:text-zinc-400';
          const body = (
            <>
              <span
                aria-hidden="true"
                className={`flex h-5 w-5 shrink-0 items-center justify-center rounded-full border text-[0.65rem] ${
                  s.state === 'current' ? 'border-current' : s.state === 'done' ? 'border-emerald-600 text-emerald-700 dark:text-emerald-400' : 'border-zinc-300 dark:border-zinc-600'
                }`}
              >
                {s.state === 'done' ? '✓' : i + 1}
              </span>
              <span className="whitespace-nowrap">{s.title}</span>
              {!!s.problems && (
                <span className="ml-auto rounded-full bg-red-100 px-1.5 text-[0.65rem] text-red-800 dark:bg-red-950 dark:text-red-300">
                  {s.problems}
                  <span className="sr-only"> {s.problems === 1 ? 'problem' : 'problems'}</span>
                </span>
              )}
            </>
          );
          const cls = `flex items-center md:w-full gap-2 rounded-md px-2.5 py-1.5 text-left text-sm ${tone}`;
          return (
            <li key={s.id}>
              {s.onSelect && s.state !== 'current' ? (
                <button type="button" onClick={s.onSelect} className={`${cls} focus-visible:outline-2 focus-visible:outline-sky-500`}>
                  {body}
                </button>
              ) : (
                <span aria-current={s.state === 'current' ? 'step' : undefined} className={cls}>
                  {body}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
