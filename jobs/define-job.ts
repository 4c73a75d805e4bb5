// A job declares its name, payload schema and handler together; payloads carry ids only.
import type { Job } from "bullmq";
import type { z } from "zod";
import type { JobContext } from "./context.ts";

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  queue: "timers" | "webhooks" | "digests";
  schema: S;
  handle(ctx: JobContext, payload: z.infer<S>, job: Job): Promise<unknown>;
}

export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>) => def;
