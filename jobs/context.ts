import type { Logger } from "pino";
import type { Notices } from "../handlers/delivery/notices.ts";
import type { Services } from "../src/services.ts";
import type { Queues } from "./queues.ts";
import type { Scheduler } from "./scheduler.ts";

/** What a job handler may use. Built once per process by jobs/background.ts. */
export interface JobContext {
  services: Services;
  scheduler: Scheduler;
  queues: Queues;
  notices: Notices;
  /** After a request changed: refresh its Slack messages and its schedule. */
  changed(requestId: number): Promise<void>;
  /** Webhook signing secrets by environment variable name. */
  secrets: Record<string, string>;
  logger: Logger;
}
