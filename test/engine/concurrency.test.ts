// Repeated and simultaneous clicks: the request row lock makes exactly one transition.
import { describe, expect, it } from "vitest";
import type { EngineError } from "../../src/engine/types.ts";
import { extraDefinitions } from "./definitions.ts";
import {
  act,
  auditOf,
  expenseForm,
  ok,
  onlyPending,
  pendingFor,
  pendingSummary,
  requestRow,
  returnForm,
  useEngineWorld,
} from "./support.ts";

const { engine, db } = useEngineWorld({ extra: extraDefinitions });

function tally(results: ({ ok: true } | { ok: false; error: EngineError })[]) {
  const okCount = results.filter((r) => r.ok).length;
  const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
  return { okCount, errors };
}

describe("concurrent decisions", () => {
  it("10 simultaneous approvals of one assignment: one wins, nine see it closed", async () => {
    const id = ok(await engine().submit("return", "USR0001", returnForm())).requestId;
    const a = await onlyPending(db(), id);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        engine().approve(a.id, "USA0001", { comment: `click ${i}` }),
      ),
    );
    const { okCount, errors } = tally(results);
    expect(okCount).toBe(1);
    expect(errors).toEqual(Array(9).fill({ type: "assignment_closed", status: "APPROVED" }));
    const audit = await auditOf(db(), id);
    expect(audit.filter((e) => e.action === "APPROVE")).toHaveLength(1);
    // Exactly one next step was created.
    expect(
      await db().assignment.count({ where: { requestId: id, stepKey: "quality_check" } }),
    ).toBe(1);
    expect(await pendingSummary(db(), id)).toEqual(["quality_check:UQA0001"]);
    expect((await requestRow(db(), id)).currentStep).toBe(1);
  });

  it("two or-sign holders approving at once make exactly one step transition", async () => {
    const id = ok(
      await engine().submit(
        "expense",
        "USR0001",
        expenseForm({ stage: "reimbursement", amount: "6000" }),
      ),
    ).requestId;
    await act(engine(), db(), id, "flow_check:USA0002");
    const f1 = await pendingFor(db(), id, "receipts_check", "UFI0001");
    const f2 = await pendingFor(db(), id, "receipts_check", "UFI0002");
    const results = await Promise.all([
      engine().approve(f1.id, "UFI0001"),
      engine().approve(f2.id, "UFI0002"),
    ]);
    const { okCount, errors } = tally(results);
    expect(okCount).toBe(1);
    expect(errors).toEqual([{ type: "assignment_closed", status: "CANCELLED" }]);
    const step = await db().assignment.findMany({
      where: { requestId: id, stepKey: "receipts_check" },
    });
    expect(step.map((a) => a.status).sort()).toEqual(["APPROVED", "CANCELLED"]);
    expect(
      (await auditOf(db(), id)).filter(
        (e) => e.stepKey === "receipts_check" && e.action === "APPROVE",
      ),
    ).toHaveLength(1);
    expect(await db().assignment.count({ where: { requestId: id, stepKey: "director" } })).toBe(1);
    expect(await pendingSummary(db(), id)).toEqual(["director:USD0001"]);
  });

  it("two countersigners approving at once both count, and the next step is created once", async () => {
    const id = ok(await engine().submit("t_countersign", "USR0001", {})).requestId;
    const f1 = await pendingFor(db(), id, "both_finance", "UFI0001");
    const f2 = await pendingFor(db(), id, "both_finance", "UFI0002");
    const results = await Promise.all([
      engine().approve(f1.id, "UFI0001"),
      engine().approve(f2.id, "UFI0002"),
    ]);
    expect(tally(results).okCount).toBe(2);
    expect(await db().assignment.count({ where: { requestId: id, stepKey: "director" } })).toBe(1);
    expect(await pendingSummary(db(), id)).toEqual(["director:USD0001"]);
  });

  it("approve and reject at once by the same person: exactly one decision stands", async () => {
    const id = ok(await engine().submit("return", "USR0001", returnForm())).requestId;
    const a = await onlyPending(db(), id);
    const results = await Promise.all([
      engine().approve(a.id, "USA0001"),
      engine().reject(a.id, "USA0001", "duplicate order"),
    ]);
    const { okCount, errors } = tally(results);
    expect(okCount).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.type).toBe("assignment_closed");
    const decisions = (await auditOf(db(), id)).filter(
      (e) => e.action === "APPROVE" || e.action === "REJECT",
    );
    expect(decisions).toHaveLength(1);
    const status = (await requestRow(db(), id)).status;
    expect(status).toBe(decisions[0]!.action === "APPROVE" ? "PENDING" : "REJECTED");
  });

  it("10 simultaneous resubmissions: one wins, the rest find the request no longer returned", async () => {
    const id = ok(
      await engine().submit("return", "USR0001", returnForm({ amount: "100" })),
    ).requestId;
    ok(await engine().returnToRequester((await onlyPending(db(), id)).id, "USA0001", "amount?"));
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        engine().resubmit(id, "USR0001", returnForm({ amount: "200" })),
      ),
    );
    const { okCount, errors } = tally(results);
    expect(okCount).toBe(1);
    expect(errors).toEqual(Array(9).fill({ type: "request_not_pending", status: "PENDING" }));
    expect((await auditOf(db(), id)).filter((e) => e.action === "RESUBMIT")).toHaveLength(1);
    expect(await pendingSummary(db(), id)).toEqual(["order_check:USA0001"]);
  });

  it("withdraw racing an approval leaves a consistent request", async () => {
    const id = ok(await engine().submit("return", "USR0001", returnForm())).requestId;
    const a = await onlyPending(db(), id);
    const [approved, withdrawn] = await Promise.all([
      engine().approve(a.id, "USA0001"),
      engine().withdraw(id, "USR0001"),
    ]);
    expect(withdrawn.ok).toBe(true); // withdrawing is allowed before and after the first approval
    const req = await requestRow(db(), id);
    expect(req.status).toBe("WITHDRAWN");
    expect(await db().assignment.count({ where: { requestId: id, status: "PENDING" } })).toBe(0);
    if (!approved.ok) expect(approved.error.type).toBe("assignment_closed");
  });
});
