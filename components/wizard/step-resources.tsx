'use client';
import { Button } from '@/components/ui/dialog';
import { CheckboxField, FieldMessage, Section, TextField } from './fields';
import type { StepProps } from './step-props';

export function StepResources({ answers, setField, touch, err, check, onDropCarried }: StepProps & { onDropCarried: () => void }) {
  const r = answers.resources;
  const set = <K extends keyof typeof r & string>(k: K, v: (typeof r)[K]) => setField('resources', k, v);
  const limit = (k: 'memory' | 'swap' | 'cpuCap' | 'cpuShares' | 'maxProcesses' | 'maxLwps', label: string, placeholder: string, hint: string) => (
    <TextField
      field={`resources.${k}`}
      label={label}
      value={r[k]}
      onChange={(v) => set(k, v)}
      onBlur={() => touch(`resources.${k}`)}
      placeholder={placeholder}
      hint={hint}
      error={err(`resources.${k}`)}
      mono
    />
  );
  return (
    <div className="space-y-6">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">All optional. Empty fields leave the zone unlimited.</p>
      <Section title="Limits">
        <div className="grid gap-4 sm:grid-cols-3">
          {limit('memory', 'Memory cap', '2G', 'Physical memory, with K, M, G or T.')}
          {limit('swap', 'Swap cap', '4G', 'Virtual memory, with K, M, G or T.')}
          {limit('cpuCap', 'CPU cap', '1.5', 'At most this many CPUs.')}
          {limit('cpuShares', 'CPU shares', '10', 'Weight under the fair-share scheduler.')}
          {limit('maxProcesses', 'Max processes', '2000', 'At least 100.')}
          {limit('maxLwps', 'Max LWPs', '4000', 'Threads, at least 100.')}
        </div>
      </Section>

      <Section title="Directories from the global zone" description="Each is mounted into the zone with lofs.">
        {r.mounts.length === 0 && <p className="text-sm text-zinc-500 dark:text-zinc-400">None.</p>}
        <ul className="space-y-3">
          {r.mounts.map((m, i) => {
            const n = i + 1;
            const change = (patch: Partial<typeof m>) => {
              set('mounts', r.mounts.map((x, j) => (j === i ? { ...x, ...patch } : x)));
              for (const k of Object.keys(patch)) touch(`resources.mounts.${i}.${k}`);
            };
            return (
              <li key={i} className="grid items-start gap-3 rounded-md border border-zinc-200 p-3 sm:grid-cols-[1fr_1fr_auto_auto] dark:border-zinc-800">
                <TextField
                  field={`resources.mounts.${i}.special`}
                  label={`Global zone directory (mount ${n})`}
                  value={m.special}
                  onChange={(v) => change({ special: v })}
                  onBlur={() => touch(`resources.mounts.${i}.special`)}
                  placeholder="/export/data"
                  error={err(`resources.mounts.${i}.special`)}
                  mono
                />
                <TextField
                  field={`resources.mounts.${i}.dir`}
                  label={`Directory in the zone (mount ${n})`}
                  value={m.dir}
                  onChange={(v) => change({ dir: v })}
                  onBlur={() => touch(`resources.mounts.${i}.dir`)}
                  placeholder="/data"
                  error={err(`resources.mounts.${i}.dir`)}
                  mono
                />
                <CheckboxField field={`resources.mounts.${i}.readOnly`} label={`Read-only (mount ${n})`} className="sm:pt-7" checked={m.readOnly} onChange={(v) => change({ readOnly: v })} />
                <Button className="sm:mt-6" onClick={() => set('mounts', r.mounts.filter((_, j) => j !== i))}>
                  Remove mount {n}
                </Button>
              </li>
            );
          })}
        </ul>
        <Button onClick={() => set('mounts', [...r.mounts, { special: '', dir: '', readOnly: true }])}>Add a mount</Button>
      </Section>

      <Section title="Delegated ZFS datasets" description="The zone can manage these file systems itself (create, snapshot, set properties).">
        {r.datasets.length === 0 && <p className="text-sm text-zinc-500 dark:text-zinc-400">None.</p>}
        <ul className="space-y-3">
          {r.datasets.map((d, i) => (
            <li key={i} className="flex items-start gap-3">
              <TextField
                field={`resources.datasets.${i}`}
                label={`Dataset ${i + 1}`}
                className="flex-1"
                value={d}
                onChange={(v) => {
                  set('datasets', r.datasets.map((x, j) => (j === i ? v : x)));
                  touch(`resources.datasets.${i}`);
                }}
                onBlur={() => touch(`resources.datasets.${i}`)}
                placeholder="rpool/delegated/web01"
                error={err(`resources.datasets.${i}`)}
                mono
              />
              <Button className="mt-6" onClick={() => set('datasets', r.datasets.filter((_, j) => j !== i))}>
                Remove dataset {i + 1}
              </Button>
            </li>
          ))}
        </ul>
        <Button onClick={() => set('datasets', [...r.datasets, ''])}>Add a dataset</Button>
      </Section>

      {answers.carried && (
        <Section title={`Also from ${answers.carried.from}`} description="Settings the wizard does not edit; they go into the new zone's configuration unchanged.">
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {(check?.carried ?? []).map((line) => (
              <li key={line} className="font-mono text-xs">{line}</li>
            ))}
          </ul>
          <FieldMessage field="carried" error={err('carried')} />
          <Button onClick={onDropCarried}>Leave these settings out</Button>
        </Section>
      )}
    </div>
  );
}
