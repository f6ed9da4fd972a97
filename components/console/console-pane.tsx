'use client';
// The console pane: a zone's `zlogin -C`, shared with everyone else watching it. A toolbar
// (status, viewers, send Enter, search, transcript, full screen), a line that explains the
// status when it needs explaining, the terminal, and under it how to leave the terminal by
// keyboard (it keeps Tab for the zone): the leave key, said in text and in the terminal's
// description, and a button that does the same.
import '@xterm/xterm/css/xterm.css';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ViewerMode } from '@/server/console/protocol';
import { Presence, StatusBadge, summarize } from './console-status';
import { ConsoleSearch } from './console-search';
import { useConsole } from './use-console';
import { LEAVE_KEY_HINT } from './leave-key';
import { paths } from '@/components/paths';

export function ConsolePane({
  host,
  zone,
  mode = 'rw',
  heightClass = 'h-[28rem]',
  extra,
}: {
  host: string;
  zone: string;
  mode?: ViewerMode;
  /** the terminal's height outside full screen */
  heightClass?: string;
  /** more toolbar items (a link to the console page) */
  extra?: ReactNode;
}) {
  const section = useRef<HTMLElement>(null);
  const termEl = useRef<HTMLDivElement>(null);
  const toolbar = useRef<HTMLDivElement>(null);
  const helpId = useId();
  // out of the terminal, to the first control of the toolbar just above it: from there Tab
  // and Shift+Tab go on through the page
  const leave = () => toolbar.current?.querySelector<HTMLElement>('a[href], button:not([disabled])')?.focus();
  const [view, controls] = useConsole(host, zone, mode, termEl, { onLeave: leave, describedBy: helpId });
  const [searching, setSearching] = useState(false);
  const fullscreen = useFullscreen(section);
  const now = useNow(view.link.kind === 'waiting');
  const summary = summarize(zone, view.link, view.status, now);
  const readOnly = view.mode === 'ro';

  return (
    <section
      ref={section}
      aria-label={`Console of ${zone}`}
      className={`flex flex-col overflow-hidden rounded-lg border border-zinc-800 bg-zinc-950 text-zinc-100 ${fullscreen.active ? 'h-screen' : ''}`}
      onKeyDown={(e) => {
        if (e.ctrlKey && e.shiftKey && e.code === 'KeyF') {
          e.preventDefault();
          setSearching(true);
        }
      }}
    >
      <div ref={toolbar} role="toolbar" aria-label="Console controls" className="flex flex-wrap items-center gap-2 border-b border-zinc-800 px-3 py-2">
        <div role="status" aria-live="polite" className="flex items-center gap-2">
          <span className="sr-only">Console status:</span>
          <StatusBadge summary={summary} />
          {readOnly && <span className="rounded bg-zinc-800 px-1.5 py-0.5 text-xs text-zinc-300">read-only</span>}
        </div>
        <Presence viewers={view.viewers} selfId={view.selfId} />
        <div className="ml-auto flex flex-wrap items-center gap-1.5">
          {extra}
          <ToolButton onClick={controls.sendEnter} disabled={readOnly || (summary.kind !== 'connected' && summary.kind !== 'not-running')} title="Send a carriage return to wake the login prompt">
            Send Enter
          </ToolButton>
          <ToolButton onClick={() => setSearching((s) => !s)} aria-pressed={searching} title="Search the scrollback (Ctrl+Shift+F)">
            Search
          </ToolButton>
          <ToolButton onClick={controls.download} title="Download what this view has received">
            Download transcript
          </ToolButton>
          <ToolButton onClick={fullscreen.toggle} aria-pressed={fullscreen.active}>
            {fullscreen.active ? 'Exit full screen' : 'Full screen'}
          </ToolButton>
        </div>
      </div>
      {summary.detail && (
        <p className="flex items-center gap-3 border-b border-zinc-800 bg-zinc-900 px-3 py-1.5 text-sm text-zinc-300">
          <span>{summary.detail}</span>
          {view.link.kind === 'ended' && (
            <a href={paths.login(typeof location === 'undefined' ? '/' : location.pathname + location.search)} className="text-sky-300 underline hover:text-sky-200">
              Sign in
            </a>
          )}
          {summary.kind === 'disconnected' && view.link.kind !== 'ended' && (
            <button type="button" onClick={controls.retry} className="text-sky-300 underline hover:text-sky-200">
              Reconnect now
            </button>
          )}
        </p>
      )}
      {view.notice && (
        <p role="status" className="border-b border-zinc-800 bg-zinc-900 px-3 py-1.5 text-sm text-amber-200">
          {view.notice}
        </p>
      )}
      {searching && (
        <ConsoleSearch
          results={view.search}
          onFind={controls.find}
          onClose={() => {
            setSearching(false);
            controls.clearSearch();
            controls.focus();
          }}
        />
      )}
      <div
        ref={termEl}
        role="application"
        aria-label={`Console of ${zone}${readOnly ? ' (read-only)' : ''}`}
        aria-roledescription="terminal"
        aria-describedby={helpId}
        className={`min-h-0 px-2 py-1 ${fullscreen.active ? 'flex-1' : heightClass}`}
      />
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-zinc-800 px-3 py-1.5 text-xs text-zinc-300">
        <p id={helpId}>
          In the terminal, Tab goes to the zone. Press <kbd className="rounded border border-zinc-600 px-1 font-mono">{LEAVE_KEY_HINT}</kbd> to
          leave the terminal.
        </p>
        <ToolButton onClick={leave}>Leave terminal</ToolButton>
      </div>
    </section>
  );
}

function ToolButton(props: React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      {...props}
      className="rounded-md border border-zinc-700 bg-zinc-900 px-2.5 py-1 text-xs font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed disabled:opacity-50 aria-pressed:bg-zinc-700"
    />
  );
}

function useFullscreen(ref: React.RefObject<HTMLElement | null>) {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const on = () => setActive(document.fullscreenElement === ref.current && ref.current !== null);
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, [ref]);
  return {
    active,
    toggle: () => {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void ref.current?.requestFullscreen?.().catch(() => {});
    },
  };
}

/** the time, ticking each second while `ticking` (the reconnect countdown) */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const first = setTimeout(() => setNow(Date.now()), 0);
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [ticking]);
  return now;
}
