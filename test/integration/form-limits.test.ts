// What a modal cannot stop: a forged (but signed) submission with a 10,000-character value in
// every free-text field is refused on each field, nothing saved and nothing cut short; an
// approver's answers (a step's inputs) too. And an amount with a comma that is not a thousands
// separator is answered on the amount field, in words.

import { formValues, type StoredView, signedHeaders, viewPayload } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionMessage,
  clickForModal,
  itAnsweredInTime,
  latestRequestId,
  openModal,
  settle,
  signingSecret,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";
import { sampleForm } from "../support/walk.ts";

const bot = useBot();
const db = () => bot.world.database.prisma;
const long = "长".repeat(10_000);

/** Posts a view_submission to /slack/events exactly as Slack would sign it, with whatever values. */
async function forge(
  userId: string,
  view: StoredView,
  values: Record<string, Parameters<typeof formValues>[1][string]>,
) {
  const payload = viewPayload(
    { store: bot.slack.store, baseUrl: bot.slack.baseUrl },
    "view_submission",
    userId,
    { ...view, state: { values: formValues(view, values) } },
  );
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await fetch(bot.eventsUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...signedHeaders(signingSecret, body),
    },
    body,
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

describe("server-side length limits", () => {
  it("a forged return form with 10,000 characters in every free-text field: each field says its limit, nothing is filed", async () => {
    const view = await openModal(bot, "USR0001", "/return");
    const answer = await forge(
      "USR0001",
      view,
      returnFormValues({
        order_no: long,
        items: long,
        reason: long,
        evidence: `https://files.example.com/${"a".repeat(10_000)}`,
      }),
    );
    expect(answer).toEqual({
      response_action: "errors",
      errors: {
        order_no: "最多 64 个字",
        items: "最多 3000 个字",
        reason: "最多 3000 个字",
        evidence: "最多 2000 个字",
      },
    });
    await settle(bot, 100);
    expect(await db().request.count()).toBe(0);
    expect(await db().auditEntry.count()).toBe(0);

    // At the limit exactly (characters as people count them, an emoji is one), it is filed whole.
    const atLimit = "👍".repeat(3000);
    expect(
      await forge(
        "USR0001",
        view,
        returnFormValues({
          items: atLimit,
          evidence: `https://files.example.com/${"a".repeat(2000 - 26)}`,
        }),
      ),
    ).toBeUndefined();
    const saved = await db().request.findFirstOrThrow({ where: { requesterId: "USR0001" } });
    expect((saved.form as Record<string, string>).items).toBe(atLimit);
    expect((saved.form as Record<string, string>).evidence).toHaveLength(2000);
  });

  it("an approver's answer (a step's inputs) over its limit is refused on that input", async () => {
    const def = bot.services.catalog.get("contract_review")!.def;
    const form = await openModal(bot, "USR0002", "/approval", "new contract_review");
    const filed = await bot.slack.submitView({
      userId: "USR0002",
      viewId: form.id,
      values: formValues(form, sampleForm(def.fields, { review_type: { option: "new" } })),
    });
    expect(filed.json?.response_action, filed.body).toBeUndefined();
    const id = await latestRequestId(bot);
    const approve = await clickForModal(
      bot,
      "UEN0001",
      await actionMessage(bot, id, "UEN0001"),
      ids.action.approve,
    );
    expect(
      await forge("UEN0001", approve, { "inputs.opinion": { option: "can" }, "inputs.note": long }),
    ).toEqual({ response_action: "errors", errors: { "inputs.note": "最多 3000 个字" } });
    expect(await db().assignment.count({ where: { requestId: id, status: "APPROVED" } })).toBe(0);
  });
});

describe("amounts through the modal", () => {
  it("5000,0 is answered on the amount field with both readings, and nothing is filed", async () => {
    const before = await db().request.count();
    const view = await openModal(bot, "USR0004", "/return");
    const en = await bot.slack.submitView({
      userId: "USR0004",
      viewId: view.id,
      values: formValues(view, returnFormValues({ amount: "5000,0" })),
    });
    expect(en.json).toEqual({
      response_action: "errors",
      errors: {
        amount:
          "Cannot tell what “5000,0” is: a comma can only separate thousands (one every three digits). Write 5000.00 or 50,000.00",
      },
    });
    await bot.slack.closeView({ userId: "USR0004", viewId: view.id });
    const zh = await openModal(bot, "USR0002", "/return");
    const answer = await bot.slack.submitView({
      userId: "USR0002",
      viewId: zh.id,
      values: formValues(zh, returnFormValues({ amount: "1,2,3" })),
    });
    expect(answer.json).toEqual({
      response_action: "errors",
      errors: {
        amount:
          "「1,2,3」中的逗号不是千位分隔符（千位分隔符每三位一个）。如果你指的是 123.00，请这样填写",
      },
    });
    // Full-width, with the yuan sign: what a Chinese input method types is read exactly.
    expect(
      (
        await bot.slack.submitView({
          userId: "USR0002",
          viewId: zh.id,
          values: formValues(zh, returnFormValues({ amount: "￥６８，０００．５０" })),
        })
      ).json,
    ).toBeUndefined();
    const saved = await db().request.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect((saved.form as Record<string, string>).amount).toBe("68000.50");
    expect(await db().request.count()).toBe(before + 1);
  });

  itAnsweredInTime(bot);
});
