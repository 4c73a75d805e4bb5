// Decisions per second (signed click → the decision committed in the database), with the
// workers in a process of their own so that the bot process only decides, against a floor
// measured in the same run: the same row changes of the same kind of approvals made by a
// minimal hand-written SQL transaction through `pg`. Also, as a second figure, click → the
// approver's DM updated (the worker's response_url replacement or chat.update landing).

import type { StoredMessage } from "@approvals/slack-local";
import pg from "pg";
import { ids } from "../handlers/ids.ts";
import { inBatches } from "../harness/async.ts";
import { signingSecret } from "../harness/slack.ts";
import { withPgClient } from "../src/db/open-database.ts";
import { type BenchBot, caughtUp, quiet } from "./bench-bot.ts";
import { approveBodies, type PendingApproval, pendingApprovals } from "./decisions.ts";
import type { LoadClients } from "./load.ts";
import { type Summary, summarize } from "./stats.ts";

export interface Throughput {
  decisions: number;
  concurrency: number;
  /** Bot: decisions per second, first click sent → last decision committed. */
  botPerSecond: number;
  /** Click sent → that decision committed (seen by polling every `pollMs`), per decision (ms). */
  toCommit: Summary;
  pollMs: number;
  floorPerSecond: number;
  /** botPerSecond / floorPerSecond, workers running beside the bot on this machine. */
  share: number;
  /**
   * The decision path alone, like the floor: the same number of clicks with the worker process
   * stopped while they are decided (in production it runs on other machines; here it shares
   * the two cores), started again afterwards to deliver what they changed.
   */
  alone: { botPerSecond: number; toCommit: Summary; share: number };
  /** Second figure: first click → last approver's DM updated, per second, and per decision (ms). */
  dmPerSecond: number;
  endToEnd: Summary;
  /** Database transactions (each statement outside one counts as one) per approval, bot and workers together: where the time goes. */
  transactionsPerDecision: { bot: number; floor: number };
}

const pollMs = 20;

export async function measureThroughput(
  b: BenchBot,
  clients: LoadClients,
  decisions: number,
  concurrency: number,
  poolSize: number,
): Promise<Throughput> {
  const { harness, bot } = b;
  const forBot = await pendingApprovals(harness, decisions);
  const bodies = await approveBodies(harness, bot.url, forBot);
  await caughtUp(harness, { homes: true });
  await quiet(harness);
  const key = (channel: string, ts: string) => `${channel}/${ts}`;
  const tracked = new Set(forBot.map((p) => key(p.message.channel, p.message.ts)));
  // The approver's DM shown without its buttons: the decision is visible to them.
  const shown = new Map<string, number>();
  const onChange = (m: StoredMessage) => {
    const k = key(m.channel, m.ts);
    if (
      tracked.has(k) &&
      !shown.has(k) &&
      !JSON.stringify(m.blocks ?? []).includes(ids.action.approve)
    )
      shown.set(k, Date.now());
  };
  harness.slack.events.on("message_changed", onChange);
  const url = harness.world.database.url!;
  const committed = watchCommits(
    url,
    forBot.map((p) => p.assignmentId),
  );
  const xacts0 = await transactions(url);
  try {
    const run = await clients.run({ url: bot.url, signingSecret, bodies, concurrency });
    await committed.all(300_000);
    const end = Date.now() + 600_000;
    while (shown.size < forBot.length && Date.now() < end)
      await new Promise((r) => setTimeout(r, 100));
    if (shown.size < forBot.length)
      throw new Error(
        `only ${shown.size} of ${forBot.length} decisions reached the approvers' DMs`,
      );
    await caughtUp(harness, { homes: true });
    await quiet(harness);
    const botXacts = (await transactions(url)) - xacts0;
    const first = Math.min(...run.sentAt);
    const commits = forBot.map((p) => committed.at.get(p.assignmentId)!);
    const toCommit = forBot.map((_, i) => commits[i]! - run.sentAt[i]!);
    const e2e = forBot.map(
      (p, i) => shown.get(key(p.message.channel, p.message.ts))! - run.sentAt[i]!,
    );

    const alone = await decideAlone(b, clients, decisions, concurrency);

    const forFloor = await pendingApprovals(harness, decisions);
    await caughtUp(harness, { homes: true });
    const xacts1 = await transactions(url);
    const floorPerSecond = await sqlFloor(url, forFloor, concurrency, poolSize);
    const floorXacts = (await transactions(url)) - xacts1;
    const perSecond = (last: number) => Math.round((decisions / ((last - first) / 1000)) * 10) / 10;
    const botPerSecond = perSecond(Math.max(...commits));
    const per = (n: number) => Math.round((n / decisions) * 10) / 10;
    return {
      decisions,
      concurrency,
      botPerSecond,
      toCommit: summarize(toCommit),
      pollMs,
      floorPerSecond,
      share: Math.round((botPerSecond / floorPerSecond) * 1000) / 1000,
      dmPerSecond: perSecond(Math.max(...shown.values())),
      endToEnd: summarize(e2e),
      alone: { ...alone, share: Math.round((alone.botPerSecond / floorPerSecond) * 1000) / 1000 },
      transactionsPerDecision: { bot: per(botXacts), floor: per(floorXacts) },
    };
  } finally {
    harness.slack.events.off("message_changed", onChange);
    await committed.stop();
  }
}

/** Clicks decided with the worker process stopped; it is started again and caught up before this returns. */
async function decideAlone(
  b: BenchBot,
  clients: LoadClients,
  decisions: number,
  concurrency: number,
): Promise<{ botPerSecond: number; toCommit: Summary }> {
  const { harness, bot } = b;
  const pending = await pendingApprovals(harness, decisions);
  const bodies = await approveBodies(harness, bot.url, pending);
  await caughtUp(harness, { homes: true });
  await quiet(harness);
  await b.worker?.stop();
  const committed = watchCommits(
    harness.world.database.url!,
    pending.map((p) => p.assignmentId),
  );
  try {
    const run = await clients.run({ url: bot.url, signingSecret, bodies, concurrency });
    await committed.all(300_000);
    const commits = pending.map((p) => committed.at.get(p.assignmentId)!);
    const seconds = (Math.max(...commits) - Math.min(...run.sentAt)) / 1000;
    return {
      botPerSecond: Math.round((decisions / seconds) * 10) / 10,
      toCommit: summarize(commits.map((c, i) => c - run.sentAt[i]!)),
    };
  } finally {
    await committed.stop();
    await b.restartWorker();
    await caughtUp(harness, { homes: true });
    await quiet(harness);
  }
}

/**
 * When each assignment's decision became visible to another connection (committed), polled
 * every `pollMs` with one indexed query from a connection of its own.
 */
function watchCommits(url: string, assignmentIds: number[]) {
  const at = new Map<number, number>();
  const client = new pg.Client({ connectionString: url });
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    while (!stopped && at.size < assignmentIds.length) {
      const open = assignmentIds.filter((id) => !at.has(id));
      const res = await client.query<{ id: number }>(
        `SELECT id FROM "Assignment" WHERE id = ANY($1::int[]) AND status <> 'PENDING'`,
        [open],
      );
      const now = Date.now();
      for (const r of res.rows) at.set(r.id, now);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  })();
  return {
    at,
    async all(timeoutMs: number) {
      const end = Date.now() + timeoutMs;
      while (at.size < assignmentIds.length) {
        if (Date.now() > end)
          throw new Error(`only ${at.size} of ${assignmentIds.length} decisions were committed`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
      await client.end();
    },
  };
}

/** Committed transactions in the database so far (the statistics reach the view within a second). */
async function transactions(url: string): Promise<number> {
  await new Promise((r) => setTimeout(r, 1500));
  const [row] = await withPgClient(url, (c) =>
    c.query<{ n: string }>(
      "SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()",
    ),
  );
  return Number(row!.n);
}

/** The rows an approval of the return's first step changes, by hand: no ORM, no Slack, no schedule. */
async function sqlFloor(
  url: string,
  pending: PendingApproval[],
  concurrency: number,
  poolSize: number,
): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  try {
    const start = performance.now();
    await inBatches(pending, concurrency, async (p) => {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        await c.query(`SELECT id FROM "Request" WHERE id = $1 FOR UPDATE`, [p.requestId]);
        const closed = await c.query(
          `UPDATE "Assignment" SET status = 'APPROVED', "decidedAt" = now() WHERE id = $1 AND status = 'PENDING' RETURNING "stepIndex", "stepKey"`,
          [p.assignmentId],
        );
        if (closed.rowCount !== 1) throw new Error(`assignment ${p.assignmentId} was not pending`);
        await c.query(
          `INSERT INTO "AuditEntry" ("requestId", "assignmentId", "stepIndex", "stepKey", "actorId", action, at) VALUES ($1, $2, 0, 'order_check', $3, 'APPROVE', now())`,
          [p.requestId, p.assignmentId, p.userId],
        );
        await c.query(
          `INSERT INTO "Assignment" ("requestId", "stepIndex", "stepKey", kind, "assigneeId", reason) VALUES ($1, 1, 'quality_check', 'APPROVAL', 'UQA0001', '{"kind":"role","role":"quality"}')`,
          [p.requestId],
        );
        await c.query(`UPDATE "Request" SET "currentStep" = 1, "updatedAt" = now() WHERE id = $1`, [
          p.requestId,
        ]);
        await c.query("COMMIT");
      } catch (e) {
        await c.query("ROLLBACK");
        throw e;
      } finally {
        c.release();
      }
    });
    return Math.round((pending.length / ((performance.now() - start) / 1000)) * 10) / 10;
  } finally {
    await pool.end();
  }
}
