// One person does not decide two consecutive tiers, however the next tier reaches them: a
// transfer, 加签 or escalation to whoever approved the tier before is refused (the rule's
// default, separate); a task in between separates the tiers.
import { describe, expect, it } from "vitest";
import { err, ok, onlyPending, returnForm, useEngineWorld } from "./support.ts";

const w = useEngineWorld();

describe("the next tier never handed back to the tier before's approver", () => {
  it("refuses a transfer, an 加签 and an escalation to them; allows anyone else", async () => {
    const engine = w.engine();
    const { requestId } = ok(
      await engine.submit("return", "USR0001", returnForm({ order_no: "SO-HAND-1" })),
    );
    const first = await onlyPending(w.db(), requestId);
    ok(await engine.approve(first.id, first.assigneeId));
    const quality = await onlyPending(w.db(), requestId);
    expect(err(await engine.transfer(quality.id, quality.assigneeId, first.assigneeId))).toEqual({
      type: "invalid_transfer_target",
      why: "previous_tier",
    });
    expect(
      err(
        await engine.addApprover(quality.id, quality.assigneeId, {
          userId: first.assigneeId,
          position: "before",
        }),
      ),
    ).toEqual({ type: "invalid_added_approver", why: "previous_tier" });
    expect(err(await engine.escalate(quality.id, first.assigneeId))).toEqual({
      type: "invalid_transfer_target",
      why: "previous_tier",
    });
    ok(await engine.transfer(quality.id, quality.assigneeId, "USD0001"));
  });
});
