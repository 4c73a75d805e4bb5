// 销售费用: an advance under 5,000 stops at the area manager; a large reimbursement goes
// through the flow-slip check, finance, the director and the GM; finance pays in both.
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionIds,
  actionMessage,
  assignmentsOf,
  auditTrail,
  clickOn,
  eventually,
  fileVia,
  itAnsweredInTime,
  messagesOf,
  plainText,
  useBot,
  waitForStatus,
} from "../support/bot.ts";

const bot = useBot();

const form = (stage: string, amount: string) => ({
  stage: { option: stage },
  expense_type: { option: "promotion" },
  amount,
  purpose: "上海区域门店促销物料",
  budget_line: "MKT-2026-SH",
  attachments: "https://files.example.com/flow-slip.pdf",
});

async function recipients(id: number): Promise<string[]> {
  return [...new Set((await messagesOf(bot, id)).map((m) => m.userId))].sort();
}

describe("sales expense (销售费用)", () => {
  it("an advance of 3,000.00: the area manager's approval is the last one, then finance pays", async () => {
    const { id } = await fileVia(bot, "USR0001", "/expense", form("advance", "3,000.00"));
    const first = await actionMessage(bot, id, "UAM0001");
    expect(first.text).toBe(`待你审批：销售费用申请 #${id}`);
    const path = plainText(first);
    // The assignee's own step: their own line, not each peer's progress (README "Which messages follow the request").
    expect(path).toContain("*区域经理初审* — ⏳ 等待你处理");
    expect(path).toContain("⏭ 销售总监审核 — 跳过：「金额（元）不低于 ¥5,000.00」不成立");
    expect(path).toContain("▫️ 财务部付款 — <@UFI0001> / <@UFI0002>");
    await clickOn(bot, id, "UAM0001");

    // Both finance people get the payment task; one marks it done.
    const pay = await actionMessage(bot, id, "UFI0002", ids.action.taskDone);
    expect(pay.text).toBe(`待你处理：财务部付款 · 销售费用申请 #${id}`);
    expect(actionIds(pay)).toEqual([ids.action.taskDone]);
    await clickOn(bot, id, "UFI0001", ids.action.taskDone);
    await waitForStatus(bot, id, "APPROVED");

    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "APPROVE:UAM0001",
      "SKIP:system",
      "SKIP:system",
      "SKIP:system",
      "SKIP:system",
      "DONE:UFI0001",
      "COMPLETE:system",
    ]);
    expect(await assignmentsOf(bot, id)).toEqual([
      "area_review:UAM0001:APPROVED",
      "pay:UFI0001:DONE",
      "pay:UFI0002:CANCELLED",
    ]);
    const skipped = await bot.world.database.prisma.auditEntry.findMany({
      where: { requestId: id, action: "SKIP" },
      orderBy: { id: "asc" },
    });
    expect(skipped.map((s) => s.stepKey)).toEqual([
      "flow_check",
      "receipts_check",
      "director",
      "gm",
    ]);
    // Nobody above the area manager heard of it.
    expect(await recipients(id)).toEqual(["UAM0001", "UFI0001", "UFI0002", "USR0001"]);
    await eventually(
      () =>
        actionIds(bot.slack.store.message(pay.channel, pay.ts)).length === 0 ? true : undefined,
      "UFI0002's task button to go",
    );
  });

  it("a reimbursement of 80,000.00: flow check → finance receipts → director → GM → finance pays", async () => {
    const { id } = await fileVia(bot, "USR0001", "/expense", form("reimbursement", "80,000.00"));
    const chain: [string, string][] = [
      ["USA0002", "内勤主管复核流向单"],
      ["UFI0002", "财务部审核票据"],
      ["USD0001", "销售总监审核"],
      ["UGM0001", "总经理审批"],
    ];
    for (const [approver, step] of chain) {
      const message = await actionMessage(bot, id, approver);
      expect(plainText(message)).toContain(`*你的环节：* ${step}`);
      await clickOn(bot, id, approver);
    }
    await clickOn(bot, id, "UFI0001", ids.action.taskDone);
    await waitForStatus(bot, id, "APPROVED");

    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "SKIP:system",
      "APPROVE:USA0002",
      "APPROVE:UFI0002",
      "APPROVE:USD0001",
      "APPROVE:UGM0001",
      "DONE:UFI0001",
      "COMPLETE:system",
    ]);
    expect(await assignmentsOf(bot, id)).toEqual([
      "flow_check:USA0002:APPROVED",
      "receipts_check:UFI0001:CANCELLED",
      "receipts_check:UFI0002:APPROVED",
      "director:USD0001:APPROVED",
      "gm:UGM0001:APPROVED",
      "pay:UFI0001:DONE",
      "pay:UFI0002:CANCELLED",
    ]);
    // The area manager is not on a reimbursement's path.
    expect(await recipients(id)).toEqual([
      "UFI0001",
      "UFI0002",
      "UGM0001",
      "USA0002",
      "USD0001",
      "USR0001",
    ]);
    await eventually(
      () =>
        bot.slack.store
          .dmOf("USR0001")
          .find((m) => m.text === `✅ 你的申请 销售费用申请 #${id} 已审批通过。`),
      "the approval notice",
    );
  });

  itAnsweredInTime(bot);
});
