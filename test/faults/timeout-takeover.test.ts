// A worker killed with SIGKILL after claiming three timeouts (an overdue reminder, an
// escalation and an auto-approval), before it could apply them: after another worker takes
// the jobs over (BullMQ's stalled-job lock), each happens exactly once. The worker is caught
// mid-run by holding the requests' rows locked, which the three actions all need.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timerProcess } from "../jobs/timer-processes.ts";
import { type AppProcess, runApp, started, stopApp } from "../support/app-process.ts";
import { alwaysWorking, type Bot, eventually, startBot } from "../support/bot.ts";

// Long enough for the DMs and timers to be in place under a loaded CI machine before the lock.
const slow = { remind_every: "P5D", escalate_after: "PT15S" };
const processes = [
  timerProcess("t_tk_remind", { ...slow, on_timeout: "remind" }),
  timerProcess("t_tk_escalate", { ...slow, on_timeout: "escalate", escalate_to: { manager: 1 } }),
  timerProcess("t_tk_auto", { ...slow, on_timeout: "auto_approve" }),
];

let bot: Bot;
let dir: string;
const workers: AppProcess[] = [];
beforeAll(async () => {
  // Three DMs to one approver: not paced to Slack's one a second here, so the locks below come in time.
  bot = await startBot({
    extra: processes,
    settings: { calendar: alwaysWorking },
    workers: false,
    slackRateScale: Infinity,
  });
  dir = mkdtempSync(path.join(tmpdir(), "approvals-takeover-"));
  writeFileSync(path.join(dir, "settings.yaml"), JSON.stringify({ calendar: alwaysWorking }));
});
afterAll(async () => {
  for (const w of workers) await stopApp(w);
  await bot?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function startWorker(): Promise<AppProcess> {
  const w = runApp("main/worker.ts", {
    DATABASE_URL: bot.world.database.url!,
    REDIS_URL: bot.redis.url,
    JOBS_PREFIX: bot.prefix,
    SLACK_API_URL: bot.slack.apiUrl,
    SETTINGS_FILE: path.join(dir, "settings.yaml"),
    SLACK_RATE_SCALE: "off",
    LOG_LEVEL: "info",
  });
  workers.push(w);
  await started(w, "workers started");
  return w;
}

describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)(
  "a worker killed holding claimed timeouts",
  () => {
    it("has the overdue reminder, the escalation and the auto-approval each happen once after another worker takes over", async () => {
      const db = bot.world.database.prisma;
      const ids: Record<string, number> = {};
      for (const p of processes) {
        const res = await bot.services.engine.submit(p.key, "USR0001", { amount: "100" });
        if (!res.ok) throw new Error(JSON.stringify(res.error));
        ids[p.key] = res.requestId;
      }
      const first = await startWorker();
      // Their DMs out and their timers set (the syncs write rows that the locks below would block).
      await eventually(
        async () =>
          (await db.slackMessage.count({
            where: { requestId: { in: Object.values(ids) }, ts: { not: null } },
          })) >= 6
            ? true
            : undefined,
        "the DMs",
      );
      await eventually(
        async () =>
          (await bot.background.queues.timers.getJobCounts("delayed")).delayed! >= 3
            ? true
            : undefined,
        "the timeouts scheduled",
      );

      const lock = new pg.Client({ connectionString: bot.world.database.url });
      await lock.connect();
      await lock.query("BEGIN");
      await lock.query(`SELECT id FROM "Request" WHERE id = ANY($1) FOR UPDATE`, [
        Object.values(ids),
      ]);
      expect(
        await db.assignment.count({
          where: { requestId: { in: Object.values(ids) }, timedOutAt: { not: null } },
        }),
      ).toBe(0);
      // The worker claims all three, then waits on the locked rows: killed there.
      await eventually(
        async () =>
          (await db.assignment.count({
            where: { requestId: { in: Object.values(ids) }, timedOutAt: { not: null } },
          })) === 3
            ? true
            : undefined,
        "three claims",
        30_000,
      );
      first.child.kill("SIGKILL");
      await first.exited;
      await lock.query("ROLLBACK");
      await lock.end();

      await startWorker();
      const audit = (id: number) =>
        db.auditEntry.findMany({ where: { requestId: id }, orderBy: { id: "asc" } });
      await eventually(
        async () => {
          const [r, e, a] = await Promise.all([
            audit(ids.t_tk_remind!),
            audit(ids.t_tk_escalate!),
            audit(ids.t_tk_auto!),
          ]);
          return r.some((x) => x.action === "REMIND") &&
            e.some((x) => x.action === "ESCALATE") &&
            a.some((x) => x.action === "APPROVE")
            ? true
            : undefined;
        },
        "all three applied by the second worker",
        120_000,
      );
      await new Promise((r) => setTimeout(r, 3000)); // anything applied twice would show by now
      // Of the three assignments that timed out (an escalation's own assignment has timers of its own).
      const timedOut = await db.assignment.findMany({
        where: { requestId: { in: Object.values(ids) }, timedOutAt: { not: null } },
        orderBy: { id: "asc" },
      });
      const original = (id: number) => timedOut.find((a) => a.requestId === id)!.id;
      const count = async (id: number, action: string) =>
        (await audit(id)).filter((x) => x.action === action && x.assignmentId === original(id))
          .length;
      expect(await count(ids.t_tk_remind!, "REMIND")).toBe(1);
      expect(await count(ids.t_tk_escalate!, "ESCALATE")).toBe(1);
      expect(await count(ids.t_tk_auto!, "APPROVE")).toBe(1);
      // Each told once: the overdue reminder, and the assignee that their step went to their manager.
      const posts = (text: string) =>
        bot.slack.store.calls.filter(
          (c) =>
            c.method === "chat.postMessage" && c.response.ok && String(c.args.text).includes(text),
        );
      expect(
        posts(`#${ids.t_tk_remind}`).filter((c) => String(c.args.text).startsWith("⚠️")),
      ).toHaveLength(1);
      expect(
        posts(`#${ids.t_tk_escalate}`).filter((c) => String(c.args.text).startsWith("⏫")),
      ).toHaveLength(1);
    }, 180_000);
  },
);
