// One person does not decide two consecutive approval tiers, through the real bot (signed
// submissions and clicks). The hole this closes: in demo_stock the requester picks the
// receiving side on the form; picking the regional manager, who holds the next tier, made
// their one approval count for both tiers.
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { processSchema } from "../../src/definitions/schema.ts";
import {
  actionIds,
  actionMessage,
  assignmentsOf,
  auditTrail,
  clickOn,
  eventually,
  fileRequest,
  itAnsweredInTime,
  latestRequestId,
  messagesOf,
  plainText,
  useBot,
  waitForStatus,
} from "../support/bot.ts";

const name = (s: string) => ({ zh: s, en: s });
const pickThenRegional = (key: string, extra: object = {}) =>
  processSchema.parse({
    key,
    version: 1,
    name: { zh: "指定复核人", en: "Picked reviewer" },
    fields: [
      { key: "checker", type: "user", label: { zh: "复核人", en: "Reviewer" } },
      { key: "note", type: "text", required: false, label: name("note") },
    ],
    steps: [
      {
        key: "picked",
        kind: "approval",
        who: { field: "checker" },
        name: { zh: "指定人复核", en: "Picked reviewer" },
      },
      {
        key: "regional",
        kind: "approval",
        who: { role: "regional_manager" },
        name: { zh: "大区经理审批", en: "Regional manager" },
      },
    ],
    ...extra,
  });

const bot = useBot({
  extra: [
    pickThenRegional("t_pick_next"),
    pickThenRegional("t_pick_next_dd", { controls: { consecutive_tiers: "dedupe" } }),
  ],
});

async function file(
  processKey: string,
  values: Parameters<typeof fileRequest>[3],
): Promise<number> {
  const { answer } = await fileRequest(bot, "USR0001", processKey, values);
  expect(answer.status).toBe(200);
  expect(answer.json?.response_action).toBeUndefined();
  return latestRequestId(bot);
}

describe("demo stock: the receiving side is the regional manager (consecutive_tiers: separate, the default)", () => {
  it("the regional manager confirms the transfer; the first review goes to their manager, whose card says why", async () => {
    const id = await file("demo_stock", {
      request_type: { option: "transfer" },
      distributor: { option: "D3001" },
      model: "X5 展车",
      quantity: "2",
      to_distributor: { option: "D3002" },
      receiver: { user: "URM0001" },
      reason: "调往江苏联创展厅",
    });
    await clickOn(bot, id, "URM0001");
    const review = await actionMessage(bot, id, "USD0001");
    expect(plainText(review)).toContain(
      "*你的环节：* 市场部经理初审（<@URM0001> 已审批上一级，因同一人不得连续审批两级，改由其上级审批）",
    );
    expect(await assignmentsOf(bot, id)).toEqual([
      "receiver_ok:URM0001:APPROVED",
      "first_review:USD0001:PENDING",
    ]);

    await clickOn(bot, id, "USD0001");
    await eventually(
      async () => (await assignmentsOf(bot, id)).includes("review:UMM0001:PENDING") || undefined,
      "the review to reach UMM0001",
    );
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "APPROVE:URM0001",
      "APPROVE:USD0001",
    ]);
  });
});

describe("a user field naming the next tier's holder", () => {
  it("separate: two different people decide the two tiers", async () => {
    const id = await file("t_pick_next", { checker: { user: "URM0001" } });
    await clickOn(bot, id, "URM0001");
    await clickOn(bot, id, "USD0001");
    await waitForStatus(bot, id, "APPROVED");
    expect(await assignmentsOf(bot, id)).toEqual([
      "picked:URM0001:APPROVED",
      "regional:USD0001:APPROVED",
    ]);
  });

  it("dedupe: the person was picked on the form, so two decisions are required anyway", async () => {
    const id = await file("t_pick_next_dd", { checker: { user: "URM0001" } });
    await clickOn(bot, id, "URM0001");
    const second = await eventually(
      async () =>
        (await messagesOf(bot, id)).find(
          (m) =>
            m.userId === "URM0001" &&
            actionIds(m).includes(ids.action.approve) &&
            plainText(m).includes("*你的环节：* 大区经理审批"),
        ),
      "URM0001's second tier",
    );
    const res = await bot.slack.clickButton({
      userId: "URM0001",
      actionId: ids.action.approve,
      message: { channel: second.channel, ts: second.ts },
    });
    expect(res.status).toBe(200);
    await waitForStatus(bot, id, "APPROVED");
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "APPROVE:URM0001",
      "APPROVE:URM0001",
      "COMPLETE:system",
    ]);
    expect(await assignmentsOf(bot, id)).toEqual([
      "picked:URM0001:APPROVED",
      "regional:URM0001:APPROVED",
    ]);
  });

  itAnsweredInTime(bot);
});
