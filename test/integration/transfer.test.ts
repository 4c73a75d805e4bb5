// 转交: an approver hands their step to someone else, who gets an actionable DM.

import { formValues } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionIds,
  actionMessage,
  assignmentsOf,
  auditTrail,
  clickAssignment,
  clickForModal,
  clickOn,
  eventually,
  everyDecisionAction,
  fileRequest,
  itAnsweredInTime,
  latestRequestId,
  messagesOf,
  nextEphemeral,
  plainText,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const db = () => bot.world.database.prisma;

const returnForm = returnFormValues({
  customer: { option: "C1002" },
  order_no: "SO-2026-0200",
  items: "C-300 托辊 × 6",
  amount: "8,800.00",
  reason: "型号发错",
});

describe("transfer (转交)", () => {
  it("hands the step to the chosen person; the requester and oneself are refused on the target block", async () => {
    await fileRequest(bot, "USR0002", "return", returnForm);
    const id = await latestRequestId(bot);
    const mine = await actionMessage(bot, id, "USA0001");
    const modal = await clickForModal(bot, "USA0001", mine, ids.action.transfer);
    expect(modal.callback_id).toBe(ids.view.transfer);
    const target = modal.blocks.find((b) => b.block_id === ids.block.target)!;
    expect((target.element as { type: string }).type).toBe("users_select");

    const refused: [string, string][] = [
      ["USR0002", "不能转交给申请人本人审批。"],
      ["USA0001", "不能转交给自己。"],
      ["UNOBODY1", "此人不在组织通讯录中。"],
    ];
    for (const [user, error] of refused) {
      const answer = await bot.slack.submitView({
        userId: "USA0001",
        viewId: modal.id,
        values: formValues(modal, { target: { user } }),
      });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ response_action: "errors", errors: { target: error } });
    }
    expect(await assignmentsOf(bot, id)).toEqual(["order_check:USA0001:PENDING"]);
    expect(await auditTrail(bot, id)).toEqual(["SUBMIT:USR0002"]);

    const ok = await bot.slack.submitView({
      userId: "USA0001",
      viewId: modal.id,
      values: formValues(modal, { target: { user: "USA0002" }, comment: "本周休假，请代为核对" }),
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toBeUndefined();

    // The target gets an actionable DM saying why it is theirs.
    const theirs = await actionMessage(bot, id, "USA0002");
    expect(theirs.text).toBe(`待你审批：退货/换货申请 #${id}`);
    expect(actionIds(theirs)).toEqual(everyDecisionAction);
    expect(plainText(theirs)).toContain("*你的环节：* 销售内勤核对订单（由 <@USA0001> 转交）");
    expect(await assignmentsOf(bot, id)).toEqual([
      "order_check:USA0001:TRANSFERRED",
      "order_check:USA0002:PENDING",
    ]);
    const transfer = await db().auditEntry.findFirstOrThrow({
      where: { requestId: id, action: "TRANSFER" },
    });
    const created = await db().assignment.findFirstOrThrow({
      where: { requestId: id, assigneeId: "USA0002" },
    });
    expect([transfer.actorId, transfer.comment, transfer.data]).toEqual([
      "USA0001",
      "本周休假，请代为核对",
      { to: "USA0002", newAssignmentId: created.id },
    ]);

    // The old message loses its buttons; the requester hears of it.
    await eventually(
      () =>
        actionIds(bot.slack.store.message(mine.channel, mine.ts)).length === 0 ? true : undefined,
      "the old buttons to go",
    );
    expect(plainText(bot.slack.store.message(mine.channel, mine.ts))).toMatch(/你已转交 · /);
    const notice = await eventually(
      async () => (await messagesOf(bot, id)).find((m) => m.key.startsWith("notice:")),
      "the transfer notice",
    );
    expect(notice.userId).toBe("USR0002");
    expect(plainText(notice)).toBe(
      `你的申请 *退货/换货申请 #${id}* 的「销售内勤核对订单」已由 <@USA0001> 转交给 <@USA0002>。`,
    );

    // A stale click on the old approve button does nothing.
    const old = await db().assignment.findFirstOrThrow({
      where: { requestId: id, assigneeId: "USA0001" },
    });
    const seen = bot.slack.store.ephemeralsFor("USA0001").length;
    await clickAssignment(bot, "USA0001", mine, ids.action.approve, old.id);
    expect((await nextEphemeral(bot, "USA0001", seen)).text).toBe(
      "这一步已经处理过了（已转交），无需再操作。",
    );

    // The new holder approves and the request moves on to quality.
    await clickOn(bot, id, "USA0002");
    await actionMessage(bot, id, "UQA0001");
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0002",
      "TRANSFER:USA0001",
      "APPROVE:USA0002",
    ]);
  });

  itAnsweredInTime(bot);
});
