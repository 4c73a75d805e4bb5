// The bench process's side of a measured setup: the local Slack the bot processes call, the
// domain services on the same database (to prepare data and render what Slack should show)
// and the queues (to see when the pipeline is done). No Bolt app and no workers here:
// whatever gets done, the bot and worker processes did. Like test/support/bot.ts, it fails
// on close if Slack refused anything the bot sent for its content.
import { randomBytes } from "node:crypto";
import { type LocalSlack, startLocalSlack } from "@approvals/slack-local";
import { pino } from "pino";
import { type Background, createBackground } from "../jobs/background.ts";
import { settingsSchema } from "../src/config/settings.ts";
import { type RedisHandle, startRedis } from "../src/infra/redis.ts";
import { toSlackLocale } from "../src/people/slack-locale.ts";
import { createServices, type Services } from "../src/services.ts";
import { signingSecret } from "../test/support/bot.ts";
import type { World } from "../test/support/world.ts";

export interface Harness {
  world: World;
  services: Services;
  slack: LocalSlack;
  /** Queues and the outbox's enqueueing (the harness's own engine calls raise syncs too); workers never start here. */
  background: Background;
  redis: RedisHandle;
  /** The Redis key prefix of the bot's queues. */
  prefix: string;
  /** The local Slack's clock (rate-limit buckets, trigger_id and response_url expiry). */
  clock: SlackClock;
  close(): Promise<void>;
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
  const settings = settingsSchema.parse(opts.settings ?? {});
  const services = createServices({
    db: world.database.prisma,
    decisionsDb: world.database.decisions,
    directory: world.directory,
    catalog: world.catalog,
    settings,
  });
  await services.slackLocales.load();
  const users = world.directory.org.people.map((p) => ({
    id: p.id,
    name: p.name,
    locale: toSlackLocale(p.locale ?? world.directory.defaultLocale),
  }));
  const clock = new SlackClock();
  const slack = await startLocalSlack({
    signingSecret,
    users,
    rateScale: opts.rateScale,
    now: clock.now,
  });
  const redis = await startRedis(process.env.REDIS_URL);
  const prefix = `bench${randomBytes(4).toString("hex")}`;
  const background = createBackground({
    services,
    slack: { token: slack.botToken, apiUrl: slack.apiUrl },
    redis: redis.connection,
    logger: pino({ level: "silent" }),
    secrets: {},
    prefix,
  });
  return {
    world,
    services,
    slack,
    background,
    redis,
    prefix,
    clock,
    close: async () => {
      await background.close();
      await dropKeys(redis, prefix);
      await redis.close();
      await slack.close();
      await world.close();
      const refused = refusedContent(slack);
      if (refused.length > 0)
        throw new Error(`Slack refused what the bot sent:\n${refused.join("\n")}`);
    },
  };
}

const CONTENT_ERRORS = new Set([
  "invalid_blocks",
  "invalid_arguments",
  "msg_too_long",
  "msg_blocks_too_long",
]);

function refusedContent(slack: LocalSlack): string[] {
  const calls = slack.store.calls
    .filter((c) => CONTENT_ERRORS.has(String(c.response.error)))
    .map(
      (c) =>
        `${c.method}: ${String(c.response.error)} ${JSON.stringify((c.response.response_metadata as { messages?: string[] } | undefined)?.messages ?? [])}`,
    );
  return [
    ...calls,
    ...slack.store.refusals.map(
      (r) => `${r.source} (${r.about ?? ""}): ${r.error} ${JSON.stringify(r.messages)}`,
    ),
  ];
}

async function dropKeys(redis: RedisHandle, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.connection.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    if (keys.length > 0) await redis.connection.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}
