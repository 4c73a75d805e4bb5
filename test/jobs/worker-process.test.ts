// `npm run worker`: the same job code in a process of its own, sharing the bot's
// PostgreSQL and Redis. The bot here runs no workers, so whatever is done, the child did.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobIds } from "../../jobs/queues.ts";
import {
  alwaysWorking,
  type Bot,
  eventually,
  fileRequest,
  latestRequestId,
  startBot,
} from "../support/bot.ts";
import { runWorker, stopWorker, workerStarted } from "../support/worker-process.ts";
import { timerProcesses } from "./timer-processes.ts";

describe("npm run worker", () => {
  it("refuses to start without DATABASE_URL and REDIS_URL, and exits 1", async () => {
    const { exited, out } = runWorker({});
    expect(await exited).toBe(1);
    expect(out()).toContain("npm run worker needs DATABASE_URL and REDIS_URL");
  }, 60_000);
});

// A separate process can share only a real PostgreSQL and Redis (the embedded ones are private).
describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)(
  "npm run worker against the bot's PostgreSQL and Redis",
  () => {
    let bot: Bot;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), "approvals-worker-"));
      bot = await startBot({
        extra: timerProcesses,
        settings: { calendar: alwaysWorking },
        workers: false,
      });
    });
    afterAll(async () => {
      await bot?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("sends the due reminder from its own process and schedules the next one", async () => {
      // The same round-the-clock calendar as the bot, so PT2S is two seconds from now.
      const settingsFile = path.join(dir, "settings.yaml");
      writeFileSync(
        settingsFile,
        'calendar:\n  working_hours: { start: "00:00", end: "24:00" }\n  weekdays: [1, 2, 3, 4, 5, 6, 7]\n',
      );
      const databaseUrl = bot.world.database.url;
      if (!databaseUrl) throw new Error("the bot's database has no URL");
      const { child, exited, out } = runWorker({
        DATABASE_URL: databaseUrl,
        REDIS_URL: bot.redis.url,
        JOBS_PREFIX: bot.prefix,
        SLACK_API_URL: bot.slack.apiUrl,
        SETTINGS_FILE: settingsFile,
        LOG_LEVEL: "info",
      });
      try {
        await workerStarted({ child, exited, out });
        const { answer } = await fileRequest(bot, "USR0001", "t_remind", { amount: "100" });
        expect(answer.json?.response_action).toBeUndefined();
        const id = await latestRequestId(bot);
        const a = await eventually(
          () =>
            bot.world.database.prisma.assignment
              .findFirst({ where: { requestId: id, status: "PENDING" } })
              .then((r) => r ?? undefined),
          "an assignment",
        );

        const reminder = await eventually(
          () =>
            bot.slack.store
              .dmOf("USD0001")
              .find((m) => m.text.includes("⏰") && m.text.includes(`#${id}`)),
          "the reminder sent by the worker",
          10_000,
        );
        expect(reminder.text).toContain(`#${id}`);
        await eventually(
          async () =>
            (await bot.background.queues.timers.getJob(jobIds.reminder(a.id, 2))) ?? undefined,
          "the next reminder scheduled",
        );
        expect(
          (await bot.world.database.prisma.assignment.findUniqueOrThrow({ where: { id: a.id } }))
            .remindersSent,
        ).toBeGreaterThanOrEqual(1);
      } finally {
        await stopWorker(child, exited);
      }
    }, 90_000);
  },
);
