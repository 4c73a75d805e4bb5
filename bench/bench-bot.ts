// One measured setup: the bot as its own process (src/main.ts) and, in this process, the
// local Slack stand-in it talks to plus the test harness's services for preparing data
// and watching results (no workers here: whatever gets done, the bot process did).
import type { World } from "../test/support/world.ts";
import { type Bot, startBot } from "../test/support/bot.ts";
import { type AppProcess, type BotEnv, startBotProcess } from "./processes.ts";

export interface BenchBot {
  /** Stand-in Slack, services on the same database, Redis prefix. */
  harness: Bot;
  bot: AppProcess;
  close(): Promise<void>;
}

/** `people`: the org the bot runs with (its ORG_FILE), whose daily digests are turned off. */
export async function startBenchBot(world: World, people: string[], opts: { settings?: unknown; env?: Partial<BotEnv> } = {}): Promise<BenchBot> {
  // The bench measures the bot's own speed (hundreds of approvals a minute, 10,000 reminders in a
  // burst), far past what Slack's rate limits allow a workspace: they are off here. What Slack's
  // limits mean for these figures is in the README (Performance).
  const harness = await startBot({ world, workers: false, settings: opts.settings, slackRateScale: Infinity });
  try {
    // The per-minute digest tick would DM everyone whenever the run passes 09:00.
    await world.database.prisma.digestPreference.createMany({ data: people.map((userId) => ({ userId, enabled: false })), skipDuplicates: true });
    const bot = await startBotProcess({
      DATABASE_URL: world.database.url!,
      REDIS_URL: harness.redis.url,
      JOBS_PREFIX: harness.prefix,
      SLACK_API_URL: harness.slack.apiUrl,
      SLACK_BOT_TOKEN: harness.slack.botToken,
      ...opts.env,
    });
    harness.slack.setEventsUrl(bot.url);
    return {
      harness,
      bot,
      close: async () => {
        await bot.stop();
        await harness.close();
      },
    };
  } catch (e) {
    await harness.close();
    throw e;
  }
}

/** Waits until the bot process has made no Slack call for `quietMs`: its work after the acks is done. */
export async function quiet(harness: Bot, quietMs = 500, timeoutMs = 600_000): Promise<void> {
  const calls = harness.slack.store.calls;
  let count = calls.length;
  let since = Date.now();
  const end = Date.now() + timeoutMs;
  while (Date.now() - since < quietMs) {
    if (Date.now() > end) throw new Error("the bot kept calling Slack");
    await new Promise((r) => setTimeout(r, 50));
    if (calls.length !== count) {
      count = calls.length;
      since = Date.now();
    }
  }
}
