'use client';
// One task whole: its steps with the exact argv, live output, exit codes and times, and a
// download of the log as text.
import type { Task, TaskStep } from '@/server/zones/tasks';

// the 700 shades in light: the 600s (and zinc-400) are under 4.5:1 on white (axe color-contrast)
const STEP_STYLE: Record<string, string> = {
  pending: 'text-zinc-600 dark:text-zinc-400',
  running: 'text-sky-700 dark:text-sky-400',
  succeeded: 'text-emerald-700 dark:text-emerald-400',
  failed: 'text-red-700 dark:text-red-400',
  skipped: 'text-zinc-600 dark:text-zinc-400',
  interrupted: 'text-amber-700 dark:text-amber-400',
};
const STEP_ICON: Record<string, string> = { pending: '○', running: '◐', succeeded: '✓', failed: '✕', skipped: '–', interrupted: '!' };

export function taskLogText(task: Task): string {
  const lines = [
    `task ${task.id}: ${task.title}`,
    `host ${task.host}, zone ${task.zone}, by ${task.user}, ${new Date(task.createdAt).toISOString()}`,
    `status: ${task.status}${task.summary ? ` (${task.summary})` : ''}`,
    '',
  ];
  for (const s of task.steps) {
    lines.push(`## step ${s.idx + 1}: ${s.label} [${s.status}${s.exitCode !== null ? `, exit ${s.exitCode}` : ''}]`);
    lines.push(`$ ${s.argv.join(' ')}`);
    if (s.stdout) lines.push(s.stdout.replace(/\n$/, ''));
    if (s.stderr) lines.push(`[stderr]\n${s.stderr.replace(/\n$/, '')}`);
    lines.push('');
  }
  return lines.join('\n');
}

export function downloadTaskLog(task: Task): void {
  const blob = new Blob([taskLogText(task)], { type: 'text/plain' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `task-${task.zone}-${task.kind}-${task.id.slice(0, 8)}.log`;
  a.click();
  URL.revokeObjectURL(url);
}

export function TaskSteps({ task }: { task: Task }) {
  return (
    <ol className="space-y-3">
      {task.steps.length === 0 && <li className="text-sm text-zinc-500">Nothing to run: {task.title}</li>}
      {task.steps.map((s) => (
        <Step key={s.idx} step={s} />
      ))}
    </ol>
  );
}

function Step({ step }: { step: TaskStep }) {
  const duration = step.startedAt && step.finishedAt ? `${((step.finishedAt - step.startedAt) / 1000).toFixed(1)} s` : null;
  return (
    <li className="rounded-md border border-zinc-200 dark:border-zinc-800">
      <div className="flex items-center gap-2 px-3 py-2 text-sm">
        <span aria-hidden="true" className={STEP_STYLE[step.status]}>{STEP_ICON[step.status]}</span>
        <span className="font-medium">{step.label}</span>
        <span className={`text-xs ${STEP_STYLE[step.status]}`}>{step.status}</span>
        {step.exitCode !== null && <span className="text-xs text-zinc-500">exit {step.exitCode}</span>}
        {duration && <span className="ml-auto text-xs text-zinc-500">{duration}</span>}
      </div>
      <div className="border-t border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-950">
        <p className="text-zinc-500">$ {step.argv.join(' ')}</p>
        {step.stdout && <pre className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">{step.stdout}</pre>}
        {step.stderr && (
          <pre className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap text-red-700 dark:text-red-400">{step.stderr}</pre>
        )}
      </div>
    </li>
  );
}
