// 销售合同评审 through Slack: three departments countersign in parallel with an opinion each,
// one refusal stops the request, and a contract change routes by minor vs major.

import { formValues, type SimpleValue } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionMessage,
  assignmentsOf,
  clickOn,
  decideInModal,
  latestRequestId,
  openModal,
  plainText,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { expectNoButtonsLeft, sampleForm } from "../support/walk.ts";

const bot = useBot();

async function fileContract(reviewType: "new" | "minor" | "major"): Promise<number> {
  const def = bot.services.catalog.get("contract_review")!.def;
  const view = await openModal(bot, "USR0001", "/approval", "new contract_review");
  const values = sampleForm(def.fields, {
    review_type: { option: reviewType },
    configuration: "非标电压 380V/50Hz，加长导轨",
    amount: "260,000.00",
  });
  const answer = await bot.slack.submitView({
    userId: "USR0001",
    viewId: view.id,
    values: formValues(view, values),
  });
  expect(answer.json?.response_action, answer.body).toBeUndefined();
  return latestRequestId(bot);
}

/** Approves from the department's message with its opinion, through the approve modal. */
async function answer(requestId: number, userId: string, values: Record<string, SimpleValue>) {
  return (await decideInModal(bot, requestId, userId, ids.action.approve, values)).answer;
}

describe("sales contract review (销售合同评审)", () => {
  it("asks engineering, production and purchasing at once; all three must answer before sales operations confirms", async () => {
    const id = await fileContract("new");
    for (const dept of ["UEN0001", "UPR0001", "UPU0001"]) await actionMessage(bot, id, dept);

    const missing = await answer(id, "UEN0001", {});
    expect(missing.json).toEqual({
      response_action: "errors",
      errors: { "inputs.opinion": "此项必填" },
    });
    // Fixed in the same modal.
    const eng = bot.slack.store.openViewsOf("UEN0001").at(-1)!;
    await bot.slack.submitView({
      userId: "UEN0001",
      viewId: eng.id,
      values: formValues(eng, {
        "inputs.opinion": { option: "conditional" },
        "inputs.note": "需新开模具，交期 45 天",
      }),
    });
    await answer(id, "UPR0001", { "inputs.opinion": { option: "can" } });
    // Two of three: still waiting on purchasing, nobody else asked yet.
    expect(await assignmentsOf(bot, id)).toEqual([
      "countersign:UEN0001:APPROVED",
      "countersign:UPR0001:APPROVED",
      "countersign:UPU0001:PENDING",
    ]);
    await answer(id, "UPU0001", { "inputs.opinion": { option: "can" } });

    const confirm = await actionMessage(bot, id, "USO0001");
    const text = plainText(confirm);
    // The confirming manager sees each department's opinion.
    expect(text).toContain(
      "*技术部意见 <@UEN0001>* 的意见：部门意见：有条件可以生产（见说明）；说明（条件、交货周期等）：需新开模具，交期 45 天",
    );
    expect(text).toContain("*生产部意见 <@UPR0001>* 的意见：部门意见：可以生产");
    await clickOn(bot, id, "USO0001");
    await waitForStatus(bot, id, "APPROVED");
  });

  it("one department refusing rejects the contract and closes the others' messages", async () => {
    const id = await fileContract("new");
    await answer(id, "UEN0001", { "inputs.opinion": { option: "can" } });
    await decideInModal(bot, id, "UPR0001", ids.action.reject, {
      reason: "现有产线无法生产此配置",
    });
    await waitForStatus(bot, id, "REJECTED");
    expect(await assignmentsOf(bot, id)).toEqual([
      "countersign:UEN0001:APPROVED",
      "countersign:UPR0001:REJECTED",
      "countersign:UPU0001:CANCELLED",
    ]);
    await expectNoButtonsLeft(bot, id);
  });

  it("a minor change skips the countersign: sales operations confirms, production reschedules", async () => {
    const id = await fileContract("minor");
    await clickOn(bot, id, "USO0001");
    await clickOn(bot, id, "UPR0001", ids.action.taskDone);
    await waitForStatus(bot, id, "APPROVED");
    expect(await assignmentsOf(bot, id)).toEqual([
      "confirm:USO0001:APPROVED",
      "reschedule:UPR0001:DONE",
    ]);
  });

  it("a major change goes back through the full countersign", async () => {
    const id = await fileContract("major");
    for (const dept of ["UEN0001", "UPR0001", "UPU0001"])
      await answer(id, dept, { "inputs.opinion": { option: "can" } });
    await clickOn(bot, id, "USO0001");
    await waitForStatus(bot, id, "APPROVED");
    expect(await assignmentsOf(bot, id)).toEqual([
      "countersign:UEN0001:APPROVED",
      "countersign:UPR0001:APPROVED",
      "countersign:UPU0001:APPROVED",
      "confirm:USO0001:APPROVED",
    ]);
  });
});
