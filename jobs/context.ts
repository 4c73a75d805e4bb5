import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { ResponseUrls } from "../handlers/outbound/response-urls.ts";
import type { Profiles } from "../handlers/outbound/slack-profiles.ts";
import type { SlackSend } from "../handlers/outbound/slack-send.ts";
import type { Metrics } from "../src/infra/metrics.ts";
import type { Services } from "../src/services.ts";
import type { Notices } from "./notices.ts";
import type { Outbound } from "./outbound.ts";
import type { Queues } from "./queues.ts";
import type { Scheduler } from "./scheduler.ts";
import type { ViewCache } from "./view-cache.ts";

/** What a job handler may use. Built once per process by jobs/background.ts. */
export interface JobContext {
  services: Services;
  scheduler: Scheduler;
  queues: Queues;
  notices: Notices;
  /** Requests as rendered, read once per revision (sync and deliveries share them). */
  views: ViewCache;
  /** Enqueues syncs, deliveries and App Home publishes. */
  outbound: Outbound;
  /** The pipeline's Slack calls (no retries inside a call: jobs are retried). */
  send: SlackSend;
  responseUrls: ResponseUrls;
  profiles: Profiles;
  /** For short locks and pacing keys shared by every process. */
  redis: Redis;
  /** Least time between two new messages to one person (Slack: about one a second per DM), scaled with SLACK_RATE_SCALE. */
  perChannelPostMs: number;
  /** Deliveries given up on are counted here (GET /metrics). */
  metrics?: Pick<Metrics, "deliveryFailed">;
  /** Redis key prefix of this deployment. */
  prefix: string;
  /** Webhook signing secrets by environment variable name. */
  secrets: Record<string, string>;
  logger: Logger;
}
