// Simulated ipadm(8). (stub — being implemented)
import type { ToolIO } from './tool-io';

export async function ipadmMain(_args: string[], _io: ToolIO): Promise<number> {
  return 1;
}
