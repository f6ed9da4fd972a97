'use client';
// A host that offers a key other than the pinned one runs nothing until an admin, having
// checked the new key on the host, trusts it. Both fingerprints are shown side by side.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '@/components/auth/fields';
import { useTRPC } from '@/components/trpc/client';
import { Button, Dialog } from '@/components/ui/dialog';
import { CopyBlock } from './copy-block';

export function TrustKeyDialog({ name, pinned, offered, onClose, onDone }: { name: string; pinned: string | null; offered: string; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const trust = useMutation(trpc.hosts.trustKey.mutationOptions({ onSuccess: onDone }));
  const identity = useQuery(trpc.hosts.identity.queryOptions());
  const [checked, setChecked] = useState(false);
  return (
    <Dialog open title={`The key of ${name} changed`} onClose={onClose}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (checked) trust.mutate({ host: name, fingerprint: offered });
        }}
      >
        <p role="alert" className="rounded-md border border-orange-300 bg-orange-50 px-3 py-2 text-orange-900 dark:border-orange-800 dark:bg-orange-950 dark:text-orange-200">
          A changed key is often a reinstalled host. It can also be someone answering in the host&apos;s place. Until you trust the new key,
          the dashboard runs nothing on {name}.
        </p>
        <dl className="space-y-2">
          <div>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">Pinned (trusted until now)</dt>
            <dd className="break-all font-mono text-sm">{pinned ?? 'none'}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">Offered now</dt>
            <dd className="break-all font-mono text-sm">{offered}</dd>
          </div>
        </dl>
        <div className="space-y-1">
          <p>On the host itself, this prints its key&apos;s fingerprint:</p>
          <CopyBlock label="Command that prints the host key's fingerprint" text={identity.data?.hostKeyCommand ?? 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub'} />
        </div>
        <label className="flex items-start gap-2">
          <input type="checkbox" className="mt-0.5" checked={checked} onChange={(e) => setChecked(e.target.checked)} autoFocus />
          <span>The host printed exactly the new fingerprint above</span>
        </label>
        <FormError message={trust.error?.message} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={!checked || trust.isPending}>Trust the new key</Button>
        </div>
      </form>
    </Dialog>
  );
}
