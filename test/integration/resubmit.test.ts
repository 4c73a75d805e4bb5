// 退回 and 重新提交: the director returns a request; the requester edits it from the DM and it
// goes straight back to the director, who sees what changed. Earlier approvers are not asked again.

import { formValues } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionIds,
  actionMessage,
  assignmentsOf,
  auditTrail,
  clickForModal,
  clickOn,
  decideInModal,
  eventually,
  everyDecisionAction,
  fileRequest,
  itAnsweredInTime,
  latestRequestId,
  messagesOf,
  nextEphemeral,
  plainText,
  prefilledValues,
  settle,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const db = () => bot.world.database.prisma;

const returnForm = returnFormValues({
  order_no: "SO-2026-0077",
  items: "A-100 胶辊 × 10\nA-120 胶辊 × 2",
  amount: "30,000.00",
  reason: "客户订单取消",
  evidence: "https://files.example.com/cancel.pdf",
});

describe("return for changes and resubmit (退回 / 重新提交)", () => {
  it("goes back to the director only, who sees the old and new amount", async () => {
    await fileRequest(bot, "USR0001", "return", returnForm);
    const id = await latestRequestId(bot);
    await clickOn(bot, id, "USA0001");
    await clickOn(bot, id, "UQA0001");

    // The director returns it: approval.return → decision:return modal → reason.
    const directorMessage = await actionMessage(bot, id, "USD0001");
    const modal = await clickForModal(bot, "USD0001", directorMessage, ids.action.return);
    expect(modal.callback_id).toBe(ids.view.return);
    const empty = await bot.slack.submitView({
      userId: "USD0001",
      viewId: modal.id,
      values: formValues(modal, {}),
    });
    expect(empty.json).toEqual({ response_action: "errors", errors: { reason: "请填写原因。" } });
    const answer = await bot.slack.submitView({
      userId: "USD0001",
      viewId: modal.id,
      values: formValues(modal, { reason: "金额与发票不符，请按发票金额修改" }),
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toBeUndefined();
    await waitForStatus(bot, id, "RETURNED");
    const returnedFrom = await db().assignment.findFirstOrThrow({
      where: { requestId: id, assigneeId: "USD0001" },
    });
    expect((await db().request.findUniqueOrThrow({ where: { id } })).returnedFromId).toBe(
      returnedFrom.id,
    );
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "APPROVE:USA0001",
      "APPROVE:UQA0001",
      "RETURN:USD0001",
    ]);

    // The requester is told why, with an "Edit and resubmit" button (also on the tracking message).
    const notice = await eventually(
      async () => (await messagesOf(bot, id)).find((m) => m.key.startsWith("notice:")),
      "the return notice",
    );
    expect(notice.userId).toBe("USR0001");
    expect(plainText(notice)).toBe(
      `↩️ 你的申请 *退货/换货申请 #${id}* 被 <@USD0001> 退回修改。\n需要修改：金额与发票不符，请按发票金额修改`,
    );
    expect(actionIds(notice)).toEqual([ids.action.resubmit]);
    await eventually(async () => {
      const tracking = (await messagesOf(bot, id)).find((m) => m.key === `tracking:${id}`);
      return tracking &&
        actionIds(tracking).join() === [ids.action.resubmit, ids.action.withdraw].join()
        ? true
        : undefined;
    }, "the tracking message to offer resubmission");
    await eventually(
      () =>
        actionIds(bot.slack.store.message(directorMessage.channel, directorMessage.ts)).length === 0
          ? true
          : undefined,
      "the director's buttons to go",
    );
    expect(plainText(bot.slack.store.message(directorMessage.channel, directorMessage.ts))).toMatch(
      /你已退回修改 · /,
    );

    await settle(bot);
    const dmCounts = () =>
      Object.fromEntries(
        ["USA0001", "UQA0001", "USD0001"].map((u) => [u, bot.slack.store.dmOf(u).length]),
      );
    const before = dmCounts();

    // Edit and resubmit opens the process form, prefilled, explaining why it came back.
    const form = await clickForModal(bot, "USR0001", notice, ids.action.resubmit);
    expect(form.callback_id).toBe("request:return");
    expect(JSON.parse(form.private_metadata)).toEqual({ requestId: id });
    expect(plainText(form)).toContain(
      `*退货/换货申请 #${id}* 被 <@USD0001> 退回修改：金额与发票不符，请按发票金额修改`,
    );
    const prefilled = prefilledValues(form);
    expect(prefilled).toEqual({
      customer: { option: "C1001" },
      order_no: "SO-2026-0077",
      type: { option: "return" },
      items: "A-100 胶辊 × 10\nA-120 胶辊 × 2",
      amount: "30000.00",
      reason: "客户订单取消",
      evidence: "https://files.example.com/cancel.pdf",
    });
    // The customer picker shows the customer's name, not just its code.
    expect(JSON.stringify(form.blocks)).toContain("C1001 上海华纺贸易有限公司");

    // A bad amount is refused on the field and changes nothing.
    const bad = await bot.slack.submitView({
      userId: "USR0001",
      viewId: form.id,
      values: formValues(form, { ...prefilled, amount: "六万" }),
    });
    expect(bad.json).toEqual({
      response_action: "errors",
      errors: { amount: "请输入金额，例如 12,345.60" },
    });
    expect((await db().request.findUniqueOrThrow({ where: { id } })).status).toBe("RETURNED");

    // 60,000 now needs the GM too.
    const ok = await bot.slack.submitView({
      userId: "USR0001",
      viewId: form.id,
      values: formValues(form, { ...prefilled, amount: "60,000.00" }),
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toBeUndefined();
    await waitForStatus(bot, id, "PENDING");
    const request = await db().request.findUniqueOrThrow({ where: { id } });
    expect(request.returnedFromId).toBeNull();
    expect((request.form as Record<string, unknown>).amount).toBe("60000.00");
    const resubmit = await db().auditEntry.findFirstOrThrow({
      where: { requestId: id, action: "RESUBMIT" },
    });
    expect(resubmit.actorId).toBe("USR0001");
    expect(resubmit.data).toEqual({
      changed: [{ field: "amount", from: "30000.00", to: "60000.00" }],
    });

    // Straight back to the director, in a new DM that lists the change.
    const again = await eventually(
      async () =>
        (await messagesOf(bot, id)).find(
          (m) => m.userId === "USD0001" && m.ts !== directorMessage.ts,
        ),
      "the director's new message",
    );
    expect(actionIds(again)).toEqual(everyDecisionAction);
    const text = plainText(again);
    expect(text).toContain("*申请人修改了以下内容：*\n• 金额（元）：~¥30,000.00~ → ¥60,000.00");
    expect(text).toContain("▫️ 总经理审核 — <@UGM0001>");
    await settle(bot);
    expect(dmCounts()).toEqual({ ...before, USD0001: before.USD0001! + 1 });
    expect(await assignmentsOf(bot, id)).toEqual([
      "order_check:USA0001:APPROVED",
      "quality_check:UQA0001:APPROVED",
      "director:USD0001:RETURNED",
      "director:USD0001:PENDING",
    ]);

    // The notice no longer offers resubmission; a stale click on it is refused.
    const noticeNow = bot.slack.store.message(notice.channel, notice.ts)!;
    expect(actionIds(noticeNow)).toEqual([]);
    expect(plainText(noticeNow)).toContain("已重新提交。");
    const seen = bot.slack.store.ephemeralsFor("USR0001").length;
    await bot.slack.clickButton({
      userId: "USR0001",
      actionId: ids.action.resubmit,
      value: String(id),
      blockId: `notice:${resubmit.id}`,
      message: { channel: notice.channel, ts: notice.ts },
    });
    expect((await nextEphemeral(bot, "USR0001", seen)).text).toBe(
      "这条申请当前状态为「审批中」，不能再操作。",
    );

    // The director approves; the GM is asked because of the new amount.
    await clickOn(bot, id, "USD0001");
    await actionMessage(bot, id, "UGM0001");
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "APPROVE:USA0001",
      "APPROVE:UQA0001",
      "RETURN:USD0001",
      "RESUBMIT:USR0001",
      "APPROVE:USD0001",
    ]);
  });

  it("reopens the form of a customer whose name is longer than a Slack option may show", async () => {
    // Slack refuses an option text over 75 characters (views.open: invalid_arguments), so the
    // prefilled customer picker must shorten it as the search results do.
    const name = `${"上海华纺贸易".repeat(13)}有限公司`; // 82 characters
    await db().customer.create({
      data: { code: "C9001", name, region: "east", creditGrade: "A", creditLimit: "100000.00" },
    });
    await fileRequest(bot, "USR0001", "return", { ...returnForm, customer: { option: "C9001" } });
    const id = await latestRequestId(bot);
    await decideInModal(bot, id, "USA0001", ids.action.return, { reason: "请核对客户名称" });
    await waitForStatus(bot, id, "RETURNED");
    const notice = await eventually(
      async () => (await messagesOf(bot, id)).find((m) => m.key.startsWith("notice:")),
      "the return notice",
    );
    const form = await clickForModal(bot, "USR0001", notice, ids.action.resubmit);
    expect(prefilledValues(form).customer).toEqual({ option: "C9001" });
    const refused = bot.slack.store.calls.filter(
      (c) => c.method === "views.open" && !c.response.ok,
    );
    expect(refused.map((c) => c.response.response_metadata)).toEqual([]);
  });

  itAnsweredInTime(bot);
});
