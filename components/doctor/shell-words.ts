// An argv as a person would type it in a shell on the host: words with anything beyond the
// plain characters are single-quoted, so "usermod -P 'Zone Management,…' zdash" reads exactly
// as it must be run. For display only: the dashboard itself never runs a shell.
const PLAIN = /^[A-Za-z0-9_./:@=,+%-]+$/;

export function shellWords(argv: readonly string[]): string {
  return argv.map((w) => (PLAIN.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}
