// A customer whose name has 200 characters (and characters mrkdwn must escape), through the
// real bot: found by search, filed, shown to the approvers, prefilled when the request comes
// back for changes. Options are cut to Slack's 75 characters; messages show the name whole.

import { formValues } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionMessage,
  clickForModal,
  decideInModal,
  eventually,
  latestRequestId,
  messagesOf,
  openModal,
  plainText,
  prefilledValues,
  settle,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";
import { expectDelivered } from "./fit-support.ts";

const bot = useBot();

const name = "上海华纺贸易&实业<集团>股份有限公司".repeat(12).slice(0, 200);

describe("a customer with a 200-character name", () => {
  it("is found, filed, shown and prefilled, nothing refused", async () => {
    await bot.world.database.prisma.customer.create({
      data: { code: "C9100", name, region: "east", creditGrade: "A", creditLimit: "100000.00" },
    });
    const form = await openModal(bot, "USR0001", "/return");
    const found = await bot.slack.suggestOptions({
      userId: "USR0001",
      actionId: "customer",
      value: "华纺贸易&实业",
      viewId: form.id,
    });
    const options = (found.json?.options ?? []) as { text: { text: string }; value: string }[];
    const option = options.find((o) => o.value === "C9100")!;
    expect([...option.text.text].length).toBeLessThanOrEqual(75);
    expect(option.text.text.startsWith("C9100 上海华纺贸易&实业<集团>")).toBe(true);

    const filed = await bot.slack.submitView({
      userId: "USR0001",
      viewId: form.id,
      values: formValues(form, returnFormValues({ customer: { option: "C9100" } })),
    });
    expect(filed.json?.response_action, filed.body).toBeUndefined();
    const id = await latestRequestId(bot);
    const admin = await actionMessage(bot, id, "USA0001");
    expect(plainText(admin)).toContain(
      `C9100 ${name.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}`,
    );

    await decideInModal(bot, id, "USA0001", ids.action.return, { reason: "请确认客户全称" });
    await waitForStatus(bot, id, "RETURNED");
    const notice = await eventually(
      async () => (await messagesOf(bot, id)).find((m) => m.key.startsWith("notice:")),
      "the return notice",
    );
    const again = await clickForModal(bot, "USR0001", notice, ids.action.resubmit);
    const prefilled = prefilledValues(again);
    expect(prefilled.customer).toEqual({ option: "C9100" });
    await bot.slack.submitView({
      userId: "USR0001",
      viewId: again.id,
      values: formValues(again, prefilled),
    });
    await waitForStatus(bot, id, "PENDING");
    await settle(bot);
    await expectDelivered(bot, id, ["USA0001"]);
  });
});
