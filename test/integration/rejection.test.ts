// 驳回: Reject opens a modal asking for the reason; an empty reason is refused on the modal;
// with a reason the request ends, the requester is told why, and no button stays clickable.

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
  eventually,
  fileRequest,
  itAnsweredInTime,
  latestRequestId,
  messagesOf,
  plainText,
  requestStatus,
  settle,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const returnForm = returnFormValues({
  order_no: "SO-2026-0101",
  type: { option: "exchange" },
  items: "B-200 导辊 × 4",
  amount: "12,000.00",
  reason: "规格不符",
});

describe("rejection (驳回)", () => {
  it("asks for a reason in a modal, refuses an empty one, then ends the request", async () => {
    await fileRequest(bot, "USR0001", "return", returnForm);
    const id = await latestRequestId(bot);
    await clickOn(bot, id, "USA0001");
    const message = await actionMessage(bot, id, "UQA0001");

    // Reject → views.open with the decision:reject modal.
    const opens = bot.slack.store.calls.filter((c) => c.method === "views.open").length;
    const view = await clickForModal(bot, "UQA0001", message, ids.action.reject);
    const open = bot.slack.store.calls.filter((c) => c.method === "views.open");
    expect(open).toHaveLength(opens + 1);
    expect(open.at(-1)!.response.ok).toBe(true);
    expect(view.callback_id).toBe(ids.view.reject);
    const assignment = await bot.world.database.prisma.assignment.findFirstOrThrow({
      where: { requestId: id, assigneeId: "UQA0001" },
    });
    expect(JSON.parse(view.private_metadata)).toEqual({ assignmentId: assignment.id });
    expect(view.blocks.map((b) => b.block_id ?? b.type)).toEqual(
      expect.arrayContaining([ids.block.reason]),
    );
    expect(plainText(view)).toContain(`*退货/换货申请 #${id}* · <@USR0001> · 质量部复验`);
    // Opening the modal decides nothing.
    expect(await requestStatus(bot, id)).toBe("PENDING");

    // An empty (or blank) reason: the modal stays open with an error on the reason block.
    for (const reason of [undefined, "   "]) {
      const answer = await bot.slack.submitView({
        userId: "UQA0001",
        viewId: view.id,
        values: formValues(view, reason === undefined ? {} : { reason }),
      });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        response_action: "errors",
        errors: { reason: "请填写原因。" },
      });
      expect(bot.slack.store.view(view.id)!.open).toBe(true);
    }
    expect(await requestStatus(bot, id)).toBe("PENDING");
    expect(await auditTrail(bot, id)).toEqual(["SUBMIT:USR0001", "APPROVE:USA0001"]);
    expect(await assignmentsOf(bot, id)).toEqual([
      "order_check:USA0001:APPROVED",
      "quality_check:UQA0001:PENDING",
    ]);
    expect(actionIds(bot.slack.store.message(message.channel, message.ts))).toContain(
      ids.action.approve,
    );

    // With a reason (user text is escaped, never a broadcast).
    const answer = await bot.slack.submitView({
      userId: "UQA0001",
      viewId: view.id,
      values: formValues(view, { reason: "复验不合格：表面划伤 <!channel>" }),
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toBeUndefined();
    expect(bot.slack.store.view(view.id)!.open).toBe(false);
    await waitForStatus(bot, id, "REJECTED");
    const request = await bot.world.database.prisma.request.findUniqueOrThrow({ where: { id } });
    expect(request.currentStep).toBe(-1);
    expect(request.completedAt).not.toBeNull();
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "APPROVE:USA0001",
      "REJECT:UQA0001",
    ]);
    const reject = await bot.world.database.prisma.auditEntry.findFirstOrThrow({
      where: { requestId: id, action: "REJECT" },
    });
    expect(reject.comment).toBe("复验不合格：表面划伤 <!channel>");
    expect(await assignmentsOf(bot, id)).toEqual([
      "order_check:USA0001:APPROVED",
      "quality_check:UQA0001:REJECTED",
    ]);

    // The requester gets a DM with the reason.
    const notice = await eventually(
      () => bot.slack.store.dmOf("USR0001").find((m) => m.text.startsWith("❌")),
      "the rejection notice",
    );
    expect(plainText(notice)).toBe(
      `❌ 你的申请 *退货/换货申请 #${id}* 被 <@UQA0001> 驳回。\n原因：复验不合格：表面划伤 &lt;!channel&gt;`,
    );
    expect(notice.text).not.toContain("<!channel>");

    // No message of the request keeps a button; later steps were never asked.
    await settle(bot);
    const all = await messagesOf(bot, id);
    expect(all.map((m) => m.key.split(":")[0]).sort()).toEqual([
      "assignment",
      "assignment",
      "notice",
      "tracking",
    ]);
    for (const m of all) expect(actionIds(m)).toEqual([]);
    expect(all.map((m) => m.userId)).not.toContain("USD0001");
    const tracking = all.find((m) => m.key === `tracking:${id}`)!;
    expect(plainText(tracking)).toContain("*状态*\n已驳回");
    const rejected = all.find((m) => m.userId === "UQA0001")!;
    expect(plainText(rejected)).toMatch(/你已驳回 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  itAnsweredInTime(bot);
});
