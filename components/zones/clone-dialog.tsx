'use client';
// Cloning a zone from a snapshot: the new zone's name, its network as the wizard asks it (a new
// VNIC over a link, DHCP or a static address), and the snapshot to copy (one the zone has, or a
// new one taken first). "Review" shows every command of the task and the new zone's zonecfg
// file; "Clone" starts it and opens the creation's checklist (the wizard's progress page).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Commands, snapshotNameProblem } from './snapshot-bits';

interface Form {
  target: string;
  over: string;
  address: 'dhcp' | 'static';
  staticAddress: string;
  gateway: string;
  nameservers: string;
  snapshotKind: 'new' | 'existing';
  newName: string;
  existing: string;
}

const field = 'mt-1 w-full rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900';

export function CloneDialog({
  host,
  source,
  snapshots,
  initialSnapshot,
  onClose,
}: {
  host: string;
  source: string;
  snapshots: string[];
  /** a snapshot picked in the table, or null for "take a new one" */
  initialSnapshot: string | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const facts = useQuery({ ...trpc.provision.options.queryOptions({ host }), retry: false });
  const [form, setForm] = useState<Form>({
    target: '',
    over: '',
    address: 'dhcp',
    staticAddress: '',
    gateway: '',
    nameservers: '',
    snapshotKind: initialSnapshot ? 'existing' : 'new',
    newName: '',
    existing: initialSnapshot ?? snapshots.at(-1) ?? '',
  });
  const [reviewing, setReviewing] = useState(false);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setReviewing(false);
  };
  const input = {
    host,
    source,
    target: form.target.trim(),
    network: { over: form.over, address: form.address, staticAddress: form.staticAddress.trim(), gateway: form.gateway.trim(), nameservers: form.nameservers },
    snapshot: form.snapshotKind === 'existing' ? { kind: 'existing' as const, name: form.existing } : { kind: 'new' as const, name: form.newName.trim() === '' ? null : form.newName.trim() },
  };
  const plan = useQuery({ ...trpc.snapshots.clonePlan.queryOptions(input), enabled: reviewing, retry: false, staleTime: 0, gcTime: 0 });
  const clone = useMutation(trpc.snapshots.clone.mutationOptions());
  const nameProblem = form.snapshotKind === 'new' && form.newName !== '' ? snapshotNameProblem(form.newName) : null;
  const missing = !input.target
    ? 'give the new zone a name'
    : form.address === 'static' && !input.network.staticAddress
      ? 'give the static address'
      : form.snapshotKind === 'existing' && !form.existing
        ? 'pick a snapshot'
        : nameProblem;
  const ids = { target: useId(), over: useId(), addr: useId(), gw: useId(), dns: useId(), snapNew: useId(), snapOld: useId() };
  const links = facts.data?.links ?? [];

  return (
    <Dialog open title={`Clone ${source}`} onClose={onClose}>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!missing) setReviewing(true);
        }}
      >
        <div>
          <label htmlFor={ids.target} className="font-medium">New zone name</label>
          <input id={ids.target} className={`${field} font-mono`} value={form.target} onChange={(e) => set('target', e.target.value)} autoComplete="off" />
        </div>
        <fieldset className="space-y-2">
          <legend className="font-medium">Network: a new VNIC</legend>
          <div>
            <label htmlFor={ids.over}>Over link</label>
            <select id={ids.over} className={field} value={form.over} onChange={(e) => set('over', e.target.value)}>
              <option value="">the link {source}&apos;s VNIC is on</option>
              {links.map((l) => (
                <option key={l.link} value={l.link}>{l.link} ({l.class}, {l.state})</option>
              ))}
            </select>
          </div>
          <div className="flex gap-4" role="radiogroup" aria-label="Address at first boot">
            <label className="flex items-center gap-1"><input type="radio" name="clone-address" checked={form.address === 'dhcp'} onChange={() => set('address', 'dhcp')} /> DHCP</label>
            <label className="flex items-center gap-1"><input type="radio" name="clone-address" checked={form.address === 'static'} onChange={() => set('address', 'static')} /> Static address</label>
          </div>
          {form.address === 'static' && (
            <div className="grid grid-cols-2 gap-2">
              <div>
                <label htmlFor={ids.addr}>Address/prefix</label>
                <input id={ids.addr} className={`${field} font-mono`} placeholder="192.168.5.40/24" value={form.staticAddress} onChange={(e) => set('staticAddress', e.target.value)} />
              </div>
              <div>
                <label htmlFor={ids.gw}>Gateway</label>
                <input id={ids.gw} className={`${field} font-mono`} placeholder="192.168.5.1" value={form.gateway} onChange={(e) => set('gateway', e.target.value)} />
              </div>
            </div>
          )}
          <div>
            <label htmlFor={ids.dns}>DNS servers (optional)</label>
            <input id={ids.dns} className={`${field} font-mono`} value={form.nameservers} onChange={(e) => set('nameservers', e.target.value)} />
          </div>
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="font-medium">Snapshot to copy</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="clone-snapshot" checked={form.snapshotKind === 'new'} onChange={() => set('snapshotKind', 'new')} /> Take a new snapshot now
          </label>
          {form.snapshotKind === 'new' && (
            <div>
              <label htmlFor={ids.snapNew}>Its name</label>
              <input id={ids.snapNew} className={`${field} font-mono`} placeholder="zd-YYYYMMDD-HHMMSS" value={form.newName} aria-invalid={nameProblem ? true : undefined} onChange={(e) => set('newName', e.target.value)} />
              {nameProblem && <Alert tone="error" inline>{nameProblem}</Alert>}
            </div>
          )}
          <label className="flex items-center gap-1">
            <input type="radio" name="clone-snapshot" checked={form.snapshotKind === 'existing'} disabled={snapshots.length === 0} onChange={() => set('snapshotKind', 'existing')} /> Use an existing snapshot
          </label>
          {form.snapshotKind === 'existing' && (
            <div>
              <label htmlFor={ids.snapOld}>Snapshot</label>
              <select id={ids.snapOld} className={`${field} font-mono`} value={form.existing} onChange={(e) => set('existing', e.target.value)}>
                {snapshots.map((s) => (
                  <option key={s} value={s}>{s}</option>
                ))}
              </select>
            </div>
          )}
        </fieldset>
        {!reviewing && (
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" disabledReason={missing}>Review</Button>
          </div>
        )}
      </form>
      {reviewing && (
        <div className="mt-3 space-y-3" aria-live="polite">
          {plan.error ? (
            <Alert tone="error" title="The clone cannot be planned">{plan.error.message}</Alert>
          ) : !plan.data ? (
            <p role="status">Planning the clone…</p>
          ) : (
            <>
              <p>
                {input.target} gets VNIC <code className="font-mono">{plan.data.vnic ?? '—'}</code> and host name <code className="font-mono">{plan.data.hostname}</code>; its files are copied from the snapshot (seconds, no package install).
              </p>
              {plan.data.warnings.length > 0 && (
                <Alert tone="warning" title="Not carried over from the source">
                  <ul className="list-disc pl-5">{plan.data.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
                </Alert>
              )}
              <Commands steps={plan.data.commands} />
              <details>
                <summary className="cursor-pointer text-sm">The zonecfg command file</summary>
                <pre className="mt-1 overflow-x-auto rounded-md bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-800">{plan.data.zonecfgFile}</pre>
              </details>
            </>
          )}
          {clone.error && <Alert tone="error">{clone.error.message}</Alert>}
          <div className="flex justify-end gap-2">
            <Button onClick={() => setReviewing(false)}>Back</Button>
            <Button
              variant="primary"
              disabledReason={!plan.data ? 'the plan comes first' : clone.isPending ? 'starting' : null}
              onClick={() => clone.mutate(input, { onSuccess: (r) => router.push(`/zones/new?p=${encodeURIComponent(r.provisionId)}`) })}
            >
              Clone
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
