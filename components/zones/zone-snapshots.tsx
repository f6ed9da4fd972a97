'use client';
// The zone page's Snapshots: the zone's ZFS snapshots (name, size, time, who took them), taking
// one, rolling back to one (confirmed, with what will happen and the exact commands), deleting
// one (confirmed), and cloning the zone from one (clone-dialog.tsx). Each action is a task; the
// list is read again when it ends. Rollback is refused for boot-environment brands, with the
// beadm way the server explains.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { roleReason, useSession } from '@/components/auth/session';
import { paths } from '@/components/paths';
import { useTRPC } from '@/components/trpc/client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import type { ZoneSnapshot } from '@/server/zones/snapshots';
import { CloneDialog } from './clone-dialog';
import { Commands, formatBytes, snapshotNameProblem } from './snapshot-bits';

type Confirm = { kind: 'rollback' | 'delete'; snap: ZoneSnapshot } | null;

export function ZoneSnapshots({ host, zone }: { host: string; zone: string }) {
  const trpc = useTRPC();
  const client = useQueryClient();
  const perms = useSession()?.permissions;
  const list = useQuery({ ...trpc.snapshots.list.queryOptions({ host, zone }), retry: false });
  const [started, setStarted] = useState<{ id: string; title: string } | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [cloning, setCloning] = useState<string | null | false>(false);
  // follow the task this section started; read the list again when it ends
  const task = useQuery({
    ...trpc.tasks.get.queryOptions({ id: started?.id ?? '' }),
    enabled: started !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
  const taskDone = task.data && task.data.status !== 'running';
  const [refreshedFor, setRefreshedFor] = useState<string | null>(null);
  if (taskDone && started && refreshedFor !== started.id) {
    setRefreshedFor(started.id);
    void client.invalidateQueries({ queryKey: trpc.snapshots.list.queryKey({ host, zone }) });
  }
  const onStarted = (t: { id: string; title: string }) => {
    setStarted(t);
    setConfirm(null);
  };
  const view = list.data;
  const createNeeds = roleReason(perms?.snapshotCreate);
  const changeNeeds = roleReason(perms?.snapshotChange);
  const busy = task.data?.status === 'running' ? `${task.data.title} is running` : null;

  return (
    <section aria-labelledby="snapshots-heading" className="space-y-3">
      <h2 id="snapshots-heading" className="text-base font-semibold">Snapshots</h2>
      {list.error ? (
        <Alert tone="error" title="The snapshots cannot be read">{list.error.message}</Alert>
      ) : !view ? (
        <p role="status" className="text-sm text-zinc-500">Reading the snapshots…</p>
      ) : (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Dataset <code className="font-mono">{view.dataset}</code>. A snapshot holds the datasets below it too (<code className="font-mono">zfs snapshot -r</code>).
          </p>
          {view.rollbackRefusal && <Alert tone="info" title="Rollback">{view.rollbackRefusal}</Alert>}
          <CreateForm host={host} zone={zone} disabledReason={createNeeds ?? busy} onStarted={onStarted} />
          {view.snapshots.length === 0 ? (
            <p className="text-sm text-zinc-500">{zone} has no snapshots yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="text-sm">
                <caption className="sr-only">Snapshots of {zone}, oldest first</caption>
                <thead className="text-left text-xs uppercase text-zinc-500">
                  <tr>
                    <th scope="col" className="pr-6">Name</th>
                    <th scope="col" className="pr-6 text-right">Size</th>
                    <th scope="col" className="pr-6 text-right">Refers to</th>
                    <th scope="col" className="pr-6">Taken</th>
                    <th scope="col" className="pr-6">By</th>
                    <th scope="col"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {view.snapshots.map((s) => (
                    <tr key={s.name}>
                      <th scope="row" className="pr-6 text-left font-mono font-normal">{s.name}</th>
                      <td className="pr-6 text-right tabular-nums">{formatBytes(s.used)}</td>
                      <td className="pr-6 text-right tabular-nums">{formatBytes(s.refer)}</td>
                      <td className="pr-6"><time dateTime={s.createdAt}>{new Date(s.createdAt).toLocaleString()}</time></td>
                      <td className="pr-6">{s.madeByDashboard ? 'dashboard' : 'other'}</td>
                      <td className="flex gap-2 py-1">
                        <Button
                          aria-label={`Roll back ${zone} to ${s.name}`}
                          disabledReason={view.rollbackRefusal ? 'not for boot-environment brands (see above)' : (changeNeeds ?? busy)}
                          onClick={() => setConfirm({ kind: 'rollback', snap: s })}
                        >
                          Roll back…
                        </Button>
                        <Button aria-label={`Clone ${zone} from ${s.name}`} disabledReason={changeNeeds ?? view.cloneRefusal ?? busy} onClick={() => setCloning(s.name)}>
                          Clone…
                        </Button>
                        <Button variant="danger" aria-label={`Delete snapshot ${s.name}`} disabledReason={changeNeeds ?? busy} onClick={() => setConfirm({ kind: 'delete', snap: s })}>
                          Delete…
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="space-y-1">
            <Button disabledReason={changeNeeds ?? view.cloneRefusal ?? busy} onClick={() => setCloning(null)}>
              Clone this zone…
            </Button>
          </div>
          {confirm?.kind === 'rollback' && <RollbackDialog host={host} zone={zone} snap={confirm.snap} onClose={() => setConfirm(null)} onStarted={onStarted} />}
          {confirm?.kind === 'delete' && <DeleteDialog host={host} zone={zone} dataset={view.dataset} snap={confirm.snap} onClose={() => setConfirm(null)} onStarted={onStarted} />}
          {cloning !== false && (
            <CloneDialog host={host} source={zone} snapshots={view.snapshots.map((s) => s.name)} initialSnapshot={cloning} onClose={() => setCloning(false)} />
          )}
        </>
      )}
      {started && (
        <p role="status" className="text-sm">
          {task.data?.status === 'running' || !task.data ? 'Running' : task.data.status === 'succeeded' ? 'Done' : 'Failed'}:{' '}
          <Link href={paths.task(started.id)} className="underline">{started.title}</Link>
        </p>
      )}
    </section>
  );
}

function CreateForm({ host, zone, disabledReason, onStarted }: { host: string; zone: string; disabledReason: string | null; onStarted: (t: { id: string; title: string }) => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.snapshots.create.mutationOptions());
  const [name, setName] = useState('');
  const inputId = useId();
  const hintId = useId();
  const problem = name === '' ? null : snapshotNameProblem(name);
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (problem || disabledReason) return;
        create.mutate({ host, zone, name: name.trim() === '' ? null : name.trim() }, { onSuccess: (t) => (setName(''), onStarted(t)) });
      }}
    >
      <div className="flex flex-col">
        <label htmlFor={inputId} className="text-sm font-medium">New snapshot name</label>
        <input
          id={inputId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={hintId}
          placeholder="zd-YYYYMMDD-HHMMSS"
          className="mt-1 w-64 rounded-md border border-zinc-300 px-2 py-1 font-mono text-sm dark:border-zinc-600 dark:bg-zinc-900"
        />
      </div>
      <Button type="submit" variant="primary" disabledReason={disabledReason ?? problem ?? (create.isPending ? 'taking the snapshot' : null)}>
        Take snapshot
      </Button>
      <p id={hintId} className={`basis-full text-xs ${problem ? 'text-red-700 dark:text-red-400' : 'text-zinc-500'}`}>
        {problem ?? 'Blank: named from the time (UTC). Letters, digits, _ . : and -.'}
      </p>
      {create.error && <Alert tone="error" className="basis-full">{create.error.message}</Alert>}
    </form>
  );
}

function RollbackDialog({ host, zone, snap, onClose, onStarted }: { host: string; zone: string; snap: ZoneSnapshot; onClose: () => void; onStarted: (t: { id: string; title: string }) => void }) {
  const trpc = useTRPC();
  const plan = useQuery({ ...trpc.snapshots.rollbackPlan.queryOptions({ host, zone, name: snap.name }), retry: false, staleTime: 0, gcTime: 0 });
  const rollback = useMutation(trpc.snapshots.rollback.mutationOptions());
  const [consent, setConsent] = useState(false);
  const newer = plan.data?.newer ?? [];
  const needConsent = newer.length > 0 && !consent;
  return (
    <Dialog open title={`Roll ${zone} back to ${snap.name}?`} onClose={onClose}>
      {plan.error ? (
        <Alert tone="error">{plan.error.message}</Alert>
      ) : !plan.data ? (
        <p role="status">Working out what the rollback does…</p>
      ) : (
        <div className="space-y-3">
          <ol className="list-decimal space-y-1 pl-5">
            {plan.data.wasRunning && <li>{zone} is running: it is halted first (its file systems must be unmounted).</li>}
            <li>Its files go back to how they were at {new Date(snap.createdAt).toLocaleString()}: everything written since is lost.</li>
            {newer.length > 0 && (
              <li>
                The newer snapshot{newer.length === 1 ? '' : 's'} {newer.map((n, i) => <span key={n}>{i > 0 && ', '}<code className="font-mono">{n}</code></span>)} {newer.length === 1 ? 'is' : 'are'} destroyed (<code className="font-mono">-r</code>).
              </li>
            )}
            {plan.data.wasRunning && <li>{zone} is booted again.</li>}
          </ol>
          <Commands steps={plan.data.steps} />
          {newer.length > 0 && (
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
              Destroy {newer.length === 1 ? `the newer snapshot ${newer[0]}` : `the ${newer.length} newer snapshots`}
            </label>
          )}
          {rollback.error && <Alert tone="error">{rollback.error.message}</Alert>}
        </div>
      )}
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="danger"
          disabledReason={!plan.data ? 'reading the plan' : needConsent ? 'tick the box to destroy the newer snapshots' : rollback.isPending ? 'starting' : null}
          onClick={() => rollback.mutate({ host, zone, name: snap.name, destroyNewer: newer.length > 0 }, { onSuccess: onStarted })}
        >
          Roll back
        </Button>
      </div>
    </Dialog>
  );
}

function DeleteDialog({ host, zone, dataset, snap, onClose, onStarted }: { host: string; zone: string; dataset: string; snap: ZoneSnapshot; onClose: () => void; onStarted: (t: { id: string; title: string }) => void }) {
  const trpc = useTRPC();
  const destroy = useMutation(trpc.snapshots.destroy.mutationOptions());
  return (
    <Dialog open title={`Delete snapshot ${snap.name}?`} onClose={onClose}>
      <p>The snapshot and its namesakes below {dataset} are destroyed; {formatBytes(snap.used)} held only by it is freed. zfs refuses while a clone depends on it.</p>
      <Commands steps={[{ label: 'Destroy the snapshot', argv: ['zfs', 'destroy', '-r', `${dataset}@${snap.name}`] }]} />
      {destroy.error && <Alert tone="error" className="mt-2">{destroy.error.message}</Alert>}
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="danger" disabledReason={destroy.isPending ? 'starting' : null} onClick={() => destroy.mutate({ host, zone, name: snap.name }, { onSuccess: onStarted })}>
          Delete snapshot
        </Button>
      </div>
    </Dialog>
  );
}
