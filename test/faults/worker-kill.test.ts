// A worker process is killed (SIGKILL) in the middle of a digest run and of a reminder
// burst, with some DMs delivered, some claimed and on their way to Slack, and the rest
// still queued. After another worker takes over, everyone has each message exactly once.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasContent } from "../../src/digest/build-digests.ts";
import { t } from "../../src/i18n/index.ts";
import { timerProcess } from "../jobs/timer-processes.ts";
import { alwaysWorking, type Bot, eventually, startBot } from "../support/bot.ts";
import { insertWaiting } from "../support/pending.ts";
import { type SlackProxy, startSlackProxy } from "../support/slack-proxy.ts";
import {
  runWorker,
  stopWorker,
  type WorkerProcess,
  workerStarted,
} from "../support/worker-process.ts";

const REMINDERS = 150;
// Round the clock, everyone's digest due now, sent slowly enough to be caught mid-run.
const settings = { calendar: alwaysWorking, digest: { time: "00:00", per_second: 2 } };
const burst = timerProcess("t_burst", { remind_every: "PT1H", escalate_after: "P5D" });
const digestTitle = t("zh-CN", "digest.title", { day: "" }).replace(/\s*·\s*$/, "");

let bot: Bot;
let proxy: SlackProxy;
let dir: string;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  // 150 reminders to one approver fall due in the same second: Slack would let about one a
  // second into that DM, and the test counts exactly which posts got through before the kill.
  // It tests a worker's death, not Slack's rate limits, so they are off.
  bot = await startBot({ extra: [burst], settings, workers: false, slackRateScale: Infinity });
  dir = mkdtempSync(path.join(tmpdir(), "approvals-kill-"));
  writeFileSync(path.join(dir, "settings.yaml"), JSON.stringify(settings));
});
afterAll(async () => {
  for (const w of workers) await stopWorker(w.child, w.exited);
  await proxy?.close();
  await bot?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const kindOf = (f: URLSearchParams) =>
  f.get("text")?.startsWith("⏰")
    ? "reminder"
    : f.get("text")?.includes(digestTitle)
      ? "digest"
      : "other";

async function startWorker(): Promise<WorkerProcess> {
  const w = runWorker({
    DATABASE_URL: bot.world.database.url!,
    REDIS_URL: bot.redis.url,
    JOBS_PREFIX: bot.prefix,
    SLACK_API_URL: proxy.apiUrl,
    SETTINGS_FILE: path.join(dir, "settings.yaml"),
    // As the bot's own: the burst into one DM is not paced to Slack's one a second here.
    SLACK_RATE_SCALE: "off",
    LOG_LEVEL: "info",
  });
  workers.push(w);
  await workerStarted(w);
  return w;
}

/** The DMs Slack received, by kind: reminders per request id, digests per person. */
function delivered() {
  const posts = bot.slack.store.calls.filter(
    (c) => c.method === "chat.postMessage" && c.response.ok,
  );
  const count = (keys: string[]) =>
    keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const text = (c: (typeof posts)[number]) => String(c.args.text ?? "");
  return {
    reminders: count(
      posts.filter((c) => text(c).startsWith("⏰")).map((c) => /#(\d+)/.exec(text(c))![1]!),
    ),
    digests: count(
      posts.filter((c) => text(c).includes(digestTitle)).map((c) => String(c.args.channel)),
    ),
  };
}

describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)(
  "a worker killed mid-run",
  () => {
    it("sends every digest and every reminder exactly once after another worker takes over", async () => {
      const db = bot.world.database.prisma;
      // 150 reminders falling due together in a moment (the next ones an hour later).
      const versionId = bot.world.catalog.get("t_burst")!.versionId;
      await insertWaiting(bot.world.database.url!, {
        processKey: "t_burst",
        versionId,
        stepKey: "review",
        requesterId: "USR0001",
        assignees: Array(REMINDERS).fill("USD0001"),
        createdAt: new Date(Date.now() - 3600_000 + 2000),
      });
      await bot.background.scheduler.resyncAll();
      // The worker's digest tick starts the daily run at once: these people have something to report.
      const people = bot.world.directory.org.people.map((p) => p.id);
      const digestsDue = [...(await bot.services.digestBuilder.build(people, new Date())).values()]
        .filter(hasContent)
        .map((d) => d.userId);
      expect(digestsDue.length).toBeGreaterThan(3);
      proxy = await startSlackProxy(bot.slack.apiUrl, kindOf, { reminder: 40, digest: 2 });
      const first = await startWorker();

      // Some delivered, and some claimed but stuck on the way to Slack: now the worker dies.
      await eventually(
        () =>
          ((proxy.held.get("reminder") ?? 0) > 0 && (proxy.held.get("digest") ?? 0) > 0) ||
          undefined,
        "posts held on their way to Slack",
        60_000,
      );
      // Jobs whose post went through finish their bookkeeping; the kill should find them done,
      // not in the instant between Slack's answer and noting it (see jobs/progress.ts).
      await new Promise((r) => setTimeout(r, 1000));
      first.child.kill("SIGKILL");
      await first.exited;
      proxy.release();
      const atKill = delivered();
      expect([...atKill.reminders.values()].reduce((a, b) => a + b, 0)).toBe(40);
      expect([...atKill.digests.values()].reduce((a, b) => a + b, 0)).toBe(2);
      // Claims were taken for DMs that never arrived: without a takeover they would be lost.
      expect(await db.assignment.count({ where: { remindersSent: 1 } })).toBeGreaterThan(40);
      expect(
        await db.digestDelivery.count({ where: { userId: { in: digestsDue } } }),
      ).toBeGreaterThan(2);

      // A new worker finds the dead one's jobs stalled (after BullMQ's 30 s lock) and finishes the run.
      await startWorker();
      const everyone = await eventually(
        () => {
          const d = delivered();
          return d.reminders.size === REMINDERS && d.digests.size === digestsDue.length
            ? d
            : undefined;
        },
        "every reminder and digest",
        150_000,
      );
      await new Promise((r) => setTimeout(r, 2000)); // anything sent twice would show up by now
      const final = delivered();
      expect([...final.reminders.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      expect([...final.digests.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      expect(final.reminders.size).toBe(everyone.reminders.size);
      expect([...final.digests.keys()].sort()).toEqual([...digestsDue].sort());
      expect(await db.assignment.count({ where: { remindersSent: 1 } })).toBe(REMINDERS);
      expect(await db.auditEntry.count({ where: { action: "REMIND" } })).toBe(REMINDERS);
    }, 240_000);
  },
);
