// Stand-alone entry of the simulated zlogin, for tests and for machines without the launcher:
//   node --import tsx server/sim/zlogin-main.ts [-C] ZONE ...   (SIM_ROOT names the host)
// bin/zlogin normally goes through bin/_launch, which calls zloginProcess() the same way.
import { zloginProcess } from './zlogin';

await zloginProcess(process.argv.slice(2));
