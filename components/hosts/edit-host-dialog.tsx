'use client';
// Editing where a host is or how its tools run. The pinned host key stays: if the host at the
// new address offers another key, it shows as host-key-mismatch until an admin trusts it.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '@/components/auth/fields';
import { useTRPC } from '@/components/trpc/client';
import { Button, Dialog } from '@/components/ui/dialog';
import { ConnectionFields, fieldMessages, portNumber, type ConnectionValues } from './host-fields';

export interface EditableHost {
  name: string;
  address: string;
  port: number;
  user: string;
  toolDir: string;
  pfexec: boolean;
}

export function EditHostDialog({ host, onClose, onDone }: { host: EditableHost; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.hosts.update.mutationOptions({ onSuccess: onDone }));
  const [values, setValues] = useState<ConnectionValues>({ address: host.address, port: String(host.port), user: host.user, toolDir: host.toolDir, pfexec: host.pfexec });
  const errors = fieldMessages(update.error, 'patch.');
  const save = () => {
    // only what changed is sent, so the audit record says exactly what the admin changed
    const patch: { address?: string; port?: number; user?: string; toolDir?: string; pfexec?: boolean } = {};
    if (values.address.trim() !== host.address) patch.address = values.address.trim();
    if (portNumber(values.port) !== host.port) patch.port = portNumber(values.port);
    if (values.user.trim() !== host.user) patch.user = values.user.trim();
    if (values.toolDir.trim() !== host.toolDir) patch.toolDir = values.toolDir.trim();
    if (values.pfexec !== host.pfexec) patch.pfexec = values.pfexec;
    if (Object.keys(patch).length === 0) return onClose();
    update.mutate({ host: host.name, patch });
  };
  return (
    <Dialog open title={`Edit ${host.name}`} onClose={onClose}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <ConnectionFields values={values} onChange={setValues} errors={errors} />
        <p className="text-xs text-zinc-600 dark:text-zinc-400">The dashboard reconnects with the new settings. The pinned host key stays the same.</p>
        <FormError message={Object.keys(errors).length ? undefined : update.error?.message} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={update.isPending}>Save</Button>
        </div>
      </form>
    </Dialog>
  );
}
