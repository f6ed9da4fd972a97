'use client';
// Removing a host: its name typed to confirm. The server refuses while a task runs there and
// names the task.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '@/components/auth/fields';
import { useTRPC } from '@/components/trpc/client';
import { Button, Dialog } from '@/components/ui/dialog';
import { HostField } from './host-fields';

export function RemoveHostDialog({ name, onClose, onDone }: { name: string; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const remove = useMutation(trpc.hosts.remove.mutationOptions({ onSuccess: onDone }));
  const [typed, setTyped] = useState('');
  return (
    <Dialog open title={`Remove ${name}?`} onClose={onClose}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === name) remove.mutate({ host: name });
        }}
      >
        <p>The dashboard disconnects and forgets the host and its pinned key. Nothing on the host changes: its zones keep running.</p>
        <HostField label={`Type ${name} to confirm`} autoFocus value={typed} onChange={(e) => setTyped(e.target.value)} />
        <FormError message={remove.error?.message} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={typed !== name || remove.isPending}>Remove host</Button>
        </div>
      </form>
    </Dialog>
  );
}
