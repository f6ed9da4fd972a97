'use client';
// The one button of the dashboard. A button that cannot be used now says why to everyone: it
// stays focusable (aria-disabled rather than disabled, so keyboard users reach it and screen
// readers read it), its reason is its accessible description (aria-describedby), and the
// reason shows beside it on hover and focus, or, where it must be readable without a pointer
// or focus, the caller writes it on the page and names it (`describedBy`: a toolbar's list of
// reasons under its buttons). With
// `href` and nothing in the way it is a link. Danger (an action that destroys something) has
// one quiet style everywhere: red words and border, not a solid red block, so a page with
// several of them does not shout and the one that matters is still told apart.
import Link from 'next/link';
import { useId, type ButtonHTMLAttributes, type MouseEvent } from 'react';

export type ButtonVariant = 'default' | 'primary' | 'danger';

const STYLES: Record<ButtonVariant, string> = {
  default:
    'border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100 dark:hover:bg-zinc-700',
  primary: 'bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300',
  danger:
    'border border-red-300 bg-white text-red-700 hover:bg-red-50 dark:border-red-800 dark:bg-zinc-900 dark:text-red-400 dark:hover:bg-red-950',
};

const BASE =
  'inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** why it cannot be used now; set, the button is aria-disabled and describes itself with it */
  disabledReason?: string | null;
  /** a link when usable (e.g. "Create zone"), a described, aria-disabled button when not */
  href?: string;
  /** the id of the disabled reason written on the page by the caller; the button then draws
   *  no hover tip of its own */
  describedBy?: string;
}

export function Button({ variant = 'default', disabledReason, href, describedBy, className = '', children, onClick, ...props }: ButtonProps) {
  const reasonId = useId();
  const classes = `${BASE} ${STYLES[variant]} ${className}`;
  if (href && !disabledReason && !props.disabled) {
    return (
      <Link href={href} className={classes} aria-describedby={props['aria-describedby']}>
        {children}
      </Link>
    );
  }
  if (!disabledReason) {
    return (
      <button type="button" className={classes} onClick={onClick} {...props}>
        {children}
      </button>
    );
  }
  const refuse = (e: MouseEvent<HTMLButtonElement>) => e.preventDefault();
  if (describedBy) {
    return (
      <button type="button" {...props} className={classes} aria-disabled="true" aria-describedby={describedBy} onClick={refuse}>
        {children}
      </button>
    );
  }
  return (
    <span className="group relative inline-flex">
      <button
        type="button"
        {...props}
        className={classes}
        aria-disabled="true"
        aria-describedby={reasonId}
        onClick={refuse}
      >
        {children}
      </button>
      <span
        id={reasonId}
        className="pointer-events-none absolute left-0 top-full z-20 mt-1 hidden w-max max-w-xs rounded bg-zinc-900 px-2 py-1 text-xs font-normal text-white shadow group-focus-within:block group-hover:block dark:bg-zinc-100 dark:text-zinc-900"
      >
        {disabledReason}
      </span>
    </span>
  );
}
