'use client';
// Where a new zone's configuration starts: blank, a copy of a zone of this host (its
// `zonecfg export`), or an export pasted from elsewhere. Both are parsed and checked on the
// server; what they bring fills the wizard's fields, and what they could not bring is said.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/dialog';
import type { HostFacts, ImportResult } from '@/server/zones/provision';
import { RadioCards, SelectField, TextArea } from './fields';
import type { Origin } from './use-wizard-state';

export type Patch = Extract<ImportResult, { ok: true }>['patch'];

export function StartFrom({
  host,
  facts,
  origin,
  importText,
  onImportText,
  onOrigin,
  onPatch,
}: {
  host: string;
  facts: HostFacts | undefined;
  origin: Origin;
  importText: string;
  onImportText: (text: string) => void;
  onOrigin: (o: Origin) => void;
  onPatch: (patch: Patch, origin: Origin) => void;
}) {
  const trpc = useTRPC();
  const source = origin.kind === 'clone' ? origin.zone : '';
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fromZone = useMutation(trpc.provision.fromZone.mutationOptions());
  const fromExport = useMutation(trpc.provision.fromExport.mutationOptions());

  const take = (r: ImportResult, o: Origin, field: string) => {
    if (!r.ok) {
      setProblem({ field, message: r.message });
      setDone(null);
      return;
    }
    setProblem(null);
    onPatch(r.patch, o);
    setDone(o.kind === 'clone' ? `Copied the configuration of ${o.zone}.` : 'Imported the configuration.');
  };

  return (
    <div className="space-y-3 rounded-md border border-dashed border-zinc-300 p-3 dark:border-zinc-700">
      <RadioCards
        field="origin"
        legend="Start from"
        columns={3}
        value={origin.kind}
        onChange={(kind) => {
          setDone(null);
          setProblem(null);
          onOrigin(kind === 'clone' ? { kind, zone: source } : { kind });
        }}
        options={[
          { value: 'new', label: 'A new configuration' },
          { value: 'clone', label: "A copy of a zone's configuration", disabled: !facts?.zones.length },
          { value: 'import', label: 'An exported configuration' },
        ]}
      />
      {origin.kind === 'clone' && (
        <div className="flex flex-wrap items-end gap-2">
          <SelectField
            field="origin.zone"
            label="Zone to copy"
            className="w-64"
            value={source}
            onChange={(zone) => onOrigin({ kind: 'clone', zone })}
            placeholder="Choose a zone"
            options={(facts?.zones ?? []).map((z) => ({ value: z.name, label: `${z.name} (${z.brand}, ${z.state.replace('_', ' ')})` }))}
            error={problem?.field === 'origin.zone' ? problem.message : null}
          />
          <Button
            disabled={!source || fromZone.isPending}
            className="mb-[1px]"
            onClick={() =>
              fromZone.mutate(
                { host, zone: source },
                {
                  onSuccess: (r) => take(r, { kind: 'clone', zone: source }, 'origin.zone'),
                  onError: (e) => setProblem({ field: 'origin.zone', message: e.message }),
                },
              )
            }
          >
            {fromZone.isPending ? 'Copying…' : 'Copy its configuration'}
          </Button>
        </div>
      )}
      {origin.kind === 'import' && (
        <div className="space-y-2">
          <TextArea
            field="origin.export"
            label="Pasted zonecfg export"
            hint={<>The output of <code className="font-mono">zonecfg -z ZONE export</code>, pasted here.</>}
            rows={8}
            value={importText}
            onChange={onImportText}
            placeholder={'create -b\nset zonepath=/zones/web01\nset brand=sparse\n…'}
            error={problem?.field === 'origin.export' ? problem.message : null}
          />
          <Button
            disabled={!importText.trim() || fromExport.isPending}
            onClick={() =>
              fromExport.mutate(
                { text: importText },
                {
                  onSuccess: (r) => take(r, { kind: 'import' }, 'origin.export'),
                  onError: (e) => setProblem({ field: 'origin.export', message: e.message }),
                },
              )
            }
          >
            {fromExport.isPending ? 'Reading…' : 'Import'}
          </Button>
        </div>
      )}
      <p role="status" className="text-sm text-emerald-700 empty:hidden dark:text-emerald-400">
        {done ?? ''}
      </p>
    </div>
  );
}
