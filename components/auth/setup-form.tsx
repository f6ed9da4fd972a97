'use client';
// First run: the first admin's name and password. No default password exists anywhere.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Field, FormError, SubmitButton } from './fields';

export function SetupForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const setup = useMutation(trpc.auth.setup.mutationOptions());
  const [name, setName] = useState('admin');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (password !== again) return setMismatch(true);
        setMismatch(false);
        // a full load, so every server-rendered part sees the new session
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        setup.mutate({ token, name: name.trim(), password }, { onSuccess: () => window.location.assign('/') });
      }}
    >
      <Field label="Admin user name" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={name} onChange={(e) => setName(e.target.value)} hint="Lower-case letters, digits and _ . -" />
      <Field label="Password" name="new-password" type="password" autoComplete="new-password" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} hint="At least 10 characters." />
      <Field label="Password again" name="new-password-again" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
      <FormError message={mismatch ? 'The two passwords differ.' : setup.error?.message} />
      <SubmitButton pending={setup.isPending || setup.isSuccess}>Create admin and sign in</SubmitButton>
    </form>
  );
}
