// How fast a click is answered (Slack gives up after 3 s), against a bare Bolt app in
// the same run that only acks: same bodies, same signatures, same clients. The bot's
// clicks are real approvals, so its work after each ack (the decision, and raising the
// request's sync) competes with the next acks, as it does in production; the workers (DMs,
// App Homes, timers) run in a process of their own on the same machine.

import { eventually } from "../harness/async.ts";
import { signingSecret } from "../harness/slack.ts";
import { type BenchBot, caughtUp, quiet } from "./bench-bot.ts";
import { approveBodies, pendingApprovals } from "./decisions.ts";
import type { LoadClients } from "./load.ts";
import { startBareProcess } from "./processes.ts";
import { type Summary, summarize } from "./stats.ts";

export interface AckLevel {
  concurrency: number;
  clicks: number;
  bare: Summary;
  bot: Summary;
  /** bot p99 / bare p99 (target < 1.5). */
  p99Ratio: number;
  /** Answers other than 200 (none expected). */
  botErrors: number;
  bareErrors: number;
  /** Of the bot's clicks, how many became approvals once its work after the acks was done. */
  decided: number;
}

export async function measureAckLatency(
  b: BenchBot,
  clients: LoadClients,
  levels: { concurrency: number; clicks: number }[],
  warmup: number,
): Promise<AckLevel[]> {
  const { harness, bot } = b;
  const bare = await startBareProcess(harness.slack.apiUrl, harness.slack.botToken);
  const out: AckLevel[] = [];
  try {
    const warm = await approveBodies(harness, bot.url, await pendingApprovals(harness, warmup));
    await clients.run({ url: bare.url, signingSecret, bodies: warm, concurrency: 10 });
    await clients.run({ url: bot.url, signingSecret, bodies: warm, concurrency: 10 });
    await caughtUp(harness, { homes: true });
    await quiet(harness);
    for (const level of levels) {
      const pending = await pendingApprovals(harness, level.clicks);
      const bodies = await approveBodies(harness, bot.url, pending);
      await caughtUp(harness, { homes: true });
      // The bare app first: the bot's work after its acks would still be running otherwise.
      const r0 = await clients.run({
        url: bare.url,
        signingSecret,
        bodies,
        concurrency: level.concurrency,
      });
      const r1 = await clients.run({
        url: bot.url,
        signingSecret,
        bodies,
        concurrency: level.concurrency,
      });
      const approved = () =>
        harness.world.database.prisma.assignment.count({
          where: { id: { in: pending.map((p) => p.assignmentId) }, status: "APPROVED" },
        });
      // Done when every click is decided (or none more for a while: those failed).
      await eventually(
        async () => ((await approved()) === pending.length ? true : undefined),
        "the decisions",
        300_000,
      ).catch(() => undefined);
      await caughtUp(harness, { homes: true });
      await quiet(harness);
      const [bareS, botS] = [summarize(r0.ms), summarize(r1.ms)];
      out.push({
        ...level,
        bare: bareS,
        bot: botS,
        p99Ratio: Math.round((botS.p99 / bareS.p99) * 100) / 100,
        botErrors: r1.status.filter((s) => s !== 200).length,
        bareErrors: r0.status.filter((s) => s !== 200).length,
        decided: await approved(),
      });
    }
  } finally {
    await bare.stop();
  }
  return out;
}
