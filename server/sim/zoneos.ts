// Simulated zone operating system: per-zone root filesystem and console log.
// (stub — being implemented)
import type { SimZone } from './types';

export async function installZoneRoot(_root: string, _zone: SimZone): Promise<void> {}
export async function removeZoneRoot(_root: string, _zoneName: string): Promise<void> {}
export async function consoleNotice(_root: string, _zoneName: string, _message: string): Promise<void> {}
export async function zoneBooted(_root: string, _zone: SimZone, _bootargs: string): Promise<void> {}
export async function zoneStopped(_root: string, _zoneName: string, _how: string): Promise<void> {}
