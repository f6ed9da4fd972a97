'use client';
// Sign in. Wrong name or password read the same; too many failures say how long to wait.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Field, FormError, SubmitButton } from './fields';

export function LoginForm({ next }: { next: string }) {
  const trpc = useTRPC();
  const login = useMutation(trpc.auth.login.mutationOptions());
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        login.mutate(
          { name: name.trim().toLowerCase(), password },
          // a full load, so every server-rendered part sees the new session
          { onSuccess: () => window.location.assign(next) },
        );
      }}
    >
      <Field label="User name" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus value={name} onChange={(e) => setName(e.target.value)} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormError message={login.error?.message} />
      <SubmitButton pending={login.isPending || login.isSuccess}>{login.isPending ? 'Signing in…' : 'Sign in'}</SubmitButton>
    </form>
  );
}
