'use client';
import { CheckboxField, RadioCards, SelectField, TextField } from './fields';
import type { StepProps } from './step-props';

export function StepBasics({ answers, setField, touch, err, facts, check, hosts, host, onHost }: StepProps & {
  hosts: { name: string; description: string }[];
  host: string;
  onHost: (h: string) => void;
}) {
  const b = answers.basics;
  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          field="basics.host"
          label="Host"
          value={host}
          onChange={onHost}
          options={hosts.map((h) => ({ value: h.name, label: `${h.name} (${h.description})` }))}
        />
        <TextField
          field="basics.name"
          label="Zone name"
          value={b.name}
          onChange={(v) => setField('basics', 'name', v)}
          onBlur={() => touch('basics.name')}
          hint="Letters, digits, '_', '.' and '-'; up to 63 characters; unique on the host."
          error={err('basics.name')}
          mono
        />
      </div>
      <RadioCards
        field="basics.brand"
        legend="Brand"
        columns={2}
        value={b.brand}
        onChange={(v) => setField('basics', 'brand', v)}
        error={err('basics.brand')}
        options={(facts?.brands ?? [{ name: b.brand, description: '', unsupported: null }]).map((br) => ({
          value: br.name,
          label: br.name,
          description: br.unsupported ? `${br.description} Not offered here: ${br.unsupported}.` : br.description,
          disabled: !!br.unsupported,
        }))}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          field="basics.zonepath"
          label="Zonepath"
          value={b.zonepath}
          onChange={(v) => setField('basics', 'zonepath', v)}
          onBlur={() => touch('basics.zonepath')}
          placeholder={check?.defaults.zonepath ?? '/zones/NAME'}
          hint={`Where the zone's files live in the global zone. Empty: ${check?.defaults.zonepath ?? '/zones/NAME'}.`}
          error={err('basics.zonepath')}
          mono
        />
        <CheckboxField
          field="basics.autoboot"
          label="Boot the zone when the host boots (autoboot)"
          className="sm:pt-7"
          checked={b.autoboot}
          onChange={(v) => setField('basics', 'autoboot', v)}
        />
      </div>
    </div>
  );
}
