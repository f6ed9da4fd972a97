'use client';
// xterm.js and the console connection, wired together inside an element. xterm and its
// addons are imported here, at run time, so they load only on pages that show a console.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';
import type { SearchAddon } from '@xterm/addon-search';
import type { ConsoleStatus, PresenceEntry, ViewerMode } from '@/server/console/protocol';
import { TRPCClientError } from '@trpc/client';
import { useTRPCClient } from '@/components/trpc/client';
import { ConsoleConnection, ConsoleEnded, consoleUrl, type LinkState } from './connection';
import { Transcript } from './transcript';
import { isLeaveKey } from './leave-key';

export interface ConsoleView {
  link: LinkState;
  status: ConsoleStatus | null;
  viewers: PresenceEntry[];
  selfId: string;
  mode: ViewerMode;
  notice: string | null;
  /** results of the current search, when the terminal reports them */
  search: { index: number; count: number } | null;
}

export interface ConsoleControls {
  sendEnter(): void;
  find(term: string, direction: 'next' | 'previous', incremental?: boolean): void;
  clearSearch(): void;
  download(): void;
  focus(): void;
  retry(): void;
}

const THEME = {
  background: '#09090b',
  foreground: '#e4e4e7',
  cursor: '#a1a1aa',
  selectionBackground: '#3f3f46',
};

export interface ConsoleKeys {
  /** the leave key (leave-key.ts) was pressed in the terminal: move focus out of it */
  onLeave: () => void;
  /** the id of the text that says how to leave, for the terminal's input (what gets focus) */
  describedBy: string;
}

export function useConsole(
  host: string,
  zone: string,
  mode: ViewerMode,
  container: RefObject<HTMLDivElement | null>,
  keys?: ConsoleKeys,
): [ConsoleView, ConsoleControls] {
  const [view, setView] = useState<ConsoleView>({
    link: { kind: 'connecting', attempt: 0 },
    status: null,
    viewers: [],
    selfId: '',
    mode,
    notice: null,
    search: null,
  });
  const parts = useRef<{ term: Terminal; fit: FitAddon; search: SearchAddon; conn: ConsoleConnection; transcript: Transcript } | null>(null);
  const client = useTRPCClient();
  // read at key time: the terminal is made once per console, its owner's callbacks may change
  const keysRef = useRef(keys);
  useEffect(() => {
    keysRef.current = keys;
  });

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let disposed = false;
    let cleanup = () => {};
    const set = (patch: Partial<ConsoleView>) => {
      if (!disposed) setView((v) => ({ ...v, ...patch }));
    };
    void Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit'), import('@xterm/addon-search')]).then(([x, f, s]) => {
      if (disposed) return;
      const term = new x.Terminal({
        screenReaderMode: true,
        scrollback: 10_000,
        fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace',
        fontSize: 13,
        cursorBlink: true,
        disableStdin: mode === 'ro',
        allowProposedApi: true,
        theme: THEME,
      });
      const fit = new f.FitAddon();
      const search = new s.SearchAddon();
      term.loadAddon(fit);
      term.loadAddon(search);
      term.open(el);
      const transcript = new Transcript();
      const conn = new ConsoleConnection({
        // every attempt gets a fresh single-use ticket (server/auth/tickets.ts)
        url: async () => {
          try {
            const t = await client.console.ticket.mutate({ host, zone, readOnly: mode === 'ro' });
            return consoleUrl(host, zone, t.mode, t.ticket);
          } catch (e) {
            if (e instanceof TRPCClientError && e.data?.code === 'UNAUTHORIZED') throw new ConsoleEnded('you are signed out');
            throw e;
          }
        },
        mode,
        name: 'viewer',
        size: () => ({ cols: term.cols, rows: term.rows }),
        sink: {
          write: (data, done) => {
            transcript.add(data);
            term.write(data, done);
          },
          note: (text) => {
            const line = `\r\n\x1b[2m${text}\x1b[0m\r\n`;
            transcript.add(new TextEncoder().encode(`\r\n${text}\r\n`));
            term.write(line);
          },
        },
        events: {
          link: (link) => set({ link }),
          status: (status) => set({ status }),
          presence: (viewers, selfId) => set({ viewers, selfId }),
          notice: (notice) => set({ notice }),
          mode: (m) => {
            term.options.disableStdin = m === 'ro';
            set({ mode: m });
          },
        },
      });
      term.onData((d) => conn.send(d));
      term.attachCustomKeyEventHandler((e) => {
        if (isLeaveKey(e)) {
          if (e.type === 'keydown') {
            e.preventDefault();
            keysRef.current?.onLeave();
          }
          return false;
        }
        return clipboardKeys(e, term);
      });
      const describedBy = keysRef.current?.describedBy;
      if (describedBy) term.textarea?.setAttribute('aria-describedby', describedBy);
      search.onDidChangeResults((r) => set({ search: { index: r.resultIndex, count: r.resultCount } }));
      const refit = () => {
        try {
          fit.fit();
        } catch {
          /* hidden: no size */
        }
      };
      refit();
      term.onResize(({ cols, rows }) => conn.resize(cols, rows));
      const ro = new ResizeObserver(() => refit());
      ro.observe(el);
      parts.current = { term, fit, search, conn, transcript };
      conn.start();
      cleanup = () => {
        ro.disconnect();
        conn.stop();
        term.dispose();
        parts.current = null;
      };
    });
    return () => {
      disposed = true;
      cleanup();
    };
  }, [host, zone, mode, container, client]);

  const controls: ConsoleControls = {
    sendEnter: () => {
      parts.current?.conn.send('\r');
      parts.current?.term.focus();
    },
    find: (text, direction, incremental = false) => {
      const p = parts.current;
      if (!p || !text) return;
      const opts = {
        incremental,
        decorations: {
          matchBackground: '#854d0e',
          activeMatchBackground: '#ca8a04',
          matchOverviewRuler: '#ca8a04',
          activeMatchColorOverviewRuler: '#fde047',
        },
      };
      if (direction === 'next') p.search.findNext(text, opts);
      else p.search.findPrevious(text, opts);
    },
    clearSearch: () => {
      parts.current?.search.clearDecorations();
      setView((v) => ({ ...v, search: null }));
    },
    download: () => parts.current?.transcript.download(`${host}-${zone}-console-${stamp()}.txt`),
    focus: () => parts.current?.term.focus(),
    retry: () => parts.current?.conn.retryNow(),
  };
  return [view, controls];
}

/** Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes; plain Ctrl+C stays ^C for the zone. */
function clipboardKeys(e: KeyboardEvent, term: Terminal): boolean {
  if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
  if (e.code === 'KeyC') {
    if (term.hasSelection()) void navigator.clipboard?.writeText(term.getSelection()).catch(() => {});
    e.preventDefault();
    return false;
  }
  // Ctrl+Shift+V: not a key for the zone; the browser's own paste lands in xterm's textarea,
  // which sends it as one paste (works without clipboard permissions, on plain http too)
  if (e.code === 'KeyV') return false;
  return true;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
}
