'use client';
// A zone's action menu. Every verb is listed; one that cannot run now, or has nothing to do
// ("zone is already booted"), is disabled and says why, in zoneadm's words.
import { useEffect, useId, useRef, useState } from 'react';
import { VERBS, type Capability, type ZoneVerb } from './capabilities';

export function ActionsMenu({
  zone,
  state,
  can,
  onAction,
}: {
  zone: string;
  state: string;
  can: (verb: ZoneVerb, state: string) => Capability;
  onAction: (verb: ZoneVerb) => void;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const items = menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]');
    items?.[0]?.focus();
    const onDown = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && e.target !== buttonRef.current) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      setOpen(false);
      buttonRef.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className="relative inline-block text-left">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Actions for ${zone}`}
        onClick={() => setOpen((o) => !o)}
        className="rounded px-2 py-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <span aria-hidden="true">•••</span>
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={`Actions for ${zone}`}
          onKeyDown={onKeyDown}
          className="absolute right-0 z-20 mt-1 w-72 rounded-md border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {VERBS.map(({ verb, label, danger }) => {
            const c = can(verb, state);
            // nothing to do (boot a running zone) is disabled too: the UI records no no-op task
            const disabled = c.kind !== 'ok';
            return (
              <button
                key={verb}
                type="button"
                role="menuitem"
                aria-disabled={disabled}
                onClick={() => {
                  if (disabled) return;
                  setOpen(false);
                  // back on the menu's button: a confirmation that opens returns focus there
                  buttonRef.current?.focus();
                  onAction(verb);
                }}
                className={`block w-full px-3 py-1.5 text-left text-sm focus:bg-zinc-100 focus:outline-none dark:focus:bg-zinc-800 ${
                  disabled
                    ? 'cursor-not-allowed text-zinc-400 dark:text-zinc-500'
                    : danger
                      ? 'text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950'
                      : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'
                }`}
              >
                {label}
                {c.kind !== 'ok' && <span className="block text-xs text-zinc-500 dark:text-zinc-400">{c.reason}</span>}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
