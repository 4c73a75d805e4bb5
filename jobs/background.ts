// The background side of one process: queues, the scheduler, Slack delivery, and
// (optionally) the workers. The bot and `npm run worker` build the same thing.
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { createHomePublisher } from "../handlers/delivery/home.ts";
import { createNotices, type Notices } from "../handlers/delivery/notices.ts";
import { createProfiles, type Profiles } from "../handlers/delivery/slack-profiles.ts";
import type { DeliveryLog } from "../handlers/app.ts";
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
  profiles: Profiles;
  deliveries: DeliveryLog;
  changed(requestId: number): Promise<void>;
  /** What job handlers receive (tests call handlers with it directly). */
  jobContext: JobContext;
  /** Starts the workers and (unless `digestTick: false`) the per-minute digest tick. */
  startWorkers(opts?: { digestTick?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export function createBackground(opts: BackgroundOptions): Background {
  const { services, logger } = opts;
  const client = new WebClient(opts.slack.token, { ...opts.slack.options, ...(opts.slack.apiUrl ? { slackApiUrl: opts.slack.apiUrl } : {}) });
  const prefix = opts.prefix ?? "approvals";
  const queues = createQueues(opts.redis, prefix);
  const scheduler = new Scheduler(queues, services, opts.webhookRetry);
  const delivery = createDelivery(services, client, logger.child({ module: "delivery" }));
  // Digests go through a rate-limited queue: a 429 must reach the queue (which pauses for
  // Retry-After) instead of being waited out inside one call.
  const digestClient = new WebClient(opts.slack.token, { ...opts.slack.options, rejectRateLimitedCalls: true, ...(opts.slack.apiUrl ? { slackApiUrl: opts.slack.apiUrl } : {}) });
  const notices = createNotices(services, client, digestClient);
  const home = createHomePublisher(services, client);
  // Everyone whose App Home shows the request: its lists changed with it.
  const refreshHomes = async (requestId: number) => {
    const people = await services.peopleOfRequest(requestId);
    await Promise.all(people.map((userId) => home.publish(userId).catch((err: unknown) => logger.error({ err, requestId, userId }, "app home publish failed"))));
  };
  const profiles = createProfiles(services, client, logger.child({ module: "profiles" }));
  const changed = async (requestId: number) => {
    // A new assignee's first DM should already be in the language of their Slack.
    await profiles.ensure(await services.slackLocales.audience(requestId).catch(() => []));
    await delivery.sync(requestId);
    // The decision is committed already; a Redis hiccup must not undo it. The start-up
    // resync (or the next change) restores the schedule. Neither waits for the other.
    await Promise.all([
      scheduler.syncRequest(requestId).catch((err: unknown) => logger.error({ err, requestId }, "scheduling failed")),
      refreshHomes(requestId).catch((err: unknown) => logger.error({ err, requestId }, "app home refresh failed")),
    ]);
  };
  // Slack retries within minutes: a quarter of an hour of delivery keys is plenty.
  const deliveryKey = (key: string) => `${prefix}:slack-delivery:${key}`;
  const deliveries: DeliveryLog = {
    firstTime: async (key) => (await opts.redis.set(deliveryKey(key), "1", "EX", 900, "NX")) === "OK",
    forget: async (key) => void (await opts.redis.del(deliveryKey(key))),
  };
  const ctx: JobContext = { services, scheduler, queues, notices, changed, secrets: opts.secrets, logger: logger.child({ module: "jobs" }) };
  let workers: Worker[] = [];
  return {
    queues,
    scheduler,
    delivery,
    notices,
    profiles,
    deliveries,
    changed,
    jobContext: ctx,
    startWorkers: async ({ digestTick = true } = {}) => {
      workers = startWorkers(ctx, opts.redis, prefix, { digestsPerSecond: services.settings.digest.per_second });
      // Idempotent on every boot: one scheduler however many processes start it.
      if (digestTick) await queues.digests.upsertJobScheduler("digest-tick", { every: 60_000 }, { name: "digest-tick", data: {} });
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
    },
  };
}
