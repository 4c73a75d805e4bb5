// Redis holds only the schedule, and it can lose it: restarted empty, flushed, or failed
// over. PostgreSQL knows what should be there, so the schedule comes back by itself:
// - when the connection is ready again after a loss (a Redis that restarted), at once;
// - every few minutes, when the timers queue holds fewer jobs than the open assignments
//   need, or a repeating job is gone (a flush without a restart).
// Both rebuild with the deterministic job ids, so nothing is scheduled twice.
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Services } from "../src/services.ts";
import { digestTick } from "./digest-tick.ts";
import { outboundCheck } from "./outbound-check.ts";
import type { Queues } from "./queues.ts";
import type { Scheduler } from "./scheduler.ts";

export interface ScheduleKeeperOptions {
  queues: Queues;
  scheduler: Scheduler;
  services: Pick<Services, "reminders">;
  redis: Redis;
  logger: Logger;
  /** The daily digest's per-minute tick (off in tests). */
  digestTick: boolean;
  /** How often the periodic check runs (default three minutes). */
  everyMs?: number;
}

/** How often the outbound check looks for lost syncs and deliveries. */
const outboundCheckMs = 2 * 60_000;

export function keepSchedule(o: ScheduleKeeperOptions): { ready: Promise<void>; stop(): void } {
  const { queues, logger } = o;
  const repeating = async () => {
    // Idempotent: one scheduler however many processes upsert it.
    if (o.digestTick)
      await queues.digests.upsertJobScheduler(
        digestTick.name,
        { every: 60_000 },
        { name: digestTick.name, data: {} },
      );
    await queues.sync.upsertJobScheduler(
      outboundCheck.name,
      { every: outboundCheckMs },
      { name: outboundCheck.name, data: {} },
    );
  };
  let restoring: Promise<void> | undefined;
  const restore = (why: string) =>
    (restoring ??= (async () => {
      await repeating();
      const counts = await o.scheduler.resyncAll();
      await outboundCheck.enqueue(queues, {});
      logger.warn({ why, ...counts }, "restored the schedule from PostgreSQL");
    })()
      .catch((err: unknown) =>
        logger.error({ err, why }, "could not restore the schedule (the next check tries again)"),
      )
      .finally(() => (restoring = undefined)));

  const check = async () => {
    const counts = await queues.timers.getJobCounts(
      "delayed",
      "waiting",
      "active",
      "prioritized",
      "paused",
    );
    const held = Object.values(counts).reduce((a, b) => a + b, 0);
    const schedulers = await queues.sync.getJobScheduler(outboundCheck.name);
    if (held < (await o.services.reminders.expectedTimers()))
      return restore("timers missing from Redis");
    if (!schedulers) return restore("repeating jobs missing from Redis");
  };

  let lost = false;
  const onClose = () => (lost = true);
  const onReady = () => {
    if (!lost) return;
    lost = false;
    void restore("Redis reconnected");
  };
  o.redis.on("close", onClose);
  o.redis.on("ready", onReady);
  const timer = setInterval(
    () => void check().catch((err: unknown) => logger.warn({ err }, "schedule check failed")),
    o.everyMs ?? 3 * 60_000,
  );
  timer.unref();
  return {
    ready: repeating(),
    stop: () => {
      clearInterval(timer);
      o.redis.off("close", onClose);
      o.redis.off("ready", onReady);
    },
  };
}
