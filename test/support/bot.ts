// The real Bolt app over HTTP, against the local Slack stand-in and a fresh database: the
// app on top of harness/stack.ts (services, local Slack, Redis, the background side). What
// a test then does as a person is in act.ts, what it reads back in read.ts; both are
// re-exported here, so a test imports its helpers from this one module.
import type { LocalSlack } from "@approvals/slack-local";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { restApi } from "../../api/index.ts";
import { createSlackApp, type SlackApp } from "../../handlers/app.ts";
import { freePort } from "../../harness/net.ts";
import { signingSecret } from "../../harness/slack.ts";
import { type Stack, startStack } from "../../harness/stack.ts";
import type { WebhookRetry } from "../../jobs/scheduler.ts";
import type { ProcessDef } from "../../src/definitions/schema.ts";
import { createWorld, type World } from "./world.ts";

export { eventually } from "../../harness/async.ts";
export { freePort } from "../../harness/net.ts";
export { alwaysWorking } from "../../harness/samples.ts";
export { signingSecret } from "../../harness/slack.ts";
export * from "./act.ts";
export * from "./read.ts";

export interface Bot extends Stack {
  app: SlackApp;
  eventsUrl: string;
  /** The REST API's base, http://127.0.0.1:<port>/api/v1. */
  apiUrl: string;
  /** How long the bot took to answer every slash command, click and submission sent through `slack`. */
  timings: Timing[];
}

export type InteractionKind = "slash_command" | "block_actions" | "view_submission";

export interface Timing {
  kind: InteractionKind;
  what: string;
  status: number;
  ms: number;
}

export interface BotOptions {
  /** Test-only process definitions added to the shipped ones. */
  extra?: ProcessDef[];
  /** config/settings.yaml content (defaults: the schema's). */
  settings?: unknown;
  secrets?: Record<string, string>;
  webhookRetry?: WebhookRetry;
  /** Start the BullMQ workers in this process (default true). */
  workers?: boolean;
  /** An already built world (another org or database) instead of a fresh one; `extra` is then ignored. */
  world?: World;
  /**
   * Scales Slack's rate limits for this bot: the local Slack's (its `rateScale`, Slack's own by
   * default) and the budgets the bot paces itself to. Only for a test that makes more calls a
   * minute than any real workspace allows (a load or scale test), with a comment saying why;
   * never to hide a bot that calls Slack too often.
   */
  slackRateScale?: number;
  /** The bot's HTTP timeout per Slack call (default 10 s), shortened by tests of a hung Slack. */
  slackTimeoutMs?: number;
  /** How often the schedule keeper compares Redis with PostgreSQL (default three minutes). */
  scheduleCheckMs?: number;
  /** How long a delivery waits for Redis's replay record (the bot's default 100 ms). */
  replayCheckMs?: number;
  /** Calls an API token may make a minute (the bot's API_RATE_LIMIT; default 600). */
  apiRatePerMinute?: number;
}

/**
 * This file's bot, started before its tests and closed after. The returned object forwards
 * to the running bot, so tests write `bot.slack…` as with one they started themselves.
 */
export function useBot(opts: BotOptions = {}): Bot {
  let running: Bot | undefined;
  beforeAll(async () => {
    running = await startBot(opts);
  });
  afterAll(async () => running?.close());
  return new Proxy({} as Bot, {
    get(_, key) {
      if (!running) throw new Error("the bot is not started yet (use it inside a test or hook)");
      return Reflect.get(running, key);
    },
  });
}

export async function startBot(opts: BotOptions = {}): Promise<Bot> {
  const world = opts.world ?? (await createWorld({ extra: opts.extra }));
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const stack = await startStack(world, {
    settings: opts.settings,
    rateScale: opts.slackRateScale,
    prefix: "t",
    background: {
      slack: {
        timeoutMs: opts.slackTimeoutMs,
        options: { retryConfig: { retries: 3, factor: 1, minTimeout: 50, maxTimeout: 200 } },
      },
      logger,
      secrets: opts.secrets ?? {},
      webhookRetry: opts.webhookRetry,
      // Retries come quickly here, so a test of "Slack fails, then recovers" does not wait minutes.
      workers: { slackRateScale: opts.slackRateScale ?? 1, backoff: { firstMs: 100, maxMs: 2000 } },
    },
  });
  const { services, slack, background } = stack;
  const port = await freePort();
  // No daily-digest tick: it would DM the test org at whatever time the tests run.
  if (opts.workers !== false)
    await background.startWorkers({ digestTick: false, checkEveryMs: opts.scheduleCheckMs });
  const app = createSlackApp(
    services,
    logger,
    {
      token: slack.botToken,
      signingSecret,
      apiUrl: slack.apiUrl,
      port,
      replayCheckMs: opts.replayCheckMs,
      routes: restApi({
        services,
        db: world.database.prisma,
        redis: stack.redis.connection,
        logger,
        ratePerMinute: opts.apiRatePerMinute ?? 600,
        prefix: stack.prefix,
      }),
    },
    background,
  );
  await app.start();
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  slack.setEventsUrl(eventsUrl);
  const timings = timeInteractions(slack);
  return {
    ...stack,
    app,
    eventsUrl,
    apiUrl: `http://127.0.0.1:${port}/api/v1`,
    timings,
    close: async () => {
      // Listeners keep working after their ack (engine, Slack messages); closing the database
      // under them can strand a transaction and hang pool.end().
      await app.stop();
      await stack.close();
    },
  };
}

/** Wraps the interaction client so every HTTP round trip to the bot is measured (Slack gives up after 3 s). */
function timeInteractions(slack: LocalSlack): Timing[] {
  const timings: Timing[] = [];
  const timed = async <T extends { status: number }>(
    kind: InteractionKind,
    what: string,
    call: () => Promise<T>,
  ): Promise<T> => {
    const start = performance.now();
    const res = await call();
    timings.push({ kind, what, status: res.status, ms: performance.now() - start });
    return res;
  };
  const { slashCommand, clickButton, submitView } = slack;
  slack.slashCommand = (p) =>
    timed("slash_command", `${p.command} ${p.text ?? ""}`.trim(), () => slashCommand(p));
  slack.clickButton = (p) =>
    timed("block_actions", `${p.actionId} by ${p.userId}`, () => clickButton(p));
  slack.submitView = (p) =>
    timed(
      "view_submission",
      `${slack.store.view(p.viewId)?.callback_id ?? p.viewId} by ${p.userId}`,
      () => submitView(p),
    );
  return timings;
}

/** Slack retries (and shows an error) when the bot does not answer within 3 s. */
export const slackAckLimitMs = 3000;

/** Interactions the bot answered too slowly or not with 200. */
export function slowInteractions(bot: Bot): Timing[] {
  return bot.timings.filter((t) => t.ms >= slackAckLimitMs || t.status !== 200);
}

/** The file's closing test: the bot answered every interaction of the file within Slack's 3 s, with 200. */
export function itAnsweredInTime(bot: Bot): void {
  it("answered every interaction within Slack's 3 s", () => {
    expect(slowInteractions(bot)).toEqual([]);
  });
}

/** Waits until the bot has made no Slack call for `quietMs` (its work after an ack is done). */
export async function settle(bot: Bot, quietMs = 150, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  // Listeners work on after their ack (messages, App Homes): a quiet spell alone can come too soon.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    bot.app.idle().then(() => bot.background.idle()),
    new Promise((r) => (timer = setTimeout(r, timeoutMs))),
  ]);
  clearTimeout(timer);
  let count = bot.slack.store.calls.length;
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    const now = bot.slack.store.calls.length;
    if (now !== count) {
      count = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
  throw new Error("the bot kept calling Slack");
}
