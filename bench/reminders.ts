// 10,000 reminders due in the same second: how late does each DM reach Slack? The rows
// are written in bulk, `npm run jobs:resync` (the real CLI) schedules them, and the bot
// process's workers send them (each reminder is an outbox message the post queue sends).
// Slack's rate limits are off here, the local Slack's and the bot's own pacing alike: this
// measures the bot's speed, and Slack would hold 10,000 DMs to about 300 a minute (README).
// Also: Redis memory per scheduled timer job.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { insertWaiting } from "../harness/pending.ts";
import { alwaysWorking } from "../harness/samples.ts";
import { repoRoot } from "../harness/world.ts";
import { startBenchBot } from "./bench-bot.ts";
import { benchDatabase, prefixMemory } from "./bench-env.ts";
import { writeOrgFile } from "./scale.ts";
import { bigWorld } from "./scale-world.ts";
import { type Summary, summarize } from "./stats.ts";

export interface ReminderResult {
  reminders: number;
  /** Schedule rebuilt by `npm run jobs:resync` (every reminder and timeout job). */
  resyncMs: number;
  /** >0 when scheduling was still going on when they fell due (then lateness includes it). */
  scheduledAfterDueMs: number;
  redis: { jobs: number; bytesPerJob: number; bytesPerAssignment: number };
  lateness: Summary;
  perSecond: number;
}

// A reminder every 10 minutes, round the clock, so the first one of each falls due at `due`.
const settings = {
  calendar: alwaysWorking,
  reminders: { remind_every: "PT10M", escalate_after: "P5D" },
};

export async function measureReminders(people: number, count: number): Promise<ReminderResult> {
  const world = await bigWorld(await benchDatabase("approvals_bench_remind"), people);
  const { directory } = world;
  const dir = mkdtempSync(path.join(tmpdir(), "approvals-bench-"));
  const settingsFile = path.join(dir, "settings.yaml");
  writeFileSync(settingsFile, JSON.stringify(settings));
  const env = {
    ORG_FILE: writeOrgFile(directory),
    SETTINGS_FILE: settingsFile,
    PROCESSES_DIR: process.env.PROCESSES_DIR,
  };
  const b = await startBenchBot(
    world,
    directory.org.people.map((p) => p.id),
    { settings, env, workers: "bot" },
  ).catch(async (e: unknown) => {
    await world.close();
    throw e;
  });
  try {
    const { harness } = b;
    const assignees = directory.org.people
      .map((p) => p.id)
      .filter((id) => id !== "USR0001")
      .slice(0, count);
    if (assignees.length < count)
      throw new Error(`${count} reminders need ${count + 1} people in the org`);
    // Late enough for the resync to finish first (about 2 ms a timer job here).
    const due = Date.now() + 20_000 + count * 6;
    const versionId = harness.world.catalog.get("return")!.versionId;
    await insertWaiting(world.database.url!, {
      processKey: "return",
      versionId,
      stepKey: "order_check",
      requesterId: "USR0001",
      assignees,
      createdAt: new Date(due - 10 * 60_000),
    });
    const before = await prefixMemory(harness.redis.connection, harness.prefix);
    const received = new Map<string, number>();
    const wanted = new Set(assignees);
    const onCall = (call: {
      method: string;
      args: Record<string, unknown>;
      response: Record<string, unknown>;
      at: number;
    }) => {
      const channel = String(call.args.channel);
      if (
        call.method === "chat.postMessage" &&
        call.response.ok === true &&
        wanted.has(channel) &&
        !received.has(channel) &&
        String(call.args.text).startsWith("⏰")
      )
        received.set(channel, call.at);
    };
    harness.slack.events.on("call", onCall);
    const t = performance.now();
    await resync({
      DATABASE_URL: world.database.url!,
      REDIS_URL: harness.redis.url,
      JOBS_PREFIX: harness.prefix,
      ...env,
    });
    const resyncMs = performance.now() - t;
    const scheduledAt = Date.now();
    const after = await prefixMemory(harness.redis.connection, harness.prefix);
    const jobs = await harness.background.queues.timers.getJobCountByTypes(
      "delayed",
      "waiting",
      "active",
    );
    const end = Date.now() + 900_000;
    while (received.size < count && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    harness.slack.events.off("call", onCall);
    if (received.size < count)
      throw new Error(
        `only ${received.size} of ${count} reminders arrived (failed jobs: ${await harness.background.queues.timers.getFailedCount()})`,
      );
    const late = [...received.values()].map((at) => at - due);
    const bytes = after.bytes - before.bytes;
    return {
      reminders: count,
      resyncMs: Math.round(resyncMs),
      scheduledAfterDueMs: Math.max(0, scheduledAt - due),
      redis: {
        jobs,
        bytesPerJob: Math.round(bytes / jobs),
        bytesPerAssignment: Math.round(bytes / count),
      },
      lateness: summarize(late),
      perSecond: Math.round((count / ((Math.max(...received.values()) - due) / 1000)) * 10) / 10,
    };
  } finally {
    await b.close();
  }
}

/** `npm run jobs:resync` without its npm wrapper. */
function resync(env: Record<string, string | undefined>): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "main/resync.ts"], {
    cwd: repoRoot,
    env: Object.fromEntries(
      Object.entries({
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: "warn",
        ...env,
      }).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Promise((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`jobs:resync exited with ${code}`)),
    ),
  );
}
