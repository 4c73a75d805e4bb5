// A reason or comment longer than the decision modals' max_length is refused, never cut; the
// modals and the engine share the one limit.
import { describe, expect, it } from "vitest";
import { buildDecisionModal, type DecisionKind } from "../../handlers/blocks/decision-modal.ts";
import { DECISION_TEXT_MAX, tooLongText } from "../../src/engine/decision-text.ts";

describe("decision texts", () => {
  it("up to the limit pass (counted as Slack counts: an emoji is one character; the spaces around are not kept)", () => {
    expect(DECISION_TEXT_MAX).toBe(1000);
    expect(tooLongText("reason", "长".repeat(1000))).toBeUndefined();
    expect(tooLongText("comment", "👍🏽".repeat(500))).toBeUndefined();
    expect(tooLongText("comment", `  ${"x".repeat(1000)}\n`)).toBeUndefined();
    expect(tooLongText("comment", undefined)).toBeUndefined();
  });

  it("past it, are refused on the part they belong to", () => {
    expect(tooLongText("reason", "长".repeat(1001))).toEqual({
      type: "invalid_decision",
      errors: { reason: { type: "too_long", max: 1000 } },
    });
    expect(tooLongText("comment", "x".repeat(10_000))).toEqual({
      type: "invalid_decision",
      errors: { comment: { type: "too_long", max: 1000 } },
    });
  });

  it("is the max_length of every reason and comment input, whose block is the part the error names", () => {
    const kinds: [DecisionKind, string][] = [
      ["reject", "reason"],
      ["return", "reason"],
      ["transfer", "comment"],
      ["approve", "comment"],
      ["add_approver", "comment"],
      ["cc", "comment"],
    ];
    for (const [kind, part] of kinds) {
      const view = buildDecisionModal(kind, { assignmentId: 1 }, "about", "zh-CN");
      const input = view.blocks.find((b) => b.block_id === part) as
        | { element: { action_id: string; max_length: number } }
        | undefined;
      expect(input?.element, kind).toMatchObject({
        action_id: part,
        max_length: DECISION_TEXT_MAX,
      });
    }
  });
});
