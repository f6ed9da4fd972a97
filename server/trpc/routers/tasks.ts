import { z } from 'zod';
import { zoneNameSchema } from '../../illumos/validate';
import { taskManager } from '../../services';
import type { Task } from '../../zones/tasks';
import { hostNameSchema } from '../inputs';
import { procedure, router } from '../init';
import { TRPCError } from '@trpc/server';

const taskId = z.string().uuid('not a task id');

export const tasksRouter = router({
  list: procedure
    .input(
      z.object({
        host: hostNameSchema.optional(),
        zone: zoneNameSchema.optional(),
        limit: z.number().int().min(1).max(500).default(50),
      }),
    )
    .query(({ input }) => taskManager().list(input)),

  get: procedure.input(z.object({ id: taskId })).query(({ input }) => {
    const task = taskManager().get(input.id);
    if (!task) throw new TRPCError({ code: 'NOT_FOUND', message: `no task ${input.id}` });
    return task;
  }),
});

export type { Task };
