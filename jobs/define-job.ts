// A job declares its name, payload schema and handler together; payloads carry ids only.
import type { Job } from "bullmq";
import type { z } from "zod";
import type { JobContext } from "./context.ts";
import type { QueueName } from "./queues.ts";

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  queue: QueueName;
  schema: S;
  /** `token`: the worker's lock on the job, for moving it back to delayed (job.moveToDelayed). */
  handle(ctx: JobContext, payload: z.infer<S>, job: Job, token?: string): Promise<unknown>;
}

export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>) => def;
