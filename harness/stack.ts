// Everything of the bot but its Bolt app, over a world: the domain services, the local Slack
// with the org's people, Redis and the background side (queues and the outbound pipeline;
// workers only once the caller starts them). test/support/bot.ts puts the Bolt app on top;
// bench/harness.ts watches the bot processes it measures through it. Closing it fails if
// Slack refused anything the bot sent for its content.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { type LocalSlack, startLocalSlack } from "@approvals/slack-local";
import { readManifest } from "@approvals/slack-local/workspace";
import { pino } from "pino";
import { type Background, type BackgroundOptions, createBackground } from "../jobs/background.ts";
import { settingsSchema } from "../src/config/settings.ts";
import { type RedisHandle, startRedis } from "../src/infra/redis.ts";
import { createServices, type Services } from "../src/services.ts";
import { refusedContent, signingSecret, slackUsers } from "./slack.ts";
import type { World } from "./world.ts";

export interface Stack {
  world: World;
  services: Services;
  slack: LocalSlack;
  background: Background;
  redis: RedisHandle;
  /** The Redis key prefix of the queues (unique per stack). */
  prefix: string;
  close(): Promise<void>;
}

/** What the background side gets besides its services, Slack, Redis and prefix (default: silent, no secrets). */
export type BackgroundExtras = Partial<
  Omit<BackgroundOptions, "services" | "slack" | "redis" | "prefix">
> & { slack?: Pick<BackgroundOptions["slack"], "options" | "timeoutMs"> };

export interface StackOptions {
  /** config/settings.yaml content (defaults: the schema's). */
  settings?: unknown;
  /** The local Slack's rate limits (its `rateScale`): Slack's own by default. */
  rateScale?: number;
  /** The local Slack's clock (rate limits, trigger_id and response_url expiry). */
  now?: () => number;
  /** The start of the Redis key prefix; a random part follows. */
  prefix: string;
  background?: BackgroundExtras;
}

export async function startStack(world: World, opts: StackOptions): Promise<Stack> {
  const services = createServices({
    db: world.database.prisma,
    decisionsDb: world.database.decisions,
    directory: world.directory,
    catalog: world.catalog,
    settings: settingsSchema.parse(opts.settings ?? {}),
  });
  const slack = await startLocalSlack({
    signingSecret,
    users: slackUsers(world.directory),
    rateScale: opts.rateScale,
    now: opts.now,
    // The app's Workflow Builder steps, as Slack knows them from the manifest.
    functions: (await readManifest(path.join(import.meta.dirname, "../slack/manifest.yaml")))
      .functions,
  });
  const redis = await startRedis(process.env.REDIS_URL);
  const prefix = `${opts.prefix}${randomBytes(4).toString("hex")}`;
  const background = backgroundOn(services, slack, redis, prefix, opts.background);
  return {
    world,
    services,
    slack,
    background,
    redis,
    prefix,
    close: async () => {
      await background.close();
      await dropKeys(redis, prefix);
      await redis.close();
      await slack.close();
      await world.close();
      // The bot may log a failed post and carry on; nothing may pass because of that.
      const refused = refusedContent(slack);
      if (refused.length > 0)
        throw new Error(`Slack refused what the bot sent:\n${refused.join("\n")}`);
    },
  };
}

/** The background side of a process on these services, talking to the local Slack. */
export function backgroundOn(
  services: Services,
  slack: LocalSlack,
  redis: RedisHandle,
  prefix: string,
  extras: BackgroundExtras = {},
): Background {
  const { slack: slackExtras, ...rest } = extras;
  return createBackground({
    logger: pino({ level: "silent" }),
    secrets: {},
    ...rest,
    services,
    slack: { token: slack.botToken, apiUrl: slack.apiUrl, ...slackExtras },
    redis: redis.connection,
    prefix,
  });
}

/** Removes a prefix's keys from a shared Redis. */
async function dropKeys(redis: RedisHandle, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.connection.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    if (keys.length > 0) await redis.connection.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}
