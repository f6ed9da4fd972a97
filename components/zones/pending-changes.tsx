'use client';
// The zone page's "N changes take effect at the next boot": the diff between the
// configuration the zone booted with and the one it has now, "Reboot to apply" (a confirmed
// reboot task), and "Apply now" for the limits illumos changes on a running zone (prctl),
// with the exact commands.
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { roleReason, useSession } from '@/components/auth/session';
import { paths } from '@/components/paths';
import { useTRPC } from '@/components/trpc/client';
import { Alert } from '@/components/ui/alert';
import { Button, Dialog } from '@/components/ui/dialog';
import { ConfigDiffTable } from './pending-diff';
import { usePendingLive } from './pending-live';

export function PendingChanges({ host, zone }: { host: string; zone: string }) {
  const trpc = useTRPC();
  usePendingLive();
  const pending = useQuery({ ...trpc.config.pending.queryOptions({ host, zone }), retry: false });
  const reboot = useMutation(trpc.zones.action.mutationOptions());
  const live = useMutation(trpc.config.applyLive.mutationOptions());
  const [confirm, setConfirm] = useState(false);
  const permissions = useSession()?.permissions;
  const [started, setStarted] = useState<{ id: string; title: string } | null>(null);
  const p = pending.data;
  if (!p || p.changes.length === 0) {
    return started ? <TaskLink task={started} /> : null;
  }
  const n = p.changes.length;
  const liveKeys = new Set(p.live.map((l) => l.key));
  const error = reboot.error ?? live.error;
  return (
    <section aria-labelledby="pending-heading" className="rounded-md border border-amber-300 bg-amber-50/50 p-3 dark:border-amber-800 dark:bg-amber-950/30">
      <h2 id="pending-heading" className="text-base font-semibold">
        {n} change{n === 1 ? '' : 's'} take{n === 1 ? 's' : ''} effect at the next boot
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        illumos applies a zone&apos;s configuration when the zone boots. Compared with the configuration {zone} booted with
        {p.source === 'first-seen' ? ' (as the dashboard first saw it running)' : ''}:
      </p>
      <ConfigDiffTable changes={p.changes} caption={`Changes waiting for the next boot of ${zone}`} before="Booted with" after="At the next boot" />
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="primary" disabledReason={roleReason(permissions?.verbs.reboot)} onClick={() => setConfirm(true)}>
          Reboot to apply
        </Button>
        {p.live.length > 0 && (
          <Button
            onClick={async () => {
              const task = await live.mutateAsync({ host, zone }).catch(() => null);
              if (task) setStarted({ id: task.id, title: task.title });
            }}
            disabled={live.isPending}
            disabledReason={roleReason(permissions?.editConfig)}
          >
            Apply now ({p.live.length})
          </Button>
        )}
      </div>
      {p.live.length > 0 && (
        <div className="mt-2 text-sm">
          <p className="text-zinc-600 dark:text-zinc-400">
            Apply now changes {p.live.length === 1 ? 'this limit' : 'these limits'} on the running zone at once (until it halts; the configuration keeps them for later boots):
          </p>
          <pre className="mt-1 overflow-x-auto rounded-md bg-zinc-900 p-2 font-mono text-xs text-zinc-100" aria-label="Commands Apply now runs">
            {p.live.map((l) => l.argv.join(' ')).join('\n')}
          </pre>
          {p.changes.some((c) => !liveKeys.has(c.key)) && <p className="mt-1 text-xs text-zinc-500">The other changes wait for the reboot.</p>}
        </div>
      )}
      {error && <Alert tone="error" title="Not started">{error.message}</Alert>}
      {started && <TaskLink task={started} />}
      <Dialog open={confirm} title={`Reboot ${zone}?`} onClose={() => setConfirm(false)}>
        <p>
          <code className="font-mono">zoneadm -z {zone} reboot</code> restarts the zone with its current configuration; its processes stop and its console
          shows the boot.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setConfirm(false)}>Cancel</Button>
          <Button
            variant="primary"
            onClick={async () => {
              setConfirm(false);
              const task = await reboot.mutateAsync({ host, zone, verb: 'reboot' }).catch(() => null);
              if (task) setStarted({ id: task.id, title: task.title });
            }}
          >
            Reboot {zone}
          </Button>
        </div>
      </Dialog>
    </section>
  );
}

function TaskLink({ task }: { task: { id: string; title: string } }) {
  return (
    <p role="status" className="mt-2 text-sm">
      Started: <Link href={paths.task(task.id)} className="underline">{task.title}</Link>
    </p>
  );
}
