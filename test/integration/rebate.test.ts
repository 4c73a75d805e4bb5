// 返利 through Slack: approvers see the distributor's earlier rebates; an approved rebate joins them.
import { describe, expect, it } from "vitest";
import { escapeMrkdwn } from "../../handlers/blocks/mrkdwn.ts";
import { ids } from "../../handlers/ids.ts";
import {
  actionIds,
  actionMessage,
  assignmentsOf,
  auditTrail,
  clickOn,
  eventually,
  fileVia,
  messagesOf,
  plainText,
  slowInteractions,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { approveInModal } from "../support/walk.ts";

const bot = useBot();

const db = () => bot.world.database.prisma;

const earlier = [
  "*D3001 华东鑫达分销有限公司 以往返利*",
  "• 2026-Q2：返利 ¥102,000.00（销售基数 ¥3,400,000.00）",
  "• 2026-Q1：返利 ¥85,500.00（销售基数 ¥2,850,000.00）",
  "• 2025-Q4：返利 ¥96,000.00（销售基数 ¥3,200,000.00）",
].join("\n");

describe("distributor rebate (返利)", () => {
  it("shows approvers the earlier rebates and records the new one on approval", async () => {
    const { id, view } = await fileVia(bot, "UCH0001", "/rebate", {
      distributor: { option: "D3001" },
      period: "2026-Q3",
      sales_basis: "3,000,000.00",
      rebate_rate: "3",
      rebate_amount: "90,000.00",
      policy_ref: "2026 渠道返利政策 §4.2",
      justification: "三季度完成目标 105%",
    });
    expect(view.callback_id).toBe("request:rebate");
    expect((await db().request.findUniqueOrThrow({ where: { id } })).form).toEqual({
      distributor: "D3001",
      period: "2026-Q3",
      sales_basis: "3000000.00",
      rebate_rate: "3",
      rebate_amount: "90000.00",
      policy_ref: "2026 渠道返利政策 §4.2",
      justification: "三季度完成目标 105%",
    });

    const ops = await actionMessage(bot, id, "USO0001");
    expect(ops.text).toBe(`待你审批：分销商返利 #${id}`);
    const text = plainText(ops);
    for (const period of ["2025-Q4", "2026-Q1", "2026-Q2"]) expect(text).toContain(period);
    // Newest first, with amounts and sales bases; the request's own rebate is not there yet.
    expect(text).toContain(earlier);
    expect(text).not.toContain("• 2026-Q3");
    // The GM step is skipped for 90,000 (> 100,000 needs the GM); the path says so up front.
    // The condition as written in the definition, shown inert like any text not written as mrkdwn.
    expect(text).toContain("⏭ 总经理审批 — 跳过：「返利金额（元）大于 ¥100,000.00」不成立");

    await clickOn(bot, id, "USO0001");
    await actionMessage(bot, id, "UFI0002");
    // Finance may lower the rebate, so its Approve opens the approve-with-changes modal; unchanged here.
    await approveInModal(bot, id, "UFI0001");
    const director = await actionMessage(bot, id, "USD0001");
    expect(plainText(director)).toContain(earlier);
    await clickOn(bot, id, "USD0001");
    // Issuing the credit is a task for finance (either person).
    await actionMessage(bot, id, "UFI0001", ids.action.taskDone);
    await clickOn(bot, id, "UFI0002", ids.action.taskDone);
    await waitForStatus(bot, id, "APPROVED");

    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:UCH0001",
      "APPROVE:USO0001",
      "APPROVE:UFI0001",
      "APPROVE:USD0001",
      "SKIP:system",
      "DONE:UFI0002",
      "COMPLETE:system",
    ]);
    expect(await assignmentsOf(bot, id)).toEqual([
      "sales_ops:USO0001:APPROVED",
      "finance:UFI0001:APPROVED",
      "finance:UFI0002:CANCELLED",
      "director:USD0001:APPROVED",
      "issue_credit:UFI0001:CANCELLED",
      "issue_credit:UFI0002:DONE",
    ]);

    const distributor = await db().customer.findUniqueOrThrow({ where: { code: "D3001" } });
    const rebate = await db().rebate.findUniqueOrThrow({ where: { requestId: id } });
    expect([
      rebate.distributorId,
      rebate.period,
      rebate.salesBasis.toFixed(2),
      rebate.amount.toFixed(2),
    ]).toEqual([distributor.id, "2026-Q3", "3000000.00", "90000.00"]);
    expect(await db().rebate.count({ where: { distributorId: distributor.id } })).toBe(4);
    // The distributor itself is untouched by a rebate.
    expect([distributor.creditGrade, distributor.creditLimit.toFixed(2)]).toEqual([
      "A",
      "1000000.00",
    ]);

    await eventually(
      () =>
        bot.slack.store
          .dmOf("UCH0001")
          .find((m) => m.text === `✅ 你的申请 分销商返利 #${id} 已审批通过。`),
      "the approval notice",
    );
    await eventually(
      async () =>
        (await messagesOf(bot, id)).every((m) => actionIds(m).length === 0) ? true : undefined,
      "no buttons left",
    );
  });

  it("a later rebate request for the same distributor shows the one just approved", async () => {
    const { id } = await fileVia(bot, "UCH0001", "/rebate", {
      distributor: { option: "D3001" },
      period: "2026-Q4",
      sales_basis: "1,000,000.00",
      rebate_amount: "20,000.00",
      policy_ref: "2026 渠道返利政策 §4.2",
      justification: "四季度",
    });
    const ops = await actionMessage(bot, id, "USO0001");
    expect(plainText(ops)).toContain(
      "*D3001 华东鑫达分销有限公司 以往返利*\n• 2026-Q3：返利 ¥90,000.00（销售基数 ¥3,000,000.00）\n• 2026-Q2：",
    );
    // Optional rate left empty is shown as empty, not as 0.
    expect(plainText(ops)).toContain("*返利比例（%）*\n（空）");
  });

  it("answered every interaction within Slack's 3 s", () => {
    expect(bot.timings.length).toBeGreaterThanOrEqual(8);
    expect(slowInteractions(bot)).toEqual([]);
  });
});
