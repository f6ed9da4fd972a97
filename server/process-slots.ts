// The one bridge between the custom server (server/main.ts) and Next's bundled routes. Next
// bundles the routes separately, so a module both load exists twice, with its own module
// variables. State that must be one per process (the services, session events, the setup
// token, console tickets, the audit scope…) therefore lives in ONE object on globalThis, each
// piece in a named slot made on first use. Nothing else in the server touches globalThis.
const KEY = Symbol.for('zonedash.process');

type Slots = Record<string, unknown>;

/** The process's value of `name`, made by `make` the first time any copy of a module asks. */
export function processSlot<T>(name: string, make: () => T): T {
  const g = globalThis as { [KEY]?: Slots };
  const slots = (g[KEY] ??= {});
  if (!(name in slots)) slots[name] = make();
  return slots[name] as T;
}

/** Replaces a slot's value (a restarted timer, a consumed token). */
export function setProcessSlot<T>(name: string, value: T): void {
  const g = globalThis as { [KEY]?: Slots };
  (g[KEY] ??= {})[name] = value;
}
