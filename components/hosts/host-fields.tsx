'use client';
// The connection settings of a host, as the Add and Edit dialogs ask for them, each field with
// its label, its hint and the server's sentence when it refused the value (aria-invalid, read
// out with the field).
import { useId, type InputHTMLAttributes } from 'react';

export interface ConnectionValues {
  address: string;
  port: string;
  user: string;
  toolDir: string;
  pfexec: boolean;
}

export const DEFAULT_CONNECTION: ConnectionValues = { address: '', port: '22', user: 'zonedash', toolDir: '/usr/sbin', pfexec: true };

/** The refused fields of a failed call, by path ('address', 'patch.port'), from the server's
 *  error formatter (server/trpc/init.ts). */
export function fieldMessages(error: unknown, prefix = ''): Record<string, string> {
  const fields = (error as { data?: { fields?: { path: string; message: string }[] } } | null)?.data?.fields ?? [];
  const out: Record<string, string> = {};
  for (const f of fields) {
    const path = prefix && f.path.startsWith(prefix) ? f.path.slice(prefix.length) : f.path;
    out[path] ??= f.message;
  }
  return out;
}

/** The port as the form holds it (text) to what the server checks (a number, or NaN). */
export const portNumber = (text: string): number => (/^[0-9]{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

export function HostField({ label, hint, error, ...props }: { label: string; hint?: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      <input
        {...props}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        autoComplete="off"
        spellCheck={false}
        className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-500 aria-invalid:border-red-500 dark:border-zinc-600 dark:bg-zinc-800"
      />
      {hint && <p id={`${id}-hint`} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{hint}</p>}
      {error && <p id={`${id}-error`} className="mt-1 text-xs text-red-700 dark:text-red-400">{error}</p>}
    </div>
  );
}

export function ConnectionFields({
  values,
  onChange,
  errors,
}: {
  values: ConnectionValues;
  onChange: (next: ConnectionValues) => void;
  errors: Record<string, string>;
}) {
  const set = <K extends keyof ConnectionValues>(key: K, value: ConnectionValues[K]) => onChange({ ...values, [key]: value });
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <HostField label="Address" hint="host name or IP address" required value={values.address} error={errors.address} onChange={(e) => set('address', e.target.value)} />
      <HostField label="Port" inputMode="numeric" required value={values.port} error={errors.port} onChange={(e) => set('port', e.target.value)} />
      <HostField label="User" hint="the account the dashboard logs in as" required value={values.user} error={errors.user} onChange={(e) => set('user', e.target.value)} />
      <HostField label="Tool directory" hint="where zoneadm, zonecfg and zlogin are" required value={values.toolDir} error={errors.toolDir} onChange={(e) => set('toolDir', e.target.value)} />
      <label className="flex items-start gap-2 text-sm sm:col-span-2">
        <input type="checkbox" className="mt-0.5" checked={values.pfexec} onChange={(e) => set('pfexec', e.target.checked)} />
        <span>
          <span className="font-medium">Run the tools with pfexec</span>
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">the user&apos;s RBAC profiles give it the rights; turn off only for root</span>
        </span>
      </label>
    </div>
  );
}
