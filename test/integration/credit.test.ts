// 客户资信调整 through Slack: /credit opens the form; regional manager → BU sales manager →
// finance (或签) → customer service updates the record → the regional manager is told.
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionIds,
  actionMessage,
  assignmentsOf,
  auditTrail,
  clickOn,
  eventually,
  everyDecisionAction,
  fileVia,
  messagesOf,
  openModal,
  plainText,
  slowInteractions,
  useBot,
  waitForStatus,
} from "../support/bot.ts";

const bot = useBot();

const db = () => bot.world.database.prisma;

describe("credit change (资信调整)", () => {
  it("/credit opens the credit form directly, in the person's language", async () => {
    const view = await openModal(bot, "UAM0001", "/credit");
    expect(view.callback_id).toBe("request:credit");
    expect(view.private_metadata).toBe("{}");
    expect(view.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).toEqual([
      "customer",
      "proposed_grade",
      "proposed_limit",
      "hold_orders",
      "reason",
    ]);
    expect(JSON.stringify(view.title)).toContain("客户资信调整");
    await bot.slack.closeView({ userId: "UAM0001", viewId: view.id });
  });

  it("runs regional manager → BU manager → finance (either) → customer service, then changes the customer", async () => {
    const before = await db().customer.findUniqueOrThrow({ where: { code: "C1002" } });
    expect([before.creditGrade, before.creditLimit.toFixed(2), before.onHold]).toEqual([
      "B",
      "200000.00",
      false,
    ]);

    const { id } = await fileVia(bot, "UAM0001", "/credit", {
      customer: { option: "C1002" },
      proposed_grade: { option: "A" },
      proposed_limit: "350,000.00",
      hold_orders: { options: ["true"] },
      reason: "年度评审上调，回款异常期间暂缓发货",
    });
    const request = await db().request.findUniqueOrThrow({ where: { id } });
    expect(request.processKey).toBe("credit");
    // The customer's credit at submission is captured with the form.
    expect(request.form).toEqual({
      customer: "C1002",
      proposed_grade: "A",
      proposed_limit: "350000.00",
      hold_orders: true,
      reason: "年度评审上调，回款异常期间暂缓发货",
      current_grade: "B",
      current_limit: "200000.00",
      current_hold: false,
    });

    // The regional manager decides with the customer's current credit in front of them.
    const first = await actionMessage(bot, id, "URM0001");
    expect(first.text).toBe(`待你审批：客户资信调整 #${id}`);
    const text = plainText(first);
    expect(text).toContain(
      "*客户当前资信*：C1002 苏州恒远实业有限公司 · 等级 B · 额度 ¥200,000.00",
    );
    expect(text).not.toContain("已暂缓订单及发货");
    expect(text).toContain("*当前资信*\n等级 B · 额度 ¥200,000.00");
    expect(text).toContain("*调整后信用额度（元）*\n¥350,000.00");
    expect(text).toContain("*调整后信用等级*\nA 级");
    expect(text).toContain("*你的环节：* 大区经理审核（华东大区经理）");
    expect(actionIds(first)).toEqual(everyDecisionAction);

    await clickOn(bot, id, "URM0001");
    const bu = await actionMessage(bot, id, "UBU0001");
    expect(plainText(bu)).toContain(
      "*客户当前资信*：C1002 苏州恒远实业有限公司 · 等级 B · 额度 ¥200,000.00",
    );
    await clickOn(bot, id, "UBU0001");

    // 或签: both finance people are asked; the one who did not act loses the buttons.
    const fi1 = await actionMessage(bot, id, "UFI0001");
    await actionMessage(bot, id, "UFI0002");
    await clickOn(bot, id, "UFI0002");
    await eventually(
      () =>
        actionIds(bot.slack.store.message(fi1.channel, fi1.ts)).length === 0 ? true : undefined,
      "UFI0001's buttons to go",
    );
    expect(plainText(bot.slack.store.message(fi1.channel, fi1.ts))).toContain(
      "此环节已结束：无需处理",
    );

    const task = await actionMessage(bot, id, "UCS0001", ids.action.taskDone);
    expect(task.text).toBe(`待你处理：客户服务部更新客户资信 · 客户资信调整 #${id}`);
    // Still pending: nothing has changed on the customer yet.
    expect((await db().customer.findUniqueOrThrow({ where: { code: "C1002" } })).creditGrade).toBe(
      "B",
    );
    await clickOn(bot, id, "UCS0001", ids.action.taskDone);
    await waitForStatus(bot, id, "APPROVED");

    const after = await db().customer.findUniqueOrThrow({ where: { code: "C1002" } });
    expect([after.creditGrade, after.creditLimit.toFixed(2), after.onHold]).toEqual([
      "A",
      "350000.00",
      true,
    ]);
    const changes = await db().creditChange.findMany({ where: { customerId: after.id } });
    expect(changes).toHaveLength(1);
    const change = changes[0]!;
    expect(change.requestId).toBe(id);
    expect(change.changedBy).toBe("UAM0001");
    expect([
      change.fromGrade,
      change.toGrade,
      change.fromLimit.toFixed(2),
      change.toLimit.toFixed(2),
      change.fromHold,
      change.toHold,
    ]).toEqual(["B", "A", "200000.00", "350000.00", false, true]);

    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:UAM0001",
      "APPROVE:URM0001",
      "APPROVE:UBU0001",
      "APPROVE:UFI0002",
      "DONE:UCS0001",
      "NOTIFY:URM0001",
      "COMPLETE:system",
    ]);
    expect(await assignmentsOf(bot, id)).toEqual([
      "regional:URM0001:APPROVED",
      "bu_manager:UBU0001:APPROVED",
      "finance:UFI0001:CANCELLED",
      "finance:UFI0002:APPROVED",
      "update_record:UCS0001:DONE",
      "notify_regional:URM0001:NOTIFIED",
    ]);

    // The regional manager is told (a new DM, no buttons); the requester hears of the approval.
    const notified = await eventually(
      () => bot.slack.store.dmOf("URM0001").find((m) => m.text === `抄送：客户资信调整 #${id}`),
      "the regional manager's notification",
    );
    expect(actionIds(notified)).toEqual([]);
    await eventually(
      () =>
        bot.slack.store
          .dmOf("UAM0001")
          .find((m) => m.text === `✅ 你的申请 客户资信调整 #${id} 已审批通过。`),
      "the approval notice",
    );

    // Every message is re-rendered: no button left, and the approver's view shows the credit as it is now.
    await eventually(async () => {
      const all = await messagesOf(bot, id);
      return all.length === 8 && all.every((m) => actionIds(m).length === 0) ? true : undefined;
    }, "all messages without buttons");
    const regional = bot.slack.store.message(first.channel, first.ts)!;
    await eventually(
      () => (plainText(regional).includes("等级 A · 额度 ¥350,000.00") ? true : undefined),
      "the regional manager's message to show the new credit",
    );
    expect(plainText(regional)).toContain(
      "*客户当前资信*：C1002 苏州恒远实业有限公司 · 等级 A · 额度 ¥350,000.00 · ⚠️ 已暂缓订单及发货",
    );
    expect(plainText(regional)).toMatch(
      /近期调整：\d{4}-\d{2}-\d{2} B\/¥200,000\.00 → A\/¥350,000\.00/,
    );
    expect(plainText(regional)).toMatch(/你已同意 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it("answered every interaction within Slack's 3 s", () => {
    expect(bot.timings.map((t) => t.kind)).toEqual(
      expect.arrayContaining(["slash_command", "block_actions", "view_submission"]),
    );
    expect(slowInteractions(bot)).toEqual([]);
  });
});
