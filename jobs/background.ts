// The background side of one process: queues, the scheduler, Slack delivery, and
// (optionally) the workers. The bot and `npm run worker` build the same thing.
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { createNotices, type Notices } from "../handlers/delivery/notices.ts";
import { createDelivery, type Delivery } from "../handlers/delivery/sync-request.ts";
import type { Services } from "../src/services.ts";
import type { JobContext } from "./context.ts";
import { createQueues, type Queues } from "./queues.ts";
import { startWorkers } from "./registry.ts";
import { Scheduler, type WebhookRetry } from "./scheduler.ts";

export interface BackgroundOptions {
  services: Services;
  /** Where Slack Web API calls go: a real workspace, or the local Slack (`apiUrl`). */
  slack: { token: string; apiUrl?: string; options?: WebClientOptions };
  redis: Redis;
  logger: Logger;
  secrets: Record<string, string>;
  /** Redis key prefix: separates deployments (and test runs) sharing one Redis. */
  prefix?: string;
  webhookRetry?: WebhookRetry;
}

export interface Background {
  queues: Queues;
  scheduler: Scheduler;
  delivery: Delivery;
  notices: Notices;
  changed(requestId: number): Promise<void>;
  startWorkers(): void;
  close(): Promise<void>;
}

export function createBackground(opts: BackgroundOptions): Background {
  const { services, logger } = opts;
  const client = new WebClient(opts.slack.token, { ...opts.slack.options, ...(opts.slack.apiUrl ? { slackApiUrl: opts.slack.apiUrl } : {}) });
  const prefix = opts.prefix ?? "approvals";
  const queues = createQueues(opts.redis, prefix);
  const scheduler = new Scheduler(queues, services, opts.webhookRetry);
  const delivery = createDelivery(services, client, logger.child({ module: "delivery" }));
  const notices = createNotices(services, client);
  const changed = async (requestId: number) => {
    await delivery.sync(requestId);
    // The decision is committed already; a Redis hiccup must not undo it. The start-up
    // resync (or the next change) restores the schedule.
    await scheduler.syncRequest(requestId).catch((err: unknown) => logger.error({ err, requestId }, "scheduling failed"));
  };
  const ctx: JobContext = { services, scheduler, notices, changed, secrets: opts.secrets, logger: logger.child({ module: "jobs" }) };
  let workers: Worker[] = [];
  return {
    queues,
    scheduler,
    delivery,
    notices,
    changed,
    startWorkers: () => {
      workers = startWorkers(ctx, opts.redis, prefix);
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
    },
  };
}
