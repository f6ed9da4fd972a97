// Process-wide services shared by the custom server and Next's bundled routes (globalThis,
// since each bundle would otherwise get its own instance).
import { database } from '../db/database';
import { TaskManager } from './tasks';

const KEY = Symbol.for('zonedash.tasks');
type Holder = { [KEY]?: TaskManager };

export function taskManager(): TaskManager {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const manager = new TaskManager(database());
    // Whatever was running when the previous process died did not finish.
    const interrupted = manager.markInterrupted();
    if (interrupted > 0) console.log(`marked ${interrupted} task(s) interrupted by the last shutdown`);
    holder[KEY] = manager;
  }
  return holder[KEY];
}
