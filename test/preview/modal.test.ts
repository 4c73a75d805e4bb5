// The path preview in the request modal, through signed requests: typing an amount or
// choosing a value that a condition reads sends block_actions (dispatch_action), and the
// bot updates the modal in place, keeping what was typed.

import { formValues, type StateValues, type StoredView } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionMessage,
  clickForModal,
  clickOn,
  decideInModal,
  eventually,
  fileRequest,
  latestRequestId,
  openModal,
  plainText,
  settle,
  slowInteractions,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

/** The preview's text: everything under the fields. */
const previewOf = (view: StoredView) =>
  plainText({
    blocks: view.blocks.filter((b) => b.block_id?.startsWith(`${ids.block.pathPreview}:`)),
  });
const gmLine = (view: StoredView, name = "总经理审核") =>
  previewOf(view)
    .split("\n")
    .find((l) => l.includes(`*${name}*`)) ?? "";

/** What Slack does when someone types into a dispatch_action input: records it in the view's state, then tells the app. */
async function type(
  userId: string,
  view: StoredView,
  actionId: string,
  value: string,
  state?: StateValues,
) {
  const updates = bot.slack.store.calls.filter((c) => c.method === "views.update").length;
  const res = await bot.slack.act({
    userId,
    viewId: view.id,
    actionId,
    selection: { type: "plain_text_input", value },
    state,
  });
  expect(res.status).toBe(200);
  expect(res.body).toBe("");
  await eventually(
    () =>
      bot.slack.store.calls.filter((c) => c.method === "views.update").length > updates ||
      undefined,
    "the modal update",
  );
  await settle(bot);
  return bot.slack.store.view(view.id)!;
}

describe("the request modal's path preview", () => {
  it("opens with the path so far, and follows the amount as it is typed", async () => {
    const view = await openModal(bot, "USR0001", "/return");
    expect(previewOf(view)).toContain("*审批路径预览*");
    expect(gmLine(view)).toBe(
      "❔ *总经理审核* — 取决于「金额（元）」 · 满足「金额（元）大于 ¥50,000.00」时需要 · <@UGM0001>（总经理）",
    );
    const amountInput = view.blocks.find((b) => b.block_id === "amount")!;
    expect(amountInput.dispatch_action).toBe(true);

    // Something typed in another field first: it must survive every update.
    const typedSoFar = formValues(view, returnFormValues({ amount: "" }));
    const high = await type("USR0001", view, "amount", "80,000", typedSoFar);
    expect(gmLine(high)).toBe(
      "👤 *总经理审核* — <@UGM0001>（总经理） · 因为金额（元）大于 ¥50,000.00",
    );
    expect(high.state.values.amount?.amount).toMatchObject({ value: "80,000" });
    expect(high.state.values.order_no?.order_no).toMatchObject({ value: "SO-2026-0001" });
    // Same inputs, same ids: only the preview changed.
    expect(high.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).toEqual(
      view.blocks.filter((b) => b.type === "input").map((b) => b.block_id),
    );

    const low = await type("USR0001", high, "amount", "10,000");
    expect(gmLine(low)).toBe("⏭ *总经理审核* — 跳过：「金额（元）大于 ¥50,000.00」不成立");

    const bad = await type("USR0001", low, "amount", "abc");
    expect(gmLine(bad)).toContain("取决于「金额（元）」（请输入金额，例如 12,345.60）");
    expect(slowInteractions(bot)).toEqual([]);
  });

  it("uses the latest value when two edits race, and drops the stale update quietly", async () => {
    const view = await openModal(bot, "USR0002", "/return");
    const before = bot.slack.store.calls.length;
    const [a, b] = await Promise.all([
      bot.slack.act({
        userId: "USR0002",
        viewId: view.id,
        actionId: "amount",
        selection: { type: "plain_text_input", value: "1" },
      }),
      bot.slack.act({
        userId: "USR0002",
        viewId: view.id,
        actionId: "amount",
        selection: { type: "plain_text_input", value: "90000" },
      }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await settle(bot);
    const updates = bot.slack.store.calls.slice(before).filter((c) => c.method === "views.update");
    // Both were sent against the same view hash: one of them lost the race to the other.
    expect(updates.some((c) => (c.response as { error?: string }).error === "hash_conflict")).toBe(
      true,
    );
    expect(gmLine(bot.slack.store.view(view.id)!)).toContain("因为金额（元）大于 ¥50,000.00");
  });

  it("is in the person's language, and files the path it showed", async () => {
    const view = await openModal(bot, "USR0004", "/return");
    const typed = await type("USR0004", view, "amount", "80000");
    expect(gmLine(typed, "General manager approval")).toBe(
      "👤 *General manager approval* — <@UGM0001> (General manager) · because Amount (CNY) is above ¥50,000.00",
    );
    const answer = await bot.slack.submitView({
      userId: "USR0004",
      viewId: view.id,
      values: formValues(
        typed,
        returnFormValues({ amount: "80000", customer: { option: "C1002" } }),
      ),
    });
    expect(answer.json).toBeUndefined();
    const id = await latestRequestId(bot);
    const planned = (await bot.services.loadRequest(id))!.ahead.find((s) => s.key === "gm");
    expect(planned).toMatchObject({ outcome: "assign", assignees: [{ userId: "UGM0001" }] });
  });

  it("on a returned request, starts at whoever returned it", async () => {
    await fileRequest(bot, "USR0003", "return", returnFormValues({ amount: "80,000.00" }));
    const id = await latestRequestId(bot);
    await clickOn(bot, id, "USA0001");
    await clickOn(bot, id, "UQA0001");
    await decideInModal(bot, id, "USD0001", ids.action.return, { reason: "请按发票金额修改" });
    await waitForStatus(bot, id, "RETURNED");
    const edit = await clickForModal(
      bot,
      "USR0003",
      await actionMessage(bot, id, "USR0003", ids.action.resubmit),
      ids.action.resubmit,
    );
    const lines = previewOf(edit).split("\n");
    expect(lines[1]).toBe("↩️ *销售总监审批* — 退回给 <@USD0001>：修改后直接回到 <@USD0001> 处理");
    expect(gmLine(edit)).toContain("因为金额（元）大于 ¥50,000.00");
    // Lowered below the threshold: the GM drops out, the director still comes first.
    const lower = await type(
      "USR0003",
      edit,
      "amount",
      "30,000.00",
      formValues(edit, returnFormValues({ amount: "80,000.00" })),
    );
    expect(previewOf(lower).split("\n")[1]).toBe(lines[1]);
    expect(gmLine(lower)).toContain("跳过");
    expect(lower.private_metadata).toBe(edit.private_metadata);
    expect(lower.blocks[0]).toEqual(edit.blocks[0]); // the "why it was returned" intro stays
  });
});
