// Every job, and the workers that run them (in the bot process, or alone: npm run worker).
import { type ConnectionOptions, Worker } from "bullmq";
import { assignmentTimeout } from "./assignment-timeout.ts";
import type { JobContext } from "./context.ts";
import type { JobDefinition } from "./define-job.ts";
import { postWebhook } from "./post-webhook.ts";
import { queueNames } from "./queues.ts";
import { remindAssignment } from "./remind-assignment.ts";

export const jobs: JobDefinition[] = [remindAssignment, assignmentTimeout, postWebhook] as JobDefinition[];

export function startWorkers(ctx: JobContext, connection: ConnectionOptions, prefix: string, concurrency = { timers: 20, webhooks: 5 }): Worker[] {
  return (["timers", "webhooks"] as const).map((queue) => {
    const handlers = new Map(jobs.filter((j) => j.queue === queue).map((j) => [j.name, j]));
    const worker = new Worker(
      queueNames[queue],
      async (job) => {
        const def = handlers.get(job.name);
        if (!def) throw new Error(`no handler for job ${job.name}`);
        return def.handle(ctx, def.schema.parse(job.data), job);
      },
      { connection, prefix, concurrency: concurrency[queue] },
    );
    worker.on("failed", (job, err) => ctx.logger.warn({ job: job?.id, attempt: job?.attemptsMade, err: err.message }, "job failed"));
    worker.on("error", (err) => ctx.logger.error({ err }, "worker error"));
    return worker;
  });
}
