// A job declares its name, queue, payload schema and handler together, and is queued only
// through its own `enqueue`, so a payload is checked against the schema on both sides.
// Payloads carry ids only: the handler reads the rest from PostgreSQL when it runs.
import type { Job, JobsOptions } from "bullmq";
import type { z } from "zod";
import type { JobContext } from "./context.ts";
import type { QueueName, Queues } from "./queues.ts";

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  queue: QueueName;
  schema: S;
  /** `token`: the worker's lock on the job, for moving it back to delayed (job.moveToDelayed). */
  handle(ctx: JobContext, payload: z.infer<S>, job: Job, token?: string): Promise<unknown>;
}

export interface DefinedJob<S extends z.ZodType = z.ZodType> extends JobDefinition<S> {
  enqueue(queues: Queues, payload: z.input<S>, opts?: JobsOptions): Promise<unknown>;
  enqueueMany(
    queues: Queues,
    jobs: { payload: z.input<S>; opts?: JobsOptions }[],
  ): Promise<unknown>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): DefinedJob<S> {
  return {
    ...def,
    enqueue: (queues, payload, opts) =>
      queues[def.queue].add(def.name, def.schema.parse(payload), opts),
    enqueueMany: (queues, jobs) =>
      queues[def.queue].addBulk(
        jobs.map((j) => ({ name: def.name, data: def.schema.parse(j.payload), opts: j.opts })),
      ),
  };
}
