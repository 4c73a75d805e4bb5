import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  click,
  eventually,
  fileRequest,
  latestRequestId,
  requestStatus,
  textOf,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const returnForm = (amount: string) =>
  returnFormValues({
    order_no: "SO-2026-0042",
    items: "A-100 胶辊 × 20",
    amount,
    evidence: "https://files.example.com/photo.jpg",
  });

describe("return / exchange through Slack", () => {
  it("goes from /approval new to completion, every approver acting from a DM", async () => {
    const { answer } = await fileRequest(bot, "USR0001", "return", returnForm("68,000.50"));
    expect(answer.status).toBe(200);
    expect(answer.json?.response_action).toBeUndefined();
    const id = await latestRequestId(bot);
    expect(
      (await bot.world.database.prisma.request.findUniqueOrThrow({ where: { id } })).form,
    ).toMatchObject({ amount: "68000.50", customer: "C1001" });

    // The requester's tracking DM exists from the start.
    const tracking = await eventually(
      () => bot.slack.store.dmOf("USR0001").find((m) => m.text.includes(`#${id}`)),
      "tracking message",
    );
    expect(textOf(tracking)).toContain(ids.action.withdraw);

    // sales_admin → quality → director → GM (amount > 50,000) approve; tasks are marked done.
    for (const approver of ["USA0001", "UQA0001", "USD0001", "UGM0001"]) {
      const { res } = await click(bot, approver, ids.action.approve);
      expect(res.status).toBe(200);
    }
    for (const doer of ["USA0001", "UWH0001"]) {
      await click(bot, doer, ids.action.taskDone);
    }
    await eventually(
      async () => (await requestStatus(bot, id)) === "APPROVED" || undefined,
      "approval",
    );

    // Finance is CC'd; the requester hears of the approval; no button stays clickable.
    await eventually(
      () => bot.slack.store.dmOf("UFI0001").find((m) => m.text.includes(`#${id}`)),
      "finance CC",
    );
    await eventually(
      () => bot.slack.store.dmOf("USR0001").find((m) => m.text.includes("✅")),
      "final message",
    );
    await eventually(() => {
      const stale = ["USA0001", "UQA0001", "USD0001", "UGM0001", "UWH0001", "USR0001"]
        .flatMap((u) => bot.slack.store.dmOf(u))
        .filter(
          (m) =>
            textOf(m).includes(`"action_id":"approval.approve"`) ||
            textOf(m).includes(`"action_id":"task.done"`) ||
            textOf(m).includes(`"action_id":"request.withdraw"`),
        );
      return stale.length === 0 || undefined;
    }, "no stale buttons");

    const audit = await bot.world.database.prisma.auditEntry.findMany({
      where: { requestId: id },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => `${a.action}:${a.actorId}`)).toEqual([
      "SUBMIT:USR0001",
      "APPROVE:USA0001",
      "APPROVE:UQA0001",
      "APPROVE:USD0001",
      "APPROVE:UGM0001",
      "DONE:USA0001",
      "DONE:UWH0001",
      "NOTIFY:UFI0001",
      "NOTIFY:UFI0002",
      "COMPLETE:system",
    ]);
  });
});
