// 加签, 抄送 and approve with changes through Slack: the buttons, the modals, the errors on
// the right field, and what later approvers and the requester see.

import { formValues } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionIds,
  actionMessage,
  assignmentsOf,
  auditTrail,
  clickOn,
  decideInModal,
  eventually,
  everyDecisionAction,
  fileVia,
  messagesOf,
  plainText,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const db = () => bot.world.database.prisma;

const rebateForm = {
  distributor: { option: "D3002" },
  period: "2026-Q3",
  sales_basis: "4,000,000.00",
  rebate_rate: "3",
  rebate_amount: "120,000.00",
  policy_ref: "2026 渠道返利政策 §4.2",
  justification: "三季度完成目标 110%",
};

describe("approve with changes (a rebate reduced at finance)", () => {
  it("finance lowers the amount; the director sees both values; the audit row and the rebate keep them", async () => {
    const { id } = await fileVia(bot, "UCH0001", "/rebate", rebateForm);
    await clickOn(bot, id, "USO0001");

    // Finance's approve button opens the modal instead of approving at once.
    const fin = await actionMessage(bot, id, "UFI0001");
    expect(actionIds(fin)).toEqual(everyDecisionAction);
    const raise = await decideInModal(bot, id, "UFI0001", ids.action.approve, {
      "amend.rebate_amount": "130000",
    });
    expect(raise.answer.json).toEqual({
      response_action: "errors",
      errors: { "amend.rebate_amount": "这一步只能调低此项" },
    });
    expect(JSON.stringify(raise.view.blocks)).toContain("（原值 ¥120,000.00）");

    // Corrected in the same modal, as a person would.
    const lower = await bot.slack.submitView({
      userId: "UFI0001",
      viewId: raise.view.id,
      values: formValues(raise.view, {
        "amend.rebate_amount": "96,000",
        comment: "按政策上限 2.4%",
      }),
    });
    expect(lower.status).toBe(200);
    expect(lower.json?.response_action).toBeUndefined();

    const director = await actionMessage(bot, id, "USD0001");
    expect(plainText(director)).toContain(
      "¥96,000.00（原 ~¥120,000.00~，<@UFI0001> 在「财务部核对金额」修改）",
    );
    // 96,000 is no longer above the GM's 100,000: the path skips the GM now.
    expect(plainText(director)).toContain("⏭ 总经理审批");
    await clickOn(bot, id, "USD0001");
    await clickOn(bot, id, "UFI0002", ids.action.taskDone);
    await waitForStatus(bot, id, "APPROVED");

    const tracking = (await messagesOf(bot, id)).find((m) => m.key === `tracking:${id}`)!;
    expect(plainText(tracking)).toContain("原 ~¥120,000.00~");
    const approve = await db().auditEntry.findFirstOrThrow({
      where: { requestId: id, action: "APPROVE", actorId: "UFI0001" },
    });
    expect(approve).toMatchObject({
      comment: "按政策上限 2.4%",
      data: { amended: [{ field: "rebate_amount", from: "120000.00", to: "96000.00" }] },
    });
    expect(
      (await db().rebate.findUniqueOrThrow({ where: { requestId: id } })).amount.toFixed(2),
    ).toBe("96000.00");
  });
});

describe("加签 and 抄送 from the approval message", () => {
  it("before: the added person approves first, then it comes back; the path shows both", async () => {
    const { id } = await fileVia(bot, "USR0001", "/return", returnFormValues());
    const added = await decideInModal(bot, id, "USA0001", ids.action.addApprover, {
      position: { option: "before" },
      target: { user: "USA0002" },
      comment: "请先核对发票",
    });
    expect(added.answer.json?.response_action).toBeUndefined();
    const theirs = await actionMessage(bot, id, "USA0002");
    expect(plainText(theirs)).toContain("<@USA0001> 加签，在其之前审批");
    await clickOn(bot, id, "USA0002");
    await clickOn(bot, id, "USA0001");
    await actionMessage(bot, id, "UQA0001");
    expect(await assignmentsOf(bot, id)).toEqual([
      "order_check:USA0001:ON_HOLD",
      "order_check:USA0002:APPROVED",
      "order_check:USA0001:APPROVED",
      "quality_check:UQA0001:PENDING",
    ]);
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "ADD_APPROVER:USA0001",
      "APPROVE:USA0002",
      "APPROVE:USA0001",
    ]);
  });

  it("after, and a copy to a colleague: the copy says nothing is expected of them", async () => {
    const { id } = await fileVia(bot, "USR0001", "/return", returnFormValues());
    const cc = await decideInModal(bot, id, "USA0001", ids.action.cc, {
      people: { users: ["UFI0001", "USO0001"] },
      comment: "供参考",
    });
    expect(cc.answer.json?.response_action).toBeUndefined();
    const copy = await eventually(
      async () => (await messagesOf(bot, id)).find((x) => x.userId === "UFI0001"),
      "the copy for UFI0001",
    );
    expect(plainText(copy)).toContain("<@USA0001> 抄送给你，仅供知悉，无需处理。");
    expect(actionIds(copy)).toEqual([]);

    await decideInModal(bot, id, "USA0001", ids.action.addApprover, {
      position: { option: "after" },
      target: { user: "USA0002" },
    });
    await clickOn(bot, id, "USA0002");
    await actionMessage(bot, id, "UQA0001");
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "CC:USA0001",
      "APPROVE:USA0001",
      "ADD_APPROVER:USA0001",
      "APPROVE:USA0002",
    ]);
  });

  it("a wrong person is refused on the person field and nothing changes", async () => {
    const { id } = await fileVia(bot, "USR0001", "/return", returnFormValues());
    const self = await decideInModal(bot, id, "USA0001", ids.action.addApprover, {
      position: { option: "before" },
      target: { user: "USR0001" },
    });
    expect(self.answer.json).toEqual({
      response_action: "errors",
      errors: { target: "不能加签申请人本人。" },
    });
    expect(await assignmentsOf(bot, id)).toEqual(["order_check:USA0001:PENDING"]);
  });
});
