// Redis holds only the schedule. FLUSHALL while requests wait (on a private redis-server:
// the shared one serves other tests), then `npm run jobs:resync`: every pending assignment
// has its reminder and timeout back, once, closed ones have none, and reminders fire again.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobIds } from "../../jobs/queues.ts";
import { type RedisHandle, startRedis } from "../../src/infra/redis.ts";
import { timerProcesses } from "../jobs/timer-processes.ts";
import { alwaysWorking, type Bot, eventually, startBot } from "../support/bot.ts";
import { repoRoot } from "../support/world.ts";

let redis: RedisHandle;
let bot: Bot;
let dir: string;
beforeAll(async () => {
  redis = await startRedis(undefined);
  // startBot connects to REDIS_URL; this file's process is its own, so this stays here.
  process.env.REDIS_URL = redis.url;
  // 33 requests land in one approver's DM: Slack takes about one a second there. This tests
  // the schedule after a flush, not Slack's rate limits, so they are off.
  bot = await startBot({
    extra: timerProcesses,
    settings: { calendar: alwaysWorking },
    slackRateScale: Infinity,
  });
  dir = mkdtempSync(path.join(tmpdir(), "approvals-flush-"));
}, 120_000);
afterAll(async () => {
  await bot?.close();
  await redis?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `npm run jobs:resync` (without its npm wrapper) against the bot's database and Redis. */
function resync(): Promise<string> {
  const settingsFile = path.join(dir, "settings.yaml");
  writeFileSync(settingsFile, JSON.stringify({ calendar: alwaysWorking }));
  const child = spawn(process.execPath, ["--import", "tsx", "main/resync.ts"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_URL: bot.world.database.url!,
      REDIS_URL: redis.url,
      JOBS_PREFIX: bot.prefix,
      SETTINGS_FILE: settingsFile,
      LOG_LEVEL: "warn",
    },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`jobs:resync exited with ${code}:\n${out}`)),
    ),
  );
}

async function file(key: string): Promise<number> {
  const res = await bot.services.engine.submit(key, "USR0001", { amount: "100" });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  await bot.background.idle();
  return res.requestId;
}

describe.skipIf(!process.env.DATABASE_URL)("Redis flushed while requests wait", () => {
  it("gets every pending assignment's timers back from PostgreSQL, once", async () => {
    const db = bot.world.database.prisma;
    const waiting = await Promise.all(Array.from({ length: 30 }, () => file("t_slow")));
    const engine = bot.services.engine;
    // Requests in other states: decided, withdrawn, returned. None of their assignments may get timers.
    const [approved, withdrawn, returned] = [
      await file("t_slow"),
      await file("t_slow"),
      await file("t_slow"),
    ];
    const pendingOf = (id: number) =>
      db.assignment.findFirstOrThrow({ where: { requestId: id, status: "PENDING" } });
    expect((await engine.approve((await pendingOf(approved)).id, "USD0001")).ok).toBe(true);
    expect((await engine.withdraw(withdrawn, "USR0001")).ok).toBe(true);
    expect(
      (await engine.returnToRequester((await pendingOf(returned)).id, "USD0001", "补充说明")).ok,
    ).toBe(true);
    await bot.background.idle();

    await redis.connection.flushall();
    const reminderLater = await file("t_remind"); // filed after the flush: its jobs are there, then flushed again
    await redis.connection.flushall();
    expect(await bot.background.queues.timers.count()).toBe(0);

    const out = await resync();
    expect(out).toMatch(/assignments: \d+/);
    await resync(); // twice: still one of each

    const open = await db.assignment.findMany({
      where: { status: "PENDING", kind: { not: "NOTIFY" }, request: { status: "PENDING" } },
    });
    expect(open.map((a) => a.requestId).sort((x, y) => x - y)).toEqual(
      [...waiting, approved, reminderLater].sort((x, y) => x - y),
    );
    // The two-second reminder is firing again meanwhile (checked below); the others wait an hour.
    const steady = open.filter((a) => a.requestId !== reminderLater);
    const firing = open.find((a) => a.requestId === reminderLater)!;
    const ids = (await bot.background.queues.timers.getJobs(["delayed", "waiting", "active"]))
      .map((j) => j.id!)
      .filter((id) => !id.startsWith(`remind-${firing.id}-`) && id !== jobIds.timeout(firing.id));
    const expected = steady.flatMap((a) => [
      jobIds.reminder(a.id, a.remindersSent + 1),
      ...(a.timedOutAt ? [] : [jobIds.timeout(a.id)]),
    ]);
    expect(ids.filter((id) => !expected.includes(id))).toEqual([]);
    for (const id of expected)
      expect(
        ids.filter((x) => x === id),
        id,
      ).toHaveLength(1);

    // The schedule works: the two-second reminder of the request filed between the flushes arrives.
    const reminded = await eventually(
      () =>
        bot.slack.store
          .dmOf("USD0001")
          .find((m) => m.text.includes("⏰") && m.text.includes(`#${reminderLater}`)),
      "the reminder after the resync",
      15_000,
    );
    expect(reminded).toBeTruthy();
  });
});
