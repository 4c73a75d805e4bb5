// One measured setup: the bot as its own process (main/bot.ts), its workers either inside it or
// in a process of their own (`npm run worker`, the bot with RUN_WORKERS=false), and, in this
// process, the local Slack they talk to plus the services for preparing data and watching
// results (bench/harness.ts).
import type { World } from "../harness/world.ts";
import { type Harness, startHarness } from "./harness.ts";
import { type AppProcess, type BotEnv, startBotProcess, startWorkerProcess } from "./processes.ts";

export interface BenchBot {
  /** Local Slack, services on the same database, Redis prefix. */
  harness: Harness;
  bot: AppProcess;
  /** The workers' own process (`workers: "apart"`). */
  worker?: AppProcess;
  /** Stops the worker process and starts it again with `env` on top of the bot's (e.g. another SLACK_RATE_SCALE). */
  restartWorker(env?: Partial<BotEnv>): Promise<void>;
  close(): Promise<void>;
}

export interface BenchBotOptions {
  settings?: unknown;
  /** More of the bot's environment (ORG_FILE, PROCESSES_DIR, …), for the worker process too. */
  env?: Partial<BotEnv>;
  /**
   * Slack's rate limits, for the local Slack and the bot's own pacing (SLACK_RATE_SCALE) alike:
   * 1 is Slack's tiers; Infinity (the default) turns both off, for parts that measure the bot's
   * own speed (hundreds of approvals a minute, 10,000 reminders at once), far past what Slack
   * allows a workspace. What Slack's limits mean for those figures is in the README.
   */
  rateScale?: number;
  /** Only the worker process's: e.g. SLACK_RATE_SCALE=off while a part prepares its data. */
  workerEnv?: Partial<BotEnv>;
  /** "bot": workers inside the bot process (RUN_WORKERS=true); "apart": `npm run worker` beside it; "none": no workers at all. */
  workers?: "bot" | "apart" | "none";
}

/** `people`: the org the bot runs with (its ORG_FILE), whose daily digests are turned off. */
export async function startBenchBot(
  world: World,
  people: string[],
  opts: BenchBotOptions = {},
): Promise<BenchBot> {
  const rateScale = opts.rateScale ?? Infinity;
  const workers = opts.workers ?? "apart";
  const harness = await startHarness(world, { rateScale, settings: opts.settings });
  let bot: AppProcess | undefined;
  let worker: AppProcess | undefined;
  try {
    // The per-minute digest tick would DM everyone whenever the run passes 09:00.
    await world.database.prisma.digestPreference.createMany({
      data: people.map((userId) => ({ userId, enabled: false })),
      skipDuplicates: true,
    });
    const env: BotEnv = {
      DATABASE_URL: world.database.url!,
      REDIS_URL: harness.redis.url,
      JOBS_PREFIX: harness.prefix,
      SLACK_API_URL: harness.slack.apiUrl,
      SLACK_BOT_TOKEN: harness.slack.botToken,
      SLACK_RATE_SCALE: Number.isFinite(rateScale) ? String(rateScale) : "off",
      RUN_WORKERS: workers === "bot" ? "true" : "false",
      // To see what the pool size does (decisions get half of it); unset, the bot's default.
      DATABASE_POOL_SIZE: process.env.BENCH_DATABASE_POOL_SIZE,
      ...opts.env,
    };
    bot = await startBotProcess(env);
    harness.slack.setEventsUrl(bot.url);
    if (workers === "apart") worker = await startWorkerProcess({ ...env, ...opts.workerEnv });
    const b: BenchBot = {
      harness,
      bot,
      worker,
      restartWorker: async (more = {}) => {
        await b.worker?.stop();
        b.worker = await startWorkerProcess({ ...env, ...more });
      },
      close: async () => {
        await b.worker?.stop();
        await bot!.stop();
        await harness.close();
      },
    };
    return b;
  } catch (e) {
    await worker?.stop();
    await bot?.stop();
    await harness.close();
    throw e;
  }
}

/** Waits until Slack has received no call for `quietMs`: the work after the acks is done. */
export async function quiet(harness: Harness, quietMs = 500, timeoutMs = 600_000): Promise<void> {
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

/**
 * Waits until the outbox has caught up: every request synced to its revision, every message
 * delivered at the revision its sync wanted (or failed for good), no sync, post, update or
 * response_url job left, and (with `homes`) no App Home publish either.
 */
export async function caughtUp(
  harness: Harness,
  opts: { homes?: boolean; timeoutMs?: number; requestIds?: number[] } = {},
): Promise<void> {
  const db = harness.world.database.prisma;
  const { queues } = harness.background;
  const list = [
    queues.sync,
    queues.post,
    queues.update,
    queues.respond,
    ...(opts.homes ? [queues.home] : []),
  ];
  const end = Date.now() + (opts.timeoutMs ?? 600_000);
  const only = opts.requestIds ? ` AND %s = ANY($1::int[])` : "";
  const args = opts.requestIds ? [opts.requestIds] : [];
  for (;;) {
    const [[unsynced], [behind]] = await Promise.all([
      db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM "Request" WHERE revision <> "syncedRevision"${only.replace("%s", "id")}`,
        ...args,
      ),
      db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM "SlackMessage" WHERE failure IS NULL AND (ts IS NULL OR revision < "wantedRevision")${only.replace("%s", '"requestId"')}`,
        ...args,
      ),
    ]);
    const counts = await Promise.all(
      list.map((q) => q.getJobCounts("waiting", "delayed", "active", "prioritized", "paused")),
    );
    // The outbound check's repeat job always waits on the sync queue: it is not work in progress.
    const jobs =
      counts.reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0) -
      (await queues.sync.getJobSchedulersCount());
    if (Number(unsynced!.n) === 0 && Number(behind!.n) === 0 && jobs <= 0) return;
    if (Date.now() > end)
      throw new Error(
        `the outbox did not catch up: ${unsynced!.n} requests unsynced, ${behind!.n} messages behind, ${jobs} jobs`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Warnings and errors the bot and worker processes logged (pino levels 40 and up), counted by message: what went wrong while measuring. */
export function problemsLogged(b: BenchBot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [who, p] of [
    ["bot", b.bot],
    ["worker", b.worker],
  ] as const) {
    for (const line of p?.output().split("\n") ?? []) {
      if (!line.startsWith("{")) continue;
      try {
        const entry = JSON.parse(line) as {
          level?: number;
          msg?: string;
          err?: { message?: string } | string;
        };
        if ((entry.level ?? 0) < 40) continue;
        const detail = typeof entry.err === "string" ? entry.err : entry.err?.message;
        const key = `${who}: ${entry.msg ?? ""}${detail ? ` (${detail.slice(0, 80)})` : ""}`;
        out[key] = (out[key] ?? 0) + 1;
      } catch {
        // not a log line
      }
    }
  }
  return out;
}
