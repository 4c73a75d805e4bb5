// The decision modals as pure functions: callback and block ids from handlers/ids.ts per kind,
// the approve modal asking only where the step does, labels from the pinned version.
import { describe, expect, it } from "vitest";
import {
  buildDecisionModal,
  type DecisionKind,
  decisionAbout,
} from "../../handlers/blocks/decision-modal.ts";
import { ids } from "../../handlers/ids.ts";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import { expectOpenable, requestView, textsOf, versions } from "./support.ts";

const { v1, v2 } = versions();
const on = (p: PublishedProcess, stepKey: string) => ({
  def: p.def,
  step: p.def.steps.find((s) => s.key === stepKey)!,
  form: { amount: "12000.00" },
  customers: new Map(),
});

interface Modal {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  blocks: { type: string; block_id?: string; label?: { text: string }; optional?: boolean }[];
}
const inputsOf = (m: Modal) => m.blocks.filter((b) => b.type === "input").map((b) => b.block_id);
const { block, view } = ids;
const inputs = `${block.inputsPrefix}opinion`;
const amend = `${block.amendPrefix}amount`;

describe("the decision modals", () => {
  it.each([
    { kind: "reject", step: "review", callback: view.reject, blocks: [block.reason] },
    { kind: "return", step: "review", callback: view.return, blocks: [block.reason] },
    {
      kind: "transfer",
      step: "review",
      callback: view.transfer,
      blocks: [block.target, block.comment],
    },
    { kind: "cc", step: "review", callback: view.cc, blocks: [block.people, block.comment] },
    { kind: "approve", step: "review", callback: view.approve, blocks: [block.comment] },
    {
      kind: "approve",
      step: "opinion",
      callback: view.approve,
      blocks: [inputs, amend, block.comment],
    },
    {
      kind: "add_approver",
      step: "review",
      callback: view.addApprover,
      blocks: [block.position, block.target, block.comment],
    },
    {
      kind: "add_approver",
      step: "opinion",
      callback: view.addApprover,
      blocks: [block.position, block.target, block.comment, inputs],
    },
  ] as { kind: DecisionKind; step: string; callback: string; blocks: string[] }[])(
    "$kind at $step: $callback with $blocks",
    ({ kind, step, callback, blocks }) => {
      for (const locale of ["zh-CN", "en"] as const) {
        const m = buildDecisionModal(kind, { assignmentId: 5 }, "about", locale, on(v1, step));
        expectOpenable(m, "modal");
        const modal = m as unknown as Modal;
        expect(modal.callback_id).toBe(callback);
        expect(JSON.parse(modal.private_metadata)).toEqual({ assignmentId: 5 });
        expect(inputsOf(modal)).toEqual(blocks);
      }
    },
  );

  it("asks a step's own questions as required when approving, optional when adding an approver", () => {
    const optional = (kind: DecisionKind) =>
      (
        buildDecisionModal(
          kind,
          { assignmentId: 5 },
          "about",
          "en",
          on(v1, "opinion"),
        ) as unknown as Modal
      ).blocks.find((b) => b.block_id === inputs)?.optional;
    expect(optional("approve")).toBe(false);
    expect(optional("add_approver")).toBe(true);
  });

  it.each([
    { locale: "zh-CN", title: "同意", amend: "金额（原值 ¥12,000.00）" },
    { locale: "en", title: "Approve", amend: "Amount (was ¥12,000.00)" },
  ] as const)(
    "$locale: title and an amendable value's label",
    ({ locale, title, amend: label }) => {
      const m = buildDecisionModal(
        "approve",
        { assignmentId: 5 },
        "about",
        locale,
        on(v1, "opinion"),
      );
      const modal = m as unknown as Modal;
      expect(modal.title.text).toBe(title);
      expect(modal.blocks.find((b) => b.block_id === amend)?.label?.text).toBe(label);
    },
  );

  it("opens on the request and step named as in the version it pinned", () => {
    const of = (p: PublishedProcess) => requestView(p.def, { id: 7, form: {}, process: p });
    expect(decisionAbout(of(v1), "review", "zh-CN")).toBe("*备件申请 #7* · <@USR0001> · 主管审批");
    expect(decisionAbout(of(v1), "review", "en")).toBe(
      "*Spare parts #7* · <@USR0001> · Manager review",
    );
    expect(decisionAbout(of(v2), "review", "en")).toBe(
      "*Spare parts purchase #7* · <@USR0001> · Department review",
    );
    const m = buildDecisionModal(
      "reject",
      { assignmentId: 5 },
      decisionAbout(of(v1), "review", "en"),
      "en",
    );
    expect(textsOf(m.blocks)[0]).toBe("*Spare parts #7* · <@USR0001> · Manager review");
  });
});
