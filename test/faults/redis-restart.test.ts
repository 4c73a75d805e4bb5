// Redis restarted empty under a running bot (SIGKILL, then a fresh redis-server on the same
// port): the schedule lived only there. Without a restart of the bot or `npm run jobs:resync`,
// every pending assignment's reminder and timeout fire later, once each.
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timerProcess } from "../jobs/timer-processes.ts";
import { alwaysWorking, type Bot, eventually, freePort, startBot } from "../support/bot.ts";

// Reminders every 4 s, and an overdue reminder (the timeout) after 8 s.
const burst = timerProcess("t_restart", {
  remind_every: "PT4S",
  escalate_after: "PT8S",
  on_timeout: "remind",
});
const REQUESTS = 5;

let port: number;
let redis: ChildProcess | undefined;
let bot: Bot;

async function startRedisServer(): Promise<void> {
  redis = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  await eventually(async () => {
    const ping = spawn("redis-cli", ["-p", String(port), "ping"]);
    return (await new Promise<number | null>((r) => ping.on("exit", r))) === 0 ? true : undefined;
  }, "redis-server up");
}

beforeAll(async () => {
  port = await freePort();
  await startRedisServer();
  // startBot connects to REDIS_URL; this file's process is its own, so this stays here.
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  // Five DMs to one approver: Slack's one-a-second pacing is not what this tests.
  bot = await startBot({
    extra: [burst],
    settings: { calendar: alwaysWorking },
    slackRateScale: Infinity,
    scheduleCheckMs: 2000,
  });
}, 60_000);

afterAll(async () => {
  await bot?.close();
  redis?.kill("SIGKILL");
});

/** Each of these requests' reminders and its timeout happened once: as many DMs as the database counts. */
async function firedOnce(ids: number[]): Promise<void> {
  const db = bot.world.database.prisma;
  const sent = (prefix: string) =>
    bot.slack.store.calls.filter(
      (c) =>
        c.method === "chat.postMessage" && c.response.ok && String(c.args.text).startsWith(prefix),
    );
  await eventually(
    async () =>
      (await db.auditEntry.count({ where: { requestId: { in: ids }, action: "REMIND" } })) >=
      2 * ids.length
        ? true
        : undefined,
    "a reminder and an overdue reminder for each",
    60_000,
  );
  await new Promise((r) => setTimeout(r, 2000)); // anything sent twice would show by now
  for (const a of await db.assignment.findMany({ where: { requestId: { in: ids } } })) {
    const mine = (prefix: string) =>
      sent(prefix).filter((c) => new RegExp(`#${a.requestId}(?!\\d)`).test(String(c.args.text)))
        .length;
    expect(a.remindersSent, `#${a.requestId}`).toBeGreaterThanOrEqual(1);
    expect(a.timedOutAt, `#${a.requestId}`).not.toBeNull();
    expect([mine("⏰"), mine("⚠️")], `#${a.requestId}`).toEqual([a.remindersSent, 1]);
  }
}

async function fileSome(): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const res = await bot.services.engine.submit("t_restart", "USR0001", { amount: "100" });
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    ids.push(res.requestId);
  }
  await eventually(
    async () =>
      (await bot.background.queues.timers.getJobCounts("delayed")).delayed! >= 2 * REQUESTS
        ? true
        : undefined,
    "the timers scheduled",
  );
  return ids;
}

describe("Redis restarted empty under a running bot", () => {
  it("gets every pending assignment's reminder and timeout back by itself, each fired once", async () => {
    // The bot checks on reconnect; its periodic check is a second line (see jobs/schedule-keeper.ts).
    const ids = await fileSome();
    // Gone, and back empty on the same port.
    redis!.kill("SIGKILL");
    await new Promise((r) => redis!.on("exit", r));
    await new Promise((r) => setTimeout(r, 500));
    await startRedisServer();
    await firedOnce(ids);
  }, 120_000);
});

describe("Redis flushed under a running bot (no reconnect)", () => {
  it("the periodic check finds the timers missing and brings them back, each fired once", async () => {
    const ids = await fileSome();
    await bot.redis.connection.flushall();
    await firedOnce(ids);
  }, 120_000);
});
