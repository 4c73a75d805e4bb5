// PostgreSQL drops the connection in the middle of a decision (pg_terminate_backend after
// the transaction has written rows): the click is answered with an error, nothing of the
// decision is left behind, the next click decides normally, and the pool gets the dropped
// connection back (Prisma 6.19 alone keeps it forever: src/db/release-failed-transactions.ts).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { processSchema } from "../../src/definitions/schema.ts";
import { t } from "../../src/i18n/index.ts";
import {
  actionMessage,
  assignmentsOf,
  auditTrail,
  type Bot,
  eventually,
  nextEphemeral,
  settle,
  startBot,
} from "../support/bot.ts";

const name = (s: string) => ({ zh: s, en: s });
// 或签 by the two finance holders: approving cancels the other holder's row, a write that
// can be held up by locking that row from outside.
const financeCheck = processSchema.parse({
  key: "t_finance_check",
  version: 1,
  name: name("t_finance_check"),
  fields: [{ key: "amount", type: "money", label: { zh: "金额", en: "Amount" } }],
  steps: [
    { key: "check", kind: "approval", who: { role: "finance" }, name: name("check") },
    { key: "pay", kind: "task", who: { role: "warehouse" }, name: name("pay") },
  ],
});

let bot: Bot;
let closed = false;
let blocker: pg.Client;
beforeAll(async () => {
  bot = await startBot({ extra: [financeCheck] });
  blocker = new pg.Client({ connectionString: bot.world.database.url });
  await blocker.connect();
});
afterAll(async () => {
  if (!closed) await blocker?.end().catch(() => undefined);
  if (!closed) await bot?.close();
});

describe.skipIf(!process.env.DATABASE_URL)("the database connection dropped mid-decision", () => {
  it("answers the click with an error, leaves nothing half-written, and the next click works", async () => {
    const db = bot.world.database.prisma;
    const filed = await bot.services.engine.submit("t_finance_check", "USR0001", { amount: "100" });
    if (!filed.ok) throw new Error(JSON.stringify(filed.error));
    const id = filed.requestId;
    await bot.background.idle();
    const mine = await actionMessage(bot, id, "UFI0001");
    const other = await db.assignment.findFirstOrThrow({
      where: { requestId: id, assigneeId: "UFI0002" },
    });
    const before = { assignments: await assignmentsOf(bot, id), audit: await auditTrail(bot, id) };

    await blocker.query("BEGIN");
    await blocker.query(`SELECT id FROM "Assignment" WHERE id = $1 FOR UPDATE`, [other.id]);
    const ephemerals = bot.slack.store.ephemeralsFor("UFI0001").length;
    const click = await bot.slack.clickButton({
      userId: "UFI0001",
      actionId: ids.action.approve,
      message: { channel: mine.channel, ts: mine.ts },
    });
    expect(click.status).toBe(200);
    // The decision's transaction has written (it has a transaction id) and now waits for the locked row.
    const victim = await eventually(
      async () => {
        // A fresh snapshot each time: inside the blocker's transaction pg_stat_activity would stay frozen.
        await blocker.query("SELECT pg_stat_clear_snapshot()");
        const rows = await blocker.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL`,
        );
        return rows.rows[0]?.pid;
      },
      "the decision to wait on the lock",
      30_000,
    );
    await blocker.query("SELECT pg_terminate_backend($1)", [victim]);
    await blocker.query("ROLLBACK");

    const answer = await nextEphemeral(bot, "UFI0001", ephemerals, "the error answer");
    expect(answer.text).toBe(t("zh-CN", "error.failed"));
    await settle(bot);
    expect(await assignmentsOf(bot, id)).toEqual(before.assignments);
    expect(await auditTrail(bot, id)).toEqual(before.audit);
    expect((await db.request.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");

    const again = await bot.slack.clickButton({
      userId: "UFI0001",
      actionId: ids.action.approve,
      message: { channel: mine.channel, ts: mine.ts },
    });
    expect(again.status).toBe(200);
    await settle(bot);
    expect(await auditTrail(bot, id)).toEqual([...before.audit, "APPROVE:UFI0001"]);
    expect(await assignmentsOf(bot, id)).toEqual([
      "check:UFI0001:APPROVED",
      "check:UFI0002:CANCELLED",
      "pay:UWH0001:PENDING",
    ]);

    // Closing waits for every pooled connection: a leaked one would hold it forever.
    await blocker.end();
    const gone = await Promise.race([
      bot.close().then(() => true),
      new Promise((r) => setTimeout(() => r(false), 20_000)),
    ]);
    closed = gone === true;
    expect(gone, "every database connection given back to the pool").toBe(true);
  });
});
