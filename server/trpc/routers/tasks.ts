import { z } from 'zod';
import { zoneNameSchema } from '../../illumos/validate';
import { taskManager } from '../../services';
import type { Task, TaskBrief } from '../../zones/tasks';
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

  /** Each zone's latest task (of one host, or all): the zone table and zone page say from it
   *  what runs on a zone and whether its last task failed. The page's live subscription keeps
   *  it current from task events. */
  latest: procedure
    .input(z.object({ host: hostNameSchema.optional() }))
    .query(({ input }) => taskManager().latestPerZone(input)),

  get: procedure.input(z.object({ id: taskId })).query(({ input }) => {
    const task = taskManager().get(input.id);
    if (!task) throw new TRPCError({ code: 'NOT_FOUND', message: `no task ${input.id}` });
    return task;
  }),
});

export type { Task, TaskBrief };
