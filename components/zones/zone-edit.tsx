'use client';
// Editing a zone's configuration from its page: the form opens on the configuration as zonecfg
// reports it, "Review changes" shows the diff and the exact zonecfg command file before
// anything runs, and "Apply" runs it as a task. The form keeps the configuration it was opened
// with: if the host's changed meanwhile, the server refuses and the review shows what changed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { roleReason, useSession } from '@/components/auth/session';
import { paths } from '@/components/paths';
import { useTRPC } from '@/components/trpc/client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { EditableConfig } from '@/server/illumos/config-diff';
import { ConfigDiffTable } from './pending-diff';
import { usePendingLive } from './pending-live';
import { EditFields } from './zone-edit-fields';

export function ZoneEditSection({ host, zone }: { host: string; zone: string }) {
  const [open, setOpen] = useState(false);
  const [started, setStarted] = useState<{ id: string; title: string } | null>(null);
  const needs = roleReason(useSession()?.permissions.editConfig);
  // the page's configuration (zones.get) is read again when the edit's task ends
  usePendingLive();
  return (
    <section aria-labelledby="edit-heading" className="space-y-2">
      <h2 id="edit-heading" className="text-base font-semibold">Edit configuration</h2>
      {open ? (
        <ZoneEditForm
          host={host}
          zone={zone}
          onClose={(task) => {
            setOpen(false);
            if (task) setStarted(task);
          }}
        />
      ) : (
        <Button disabledReason={needs} onClick={() => (setStarted(null), setOpen(true))}>
          Edit configuration…
        </Button>
      )}
      {started && (
        <p role="status" className="text-sm">
          Started: <Link href={paths.task(started.id)} className="underline">{started.title}</Link>
        </p>
      )}
    </section>
  );
}

interface Opened {
  fingerprint: string;
  form: EditableConfig;
  ipType: 'shared' | 'exclusive';
  state: string | null;
}

function ZoneEditForm({ host, zone, onClose }: { host: string; zone: string; onClose: (task: { id: string; title: string } | null) => void }) {
  const trpc = useTRPC();
  const client = useQueryClient();
  // read once: the form must stay on the configuration it was opened with
  const form = useQuery({ ...trpc.config.editForm.queryOptions({ host, zone }), staleTime: Infinity, gcTime: 0, refetchOnWindowFocus: false, retry: false });
  const [opened, setOpened] = useState<Opened | null>(null);
  const [values, setValues] = useState<EditableConfig | null>(null);
  const [review, setReview] = useState<EditableConfig | null>(null);
  if (form.data && !opened) {
    setOpened({ fingerprint: form.data.fingerprint, form: form.data.form, ipType: form.data.ipType, state: form.data.state });
    setValues(structuredClone(form.data.form));
  }
  const input = opened && review ? { host, zone, edits: review, opened: { fingerprint: opened.fingerprint, form: opened.form } } : null;
  const plan = useQuery({
    ...trpc.config.plan.queryOptions(input ?? { host, zone, edits: opened?.form as EditableConfig, opened: { fingerprint: '', form: opened?.form as EditableConfig } }),
    enabled: input !== null,
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
  const apply = useMutation(trpc.config.save.mutationOptions());

  if (form.error) return <Alert tone="error" title="Cannot edit this configuration">{form.error.message}</Alert>;
  if (!opened || !values) return <p role="status" className="text-sm text-zinc-500">Reading the configuration…</p>;

  const p = input ? plan.data : undefined;
  return (
    <form
      className="space-y-4 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
      aria-label={`Edit the configuration of ${zone}`}
      onSubmit={(e) => {
        e.preventDefault();
        setReview(structuredClone(values));
      }}
    >
      {!review ? (
        <>
          <EditFields values={values} set={setValues} ipType={opened.ipType} />
          <div className="flex gap-2">
            <Button variant="primary" type="submit">Review changes</Button>
            <Button onClick={() => onClose(null)}>Cancel</Button>
          </div>
        </>
      ) : (
        <div className="space-y-3" aria-live="polite">
          <h3 className="text-sm font-semibold">Review</h3>
          {plan.isFetching && <p role="status" className="text-sm text-zinc-500">Planning against the configuration on {host}…</p>}
          {plan.error && <Alert tone="error" title="These values cannot be written">{plan.error.message}</Alert>}
          {p?.conflict && (
            <Alert tone="error" title={`The configuration of ${zone} changed on ${host} since this form was opened`}>
              {p.conflict.outsideForm ? (
                <p>It changed outside the fields of this form. Open the form again to edit it as it is now.</p>
              ) : (
                <ConfigDiffTable changes={p.conflict.changes} caption="What changed on the host" before="When the form was opened" after="On the host now" />
              )}
            </Alert>
          )}
          {p && p.changes.length === 0 && <p className="text-sm">Nothing to change: the form says what the configuration already is.</p>}
          {p && p.changes.length > 0 && (
            <>
              <ConfigDiffTable changes={p.changes} caption={`Changes to the configuration of ${zone}`} />
              <p className="text-sm">
                Runs <code className="font-mono">{p.argv.join(' ')}</code> with this command file on its standard input:
              </p>
              <pre aria-label="zonecfg command file" className="overflow-x-auto rounded-md bg-zinc-900 p-2 font-mono text-xs text-zinc-100">{p.commands}</pre>
              {p.running && (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  {zone} is running: the changes take effect at its next boot
                  {p.liveKeys.length > 0 ? `; ${p.liveKeys.length} of them can also be applied to the running zone afterwards (Apply now).` : '.'}
                </p>
              )}
            </>
          )}
          {apply.error && <Alert tone="error" title="Not applied">{apply.error.message}</Alert>}
          <div className="flex gap-2">
            <Button
              variant="primary"
              disabledReason={!p ? 'planning…' : p.conflict ? 'the configuration changed on the host' : p.changes.length === 0 ? 'nothing to change' : apply.isPending ? 'starting…' : null}
              onClick={async () => {
                if (!input) return;
                try {
                  const task = await apply.mutateAsync(input);
                  void client.invalidateQueries({ queryKey: trpc.config.pending.pathKey() });
                  onClose({ id: task.id, title: task.title });
                } catch {
                  // the refusal says why; the review is read again to show what changed
                  void plan.refetch();
                }
              }}
            >
              Apply
            </Button>
            <Button onClick={() => (apply.reset(), setReview(null))}>Back to the form</Button>
            <Button onClick={() => onClose(null)}>Cancel</Button>
          </div>
        </div>
      )}
    </form>
  );
}
