// 1,000 pairs of simultaneous approve clicks on the same assignment, through signed HTTP
// and Bolt: exactly one transition each, and both clicks of every pair answered (the
// winner sees the DM updated, the other gets an ephemeral "already handled").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { t } from "../../src/i18n/index.ts";
import { actionIds, type Bot, settle, startBot } from "../support/bot.ts";
import { inBatches, type PendingApproval, pendingApprovals } from "../support/pending.ts";

const PAIRS = 1000;
let bot: Bot;
let pending: PendingApproval[];
beforeAll(async () => {
  // A thousand requests land in one approver's DM within minutes, and every decision updates
  // DMs and App Homes: hundreds of times Slack's per-conversation and Tier 3/4 budgets. This
  // tests what the bot does with simultaneous clicks, not Slack's rate limits, so they are off.
  bot = await startBot({ slackRateScale: Infinity });
  pending = await pendingApprovals(bot, PAIRS);
}, 300_000);
afterAll(async () => bot?.close());

describe(`${PAIRS} pairs of simultaneous clicks`, () => {
  it("make one transition each, and every click gets an answer", async () => {
    const db = bot.world.database.prisma;
    const ephemeralsBefore = bot.slack.store.ephemeralsFor("USA0001").length;
    // Ten pairs in flight at a time: twenty people clicking at the same instant, a thousand times.
    const statuses = await inBatches(pending, 10, (p) => {
      const click = () =>
        bot.slack.clickButton({
          userId: p.userId,
          actionId: ids.action.approve,
          message: p.message,
        });
      return Promise.all([click(), click()]).then((rs) => rs.map((r) => r.status));
    });
    expect(statuses.flat().filter((s) => s !== 200)).toEqual([]);
    await settle(bot, 500, 240_000);

    // Any click the bot could not decide was told so (not lost), but none should fail here.
    const failed = bot.slack.store
      .ephemeralsFor("USA0001")
      .slice(ephemeralsBefore)
      .filter((e) => e.text === t("zh-CN", "error.failed"));
    expect(failed).toHaveLength(0);
    const requestIds = pending.map((p) => p.requestId);
    const approvals = await db.auditEntry.groupBy({
      by: ["requestId"],
      where: { requestId: { in: requestIds }, action: "APPROVE" },
      _count: true,
    });
    expect(approvals.filter((a) => a._count !== 1)).toEqual([]);
    expect(approvals).toHaveLength(PAIRS);
    const next = await db.assignment.groupBy({
      by: ["requestId"],
      where: { requestId: { in: requestIds }, stepKey: "quality_check" },
      _count: true,
    });
    expect(next.filter((a) => a._count !== 1)).toEqual([]);
    expect(next).toHaveLength(PAIRS);
    expect(
      await db.assignment.count({
        where: { id: { in: pending.map((p) => p.assignmentId) }, status: { not: "APPROVED" } },
      }),
    ).toBe(0);

    // The winners: every approver DM updated in place, no live approve button left.
    const stale = pending.filter((p) =>
      actionIds(bot.slack.store.message(p.message.channel, p.message.ts)).includes(
        ids.action.approve,
      ),
    );
    expect(stale).toEqual([]);
    // The others: one ephemeral each, saying the step was already handled.
    const answers = bot.slack.store
      .ephemeralsFor("USA0001")
      .slice(ephemeralsBefore)
      .map((e) => e.text);
    expect(answers).toHaveLength(PAIRS);
    expect(new Set(answers)).toEqual(
      new Set([
        t("zh-CN", "error.assignment_closed", { status: t("zh-CN", "assignment.APPROVED") }),
      ]),
    );
  });
});
