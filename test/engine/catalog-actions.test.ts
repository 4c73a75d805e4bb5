// The engine actions every process gets: parallel countersign with opinions, 加签 before
// and after, 抄送, and approve with changes.
import { describe, expect, it } from "vitest";
import { extraDefinitions } from "./definitions.ts";
import {
  auditOf,
  err,
  ok,
  pending,
  pendingFor,
  pendingSummary,
  requestRow,
  useEngineWorld,
} from "./support.ts";

const { engine, db } = useEngineWorld({ extra: extraDefinitions });
const submit = async (key: string, requester: string, form: Record<string, string>) =>
  ok(await engine().submit(key, requester, form)).requestId;
const can = { opinion: "can" };

describe("parallel countersign of departments (branches)", () => {
  it("asks every branch at once; each answers with its opinion; all must approve before the next step", async () => {
    const id = await submit("t_parallel", "USR0001", { amount: "1000" });
    expect(await pendingSummary(db(), id)).toEqual([
      "review:UEN0001",
      "review:UFI0001",
      "review:UFI0002",
      "review:UPR0001",
    ]);
    const eng = await pendingFor(db(), id, "review", "UEN0001");
    expect(eng.branch).toBe("engineering");

    ok(
      await engine().approve(eng.id, "UEN0001", {
        inputs: { opinion: "conditional", lead_days: "30" },
        comment: "needs new tooling",
      }),
    );
    // Finance answers with one of its two holders; the other is released.
    ok(
      await engine().approve((await pendingFor(db(), id, "review", "UFI0002")).id, "UFI0002", {
        inputs: can,
      }),
    );
    expect(await pendingSummary(db(), id)).toEqual(["review:UPR0001"]);
    expect(
      (await db().assignment.findFirstOrThrow({ where: { requestId: id, assigneeId: "UFI0001" } }))
        .status,
    ).toBe("CANCELLED");

    ok(
      await engine().approve((await pendingFor(db(), id, "review", "UPR0001")).id, "UPR0001", {
        inputs: can,
      }),
    );
    expect(await pendingSummary(db(), id)).toEqual(["confirm:USO0001"]);

    const answered = await db().assignment.findUniqueOrThrow({ where: { id: eng.id } });
    expect(answered.inputs).toEqual({ opinion: "conditional", lead_days: "30" });
    const row = (await auditOf(db(), id)).find(
      (e) => e.assignmentId === eng.id && e.action === "APPROVE",
    )!;
    expect(row).toMatchObject({
      comment: "needs new tooling",
      data: { inputs: { opinion: "conditional", lead_days: "30" } },
    });
  });

  it("one department refusing rejects the request and releases the others", async () => {
    const id = await submit("t_parallel", "USR0001", { amount: "1000" });
    ok(
      await engine().approve((await pendingFor(db(), id, "review", "UEN0001")).id, "UEN0001", {
        inputs: can,
      }),
    );
    ok(
      await engine().reject(
        (await pendingFor(db(), id, "review", "UPR0001")).id,
        "UPR0001",
        "no capacity this quarter",
      ),
    );
    expect((await requestRow(db(), id)).status).toBe("REJECTED");
    expect(await pending(db(), id)).toEqual([]);
  });

  it("a return by one department keeps the others' turns; after resubmission it comes back to that department", async () => {
    const id = await submit("t_parallel", "USR0001", { amount: "1000" });
    ok(
      await engine().approve((await pendingFor(db(), id, "review", "UEN0001")).id, "UEN0001", {
        inputs: can,
      }),
    );
    ok(
      await engine().returnToRequester(
        (await pendingFor(db(), id, "review", "UPR0001")).id,
        "UPR0001",
        "quantity per batch?",
      ),
    );
    expect(await pendingSummary(db(), id)).toEqual(["review:UFI0001", "review:UFI0002"]);
    ok(await engine().resubmit(id, "USR0001", { amount: "1000", note: "200 per batch" }));
    expect(await pendingSummary(db(), id)).toEqual([
      "review:UFI0001",
      "review:UFI0002",
      "review:UPR0001",
    ]);
    expect((await pendingFor(db(), id, "review", "UPR0001")).branch).toBe("production");
    ok(
      await engine().approve((await pendingFor(db(), id, "review", "UPR0001")).id, "UPR0001", {
        inputs: can,
      }),
    );
    ok(
      await engine().approve((await pendingFor(db(), id, "review", "UFI0001")).id, "UFI0001", {
        inputs: can,
      }),
    );
    expect(await pendingSummary(db(), id)).toEqual(["confirm:USO0001"]);
  });

  it("an opinion is required and checked per field, and nothing changes on a bad one", async () => {
    const id = await submit("t_parallel", "USR0001", { amount: "1000" });
    const eng = await pendingFor(db(), id, "review", "UEN0001");
    expect(err(await engine().approve(eng.id, "UEN0001", {}))).toEqual({
      type: "invalid_decision",
      errors: { "inputs.opinion": { type: "required" } },
    });
    expect(
      err(
        await engine().approve(eng.id, "UEN0001", { inputs: { opinion: "maybe", lead_days: "0" } }),
      ),
    ).toEqual({
      type: "invalid_decision",
      errors: {
        "inputs.opinion": { type: "invalid_option" },
        "inputs.lead_days": { type: "below_min", min: 1 },
      },
    });
    expect((await db().assignment.findUniqueOrThrow({ where: { id: eng.id } })).status).toBe(
      "PENDING",
    );
  });
});

describe("加签 (add an approver)", () => {
  it("before: the added person decides first, then it comes back to the one who added them", async () => {
    const id = await submit("t_amend", "USR0001", { amount: "1000" });
    const fin = await pendingFor(db(), id, "finance", "UFI0001");
    ok(
      await engine().addApprover(fin.id, "UFI0001", {
        userId: "UBD0001",
        position: "before",
        comment: "please check the contract",
      }),
    );
    // The other finance holder is released: UFI0001 took the step on.
    expect(await pendingSummary(db(), id)).toEqual(["finance:UBD0001"]);
    expect((await db().assignment.findUniqueOrThrow({ where: { id: fin.id } })).status).toBe(
      "ON_HOLD",
    );
    const added = await pendingFor(db(), id, "finance", "UBD0001");
    expect(added).toMatchObject({
      addedById: fin.id,
      addedPosition: "BEFORE",
      reason: { kind: "added", by: "UFI0001", position: "before" },
    });

    ok(await engine().approve(added.id, "UBD0001"));
    expect(await pendingSummary(db(), id)).toEqual(["finance:UFI0001"]);
    ok(await engine().approve((await pendingFor(db(), id, "finance", "UFI0001")).id, "UFI0001"));
    expect(await pendingSummary(db(), id)).toEqual(["director:USD0001"]);
    const trail = (await auditOf(db(), id)).map((e) => `${e.action} ${e.actorId}`);
    expect(trail).toEqual([
      "SUBMIT USR0001",
      "ADD_APPROVER UFI0001",
      "APPROVE UBD0001",
      "APPROVE UFI0001",
    ]);
    expect((await auditOf(db(), id))[1]).toMatchObject({
      comment: "please check the contract",
      data: { position: "before", to: "UBD0001" },
    });
  });

  it("after: the adder approves now; the added person must approve before the next step", async () => {
    const id = await submit("t_amend", "USR0001", { amount: "1000" });
    ok(
      await engine().addApprover((await pendingFor(db(), id, "finance", "UFI0002")).id, "UFI0002", {
        userId: "UBD0001",
        position: "after",
      }),
    );
    // UFI0002's approval settles the 或签 for UFI0001, but the added approver is still awaited.
    expect(await pendingSummary(db(), id)).toEqual(["finance:UBD0001"]);
    const added = await pendingFor(db(), id, "finance", "UBD0001");
    expect(added.addedPosition).toBe("AFTER");
    ok(await engine().approve(added.id, "UBD0001"));
    expect(await pendingSummary(db(), id)).toEqual(["director:USD0001"]);
    expect((await auditOf(db(), id)).map((e) => e.action)).toEqual([
      "SUBMIT",
      "APPROVE",
      "ADD_APPROVER",
      "APPROVE",
    ]);
  });

  it("a refusal by the added person rejects the request", async () => {
    const id = await submit("t_amend", "USR0001", { amount: "1000" });
    ok(
      await engine().addApprover((await pendingFor(db(), id, "finance", "UFI0001")).id, "UFI0001", {
        userId: "UBD0001",
        position: "before",
      }),
    );
    ok(
      await engine().reject(
        (await pendingFor(db(), id, "finance", "UBD0001")).id,
        "UBD0001",
        "not justified",
      ),
    );
    expect((await requestRow(db(), id)).status).toBe("REJECTED");
  });

  it("refuses the requester, oneself, strangers and someone already on the step; nothing changes", async () => {
    const id = await submit("t_amend", "USR0001", { amount: "1000" });
    const fin = await pendingFor(db(), id, "finance", "UFI0001");
    const add = (userId: string) =>
      engine().addApprover(fin.id, "UFI0001", { userId, position: "before" });
    expect(err(await add("USR0001"))).toEqual({ type: "invalid_added_approver", why: "requester" });
    expect(err(await add("UFI0001"))).toEqual({ type: "invalid_added_approver", why: "self" });
    expect(err(await add("UNOBODY"))).toEqual({ type: "invalid_added_approver", why: "unknown" });
    expect(err(await add("UFI0002"))).toEqual({
      type: "invalid_added_approver",
      why: "already_assigned",
    });
    expect(
      err(await engine().addApprover(fin.id, "UFI0002", { userId: "UBD0001", position: "before" })),
    ).toMatchObject({ type: "not_your_assignment" });
    expect(await pendingSummary(db(), id)).toEqual(["finance:UFI0001", "finance:UFI0002"]);
  });
});

describe("抄送 (CC by an approver)", () => {
  it("sends read-only copies without moving the request", async () => {
    const id = await submit("t_amend", "USR0001", { amount: "1000" });
    const fin = await pendingFor(db(), id, "finance", "UFI0001");
    ok(await engine().cc(fin.id, "UFI0001", ["UGM0001", "UVP0001", "UFI0001"], "FYI"));
    const copies = await db().assignment.findMany({
      where: { requestId: id, kind: "NOTIFY" },
      orderBy: { id: "asc" },
    });
    expect(copies.map((c) => [c.assigneeId, c.status])).toEqual([
      ["UGM0001", "NOTIFIED"],
      ["UVP0001", "NOTIFIED"],
    ]);
    expect(copies[0]!.reason).toEqual({ kind: "cc", by: "UFI0001" });
    expect(await pendingSummary(db(), id)).toEqual(["finance:UFI0001", "finance:UFI0002"]);
    expect((await auditOf(db(), id)).at(-1)).toMatchObject({
      action: "CC",
      actorId: "UFI0001",
      comment: "FYI",
      data: { to: ["UGM0001", "UVP0001"] },
    });
    expect(err(await engine().cc(fin.id, "UFI0001", ["UFI0001"]))).toEqual({
      type: "invalid_cc",
      why: "none",
    });
    expect(err(await engine().cc(fin.id, "UFI0001", ["UNOBODY"]))).toEqual({
      type: "invalid_cc",
      why: "unknown",
    });
  });
});

describe("approve with changes", () => {
  it("lowers the amount at finance: the form holds the new value, the request and audit row keep both", async () => {
    const id = await submit("t_amend", "USR0001", { amount: "80,000" });
    const fin = await pendingFor(db(), id, "finance", "UFI0001");
    ok(
      await engine().approve(fin.id, "UFI0001", {
        changes: { amount: "45,000.50", memo: "" },
        comment: "capped at the budget",
      }),
    );
    const row = await requestRow(db(), id);
    expect(row.form).toMatchObject({ amount: "45000.50" });
    expect(row.amendments).toEqual([
      {
        field: "amount",
        from: "80000.00",
        to: "45000.50",
        by: "UFI0001",
        stepKey: "finance",
        at: expect.any(String),
      },
    ]);
    const approval = (await auditOf(db(), id)).find((e) => e.action === "APPROVE")!;
    expect(approval.data).toEqual({
      amended: [{ field: "amount", from: "80000.00", to: "45000.50" }],
    });
    // Later conditions see the amended value: the GM step (amount > 50000) is now skipped.
    ok(await engine().approve((await pendingFor(db(), id, "director", "USD0001")).id, "USD0001"));
    expect((await requestRow(db(), id)).status).toBe("APPROVED");
  });

  it("refuses raising a down-only value, a field the step may not change, and bad values; nothing changes", async () => {
    const id = await submit("t_amend", "USR0001", { amount: "1000" });
    const fin = await pendingFor(db(), id, "finance", "UFI0001");
    expect(
      err(await engine().approve(fin.id, "UFI0001", { changes: { amount: "1000.01" } })),
    ).toEqual({
      type: "invalid_decision",
      errors: { "amend.amount": { type: "amend_down_only" } },
    });
    expect(err(await engine().approve(fin.id, "UFI0001", { changes: { note: "x" } }))).toEqual({
      type: "invalid_decision",
      errors: { "amend.note": { type: "not_amendable" } },
    });
    expect(
      err(await engine().approve(fin.id, "UFI0001", { changes: { amount: "12.345" } })),
    ).toEqual({
      type: "invalid_decision",
      errors: { "amend.amount": { type: "too_many_decimals" } },
    });
    // The same value is not a change.
    ok(await engine().approve(fin.id, "UFI0001", { changes: { amount: "1,000.00" } }));
    expect((await requestRow(db(), id)).amendments).toBeNull();
    // The director may not amend at all.
    const dir = await pendingFor(db(), id, "director", "USD0001");
    expect(err(await engine().approve(dir.id, "USD0001", { changes: { amount: "10" } }))).toEqual({
      type: "invalid_decision",
      errors: { "amend.amount": { type: "not_amendable" } },
    });
  });
});
