'use client';
// Admins manage accounts: add one, change a role, disable or enable, reset a password; and
// see every open session, with "End session" (it takes effect at once, consoles included).
// Nothing changes on a single keystroke: a role is picked, then saved; Disable and End session
// ask first. What cannot be done (demote or disable the only enabled admin, lock yourself out)
// is disabled before it is tried, with the reason written beside the account.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Button, Dialog } from '@/components/ui/dialog';
import type { Role } from '@/server/auth/roles';
import { isDemotion, protectedReason } from './account-rules';
import { Field, FormError } from './fields';
import { useSession } from './session';

const ROLES: Role[] = ['viewer', 'operator', 'admin'];
const ROLE_HELP: Record<Role, string> = {
  viewer: 'sees zones, configurations, tasks; consoles read-only',
  operator: 'viewer, plus boot, shut down, halt, reboot, ready and console input',
  admin: 'everything: install, uninstall, verify, delete, create zones, users, audit',
};

const when = (t: number | null) => (t ? new Date(t).toLocaleString() : '—');
const cell = 'px-3 py-2 align-middle';
// below 640 px the columns that can wait are hidden, so a row's controls stay on a phone's screen
const wide = 'hidden sm:table-cell';
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

interface Account {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  sessions: number;
  lastLoginAt: number | null;
}

interface OpenSession {
  id: string;
  userName: string;
  role: Role;
  address: string;
  userAgent: string;
  createdAt: number;
  lastSeenAt: number;
  current: boolean;
}

export function UsersAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useSession()?.name;
  const users = useQuery(trpc.users.list.queryOptions());
  const sessions = useQuery(trpc.sessions.list.queryOptions());
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
    void qc.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() });
  };
  const enable = useMutation(trpc.users.setDisabled.mutationOptions({ onSettled: refresh }));
  const [resetting, setResetting] = useState<Account | null>(null);
  const [disabling, setDisabling] = useState<Account | null>(null);
  const [ending, setEnding] = useState<OpenSession | null>(null);
  const accounts = users.data ?? [];
  // A dialog here is unmounted when it closes, so the browser does not hand focus back to the
  // button that opened it: we do, or to the section's heading when that button went with its
  // row (an ended session).
  const opener = useRef<{ button: HTMLElement | null; fallback: string }>({ button: null, fallback: 'users-heading' });
  const open = <T,>(set: (v: T) => void, v: T, fallback: string) => {
    opener.current = { button: document.activeElement instanceof HTMLElement ? document.activeElement : null, fallback };
    set(v);
  };
  const close = (set: (v: null) => void) => {
    set(null);
    refresh();
    const { button, fallback } = opener.current;
    requestAnimationFrame(() => (button?.isConnected ? button : document.getElementById(fallback))?.focus());
  };

  return (
    <div className="space-y-8">
      <section aria-labelledby="users-heading" className="space-y-3">
        <h1 id="users-heading" tabIndex={-1} className="text-xl font-semibold tracking-tight">Users</h1>
        <dl className="grid gap-1 text-sm text-zinc-600 sm:grid-cols-3 dark:text-zinc-400">
          {ROLES.map((r) => (
            <div key={r}><dt className="inline font-medium text-zinc-800 dark:text-zinc-200">{r}:</dt> <dd className="inline">{ROLE_HELP[r]}</dd></div>
          ))}
        </dl>
        <FormError message={enable.error?.message} />
        <div tabIndex={0} role="region" aria-label="Users table" className="relative overflow-x-auto rounded-md border border-zinc-200 bg-white focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-300">
              <tr><th className={cell}>Name</th><th className={cell}>Role</th><th className={`${cell} ${wide}`}>Status</th><th className={`${cell} ${wide}`}>Sessions</th><th className={`${cell} ${wide}`}>Last sign-in</th><th className={cell}><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {accounts.map((u) => (
                <UserRow
                  key={u.id}
                  user={u}
                  blocked={protectedReason(u, accounts, me)}
                  onSaved={refresh}
                  onReset={() => open(setResetting, u, 'users-heading')}
                  onDisable={() => open(setDisabling, u, 'users-heading')}
                  onEnable={() => enable.mutate({ id: u.id, disabled: false })}
                />
              ))}
            </tbody>
          </table>
        </div>
        <AddUser onDone={refresh} />
      </section>

      <section aria-labelledby="sessions-heading" className="space-y-3">
        <h2 id="sessions-heading" tabIndex={-1} className="text-base font-semibold focus:outline-none">Open sessions</h2>
        <div tabIndex={0} role="region" aria-label="Open sessions table" className="relative overflow-x-auto rounded-md border border-zinc-200 bg-white focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-300">
              <tr><th className={cell}>User</th><th className={`${cell} ${wide}`}>From</th><th className={`${cell} ${wide}`}>Browser</th><th className={`${cell} ${wide}`}>Signed in</th><th className={cell}>Last active</th><th className={cell}><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {sessions.data?.map((s) => (
                <tr key={s.id} data-session-user={s.userName}>
                  <th scope="row" className={`${cell} text-left font-medium`}>{s.userName} <span className="font-normal text-zinc-600 dark:text-zinc-300">({s.role})</span></th>
                  <td className={`${cell} ${wide} font-mono text-xs`}>{s.address || '—'}</td>
                  <td className={`${cell} ${wide} max-w-64 truncate text-xs`} title={s.userAgent}>{s.userAgent || '—'}</td>
                  <td className={`${cell} ${wide}`}>{when(s.createdAt)}</td>
                  <td className={cell}>{when(s.lastSeenAt)}</td>
                  <td className={`${cell} text-right`}>
                    {s.current ? (
                      <span className="text-xs text-zinc-600 dark:text-zinc-300">this session</span>
                    ) : (
                      <Button onClick={() => open(setEnding, s, 'sessions-heading')}>
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
      {resetting && <ResetPassword user={resetting} onClose={() => close(setResetting)} />}
      {disabling && <ConfirmDisable user={disabling} onClose={() => close(setDisabling)} />}
      {ending && <ConfirmEndSession session={ending} onClose={() => close(setEnding)} />}
    </div>
  );
}

/** One account: its role picked then saved, its actions, and why some are not offered. */
function UserRow({
  user: u,
  blocked,
  onSaved,
  onReset,
  onDisable,
  onEnable,
}: {
  user: Account;
  blocked: string | null;
  onSaved: () => void;
  onReset: () => void;
  onDisable: () => void;
  onEnable: () => void;
}) {
  const trpc = useTRPC();
  const reasonId = useId();
  // the role picked and not yet saved; null: the saved one
  const [draft, setDraft] = useState<Role | null>(null);
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: () => setDraft(null), onSettled: onSaved }));
  const changed = draft !== null && draft !== u.role;
  return (
    <tr data-user={u.name}>
      <th scope="row" className={`${cell} text-left font-medium [overflow-wrap:anywhere]`}>
        {u.name}
        {u.disabled && <span className="ml-1.5 inline-block text-xs font-normal text-red-700 sm:hidden dark:text-red-400">disabled</span>}
        {blocked && (
          <p id={reasonId} className="mt-0.5 max-w-56 text-xs font-normal text-zinc-600 dark:text-zinc-300">
            {blocked}
          </p>
        )}
      </th>
      <td className={cell}>
        <div className="flex flex-wrap items-center gap-2">
          <select
            aria-label={`Role of ${u.name}`}
            aria-describedby={blocked ? reasonId : undefined}
            disabled={!!blocked || setRole.isPending}
            value={draft ?? u.role}
            onChange={(e) => setDraft(e.target.value as Role)}
            className="rounded-md border border-zinc-300 bg-white px-2 py-1 disabled:cursor-not-allowed disabled:opacity-60 dark:border-zinc-600 dark:bg-zinc-800"
          >
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
          {changed && (
            <>
              <Button variant="primary" disabled={setRole.isPending} onClick={() => setRole.mutate({ id: u.id, role: draft })}>
                Save<span className="sr-only"> role of {u.name}</span>
              </Button>
              <Button onClick={() => (setDraft(null), setRole.reset())}>
                Cancel<span className="sr-only"> role change of {u.name}</span>
              </Button>
            </>
          )}
        </div>
        {changed && isDemotion(u.role, draft) && u.sessions > 0 && (
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-300">Saving ends {plural(u.sessions, 'open session')} of {u.name}.</p>
        )}
        {setRole.error && <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-300">{setRole.error.message}</p>}
      </td>
      <td className={`${cell} ${wide}`}>{u.disabled ? <span className="text-red-700 dark:text-red-400">disabled</span> : 'enabled'}</td>
      <td className={`${cell} ${wide}`}>{u.sessions}</td>
      <td className={`${cell} ${wide}`}>{when(u.lastLoginAt)}</td>
      <td className={`${cell} text-right`}>
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={onReset}>Reset password…</Button>
          {u.disabled ? (
            <Button onClick={onEnable}>Enable<span className="sr-only"> {u.name}</span></Button>
          ) : blocked ? (
            // aria-disabled, not disabled: it stays in the tab order and reads its reason
            <Button aria-disabled="true" aria-describedby={reasonId}>
              Disable…<span className="sr-only"> {u.name}</span>
            </Button>
          ) : (
            <Button onClick={onDisable}>Disable…<span className="sr-only"> {u.name}</span></Button>
          )}
        </div>
      </td>
    </tr>
  );
}

function ConfirmDisable({ user, onClose }: { user: Account; onClose: () => void }) {
  const trpc = useTRPC();
  const disable = useMutation(trpc.users.setDisabled.mutationOptions({ onSuccess: onClose }));
  return (
    <Dialog open title={`Disable ${user.name}?`} onClose={onClose}>
      <p>
        {user.sessions
          ? `Their ${plural(user.sessions, 'open session')} end now, consoles included, and they cannot sign in until an admin enables the account again.`
          : 'They cannot sign in until an admin enables the account again.'}{' '}
        Nothing else about the account changes.
      </p>
      <FormError message={disable.error?.message} />
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose} autoFocus>Cancel</Button>
        <Button variant="danger" disabled={disable.isPending} onClick={() => disable.mutate({ id: user.id, disabled: true })}>
          Disable {user.name}
        </Button>
      </div>
    </Dialog>
  );
}

function ConfirmEndSession({ session: s, onClose }: { session: OpenSession; onClose: () => void }) {
  const trpc = useTRPC();
  const end = useMutation(trpc.sessions.end.mutationOptions({ onSuccess: onClose }));
  return (
    <Dialog open title={`End the session of ${s.userName}?`} onClose={onClose}>
      <p>
        Signed in {when(s.createdAt)} from {s.address || 'an unknown address'}, last active {when(s.lastSeenAt)}. It ends at once, its
        consoles too; {s.userName} can sign in again.
      </p>
      <FormError message={end.error?.message} />
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose} autoFocus>Cancel</Button>
        <Button variant="danger" disabled={end.isPending} onClick={() => end.mutate({ id: s.id })}>
          End session
        </Button>
      </div>
    </Dialog>
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
