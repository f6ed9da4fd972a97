// 50 live sparklines in a table: the real <Sparkline> components (uPlot), bundled with esbuild
// into a page (bench/metrics-sparklines-page.tsx) that appends a point to every one of them
// every 5 s (as the live subscription will), scrolled up and down in Chromium while frame times are taken from
// requestAnimationFrame. The bar: p95 frame ≤ 20 ms.
//   npx tsx bench/metrics-sparklines.ts [seconds=10] [live|static|none] [updateMs=5000]
// static: no live updates; none: numbers instead of sparklines (the machine's own baseline).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';

const seconds = Number(process.argv[2] ?? 10);
const mode = `#${process.argv[3] ?? 'live'}&every=${Number(process.argv[4] ?? 5000)}`;
const here = path.dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(path.join(os.tmpdir(), 'bench-sparklines-'));
await build({
  entryPoints: [path.join(here, 'metrics-sparklines-page.tsx')],
  bundle: true,
  format: 'iife',
  outdir: out,
  minify: true,
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: { '@': path.resolve(here, '..') },
  logLevel: 'error',
});
writeFileSync(
  path.join(out, 'index.html'),
  `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="metrics-sparklines-page.css"><style>.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}</style></head><body style="height:600px;overflow:auto;margin:0"><div id="root"></div><script src="metrics-sparklines-page.js"></script></body></html>`,
);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
await page.goto(`file://${path.join(out, 'index.html')}${mode}`);
await page.waitForFunction(mode.includes('none') ? "document.querySelectorAll('tr').length >= 50" : "document.querySelectorAll('canvas').length >= 100");
// (a string: tsx would decorate a function with helpers the page does not have)
const frames = (await page.evaluate(`new Promise((resolve) => {
  const deltas = [];
  let last = performance.now();
  let dir = 1;
  const end = last + ${seconds * 1000};
  const step = (now) => {
    deltas.push(now - last);
    last = now;
    const max = document.documentElement.scrollHeight - innerHeight;
    if (window.scrollY >= max - 1) dir = -1;
    if (window.scrollY <= 0) dir = 1;
    window.scrollBy(0, 40 * dir);
    if (now < end) requestAnimationFrame(step);
    else resolve(deltas.slice(1));
  };
  requestAnimationFrame(step);
})`)) as number[];
const canvases = (await page.evaluate("document.querySelectorAll('canvas').length")) as number;
await browser.close();
rmSync(out, { recursive: true, force: true });

const sorted = [...frames].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const result = {
  sparklines: canvases,
  frames: frames.length,
  p50ms: Number(q(0.5).toFixed(1)),
  p95ms: Number(q(0.95).toFixed(1)),
  maxMs: Number(sorted.at(-1)!.toFixed(1)),
  verdict: q(0.95) <= 20 ? 'PASS (p95 frame ≤ 20 ms)' : 'FAIL',
};
console.log(JSON.stringify(result, null, 2));
process.exit(result.verdict.startsWith('PASS') ? 0 : 1);
