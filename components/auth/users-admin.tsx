'use client';
// Admins manage accounts: add one, change a role, disable or enable, reset a password; and
// see every open session, with "End session" (it takes effect at once, consoles included).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Button, Dialog } from '@/components/ui/dialog';
import type { Role } from '@/server/auth/roles';
import { Field, FormError } from './fields';

const ROLES: Role[] = ['viewer', 'operator', 'admin'];
const ROLE_HELP: Record<Role, string> = {
  viewer: 'sees zones, configurations, tasks; consoles read-only',
  operator: 'viewer, plus boot, shut down, halt, reboot, ready and console input',
  admin: 'everything: install, uninstall, verify, delete, create zones, users, audit',
};

const when = (t: number | null) => (t ? new Date(t).toLocaleString() : '—');
const cell = 'px-3 py-2 align-middle';

export function UsersAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const sessions = useQuery(trpc.sessions.list.queryOptions());
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
    void qc.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() });
  };
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSettled: refresh }));
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions({ onSettled: refresh }));
  const endSession = useMutation(trpc.sessions.end.mutationOptions({ onSettled: refresh }));
  const [resetting, setResetting] = useState<{ id: number; name: string } | null>(null);
  const problem = setRole.error?.message ?? setDisabled.error?.message ?? endSession.error?.message;

  return (
    <div className="space-y-8">
      <section aria-labelledby="users-heading" className="space-y-3">
        <h1 id="users-heading" className="text-xl font-semibold tracking-tight">Users</h1>
        <dl className="grid gap-1 text-sm text-zinc-600 sm:grid-cols-3 dark:text-zinc-400">
          {ROLES.map((r) => (
            <div key={r}><dt className="inline font-medium text-zinc-800 dark:text-zinc-200">{r}:</dt> <dd className="inline">{ROLE_HELP[r]}</dd></div>
          ))}
        </dl>
        <FormError message={problem} />
        <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-500 dark:border-zinc-800">
              <tr><th className={cell}>Name</th><th className={cell}>Role</th><th className={cell}>Status</th><th className={cell}>Sessions</th><th className={cell}>Last sign-in</th><th className={cell}><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {users.data?.map((u) => (
                <tr key={u.id} data-user={u.name}>
                  <th scope="row" className={`${cell} text-left font-medium`}>{u.name}</th>
                  <td className={cell}>
                    <select
                      aria-label={`Role of ${u.name}`}
                      value={u.role}
                      onChange={(e) => setRole.mutate({ id: u.id, role: e.target.value as Role })}
                      className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-600 dark:bg-zinc-800"
                    >
                      {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  </td>
                  <td className={cell}>{u.disabled ? <span className="text-red-700 dark:text-red-400">disabled</span> : 'enabled'}</td>
                  <td className={cell}>{u.sessions}</td>
                  <td className={cell}>{when(u.lastLoginAt)}</td>
                  <td className={`${cell} whitespace-nowrap text-right`}>
                    <Button onClick={() => setResetting({ id: u.id, name: u.name })}>Reset password…</Button>{' '}
                    <Button variant={u.disabled ? 'default' : 'danger'} onClick={() => setDisabled.mutate({ id: u.id, disabled: !u.disabled })}>
                      {u.disabled ? `Enable` : `Disable`}<span className="sr-only"> {u.name}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <AddUser onDone={refresh} />
      </section>

      <section aria-labelledby="sessions-heading" className="space-y-3">
        <h2 id="sessions-heading" className="text-base font-semibold">Open sessions</h2>
        <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-500 dark:border-zinc-800">
              <tr><th className={cell}>User</th><th className={cell}>From</th><th className={cell}>Browser</th><th className={cell}>Signed in</th><th className={cell}>Last active</th><th className={cell}><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {sessions.data?.map((s) => (
                <tr key={s.id} data-session-user={s.userName}>
                  <th scope="row" className={`${cell} text-left font-medium`}>{s.userName} <span className="font-normal text-zinc-500">({s.role})</span></th>
                  <td className={`${cell} font-mono text-xs`}>{s.address || '—'}</td>
                  <td className={`${cell} max-w-64 truncate text-xs`} title={s.userAgent}>{s.userAgent || '—'}</td>
                  <td className={cell}>{when(s.createdAt)}</td>
                  <td className={cell}>{when(s.lastSeenAt)}</td>
                  <td className={`${cell} text-right`}>
                    {s.current ? (
                      <span className="text-xs text-zinc-500">this session</span>
                    ) : (
                      <Button variant="danger" onClick={() => endSession.mutate({ id: s.id })}>
                        End session<span className="sr-only"> of {s.userName}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {resetting && <ResetPassword user={resetting} onClose={() => (setResetting(null), refresh())} />}
    </div>
  );
}

function AddUser({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: onDone }));
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  return (
    <form
      aria-labelledby="add-user-heading"
      className="max-w-xl space-y-3 rounded-md border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name: name.trim(), role, password }, { onSuccess: () => (setName(''), setPassword('')) });
      }}
    >
      <h2 id="add-user-heading" className="text-base font-semibold">Add a user</h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="User name" autoComplete="off" spellCheck={false} required value={name} onChange={(e) => setName(e.target.value)} />
        <label className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm font-normal dark:border-zinc-600 dark:bg-zinc-800">
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <Field label="Initial password" type="password" autoComplete="new-password" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <FormError message={create.error?.message} />
      {create.isSuccess && <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">Added {create.data.name} ({create.data.role}).</p>}
      <Button type="submit" variant="primary" disabled={create.isPending}>Add user</Button>
    </form>
  );
}

function ResetPassword({ user, onClose }: { user: { id: number; name: string }; onClose: () => void }) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.users.resetPassword.mutationOptions());
  const [password, setPassword] = useState('');
  return (
    <Dialog open title={`Reset the password of ${user.name}?`} onClose={onClose}>
      <p>Their open sessions end. Hand the new password to them in person or over a channel you trust.</p>
      <form
        className="mt-4 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          reset.mutate({ id: user.id, password }, { onSuccess: onClose });
        }}
      >
        <Field label="New password" type="password" autoComplete="new-password" required minLength={10} autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
        <FormError message={reset.error?.message} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={reset.isPending}>Reset password</Button>
        </div>
      </form>
    </Dialog>
  );
}
