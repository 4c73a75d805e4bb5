// 撤回: the requester takes back an open request, from the tracking DM or with
// `/approval withdraw <id>`; nobody else can.

import { formValues } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionIds,
  actionMessage,
  askApproval,
  assignmentsOf,
  auditTrail,
  clickForModal,
  clickOn,
  eventually,
  fileRequest,
  itAnsweredInTime,
  latestRequestId,
  messagesOf,
  nextEphemeral,
  plainText,
  requestStatus,
  settle,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const returnForm = (amount: string) =>
  returnFormValues({
    order_no: "SO-2026-0300",
    items: "A-100 胶辊 × 3",
    amount,
    reason: "重复下单",
  });

async function file(amount: string): Promise<number> {
  await fileRequest(bot, "USR0001", "return", returnForm(amount));
  const id = await latestRequestId(bot);
  await actionMessage(bot, id, "USA0001");
  await actionMessage(bot, id, "USR0001", ids.action.withdraw);
  return id;
}

const command = async (userId: string, text: string) => (await askApproval(bot, userId, text)).text;

describe("withdraw (撤回)", () => {
  it("from the tracking DM: nobody else can, the requester can, and the approver's buttons go", async () => {
    const id = await file("5,000.00");
    const approver = await actionMessage(bot, id, "USA0001");
    const tracking = await actionMessage(bot, id, "USR0001", ids.action.withdraw);

    // Someone else: the command and a click on the requester's button are both refused.
    expect(await command("USR0002", `withdraw ${id}`)).toBe("只有申请人本人可以这样做。");
    const seen = bot.slack.store.ephemeralsFor("USA0001").length;
    await bot.slack.clickButton({
      userId: "USA0001",
      actionId: ids.action.withdraw,
      message: { channel: tracking.channel, ts: tracking.ts },
    });
    expect((await nextEphemeral(bot, "USA0001", seen)).text).toBe("只有申请人本人可以这样做。");
    expect(await requestStatus(bot, id)).toBe("PENDING");
    expect(await auditTrail(bot, id)).toEqual(["SUBMIT:USR0001"]);
    expect(await assignmentsOf(bot, id)).toEqual(["order_check:USA0001:PENDING"]);
    expect(actionIds(bot.slack.store.message(approver.channel, approver.ts))).toContain(
      ids.action.approve,
    );

    await clickOn(bot, id, "USR0001", ids.action.withdraw);
    await waitForStatus(bot, id, "WITHDRAWN");
    expect(await auditTrail(bot, id)).toEqual(["SUBMIT:USR0001", "WITHDRAW:USR0001"]);
    expect(await assignmentsOf(bot, id)).toEqual(["order_check:USA0001:CANCELLED"]);
    const request = await bot.world.database.prisma.request.findUniqueOrThrow({ where: { id } });
    expect([request.currentStep, request.completedAt !== null]).toEqual([-1, true]);

    await eventually(
      async () =>
        (await messagesOf(bot, id)).every((m) => actionIds(m).length === 0) ? true : undefined,
      "every button to go",
    );
    expect(plainText(bot.slack.store.message(approver.channel, approver.ts))).toContain(
      "申请已结束：已撤回",
    );
    expect(plainText(bot.slack.store.message(tracking.channel, tracking.ts))).toContain(
      "*状态*\n已撤回",
    );

    // Once withdrawn, withdrawing again is refused and changes nothing.
    expect(await command("USR0001", `withdraw ${id}`)).toBe(
      "这条申请当前状态为「已撤回」，不能再操作。",
    );
    expect(await auditTrail(bot, id)).toEqual(["SUBMIT:USR0001", "WITHDRAW:USR0001"]);
  });

  it("with /approval withdraw <id>; another person's attempt changes nothing", async () => {
    const id = await file("6,000.00");
    expect(await command("USD0001", `withdraw #${id}`)).toBe("只有申请人本人可以这样做。");
    expect(await requestStatus(bot, id)).toBe("PENDING");
    expect(await auditTrail(bot, id)).toEqual(["SUBMIT:USR0001"]);

    expect(await command("USR0001", `withdraw #${id}`)).toBe(`已撤回 #${id}。`);
    expect(await requestStatus(bot, id)).toBe("WITHDRAWN");
    expect(await auditTrail(bot, id)).toEqual(["SUBMIT:USR0001", "WITHDRAW:USR0001"]);
    await eventually(
      async () =>
        (await messagesOf(bot, id)).every((m) => actionIds(m).length === 0) ? true : undefined,
      "every button to go",
    );

    // Bad ids get the usage text (in the HTTP answer) or "not found".
    const usage = await bot.slack.slashCommand({
      userId: "USR0001",
      command: "/approval",
      text: "withdraw abc",
    });
    expect(usage.json).toEqual({
      response_type: "ephemeral",
      text: "用法：`/approval withdraw <编号>`",
    });
    expect(await command("USR0001", "withdraw 99999")).toBe("找不到这条申请。");
  });

  it("a returned request can be withdrawn; its return notice then offers nothing and does not claim a resubmission", async () => {
    const id = await file("7,000.00");
    const message = await actionMessage(bot, id, "USA0001");
    const modal = await clickForModal(bot, "USA0001", message, ids.action.return);
    await bot.slack.submitView({
      userId: "USA0001",
      viewId: modal.id,
      values: formValues(modal, { reason: "请补充订单号" }),
    });
    await waitForStatus(bot, id, "RETURNED");
    const notice = await eventually(
      async () =>
        (await messagesOf(bot, id)).find(
          (m) => m.key.startsWith("notice:") && actionIds(m).includes(ids.action.resubmit),
        ),
      "the return notice",
    );

    expect(await command("USR0001", `withdraw ${id}`)).toBe(`已撤回 #${id}。`);
    await waitForStatus(bot, id, "WITHDRAWN");
    await eventually(
      async () =>
        (await messagesOf(bot, id)).every((m) => actionIds(m).length === 0) ? true : undefined,
      "every button to go",
    );
    await settle(bot);
    const after = bot.slack.store.message(notice.channel, notice.ts)!;
    expect(plainText(after)).toBe(
      `↩️ 你的申请 *退货/换货申请 #${id}* 被 <@USA0001> 退回修改。\n需要修改：请补充订单号`,
    );
    expect(plainText(after)).not.toContain("已重新提交");
  });

  itAnsweredInTime(bot);
});
