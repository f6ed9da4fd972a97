// Input schemas shared by the routers. Everything that can reach a tool is checked here with
// the tool's own rules (server/illumos/validate.ts), so refused input never spawns anything.
import { z } from 'zod';
import { zoneNameSchema } from '../illumos/validate';

/** Host names are our own identifiers (registry names), never passed to a tool. */
export const hostNameSchema = z
  .string()
  .min(1, 'a host name is required')
  .max(64, 'host names are at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'host names are letters, digits, and _ . -');

export const hostInput = z.object({ host: hostNameSchema.optional() });
export const zoneRefInput = z.object({ host: hostNameSchema, zone: zoneNameSchema });
