// A returned request's form offers its dates as they were filed, whatever the server's time
// zone: a date is a calendar date, and the bot once offered 2026-12-01 as 2026-11-30 under
// Asia/Shanghai (local midnight formatted as UTC), then saved that if nobody touched it.
import { describe, expect, it, vi } from "vitest";

// Before anything reads a date: each test file runs in its own fork (vitest pool "forks").
vi.hoisted(() => {
  process.env.TZ = "Asia/Shanghai";
});

import { formValues } from "@approvals/slack-local";
import { ids } from "../../handlers/ids.ts";
import {
  clickForModal,
  decideInModal,
  eventually,
  fileRequest,
  latestRequestId,
  messagesOf,
  prefilledValues,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { sampleForm } from "../support/walk.ts";

const bot = useBot();

describe("the resubmit form's dates (TZ=Asia/Shanghai)", () => {
  it("runs ahead of UTC here, so local midnight is the day before in UTC", () => {
    expect(new Date(2026, 11, 1).toISOString()).toBe("2026-11-30T16:00:00.000Z");
  });

  it("offers the filed delivery date and keeps it when the form is resubmitted untouched", async () => {
    const def = bot.services.catalog.get("contract_review")!.def;
    const values = sampleForm(def.fields, {
      review_type: { option: "new" },
      delivery_date: { date: "2026-12-01" },
    });
    const { answer: filed } = await fileRequest(bot, "USR0001", "contract_review", values);
    expect(filed.json?.response_action, filed.body).toBeUndefined();
    const id = await latestRequestId(bot);
    await decideInModal(bot, id, "UEN0001", ids.action.return, { reason: "请确认交货期" });
    await waitForStatus(bot, id, "RETURNED");

    const notice = await eventually(
      async () => (await messagesOf(bot, id)).find((m) => m.key.startsWith("notice:")),
      "the return notice",
    );
    const form = await clickForModal(bot, "USR0001", notice, ids.action.resubmit);
    const prefilled = prefilledValues(form);
    expect(prefilled.delivery_date).toEqual({ date: "2026-12-01" });

    const answer = await bot.slack.submitView({
      userId: "USR0001",
      viewId: form.id,
      values: formValues(form, prefilled),
    });
    expect(answer.json?.response_action, answer.body).toBeUndefined();
    await waitForStatus(bot, id, "PENDING");
    const stored = await bot.world.database.prisma.request.findUniqueOrThrow({ where: { id } });
    expect((stored.form as Record<string, unknown>).delivery_date).toBe("2026-12-01");
  });
});
