'use client';
// One's own password. The account's other sessions end (this one stays).
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Field, FormError, SubmitButton } from './fields';

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (next !== again) return setMismatch(true);
        setMismatch(false);
        change.mutate({ current, next }, { onSuccess: () => (setCurrent(''), setNext(''), setAgain('')) });
      }}
    >
      <Field label="Current password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      <Field label="New password" type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} hint="At least 10 characters." />
      <Field label="New password again" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
      <FormError message={mismatch ? 'The two new passwords differ.' : change.error?.message} />
      {change.isSuccess && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Password changed{change.data.endedSessions ? `; ${change.data.endedSessions} other session${change.data.endedSessions === 1 ? '' : 's'} ended` : ''}.
        </p>
      )}
      <SubmitButton pending={change.isPending}>Change password</SubmitButton>
    </form>
  );
}
