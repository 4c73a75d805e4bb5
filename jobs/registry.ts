// Every job, and the workers that run them (in the bot process, or alone: npm run worker).
import { ErrorCode, type WebAPIRateLimitedError } from "@slack/web-api";
import { type ConnectionOptions, Worker } from "bullmq";
import { assignmentTimeout } from "./assignment-timeout.ts";
import type { JobContext } from "./context.ts";
import type { JobDefinition } from "./define-job.ts";
import { deliverPost, deliverRespond, deliverUpdate } from "./deliver-message.ts";
import { digestTick } from "./digest-tick.ts";
import { outboundCheck } from "./outbound-check.ts";
import { postWebhook } from "./post-webhook.ts";
import { publishHome } from "./publish-home.ts";
import { type QueueName, queueNames } from "./queues.ts";
import { remindAssignment } from "./remind-assignment.ts";
import { reportWorkflowStep } from "./report-workflow-step.ts";
import { sendDigest } from "./send-digest.ts";
import { limiterFor } from "./slack-budget.ts";
import { syncRequest } from "./sync-request.ts";

export const jobs: JobDefinition[] = [
  remindAssignment,
  assignmentTimeout,
  postWebhook,
  reportWorkflowStep,
  digestTick,
  sendDigest,
  syncRequest,
  outboundCheck,
  deliverPost,
  deliverUpdate,
  deliverRespond,
  publishHome,
] as JobDefinition[];

export interface WorkerOptions {
  concurrency?: Partial<Record<QueueName, number>>;
  /** Digest DMs per second across all workers of this queue (BullMQ's limiter is global). */
  digestsPerSecond?: number;
  /** Multiplies the Slack budgets the send queues are paced to (SLACK_RATE_SCALE). */
  slackRateScale?: number;
  /** Retries of the outbound queues: the first wait, doubling up to the ceiling. */
  backoff?: { firstMs: number; maxMs: number };
}

const defaultConcurrency: Record<QueueName, number> = {
  timers: 20,
  webhooks: 5,
  digests: 10,
  sync: 10,
  post: 10,
  update: 5,
  respond: 10,
  home: 5,
};

export function startWorkers(
  ctx: JobContext,
  connection: ConnectionOptions,
  prefix: string,
  opts: WorkerOptions = {},
): Worker[] {
  const scale = opts.slackRateScale ?? 1;
  const backoff = opts.backoff ?? { firstMs: 1000, maxMs: 5 * 60_000 };
  const limiters: Partial<Record<QueueName, ReturnType<typeof limiterFor>>> = {
    digests: { max: opts.digestsPerSecond ?? 20, duration: 1000 },
    post: limiterFor("post", scale),
    update: limiterFor("update", scale),
    home: limiterFor("home", scale),
  };
  return (Object.keys(queueNames) as QueueName[]).map((queue) => {
    const handlers = new Map(jobs.filter((j) => j.queue === queue).map((j) => [j.name, j]));
    const limiter = limiters[queue];
    const worker: Worker = new Worker(
      queueNames[queue],
      async (job, token) => {
        const def = handlers.get(job.name);
        if (!def) throw new Error(`no handler for job ${job.name}`);
        // Slack locales the bot (or another worker) stored since: digests and reminders use them.
        await ctx.services.slackLocales.refresh();
        try {
          return await def.handle(ctx, def.schema.parse(job.data), job, token);
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
      {
        connection,
        prefix,
        concurrency: opts.concurrency?.[queue] ?? defaultConcurrency[queue],
        ...(limiter ? { limiter } : {}),
        // "capped": retried until it succeeds, never waiting longer than the ceiling between tries.
        settings: {
          backoffStrategy: (attemptsMade: number) =>
            Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attemptsMade - 1)),
        },
      },
    );
    worker.on("failed", (job, err) =>
      ctx.logger.warn(
        { job: job?.id, name: job?.name, attempt: job?.attemptsMade, err: err.message },
        "job failed",
      ),
    );
    worker.on("error", (err) => ctx.logger.error({ err }, "worker error"));
    return worker;
  });
}
