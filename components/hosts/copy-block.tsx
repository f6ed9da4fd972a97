'use client';
// A command or key to copy onto a host: shown whole (wrapped, never cut), with a Copy button
// that says when it worked. Without a clipboard (a plain-http page on another machine) the
// text is selected instead, ready for Ctrl+C.
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/dialog';

export function CopyBlock({ label, text }: { label: string; text: string }) {
  const ref = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState<'copied' | 'selected' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      const range = document.createRange();
      if (ref.current) range.selectNodeContents(ref.current);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      setCopied('selected');
    }
    setTimeout(() => setCopied(null), 2000);
  };
  return (
    <div className="flex items-start gap-2">
      <pre
        ref={ref}
        aria-label={label}
        className="min-w-0 flex-1 whitespace-pre-wrap break-all rounded-md bg-zinc-100 px-2.5 py-1.5 font-mono text-xs text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100"
      >
        {text}
      </pre>
      <Button onClick={() => void copy()} className="shrink-0">
        {copied === 'copied' ? 'Copied' : copied === 'selected' ? 'Selected' : 'Copy'}
        <span className="sr-only"> {label}</span>
      </Button>
      <span role="status" className="sr-only">
        {copied === 'copied' ? `${label} copied` : copied === 'selected' ? `${label} selected: press Control C to copy` : ''}
      </span>
    </div>
  );
}
