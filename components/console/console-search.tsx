'use client';
// Search in the console's scrollback: as you type, Enter for the next match, Shift+Enter for
// the previous one, Escape to close.
import { useState } from 'react';

export function ConsoleSearch({
  results,
  onFind,
  onClose,
}: {
  results: { index: number; count: number } | null;
  onFind: (text: string, direction: 'next' | 'previous', incremental?: boolean) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const found = results && text ? (results.count === 0 ? 'No matches' : `${results.index + 1} of ${results.count}`) : '';
  return (
    <div role="search" className="flex items-center gap-2 border-b border-zinc-800 bg-zinc-900 px-3 py-1.5 text-sm">
      <input
        autoFocus
        type="search"
        aria-label="Search the console"
        placeholder="Search the console"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onFind(e.target.value, 'next', true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onFind(text, e.shiftKey ? 'previous' : 'next');
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
        className="w-64 rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5 text-zinc-100 placeholder:text-zinc-500"
      />
      <span aria-live="polite" className="min-w-20 text-xs text-zinc-400">
        {found}
      </span>
      <button type="button" onClick={() => onFind(text, 'previous')} className="text-xs text-zinc-300 hover:text-white" aria-label="Previous match">
        ↑
      </button>
      <button type="button" onClick={() => onFind(text, 'next')} className="text-xs text-zinc-300 hover:text-white" aria-label="Next match">
        ↓
      </button>
      <button type="button" onClick={onClose} className="ml-auto text-xs text-zinc-400 hover:text-white" aria-label="Close search">
        ✕
      </button>
    </div>
  );
}
