// Approvals per second end to end (signed click → committed transition → chat.update of
// the approver's DM received by the Slack stand-in), against a floor measured in the same
// run: the same row changes of the same approvals made by a minimal hand-written SQL
// transaction through `pg`, with as many connections as the bot's pool.
import pg from "pg";
import { withPgClient } from "../src/db/open-database.ts";
import { ids } from "../handlers/ids.ts";
import { signingSecret } from "../test/support/bot.ts";
import { type BenchBot, quiet } from "./bench-bot.ts";
import { approveBodies, type PendingApproval, pendingApprovals } from "./decisions.ts";
import type { LoadClients } from "./load.ts";
import { inBatches } from "../test/support/pending.ts";
import { type Summary, summarize } from "./stats.ts";

export interface Throughput {
  decisions: number;
  concurrency: number;
  /** Bot: approvals per second, first click sent → last chat.update received. */
  botPerSecond: number;
  /** Click sent → that approver's DM updated, per decision (ms). */
  endToEnd: Summary;
  floorPerSecond: number;
  /** botPerSecond / floorPerSecond (target ≥ 0.4). */
  share: number;
  /** Database transactions (each statement outside one counts as one) per approval: where the bot's time goes. */
  transactionsPerDecision: { bot: number; floor: number };
}

export async function measureThroughput(b: BenchBot, clients: LoadClients, decisions: number, concurrency: number, poolSize: number): Promise<Throughput> {
  const { harness, bot } = b;
  const forBot = await pendingApprovals(harness, decisions);
  const bodies = await approveBodies(harness, bot.url, forBot);
  await quiet(harness);
  const done = new Map<string, number>();
  const key = (channel: string, ts: string) => `${channel}/${ts}`;
  const tracked = new Set(forBot.map((p) => key(p.message.channel, p.message.ts)));
  const onCall = (call: { method: string; args: Record<string, unknown>; response: Record<string, unknown>; at: number }) => {
    const k = key(String(call.args.channel), String(call.args.ts));
    // The approver's DM, updated without its buttons: the decision is visible to them.
    if (call.method === "chat.update" && call.response.ok === true && tracked.has(k) && !done.has(k) && !JSON.stringify(call.args.blocks ?? "").includes(ids.action.approve)) done.set(k, call.at);
  };
  harness.slack.events.on("call", onCall);
  const url = harness.world.database.url!;
  const xacts0 = await transactions(url);
  const run = await clients.run({ url: bot.url, signingSecret, bodies, concurrency });
  const end = Date.now() + 600_000;
  while (done.size < forBot.length && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  harness.slack.events.off("call", onCall);
  if (done.size < forBot.length) throw new Error(`only ${done.size} of ${forBot.length} decisions reached Slack`);
  await quiet(harness);
  const botXacts = (await transactions(url)) - xacts0;
  const first = Math.min(...run.sentAt);
  const last = Math.max(...done.values());
  const e2e = forBot.map((p, i) => done.get(key(p.message.channel, p.message.ts))! - run.sentAt[i]!);

  const forFloor = await pendingApprovals(harness, decisions);
  const xacts1 = await transactions(url);
  const floorPerSecond = await sqlFloor(url, forFloor, concurrency, poolSize);
  const floorXacts = (await transactions(url)) - xacts1;
  const botPerSecond = Math.round((decisions / ((last - first) / 1000)) * 10) / 10;
  const per = (n: number) => Math.round((n / decisions) * 10) / 10;
  return {
    decisions,
    concurrency,
    botPerSecond,
    endToEnd: summarize(e2e),
    floorPerSecond,
    share: Math.round((botPerSecond / floorPerSecond) * 1000) / 1000,
    transactionsPerDecision: { bot: per(botXacts), floor: per(floorXacts) },
  };
}

/** Committed transactions in the database so far (the statistics reach the view within a second). */
async function transactions(url: string): Promise<number> {
  await new Promise((r) => setTimeout(r, 1500));
  const [row] = await withPgClient(url, (c) => c.query<{ n: string }>("SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()"));
  return Number(row!.n);
}

/** The rows an approval of the return's first step changes, by hand: no ORM, no Slack, no schedule. */
async function sqlFloor(url: string, pending: PendingApproval[], concurrency: number, poolSize: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  try {
    const start = performance.now();
    await inBatches(pending, concurrency, async (p) => {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        await c.query(`SELECT id FROM "Request" WHERE id = $1 FOR UPDATE`, [p.requestId]);
        const closed = await c.query(`UPDATE "Assignment" SET status = 'APPROVED', "decidedAt" = now() WHERE id = $1 AND status = 'PENDING' RETURNING "stepIndex", "stepKey"`, [p.assignmentId]);
        if (closed.rowCount !== 1) throw new Error(`assignment ${p.assignmentId} was not pending`);
        await c.query(`INSERT INTO "AuditEntry" ("requestId", "assignmentId", "stepIndex", "stepKey", "actorId", action, at) VALUES ($1, $2, 0, 'order_check', $3, 'APPROVE', now())`, [p.requestId, p.assignmentId, p.userId]);
        await c.query(`INSERT INTO "Assignment" ("requestId", "stepIndex", "stepKey", kind, "assigneeId", reason) VALUES ($1, 1, 'quality_check', 'APPROVAL', 'UQA0001', '{"kind":"role","role":"quality"}')`, [p.requestId]);
        await c.query(`UPDATE "Request" SET "currentStep" = 1, "updatedAt" = now() WHERE id = $1`, [p.requestId]);
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
