// What the pipeline may spend of Slack's rate limits (per app, per workspace, per method;
// shared/notes/slack-limits.md). Each send queue is paced by BullMQ's limiter, which counts
// across every worker process, so two bots and two workers together stay inside one budget.
import type { RateLimiterOptions } from "bullmq";

/** Calls a minute. */
export const slackBudgets = {
  /** chat.postMessage: "several hundred a minute" across the workspace (taken at its low end), and ~1/s per DM. */
  post: 300,
  /** chat.update: Tier 3. */
  update: 50,
  /** views.publish: Tier 4. */
  home: 100,
} as const;

export type PacedQueue = keyof typeof slackBudgets;

/**
 * Half the minute's budget per half minute: under a token bucket of the minute's size (how
 * Slack tolerates bursts) no stretch of time ever sees more than the budget allows, and a
 * burst of half the budget still goes out at once. `scale` multiplies the budget (load tests
 * against the local Slack, SLACK_RATE_SCALE); Infinity means unpaced.
 */
export function limiterFor(queue: PacedQueue, scale: number): RateLimiterOptions | undefined {
  if (!Number.isFinite(scale)) return undefined;
  return { max: Math.max(1, Math.floor((slackBudgets[queue] * scale) / 2)), duration: 30_000 };
}

/** A DM conversation takes about one new message a second (the pacing key lives in Redis). */
export const perChannelPostMs = 1000;
