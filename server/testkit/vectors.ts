// Access to the shared illumos test vectors (../shared/illumos/vectors beside the repo;
// CI lays a copy of shared/ next to the clone). ILLUMOS_VECTORS overrides the location.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function vectorsDir(): string {
  const dir = process.env.ILLUMOS_VECTORS ?? path.resolve(repoRoot, '../shared/illumos/vectors');
  if (!existsSync(dir)) {
    throw new Error(`illumos vectors not found at ${dir}; set ILLUMOS_VECTORS to the vectors folder`);
  }
  return dir;
}

export function listVectors(): string[] {
  return readdirSync(vectorsDir()).filter((f) => f.endsWith('.txt')).sort();
}

/** A vector file: its first line (the provenance header, without '# ') and the rest, byte for byte. */
export function readVector(name: string): { header: string; body: string } {
  const text = readFileSync(path.join(vectorsDir(), name), 'utf8');
  const nl = text.indexOf('\n');
  const first = nl === -1 ? text : text.slice(0, nl);
  return { header: first.replace(/^#\s?/, ''), body: nl === -1 ? '' : text.slice(nl + 1) };
}

export interface VectorSection {
  /** the command line after '$ ', annotations included (e.g. '(state installed)   [1]') */
  command: string;
  /** the exit status given in [brackets] on the command line, if any */
  exit: number | null;
  /** the lines that follow, up to the next '$ ' line, joined with '\n' (a final '\n' when non-empty) */
  output: string;
}

/** Splits the '$ cmd' convention used by many vectors into sections. */
export function vectorSections(name: string): VectorSection[] {
  const { body } = readVector(name);
  const sections: VectorSection[] = [];
  let cur: { command: string; lines: string[] } | null = null;
  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (line.startsWith('$ ')) {
      if (cur) sections.push(finish(cur));
      cur = { command: line.slice(2), lines: [] };
    } else if (cur) {
      cur.lines.push(line);
    }
  }
  if (cur) sections.push(finish(cur));
  return sections;
}

function finish(cur: { command: string; lines: string[] }): VectorSection {
  const m = /\[(\d+)\]\s*$/.exec(cur.command);
  return {
    command: cur.command,
    exit: m ? Number(m[1]) : null,
    output: cur.lines.length ? cur.lines.join('\n') + '\n' : '',
  };
}
