// Every job, and the workers that run them (in the bot process, or alone: npm run worker).
import { ErrorCode, type WebAPIRateLimitedError } from "@slack/web-api";
import { type ConnectionOptions, Worker } from "bullmq";
import { digestTick } from "./digest-tick.ts";
import { sendDigest } from "./send-digest.ts";
import { assignmentTimeout } from "./assignment-timeout.ts";
import type { JobContext } from "./context.ts";
import type { JobDefinition } from "./define-job.ts";
import { postWebhook } from "./post-webhook.ts";
import { queueNames } from "./queues.ts";
import { remindAssignment } from "./remind-assignment.ts";

export const jobs: JobDefinition[] = [remindAssignment, assignmentTimeout, postWebhook, digestTick, sendDigest] as JobDefinition[];

export interface WorkerOptions {
  concurrency?: { timers: number; webhooks: number; digests: number };
  /** Digest DMs per second across all workers of this queue (BullMQ's limiter is global). */
  digestsPerSecond?: number;
}

export function startWorkers(ctx: JobContext, connection: ConnectionOptions, prefix: string, opts: WorkerOptions = {}): Worker[] {
  const concurrency = opts.concurrency ?? { timers: 20, webhooks: 5, digests: 10 };
  return (["timers", "webhooks", "digests"] as const).map((queue) => {
    const handlers = new Map(jobs.filter((j) => j.queue === queue).map((j) => [j.name, j]));
    const worker: Worker = new Worker(
      queueNames[queue],
      async (job) => {
        const def = handlers.get(job.name);
        if (!def) throw new Error(`no handler for job ${job.name}`);
        // Slack locales the bot (or another worker) stored since: digests and reminders use them.
        await ctx.services.slackLocales.refresh();
        try {
          return await def.handle(ctx, def.schema.parse(job.data), job);
        } catch (e) {
          // Slack said 429: pause the whole queue for Retry-After, and retry this job then
          // (a rate-limit pause does not use up one of its attempts).
          if ((e as { code?: string }).code === ErrorCode.RateLimitedError) {
            await worker.rateLimit(Math.max(1, (e as WebAPIRateLimitedError).retryAfter) * 1000);
            throw Worker.RateLimitError();
          }
          throw e;
        }
      },
      { connection, prefix, concurrency: concurrency[queue], ...(queue === "digests" ? { limiter: { max: opts.digestsPerSecond ?? 20, duration: 1000 } } : {}) },
    );
    worker.on("failed", (job, err) => ctx.logger.warn({ job: job?.id, attempt: job?.attemptsMade, err: err.message }, "job failed"));
    worker.on("error", (err) => ctx.logger.error({ err }, "worker error"));
    return worker;
  });
}
