// BullMQ queues. Redis holds only the schedule: every job can be rebuilt from PostgreSQL
// (see scheduler.ts), and every handler re-checks the database before acting.
import { Queue, type ConnectionOptions } from "bullmq";

export const queueNames = {
  /** Reminders and timeouts of assignments (delayed jobs). */
  timers: "approvals-timers",
  /** Completion webhooks (retried with exponential backoff). */
  webhooks: "approvals-webhooks",
  /** Daily digests: a periodic tick, and one rate-limited send job per person and day. */
  digests: "approvals-digests",
} as const;

export interface Queues {
  timers: Queue;
  webhooks: Queue;
  digests: Queue;
  close(): Promise<void>;
}

/** `prefix` separates deployments (and tests) sharing one Redis. */
export function createQueues(connection: ConnectionOptions, prefix = "approvals"): Queues {
  const kept = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600 } };
  // A finished timer job is removed at once so the same id can be scheduled again (e.g. a
  // reminder skipped while the request was returned); the database claim prevents doubles.
  const timers = new Queue(queueNames.timers, { connection, prefix, defaultJobOptions: { ...kept, removeOnComplete: true } });
  const webhooks = new Queue(queueNames.webhooks, { connection, prefix, defaultJobOptions: kept });
  const digests = new Queue(queueNames.digests, { connection, prefix, defaultJobOptions: { ...kept, attempts: 8, backoff: { type: "exponential", delay: 1000 } } });
  return {
    timers,
    webhooks,
    digests,
    close: async () => {
      await Promise.all([timers.close(), webhooks.close(), digests.close()]);
    },
  };
}

/** Job ids are deterministic so scheduling twice never makes two jobs (BullMQ ids: no ":"). */
export const jobIds = {
  reminder: (assignmentId: number, n: number) => `remind-${assignmentId}-${n}`,
  timeout: (assignmentId: number) => `timeout-${assignmentId}`,
  webhook: (requestId: number) => `webhook-${requestId}`,
  digest: (userId: string, day: string) => `digest-${userId}-${day}`,
};
