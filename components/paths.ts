// Every URL of the dashboard, built in one place: names are encoded once, here, and a page
// that moves changes one line. Pages (app/) and components link with these, never with
// hand-made template strings.

const seg = encodeURIComponent;

export const paths = {
  zones: () => '/',
  newZone: () => '/zones/new',
  zone: (host: string, zone: string) => `/zones/${seg(host)}/${seg(zone)}`,
  console: (host: string, zone: string) => `/zones/${seg(host)}/${seg(zone)}/console`,
  task: (id: string) => `/tasks/${seg(id)}`,
  hosts: () => '/hosts',
  users: () => '/users',
  audit: () => '/audit',
  doctor: () => '/doctor',
  account: () => '/account',
  /** the sign-in page, coming back to `next` (a path of this site) afterwards */
  login: (next?: string) => (next === undefined ? '/login' : `/login?next=${seg(next)}`),
  setup: () => '/setup',
  /** the console's websocket (server/ws/upgrade.ts), on this page's origin */
  consoleSocket: (origin: { protocol: string; host: string }, host: string, zone: string, query: { ticket?: string; mode?: 'ro' | 'rw' } = {}) => {
    const q = new URLSearchParams();
    if (query.ticket) q.set('ticket', query.ticket);
    if (query.mode === 'ro') q.set('mode', 'ro');
    const qs = q.toString();
    return `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}/ws/console/${seg(host)}/${seg(zone)}${qs ? `?${qs}` : ''}`;
  },
} as const;
