// BullMQ queues. Redis holds only the schedule and the send queues: every job can be rebuilt
// from PostgreSQL (scheduler.ts, outbound-check.ts), and every handler re-checks the database
// before acting.
import { type ConnectionOptions, type DefaultJobOptions, Queue } from "bullmq";

export const queueNames = {
  /** Reminders and timeouts of assignments (delayed jobs). */
  timers: "approvals-timers",
  /** Completion webhooks (retried with exponential backoff). */
  webhooks: "approvals-webhooks",
  /** Daily digests: a periodic tick, and one rate-limited send job per person and day. */
  digests: "approvals-digests",
  /** "A request changed": one sync per request at a time, a burst of changes making one. */
  sync: "approvals-sync",
  /** New Slack messages (chat.postMessage), paced to Slack's workspace budget, new assignees first. */
  post: "approvals-slack-post",
  /** Updates of kept messages (chat.update, Tier 3), paced apart so new DMs never wait behind them. */
  update: "approvals-slack-update",
  /** Updates through a click's response_url: no Web API budget spent. */
  respond: "approvals-slack-respond",
  /** App Home publishes (views.publish, Tier 4). */
  home: "approvals-slack-home",
} as const;

export type QueueName = keyof typeof queueNames;

export type Queues = Record<QueueName, Queue> & { close(): Promise<void> };

/** Retried until it succeeds: the backoff doubles up to a ceiling (jobs/registry.ts). */
export const untilDone: DefaultJobOptions = {
  attempts: Number.MAX_SAFE_INTEGER,
  backoff: { type: "capped" },
};

/** `prefix` separates deployments (and tests) sharing one Redis. */
export function createQueues(connection: ConnectionOptions, prefix = "approvals"): Queues {
  const kept = {
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
  // A finished timer job is removed at once so the same id can be scheduled again (e.g. a
  // reminder skipped while the request was returned); the database claim prevents doubles.
  const transient = { ...untilDone, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } };
  const options: Record<QueueName, DefaultJobOptions> = {
    // Retried when the database or Slack fails them (the claims keep a retry from acting twice).
    timers: { ...kept, removeOnComplete: true, attempts: 20, backoff: { type: "capped" } },
    webhooks: kept,
    digests: { ...kept, attempts: 30, backoff: { type: "capped" } },
    sync: transient,
    post: transient,
    update: transient,
    respond: transient,
    home: transient,
  };
  const queues = Object.fromEntries(
    (Object.keys(queueNames) as QueueName[]).map((name) => [
      name,
      new Queue(queueNames[name], { connection, prefix, defaultJobOptions: options[name] }),
    ]),
  ) as Record<QueueName, Queue>;
  return {
    ...queues,
    close: async () => {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}

/** Job ids are deterministic so scheduling twice never makes two jobs (BullMQ ids: no ":"). */
export const jobIds = {
  reminder: (assignmentId: number, n: number) => `remind-${assignmentId}-${n}`,
  timeout: (assignmentId: number) => `timeout-${assignmentId}`,
  webhook: (requestId: number) => `webhook-${requestId}`,
  workflowReport: (executionId: string) => `workflow-${executionId}`,
  digest: (userId: string, day: string) => `digest-${userId}-${day}`,
};
