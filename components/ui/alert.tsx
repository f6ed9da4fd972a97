// The one message box: an error, a warning, a confirmation or a note, with the role that
// makes a screen reader announce it when it should (alert for errors and warnings that
// appear after an action, status for the rest). `inline` is a single line without a box.
import type { ReactNode } from 'react';

export type AlertTone = 'error' | 'warning' | 'success' | 'info';

const BOX: Record<AlertTone, string> = {
  error: 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200',
  warning: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200',
  success: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200',
  info: 'border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-200',
};

const INLINE: Record<AlertTone, string> = {
  error: 'text-red-700 dark:text-red-400',
  warning: 'text-amber-800 dark:text-amber-300',
  success: 'text-emerald-700 dark:text-emerald-400',
  info: 'text-zinc-600 dark:text-zinc-400',
};

export function Alert({
  tone = 'error',
  title,
  inline = false,
  role,
  className = '',
  children,
}: {
  tone?: AlertTone;
  title?: ReactNode;
  /** one line of text in the tone's colour, no box */
  inline?: boolean;
  /** defaults to alert for errors and warnings, status otherwise */
  role?: 'alert' | 'status';
  className?: string;
  children?: ReactNode;
}) {
  const r = role ?? (tone === 'error' || tone === 'warning' ? 'alert' : 'status');
  if (inline) {
    return (
      <p role={r} className={`text-sm ${INLINE[tone]} ${className}`}>
        {title && <span className="font-medium">{title} </span>}
        {children}
      </p>
    );
  }
  return (
    <div role={r} className={`rounded-md border p-3 text-sm ${BOX[tone]} ${className}`}>
      {title && <p className="font-medium">{title}</p>}
      {children && <div className={title ? 'mt-1 space-y-1' : 'space-y-1'}>{children}</div>}
    </div>
  );
}
