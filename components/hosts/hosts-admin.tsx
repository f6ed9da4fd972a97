'use client';
// The Hosts page: every host with how it is doing, in the five words (connected, connecting,
// unreachable, auth-failed, host-key-mismatch), when it last answered, the round trip, its
// zone count, what it runs and what is wrong in words; admins add, edit, disable and remove
// remote hosts and trust a changed host key. The list refreshes every two seconds, so a new
// host is seen going from connecting to connected.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '@/components/auth/fields';
import { DoctorCount } from '@/components/doctor/doctor-count';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/dialog';
import type { HostListItem } from '@/server/trpc/routers/hosts';
import { AddHostDialog } from './add-host-dialog';
import { EditHostDialog, type EditableHost } from './edit-host-dialog';
import { HostStateBadge } from './host-state';
import { RemoveHostDialog } from './remove-host-dialog';
import { TrustKeyDialog } from './trust-key-dialog';

const cell = 'px-3 py-2 align-top';
const REFRESH_MS = 2000;

function ago(t: number | null, now: number): string {
  if (t === null) return 'never';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return new Date(t).toLocaleString();
}

const where = (h: HostListItem) => (h.address === null ? h.description : `${h.user}@${h.address.includes(':') ? `[${h.address}]` : h.address}${h.port === 22 ? '' : `:${h.port}`}`);

type Open =
  | { kind: 'add' }
  | { kind: 'edit'; host: EditableHost }
  | { kind: 'remove'; name: string }
  | { kind: 'trust'; name: string; pinned: string | null; offered: string }
  | null;

export function HostsAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.hosts.list.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.hosts.list.queryKey() });
  const setDisabled = useMutation(trpc.hosts.setDisabled.mutationOptions({ onSettled: refresh }));
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setOpen(null);
  const done = (message: string) => () => (setOpen(null), setNotice(message), refresh());
  // "3 s ago" counts from when the list was fetched (it is refetched every two seconds)
  const now = list.dataUpdatedAt;
  const hosts = list.data ?? [];
  const remote = hosts.filter((h) => h.kind === 'ssh');

  return (
    <section aria-labelledby="hosts-heading" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="hosts-heading" className="text-xl font-semibold tracking-tight">Hosts</h1>
        <Button variant="primary" className="ml-auto" onClick={() => (setNotice(null), setOpen({ kind: 'add' }))}>
          Add host…
        </Button>
      </div>
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{notice}</p>
      <FormError message={list.error?.message ?? setDisabled.error?.message} />

      {/* scrolls sideways on a phone: focusable, so the keyboard scrolls it too; relative, so its
          screen-reader-only (absolute) text stays inside it instead of widening the page */}
      <div tabIndex={0} role="region" aria-label="Hosts table" className="relative overflow-x-auto rounded-md border border-zinc-200 bg-white focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-sm">
          <caption className="sr-only">Hosts and their connection state</caption>
          <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th scope="col" className={cell}>Host</th>
              <th scope="col" className={cell}>State</th>
              <th scope="col" className={cell}>Last heard</th>
              <th scope="col" className={cell}>Round trip</th>
              <th scope="col" className={cell}>Zones</th>
              <th scope="col" className={cell}>Release</th>
              <th scope="col" className={cell}>Problem</th>
              <th scope="col" className={cell}><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {list.isPending && (
              <tr><td colSpan={8} className={`${cell} text-zinc-500`}>Loading hosts…</td></tr>
            )}
            {hosts.map((h) => (
              <tr key={h.name} data-host={h.name} className={h.disabled ? 'text-zinc-500 dark:text-zinc-500' : undefined}>
                <th scope="row" className={`${cell} text-left font-normal`}>
                  <span className="font-medium">{h.name}</span>
                  {h.disabled && <span className="ml-2 rounded bg-zinc-200 px-1.5 py-0.5 text-xs dark:bg-zinc-700">disabled</span>}
                  <span className="ml-2"><DoctorCount host={h.name} /></span>
                  <span className="block font-mono text-xs text-zinc-500 dark:text-zinc-400">{where(h)}</span>
                  {h.kind === 'ssh' && (
                    <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                      {h.toolDir} · {h.pfexec ? 'pfexec' : 'no pfexec'}
                    </span>
                  )}
                </th>
                <td className={cell}><HostStateBadge state={h.state} /></td>
                <td className={`${cell} whitespace-nowrap`}>{ago(h.lastHeardAt, now)}</td>
                <td className={`${cell} whitespace-nowrap`}>{h.rttMs === null ? '—' : `${Math.round(h.rttMs)} ms`}</td>
                <td className={cell}>{h.zoneCount ?? '—'}</td>
                <td className={`${cell} max-w-56`}>
                  {h.release ? <span className="line-clamp-2 whitespace-pre-line text-xs" title={h.release}>{h.release.trim()}</span> : '—'}
                </td>
                <td className={`${cell} ${h.state === 'host-key-mismatch' && h.offeredFingerprint ? 'min-w-[26rem]' : 'max-w-72'}`}>
                  {h.state === 'host-key-mismatch' && h.offeredFingerprint ? (
                    <div className="space-y-1 text-xs">
                      <p className="font-medium text-orange-900 dark:text-orange-200">The host offers another key; nothing runs there until an admin trusts it.</p>
                      <p>pinned <span className="font-mono" data-pinned-fingerprint>{h.pinnedFingerprint}</span></p>
                      <p>offered <span className="font-mono" data-offered-fingerprint>{h.offeredFingerprint}</span></p>
                    </div>
                  ) : (
                    <span className="text-xs">{h.error ?? ''}</span>
                  )}
                </td>
                <td className={`${cell} whitespace-nowrap text-right`}>
                  {h.kind !== 'ssh' ? (
                    <span className="text-xs text-zinc-500 dark:text-zinc-400">built in</span>
                  ) : (
                    <div className="flex justify-end gap-1.5">
                      {h.state === 'host-key-mismatch' && h.offeredFingerprint && (
                        <Button variant="danger" onClick={() => setOpen({ kind: 'trust', name: h.name, pinned: h.pinnedFingerprint, offered: h.offeredFingerprint! })}>
                          Trust the new key…<span className="sr-only"> of {h.name}</span>
                        </Button>
                      )}
                      <Button onClick={() => setOpen({ kind: 'edit', host: { name: h.name, address: h.address!, port: h.port!, user: h.user!, toolDir: h.toolDir!, pfexec: h.pfexec! } })}>
                        Edit<span className="sr-only"> {h.name}</span>
                      </Button>
                      <Button onClick={() => setDisabled.mutate({ host: h.name, disabled: !h.disabled })} disabled={setDisabled.isPending}>
                        {h.disabled ? 'Enable' : 'Disable'}<span className="sr-only"> {h.name}</span>
                      </Button>
                      <Button variant="danger" onClick={() => setOpen({ kind: 'remove', name: h.name })}>
                        Remove<span className="sr-only"> {h.name}</span>
                      </Button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {list.isSuccess && remote.length === 0 && (
        <div className="rounded-md border border-dashed border-zinc-300 p-4 text-sm dark:border-zinc-700">
          <p className="font-medium">No remote hosts yet.</p>
          <p className="mt-1 text-zinc-600 dark:text-zinc-400">
            The dashboard reaches illumos hosts over SSH, with nothing installed on them: add one with <strong>Add host…</strong>, or from a
            script on this machine with <code className="font-mono">npm run hosts -- add NAME ssh://USER@ADDRESS --fingerprint SHA256:…</code>.
          </p>
        </div>
      )}

      {open?.kind === 'add' && <AddHostDialog onClose={close} onAdded={(name) => done(`Added ${name}: connecting…`)()} />}
      {open?.kind === 'edit' && <EditHostDialog host={open.host} onClose={close} onDone={done(`Saved ${open.host.name}.`)} />}
      {open?.kind === 'remove' && <RemoveHostDialog name={open.name} onClose={close} onDone={done(`Removed ${open.name}.`)} />}
      {open?.kind === 'trust' && (
        <TrustKeyDialog name={open.name} pinned={open.pinned} offered={open.offered} onClose={close} onDone={done(`Trusted the new key of ${open.name}: reconnecting…`)} />
      )}
    </section>
  );
}
