// The bench process's side of a measured setup: the local Slack the bot processes call, the
// domain services on the same database (to prepare data and render what Slack should show)
// and the queues (to see when the pipeline is done): harness/stack.ts, as the tests' bot has
// it. No Bolt app and no workers here: whatever gets done, the bot and worker processes did.
// It fails on close if Slack refused anything the bot sent for its content.
import { type Stack, startStack } from "../harness/stack.ts";
import type { World } from "../harness/world.ts";

export interface Harness extends Stack {
  /** The local Slack's clock (rate-limit buckets, trigger_id and response_url expiry). */
  clock: SlackClock;
}

/**
 * A clock that can run fast: at speed 1000 a rate-limit bucket refills in 60 ms instead of a
 * minute, as if the calls were spread over a thousand times as long. It never goes back.
 */
export class SlackClock {
  private speed = 1;
  private base = Date.now();
  private at = Date.now();
  readonly now = (): number => this.at + (Date.now() - this.base) * this.speed;

  setSpeed(speed: number): void {
    this.at = this.now();
    this.base = Date.now();
    this.speed = speed;
  }
}

export interface HarnessOptions {
  /** The local Slack's rate limits: 1 is Slack's tiers, Infinity none. */
  rateScale: number;
  settings?: unknown;
}

export async function startHarness(world: World, opts: HarnessOptions): Promise<Harness> {
  const clock = new SlackClock();
  // The background side only for its queues and the outbox's enqueueing (the harness's own
  // engine calls raise syncs too); its workers never start here.
  const stack = await startStack(world, {
    settings: opts.settings,
    rateScale: opts.rateScale,
    now: clock.now,
    prefix: "bench",
  });
  await stack.services.slackLocales.load();
  return { ...stack, clock };
}
