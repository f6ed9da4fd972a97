// The one error every parser throws on output it cannot read, so callers can tell "the tool
// printed something unexpected" apart from their own bugs.

export class ParseError extends Error {
  /** 1-based line of the offending text, 0 when the problem is not tied to a line */
  readonly line: number;
  constructor(what: string, line: number, problem: string) {
    super(line > 0 ? `${what}, line ${line}: ${problem}` : `${what}: ${problem}`);
    this.name = 'ParseError';
    this.line = line;
  }
}

/** A line quoted for an error message: shortened, control characters escaped. */
export function quoteLine(line: string): string {
  return JSON.stringify(line.length > 80 ? line.slice(0, 80) + '…' : line);
}

/** Splits tool output into lines; the final newline does not make an extra empty line. */
export function outputLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
