'use client';
// Adding a host, in two steps. First where it is and how to log in, with the commands that
// prepare the host (its user, RBAC profiles, the dashboard's key). Then "Check host key": the
// dashboard reads the key the host offers (nothing is logged into, nothing runs) and shows its
// fingerprint with the command that prints it on the host; only after the admin says they
// compared the two is the host added, pinned to exactly that key.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '@/components/auth/fields';
import { useTRPC } from '@/components/trpc/client';
import { Button, Dialog } from '@/components/ui/dialog';
import { CopyBlock } from './copy-block';
import { ConnectionFields, DEFAULT_CONNECTION, fieldMessages, HostField, portNumber, type ConnectionValues } from './host-fields';
import { SetupCommands } from './setup-commands';

interface Offered {
  fingerprint: string;
  keyType: string;
  hostKeyCommand: string;
}

export function AddHostDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (name: string) => void }) {
  const trpc = useTRPC();
  const identity = useQuery(trpc.hosts.identity.queryOptions());
  const probe = useMutation(trpc.hosts.probe.mutationOptions());
  const add = useMutation(trpc.hosts.add.mutationOptions());
  const [name, setName] = useState('');
  const [conn, setConn] = useState<ConnectionValues>(DEFAULT_CONNECTION);
  const [offered, setOffered] = useState<Offered | null>(null);
  const [checked, setChecked] = useState(false);
  const errors = { ...fieldMessages(probe.error), ...fieldMessages(add.error) };
  const settings = () => ({ name: name.trim(), address: conn.address.trim(), port: portNumber(conn.port), user: conn.user.trim(), toolDir: conn.toolDir.trim(), pfexec: conn.pfexec });

  const checkKey = () => {
    add.reset();
    // every setting goes along, so a bad one is refused before any connection is tried
    probe.mutate(
      settings(),
      { onSuccess: (key) => (setOffered(key), setChecked(false)) },
    );
  };
  const trustAndAdd = () => {
    if (!offered) return;
    add.mutate(
      { ...settings(), fingerprint: offered.fingerprint },
      {
        onSuccess: (h) => onAdded(h.name),
        // a refused setting is shown at its field, on the first step
        onError: (e) => {
          if (Object.keys(fieldMessages(e)).length) setOffered(null);
        },
      },
    );
  };

  return (
    <Dialog open title={offered ? `Check the host key of ${conn.address.trim()}` : 'Add a host'} onClose={onClose}>
      {!offered ? (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            checkKey();
          }}
        >
          <HostField label="Name" hint="how the dashboard calls it: letters, digits, _ . -" required autoFocus value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
          <ConnectionFields values={conn} onChange={setConn} errors={errors} />
          <SetupCommands user={conn.user.trim()} publicKey={identity.data?.publicKey} />
          <FormError message={identity.error?.message ?? (Object.keys(errors).length ? undefined : (probe.error?.message ?? add.error?.message))} />
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={probe.isPending}>
              {probe.isPending ? 'Checking…' : 'Check host key'}
            </Button>
          </div>
        </form>
      ) : (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            trustAndAdd();
          }}
        >
          <p>
            This is the first connection to {conn.address.trim()} port {portNumber(conn.port)}. The host offers this {offered.keyType} key:
          </p>
          <p aria-label="Fingerprint the host offers" className="break-all rounded-md border border-zinc-300 px-3 py-2 font-mono text-sm dark:border-zinc-600" data-offered-fingerprint>
            {offered.fingerprint}
          </p>
          <div className="space-y-1">
            <p>Run this on the host itself (at its console, or over a connection you already trust) and compare:</p>
            <CopyBlock label="Command that prints the host key's fingerprint" text={offered.hostKeyCommand} />
          </div>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            If they differ, do not add the host: something between the dashboard and the host may be answering in its place.
          </p>
          <label className="flex items-start gap-2">
            <input type="checkbox" className="mt-0.5" checked={checked} onChange={(e) => setChecked(e.target.checked)} autoFocus />
            <span>The fingerprint the host printed is exactly the one above</span>
          </label>
          <FormError message={add.error?.message} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => (setOffered(null), add.reset())}>Back</Button>
            <Button type="submit" variant="primary" disabled={!checked || add.isPending}>
              {add.isPending ? 'Adding…' : 'I checked, trust and add'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
