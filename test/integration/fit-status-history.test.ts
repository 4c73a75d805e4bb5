// `/approval status` of a request stuck for months: returned with a long reason, resubmitted,
// reminded every working day, then approved. The history was one section cut at its end, so
// the newest entries (the approval itself) were the ones lost; now the newest are kept.

import { checkMessage, formValues, MAX_BLOCKS, shownText } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionMessage,
  askApproval,
  clickForModal,
  clickOn,
  decideInModal,
  eventually,
  fileRequest,
  latestRequestId,
  messagesOf,
  plainText,
  prefilledValues,
  settle,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";
import { refusals } from "./fit-support.ts";

const bot = useBot();

const reminders = 200;

describe("/approval status with a long history", () => {
  it("shows the newest entries and says how many older ones are not shown", async () => {
    await fileRequest(bot, "USR0001", "return", returnFormValues());
    const id = await latestRequestId(bot);

    await decideInModal(bot, id, "USA0001", ids.action.return, {
      reason: "请补充原订单号与退货照片；".repeat(80).slice(0, 1000),
    });
    await waitForStatus(bot, id, "RETURNED");
    const notice = await eventually(
      async () => (await messagesOf(bot, id)).find((m) => m.key.startsWith("notice:")),
      "the return notice",
    );
    const form = await clickForModal(bot, "USR0001", notice, ids.action.resubmit);
    await bot.slack.submitView({
      userId: "USR0001",
      viewId: form.id,
      values: formValues(form, prefilledValues(form)),
    });
    await waitForStatus(bot, id, "PENDING");

    // A reminder every working day for most of a year, as the reminder jobs record them.
    const pending = await bot.world.database.prisma.assignment.findFirstOrThrow({
      where: { requestId: id, status: "PENDING" },
    });
    for (let n = 1; n <= reminders; n++)
      await bot.services.engine.record({
        requestId: id,
        assignmentId: pending.id,
        action: "REMIND",
        actorId: "system",
        data: { n },
      });
    expect((await askApproval(bot, "USR0001", `remind ${id}`)).text).not.toBe("");
    await clickOn(bot, id, "USA0001");
    await actionMessage(bot, id, "UQA0001");
    await settle(bot);

    const status = await askApproval(bot, "USR0001", `status ${id}`);
    expect(checkMessage(status)).toBeUndefined();
    expect(status.blocks!.length).toBeLessThanOrEqual(MAX_BLOCKS.message);
    expect(shownText(status.blocks)).toBeLessThanOrEqual(10_000);
    const lines = plainText(status).split("\n");
    const history = lines.slice(lines.indexOf("*处理记录*") + 1);
    // The newest entries, oldest of them first: the last reminders, the manual one, the approval.
    expect(history.at(-1)).toMatch(/ · <@USA0001> · 同意 · 销售内勤核对订单$/);
    expect(history.at(-2)).toMatch(/ · <@USR0001> · 催办 · 销售内勤核对订单$/);
    const older = Number(/^_较早的 (\d+) 条记录未显示。_$/.exec(history[0]!)?.[1]);
    const total = 3 + reminders + 2;
    expect(older).toBeGreaterThan(0);
    expect(history.length - 1).toBe(total - older);
    expect(history.join("\n")).not.toContain("提交申请");
    expect(refusals(bot)).toEqual([]);
  });
});
