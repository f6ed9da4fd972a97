// Simulated zlogin(1). (stub — being implemented)
import type { ToolIO } from './tool-io';

export async function zloginMain(_args: string[], _io: ToolIO): Promise<number> {
  return 1;
}
export async function zloginProcess(_args: string[]): Promise<void> {}
