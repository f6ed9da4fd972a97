'use client';
// The plan, before anything runs: what the zone will be, the zonecfg command file, every
// command in order with the checks that follow, and all of it as one shell script.
import { useState } from 'react';
import { Button } from '@/components/ui/dialog';
import type { PlanView } from '@/server/zones/provision';

export function StepReview({ plan, warnings, hostWarnings = [] }: { plan: PlanView; warnings: string[]; hostWarnings?: string[] }) {
  const phases: { label: string; steps: (PlanView['steps'][number] & { n: number })[] }[] = [];
  plan.steps.forEach((s, i) => {
    const last = phases.at(-1);
    if (last?.label === s.phaseLabel) last.steps.push({ ...s, n: i + 1 });
    else phases.push({ label: s.phaseLabel, steps: [{ ...s, n: i + 1 }] });
  });
  return (
    <div className="space-y-6">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing has run yet. This is exactly what will run on {plan.host}, in this order.</p>
      {warnings.length > 0 && (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          <p className="font-medium">Not carried over from the source configuration</p>
          <ul className="mt-1 list-disc pl-5">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {hostWarnings.length > 0 && (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          <p className="font-medium">Check before you create</p>
          <ul className="mt-1 list-disc pl-5">
            {hostWarnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <section aria-labelledby="review-summary">
        <h3 id="review-summary" className="text-sm font-semibold">The zone</h3>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          {plan.summary.map((row) => (
            <div key={row.label} className="contents">
              <dt className="text-zinc-500 dark:text-zinc-400">{row.label}</dt>
              <dd className="break-all">{row.value}</dd>
            </div>
          ))}
        </dl>
        {plan.carried.length > 0 && (
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Carried over unchanged: {plan.carried.join('; ')}.</p>
        )}
      </section>

      <section aria-labelledby="review-zonecfg">
        <h3 id="review-zonecfg" className="text-sm font-semibold">The zonecfg command file</h3>
        {/* a region that may scroll (long lines at 390 px): focusable, so the keyboard scrolls it too */}
        <pre tabIndex={0} role="region" aria-label="zonecfg command file" className="mt-2 max-h-72 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-950">
          {plan.zonecfgFile}
        </pre>
      </section>

      <section aria-labelledby="review-steps">
        <h3 id="review-steps" className="text-sm font-semibold">The steps</h3>
        <div className="mt-2 space-y-4">
          {phases.map((p) => (
            <div key={p.label}>
              <h4 className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{p.label}</h4>
              {p.steps[0]?.inZone && p.steps[0].phaseLabel !== 'Verify' && (
                <p className="text-xs text-zinc-500 dark:text-zinc-400">Each runs as <code className="font-mono">zlogin {p.steps[0].inZone} …</code>; the zone&apos;s shell reads the line shown.</p>
              )}
              <ol className="mt-1 space-y-1.5">
                {p.steps.map((s) => (
                  <li key={s.key} value={s.n} className="flex gap-3 text-sm">
                    <span className="w-6 shrink-0 text-right tabular-nums text-zinc-500 dark:text-zinc-400">{s.n}.</span>
                    <div className="min-w-0">
                      <p>{s.label}</p>
                      <pre className="whitespace-pre-wrap break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">
                        {s.inZone && (
                          <span className="select-none text-sky-700 dark:text-sky-400">
                            <span className="sr-only">inside zone </span>
                            {s.inZone}#{' '}
                          </span>
                        )}
                        {s.command}
                      </pre>
                    </div>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </div>
      </section>

      <ScriptBox plan={plan} />
    </div>
  );
}

function ScriptBox({ plan }: { plan: PlanView }) {
  const [status, setStatus] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(plan.script);
      setStatus('The script is on the clipboard.');
    } catch {
      // no clipboard permission: select the text so Ctrl+C takes it
      const el = document.getElementById('plan-script');
      if (el) window.getSelection()?.selectAllChildren(el);
      setStatus('Could not reach the clipboard; the script is selected, press Ctrl+C.');
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([plan.script], { type: 'text/x-shellscript' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `create-${plan.zone}.sh`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section aria-labelledby="review-script" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id="review-script" className="mr-auto text-sm font-semibold">As a shell script</h3>
        <Button onClick={() => void copy()}>Copy the script</Button>
        <Button onClick={download}>Download create-{plan.zone}.sh</Button>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">Run it as root in the global zone to do the same by hand. It stops at the first failing step and prints PASS or FAIL for each check.</p>
      <p role="status" className="text-xs text-emerald-700 empty:hidden dark:text-emerald-400">{status}</p>
      <details className="rounded-md border border-zinc-200 dark:border-zinc-800">
        <summary className="cursor-pointer px-3 py-2 text-sm">Show the script</summary>
        <pre id="plan-script" tabIndex={0} role="region" aria-label="Shell script" className="max-h-[32rem] overflow-auto border-t border-zinc-200 bg-zinc-50 p-3 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-950">
          {plan.script}
        </pre>
      </details>
    </section>
  );
}
