'use client';
// The edit form's fields: the properties and resources the creation wizard offers, with the
// wizard's field components. Blank means unset (zonecfg's clear).
import type { ReactNode } from 'react';
import { CheckboxField, Section, TextField } from '@/components/wizard/fields';
import { Button } from '@/components/ui/button';
import type { EditableConfig } from '@/server/illumos/config-diff';
import type { ZoneNet } from '@/server/illumos/types';

type SetValues = (next: EditableConfig) => void;

const GLOBALS: [keyof EditableConfig & string, string, string][] = [
  ['bootargs', 'Boot arguments', 'bootargs: passed to the zone\u2019s init at boot'],
  ['cpuShares', 'CPU shares', 'cpu-shares (zone.cpu-shares) under the fair-share scheduler'],
  ['maxLwps', 'Max LWPs', 'max-lwps (zone.max-lwps)'],
  ['maxProcesses', 'Max processes', 'max-processes (zone.max-processes)'],
  ['pool', 'Resource pool', 'pool'],
  ['limitpriv', 'Privilege limit', 'limitpriv, e.g. default,dtrace_proc'],
];

export function EditFields({ values, set, ipType }: { values: EditableConfig; set: SetValues; ipType: 'shared' | 'exclusive' }) {
  const text = (k: keyof EditableConfig) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const mem = values.cappedMemory ?? {};
  const setMem = (k: 'physical' | 'swap' | 'locked', v: string) => set({ ...values, cappedMemory: { ...mem, [k]: v } });
  return (
    <div className="space-y-5">
      <Section title="Properties">
        <CheckboxField field="edit.autoboot" label="Boot when the host boots (autoboot)" checked={values.autoboot} onChange={(v) => set({ ...values, autoboot: v })} />
        <div className="grid gap-3 sm:grid-cols-2">
          {GLOBALS.map(([k, label, hint]) => (
            <TextField key={k} field={`edit.${k}`} label={label} hint={hint} value={text(k)} mono onChange={(v) => set({ ...values, [k]: v })} />
          ))}
        </div>
      </Section>
      <Section title="Memory and CPU caps" description="Sizes as zonecfg takes them: 512M, 2G. Blank: no cap.">
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField field="edit.cappedMemory.physical" label="Physical memory cap" value={mem.physical ?? ''} mono onChange={(v) => setMem('physical', v)} />
          <TextField field="edit.cappedMemory.swap" label="Swap cap" value={mem.swap ?? ''} mono onChange={(v) => setMem('swap', v)} />
          <TextField field="edit.cappedMemory.locked" label="Locked memory cap" value={mem.locked ?? ''} mono onChange={(v) => setMem('locked', v)} />
          <TextField
            field="edit.cappedCpu.ncpus"
            label="CPU cap (CPUs)"
            hint="capped-cpu ncpus, e.g. 1.5"
            value={values.cappedCpu?.ncpus ?? ''}
            mono
            inputMode="decimal"
            onChange={(v) => set({ ...values, cappedCpu: { ncpus: v } })}
          />
        </div>
      </Section>
      <NetsEditor values={values} set={set} ipType={ipType} />
      <ListEditor
        kind="fs"
        title="File systems (fs)"
        items={values.fs}
        blank={{ dir: '', special: '', type: 'lofs', options: [] }}
        onChange={(fs) => set({ ...values, fs })}
        fields={[
          ['dir', 'Directory in the zone'],
          ['special', 'Special (path or dataset)'],
          ['type', 'Type'],
        ]}
        extra={(f, i, update) => (
          <TextField
            field={`edit.fs.${i}.options`}
            label="Options"
            hint="comma-separated, e.g. ro,nodevices"
            value={f.options.join(',')}
            mono
            onChange={(v) => update({ ...f, options: v.split(',').map((o) => o.trim()).filter(Boolean) })}
          />
        )}
      />
      <ListEditor kind="dataset" title="Datasets" items={values.dataset} blank={{ name: '' }} onChange={(dataset) => set({ ...values, dataset })} fields={[['name', 'Dataset name']]} />
      <ListEditor
        kind="attr"
        title="Attributes (attr)"
        items={values.attr}
        blank={{ name: '', type: 'string', value: '' }}
        onChange={(attr) => set({ ...values, attr })}
        fields={[
          ['name', 'Name'],
          ['type', 'Type'],
          ['value', 'Value'],
        ]}
      />
    </div>
  );
}

function NetsEditor({ values, set, ipType }: { values: EditableConfig; set: SetValues; ipType: 'shared' | 'exclusive' }) {
  const fields: [keyof ZoneNet & string, string][] =
    ipType === 'exclusive'
      ? [
          ['physical', 'Physical link'],
          ['allowedAddress', 'Allowed address'],
          ['defrouter', 'Default router'],
        ]
      : [
          ['physical', 'Physical link'],
          ['address', 'Address'],
          ['defrouter', 'Default router'],
        ];
  return (
    <ListEditor
      kind="net"
      title="Networks (net)"
      items={values.net}
      blank={{ physical: '', properties: [] }}
      onChange={(net) => set({ ...values, net })}
      fields={fields}
    />
  );
}

/** A list of resources, each a row of text fields, with add and remove. */
function ListEditor<T extends object>({
  kind,
  title,
  items,
  blank,
  onChange,
  fields,
  extra,
}: {
  /** zonecfg's resource type, in labels: 'net', 'fs' */
  kind: string;
  title: string;
  items: T[];
  blank: T;
  onChange: (items: T[]) => void;
  fields: [string, string][];
  extra?: (item: T, i: number, update: (t: T) => void) => ReactNode;
}) {
  return (
    <Section title={title}>
      {items.length === 0 && <p className="text-sm text-zinc-500">None.</p>}
      {items.map((item, i) => {
        const update = (t: T) => onChange(items.map((x, j) => (j === i ? t : x)));
        const rec = item as Record<string, unknown>;
        return (
          <fieldset key={i} className="grid gap-2 rounded-md border border-zinc-200 p-2 sm:grid-cols-[repeat(3,1fr)_auto] dark:border-zinc-800">
            <legend className="sr-only">{`${kind} ${i + 1}`}</legend>
            {fields.map(([k, label]) => (
              <TextField
                key={k}
                field={`edit.${kind}.${i}.${k}`}
                label={`${label} (${kind} ${i + 1})`}
                value={typeof rec[k] === 'string' ? (rec[k] as string) : ''}
                mono
                onChange={(v) => update({ ...item, [k]: v })}
              />
            ))}
            {extra?.(item, i, update)}
            <Button className="self-end" onClick={() => onChange(items.filter((_, j) => j !== i))}>
              Remove {kind} {i + 1}
            </Button>
          </fieldset>
        );
      })}
      <Button onClick={() => onChange([...items, { ...blank }])}>Add {kind}</Button>
    </Section>
  );
}
