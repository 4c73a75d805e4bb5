// The background side of one process: queues, the scheduler, the outbound pipeline to Slack,
// and (optionally) the workers. The bot and `npm run worker` build the same thing.
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { AfterAck, DeliveryLog } from "../handlers/app.ts";
import { countedFetch } from "../handlers/outbound/counted-fetch.ts";
import { ResponseUrls } from "../handlers/outbound/response-urls.ts";
import { createProfiles, type Profiles } from "../handlers/outbound/slack-profiles.ts";
import { SlackSend } from "../handlers/outbound/slack-send.ts";
import type { Metrics } from "../src/infra/metrics.ts";
import { within } from "../src/infra/within.ts";
import type { Services } from "../src/services.ts";
import type { JobContext } from "./context.ts";
import { createNotices, type Notices } from "./notices.ts";
import { createOutbound, type Outbound, type OutboundOptions } from "./outbound.ts";
import { createQueues, type QueueName, type Queues, queueNames } from "./queues.ts";
import { startWorkers, type WorkerOptions } from "./registry.ts";
import { keepSchedule } from "./schedule-keeper.ts";
import { Scheduler, type WebhookRetry } from "./scheduler.ts";
import { perChannelPostMs } from "./slack-budget.ts";
import { createViewCache } from "./view-cache.ts";

export interface BackgroundOptions {
  services: Services;
  /** Where Slack Web API calls go: a real workspace, or the local Slack (`apiUrl`). */
  slack: { token: string; apiUrl?: string; options?: WebClientOptions; timeoutMs?: number };
  redis: Redis;
  logger: Logger;
  secrets: Record<string, string>;
  /** Redis key prefix: separates deployments (and test runs) sharing one Redis. */
  prefix?: string;
  webhookRetry?: WebhookRetry;
  /** Debounce of syncs and App Homes. */
  outbound?: OutboundOptions;
  /** Pacing and retries of the workers (SLACK_RATE_SCALE, test timings). */
  workers?: Pick<WorkerOptions, "slackRateScale" | "backoff" | "concurrency">;
  /** The process's metrics: Slack calls, deliveries given up on, queue depths. */
  metrics?: Metrics;
}

export interface Background extends AfterAck {
  queues: Queues;
  scheduler: Scheduler;
  outbound: Outbound;
  notices: Notices;
  profiles: Profiles;
  /** What job handlers receive (tests call handlers with it directly). */
  jobContext: JobContext;
  /**
   * Starts the workers, the repeating jobs (the digest's per-minute tick unless `digestTick:
   * false`) and the keeper that brings the schedule back when Redis loses it (checked every
   * `checkEveryMs`, default three minutes).
   */
  startWorkers(opts?: { digestTick?: boolean; checkEveryMs?: number }): Promise<void>;
  /** Resolves once no sync, delivery or App Home publish is waiting or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** How long a decision waits for its sync to be queued before its answer goes out anyway. */
const changeWaitMs = 300;

export function createBackground(opts: BackgroundOptions): Background {
  const { services, logger, metrics } = opts;
  // Every Web API call of every client below passes the counting fetch.
  const slackOptions = metrics
    ? { ...opts.slack.options, fetch: countedFetch(metrics) }
    : opts.slack.options;
  const apiUrl = opts.slack.apiUrl ? { slackApiUrl: opts.slack.apiUrl } : {};
  const prefix = opts.prefix ?? "approvals";
  const queues = createQueues(opts.redis, prefix);
  const scheduler = new Scheduler(queues, services, opts.webhookRetry);
  const outbound = createOutbound(queues, opts.outbound);
  // Every committed change of a request, wherever it came from (a click, a job, the API).
  // Never held up by a Redis that is down: the change is committed, and the outbound check
  // (or the next change) queues the sync once Redis is back.
  services.changes.listen((requestId) =>
    within(
      outbound
        .requestChanged(requestId)
        .catch((err: unknown) =>
          logger.error({ err, requestId }, "could not queue a sync: the outbound check will"),
        ),
      changeWaitMs,
      undefined,
    ),
  );
  const send = new SlackSend({
    token: opts.slack.token,
    apiUrl: opts.slack.apiUrl,
    timeoutMs: opts.slack.timeoutMs,
    clientOptions: slackOptions,
  });
  // Digests go through a rate-limited queue: a 429 must reach the queue (which pauses for
  // Retry-After) instead of being waited out inside one call.
  const digestClient = new WebClient(opts.slack.token, {
    ...slackOptions,
    timeout: opts.slack.timeoutMs ?? 10_000,
    rejectRateLimitedCalls: true,
    ...apiUrl,
  });
  const notices = createNotices(services, outbound, digestClient);
  const profileClient = new WebClient(opts.slack.token, {
    ...slackOptions,
    timeout: opts.slack.timeoutMs ?? 10_000,
    rejectRateLimitedCalls: true,
    ...apiUrl,
  });
  const profiles = createProfiles(services, profileClient, logger.child({ module: "profiles" }));
  const responseUrls = new ResponseUrls(opts.redis, prefix);
  // Slack retries within minutes: a quarter of an hour of delivery keys is plenty.
  const deliveryKey = (key: string) => `${prefix}:slack-delivery:${key}`;
  const deliveries: DeliveryLog = {
    ready: () => opts.redis.status === "ready",
    firstTime: async (key) =>
      (await opts.redis.set(deliveryKey(key), "1", "EX", 900, "NX")) === "OK",
    forget: async (key) => void (await opts.redis.del(deliveryKey(key))),
  };
  const homes = {
    async publish(userId: string, o: { shownNone?: boolean } = {}) {
      await services.syncState.homeOpened(userId, o.shownNone ?? false, services.clock());
      await outbound.home(userId);
    },
  };
  const ctx: JobContext = {
    services,
    scheduler,
    queues,
    notices,
    outbound,
    views: createViewCache(services),
    send,
    responseUrls,
    profiles,
    redis: opts.redis,
    prefix,
    perChannelPostMs: perChannelPostMs / (opts.workers?.slackRateScale ?? 1),
    secrets: opts.secrets,
    logger: logger.child({ module: "jobs" }),
    metrics,
  };
  metrics?.watchQueues(async () => {
    const names = Object.keys(queueNames) as QueueName[];
    const counts = await Promise.all(
      names.map((n) =>
        queues[n].getJobCounts("waiting", "active", "delayed", "failed", "prioritized"),
      ),
    );
    return Object.fromEntries(names.map((n, i) => [n, counts[i]!]));
  });
  let workers: Worker[] = [];
  let keeper: ReturnType<typeof keepSchedule> | undefined;
  const outboundQueues = [queues.sync, queues.post, queues.update, queues.respond, queues.home];
  return {
    queues,
    scheduler,
    outbound,
    notices,
    profiles,
    homes,
    responseUrls,
    deliveries,
    workflowSteps: { report: (executionId) => scheduler.enqueueWorkflowReport(executionId) },
    jobContext: ctx,
    startWorkers: async ({ digestTick = true, checkEveryMs } = {}) => {
      workers = startWorkers(ctx, opts.redis, prefix, {
        digestsPerSecond: services.settings.digest.per_second,
        ...opts.workers,
      });
      keeper = keepSchedule({
        queues,
        scheduler,
        services,
        redis: opts.redis,
        logger,
        digestTick,
        everyMs: checkEveryMs,
      });
      await keeper.ready;
    },
    idle: async () => {
      for (;;) {
        const counts = await Promise.all(
          outboundQueues.map((q) =>
            q.getJobCounts("waiting", "delayed", "active", "prioritized", "paused"),
          ),
        );
        // The outbound check's own repeat job waits all the time: it is not work in progress.
        const busy =
          counts.reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0) -
          (await queues.sync.getJobSchedulersCount().catch(() => 0));
        if (busy <= 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: async () => {
      keeper?.stop();
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
    },
  };
}
