// Every action on a request — approve, reject, return + resubmit, transfer, withdraw,
// task done — and who may take it, on the shipped return/exchange process.
import { describe, expect, it } from "vitest";
import { extraDefinitions } from "./definitions.ts";
import {
  act,
  auditOf,
  auditTrail,
  err,
  ok,
  onlyPending,
  pending,
  pendingSummary,
  requestRow,
  returnForm,
  useEngineWorld,
} from "./support.ts";

const REP = "USR0001"; // sales rep, the requester

const { world, engine, db } = useEngineWorld({ extra: extraDefinitions });

async function submitReturn(over = {}): Promise<number> {
  return ok(await engine().submit("return", REP, returnForm(over))).requestId;
}

/** A return request waiting on the sales director (order check and quality done). */
async function atDirector(over = {}): Promise<number> {
  const id = await submitReturn(over);
  await act(engine(), db(), id, "order_check:USA0001");
  await act(engine(), db(), id, "quality_check:UQA0001");
  return id;
}

describe("submit", () => {
  it("stores the cleaned form, pins the version and assigns the first step", async () => {
    const id = await submitReturn({ amount: "12,345.6" });
    const req = await requestRow(db(), id);
    expect(req.status).toBe("PENDING");
    expect(req.currentStep).toBe(0);
    expect(req.requesterId).toBe(REP);
    expect(req.processKey).toBe("return");
    expect(req.processVersionId).toBe(world().catalog.get("return")!.versionId);
    expect((req.form as Record<string, unknown>).amount).toBe("12345.60");
    const [a, ...rest] = await pending(db(), id);
    expect(rest).toHaveLength(0);
    expect(a).toMatchObject({
      stepIndex: 0,
      stepKey: "order_check",
      kind: "APPROVAL",
      assigneeId: "USA0001",
      status: "PENDING",
    });
    expect(a!.reason).toEqual({ kind: "role", role: "sales_admin" });
    const audit = await auditOf(db(), id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "SUBMIT", actorId: REP, data: { version: 1 } });
  });

  it("refuses an unknown process", async () => {
    expect(err(await engine().submit("nope", REP, {}))).toEqual({
      type: "unknown_process",
      key: "nope",
    });
  });
});

describe("approve", () => {
  it("closes the assignment, records the comment and moves to the next step", async () => {
    const id = await submitReturn();
    const a = await onlyPending(db(), id);
    ok(await engine().approve(a.id, "USA0001", { comment: "order matches SO-2026-0001" }));
    const closed = await db().assignment.findUniqueOrThrow({ where: { id: a.id } });
    expect(closed.status).toBe("APPROVED");
    expect(closed.decidedAt).toBeInstanceOf(Date);
    expect(await pendingSummary(db(), id)).toEqual(["quality_check:UQA0001"]);
    expect((await requestRow(db(), id)).currentStep).toBe(1);
    const approveRow = (await auditOf(db(), id)).find((e) => e.action === "APPROVE")!;
    expect(approveRow).toMatchObject({
      actorId: "USA0001",
      assignmentId: a.id,
      stepIndex: 0,
      stepKey: "order_check",
      comment: "order matches SO-2026-0001",
    });
  });

  it("only the assignee can act", async () => {
    const id = await submitReturn();
    const a = await onlyPending(db(), id);
    expect(err(await engine().approve(a.id, "UQA0001"))).toEqual({
      type: "not_your_assignment",
      assigneeId: "USA0001",
    });
    expect(err(await engine().approve(a.id, REP))).toEqual({
      type: "not_your_assignment",
      assigneeId: "USA0001",
    });
    expect(err(await engine().reject(a.id, "UGM0001", "no"))).toEqual({
      type: "not_your_assignment",
      assigneeId: "USA0001",
    });
    expect(err(await engine().transfer(a.id, "UGM0001", "USA0002"))).toEqual({
      type: "not_your_assignment",
      assigneeId: "USA0001",
    });
    expect((await db().assignment.findUniqueOrThrow({ where: { id: a.id } })).status).toBe(
      "PENDING",
    );
    expect(await auditTrail(db(), id)).toEqual([`SUBMIT - ${REP}`]);
  });

  it("refuses a closed assignment and an unknown one", async () => {
    const id = await submitReturn();
    const a = await onlyPending(db(), id);
    ok(await engine().approve(a.id, "USA0001"));
    expect(err(await engine().approve(a.id, "USA0001"))).toEqual({
      type: "assignment_closed",
      status: "APPROVED",
    });
    expect(err(await engine().reject(a.id, "USA0001", "changed my mind"))).toEqual({
      type: "assignment_closed",
      status: "APPROVED",
    });
    expect(err(await engine().approve(999_999, "USA0001"))).toEqual({ type: "not_found" });
    expect((await auditOf(db(), id)).filter((e) => e.action === "APPROVE")).toHaveLength(1);
  });
});

describe("reject", () => {
  it("requires a reason and changes nothing without one", async () => {
    const id = await submitReturn();
    const a = await onlyPending(db(), id);
    expect(err(await engine().reject(a.id, "USA0001", ""))).toEqual({ type: "reason_required" });
    expect(err(await engine().reject(a.id, "USA0001", "   "))).toEqual({ type: "reason_required" });
    expect((await db().assignment.findUniqueOrThrow({ where: { id: a.id } })).status).toBe(
      "PENDING",
    );
    expect((await requestRow(db(), id)).status).toBe("PENDING");
    expect(await auditTrail(db(), id)).toEqual([`SUBMIT - ${REP}`]);
  });

  it("ends the request as REJECTED with the trimmed reason", async () => {
    const id = await submitReturn();
    await act(engine(), db(), id, "order_check:USA0001");
    const q = await onlyPending(db(), id);
    ok(await engine().reject(q.id, "UQA0001", "  goods were misused  "));
    const req = await requestRow(db(), id);
    expect(req.status).toBe("REJECTED");
    expect(req.currentStep).toBe(-1);
    expect(req.completedAt).toBeInstanceOf(Date);
    expect((await db().assignment.findUniqueOrThrow({ where: { id: q.id } })).status).toBe(
      "REJECTED",
    );
    expect(await pending(db(), id)).toHaveLength(0);
    const last = (await auditOf(db(), id)).at(-1)!;
    expect(last).toMatchObject({
      action: "REJECT",
      actorId: "UQA0001",
      stepKey: "quality_check",
      comment: "goods were misused",
    });
    // Nothing after the rejection: no later step was created.
    expect(await db().assignment.count({ where: { requestId: id, stepIndex: { gt: 1 } } })).toBe(0);
  });
});

describe("return (退回) and resubmit", () => {
  it("returns to the requester, then comes straight back to whoever returned it", async () => {
    const id = await atDirector({ amount: "12000", items: "A-100 roller × 20" });
    const d = await onlyPending(db(), id);
    expect(d.assigneeId).toBe("USD0001");

    expect(err(await engine().returnToRequester(d.id, "USD0001", " "))).toEqual({
      type: "reason_required",
    });
    ok(await engine().returnToRequester(d.id, "USD0001", "split the items by batch"));
    let req = await requestRow(db(), id);
    expect(req.status).toBe("RETURNED");
    expect(req.returnedFromId).toBe(d.id);
    expect(req.currentStep).toBe(2);
    expect((await db().assignment.findUniqueOrThrow({ where: { id: d.id } })).status).toBe(
      "RETURNED",
    );
    expect(await pending(db(), id)).toHaveLength(0);
    expect((await auditOf(db(), id)).at(-1)).toMatchObject({
      action: "RETURN",
      actorId: "USD0001",
      stepKey: "director",
      comment: "split the items by batch",
    });

    // The closed assignment cannot be used again while returned.
    expect(err(await engine().approve(d.id, "USD0001"))).toEqual({
      type: "assignment_closed",
      status: "RETURNED",
    });

    // Only the requester resubmits, and the form is validated again.
    expect(err(await engine().resubmit(id, "USD0001", returnForm()))).toEqual({
      type: "not_requester",
    });
    expect(err(await engine().resubmit(id, REP, returnForm({ amount: "abc" })))).toEqual({
      type: "invalid_form",
      errors: { amount: { type: "not_money" } },
    });
    expect((await requestRow(db(), id)).status).toBe("RETURNED");

    const before = await db().assignment.count({ where: { requestId: id } });
    ok(
      await engine().resubmit(
        id,
        REP,
        returnForm({ amount: "11,500", items: "A-100 roller × 19\nA-200 roller × 1" }),
      ),
    );
    req = await requestRow(db(), id);
    expect(req.status).toBe("PENDING");
    expect(req.returnedFromId).toBeNull();
    expect(req.currentStep).toBe(2);
    expect(req.form).toMatchObject({
      amount: "11500.00",
      items: "A-100 roller × 19\nA-200 roller × 1",
    });

    // Exactly one new assignment, for the director, at the director's step: not through order check or quality again.
    expect(await db().assignment.count({ where: { requestId: id } })).toBe(before + 1);
    const again = await onlyPending(db(), id);
    expect(again).toMatchObject({
      stepIndex: 2,
      stepKey: "director",
      assigneeId: "USD0001",
      kind: "APPROVAL",
    });
    expect(again.id).not.toBe(d.id);
    expect(again.reason).toEqual(d.reason);

    const resubmitRow = (await auditOf(db(), id)).at(-1)!;
    expect(resubmitRow).toMatchObject({
      action: "RESUBMIT",
      actorId: REP,
      stepKey: "director",
      stepIndex: 2,
      assignmentId: again.id,
    });
    expect(resubmitRow.data).toEqual({
      changed: [
        { field: "items", from: "A-100 roller × 20", to: "A-100 roller × 19\nA-200 roller × 1" },
        { field: "amount", from: "12000.00", to: "11500.00" },
      ],
    });

    await act(engine(), db(), id, "director:USD0001");
    expect(await pendingSummary(db(), id)).toEqual(["write_down:USA0001"]);
  });

  it("uses the resubmitted form for later conditions (amount raised above the GM threshold)", async () => {
    const id = await atDirector({ amount: "12000" });
    const d = await onlyPending(db(), id);
    ok(await engine().returnToRequester(d.id, "USD0001", "the full batch is affected"));
    ok(await engine().resubmit(id, REP, returnForm({ amount: "60000" })));
    await act(engine(), db(), id, "director:USD0001");
    expect(await pendingSummary(db(), id)).toEqual(["gm:UGM0001"]);
  });

  it("records no changed fields when the same form is resubmitted", async () => {
    const id = await atDirector();
    ok(
      await engine().returnToRequester(
        (await onlyPending(db(), id)).id,
        "USD0001",
        "attach evidence",
      ),
    );
    ok(await engine().resubmit(id, REP, returnForm()));
    expect((await auditOf(db(), id)).at(-1)!.data).toEqual({ changed: [] });
  });

  it("clears an optional field the requester emptied, and lists it as changed", async () => {
    const id = await submitReturn({ evidence: "https://files.example.com/a.jpg" });
    const a = await onlyPending(db(), id);
    ok(await engine().returnToRequester(a.id, "USA0001", "wrong photo"));
    ok(await engine().resubmit(id, REP, returnForm({ evidence: "" })));
    const form = (await requestRow(db(), id)).form as Record<string, unknown>;
    expect(form.evidence).toBeUndefined();
    expect((await auditOf(db(), id)).at(-1)!.data).toEqual({
      changed: [{ field: "evidence", from: "https://files.example.com/a.jpg", to: null }],
    });
  });

  it("refuses to resubmit a request that is not returned, or does not exist", async () => {
    const id = await submitReturn();
    expect(err(await engine().resubmit(id, REP, returnForm()))).toEqual({
      type: "request_not_pending",
      status: "PENDING",
    });
    expect(err(await engine().resubmit(999_999, REP, returnForm()))).toEqual({ type: "not_found" });
  });

  it("refuses decisions on a pending countersign assignment while the request is returned", async () => {
    const id = ok(await engine().submit("t_countersign", REP, { note: "x" })).requestId;
    const a1 = (await pending(db(), id)).find((a) => a.assigneeId === "UFI0001")!;
    const a2 = (await pending(db(), id)).find((a) => a.assigneeId === "UFI0002")!;
    ok(await engine().returnToRequester(a1.id, "UFI0001", "which budget?"));
    expect((await db().assignment.findUniqueOrThrow({ where: { id: a2.id } })).status).toBe(
      "PENDING",
    );
    expect(err(await engine().approve(a2.id, "UFI0002"))).toEqual({
      type: "request_not_pending",
      status: "RETURNED",
    });
    expect(err(await engine().transfer(a2.id, "UFI0002", "UGM0001"))).toEqual({
      type: "request_not_pending",
      status: "RETURNED",
    });
    // After the resubmission the returner decides again and the other countersigner still does.
    ok(await engine().resubmit(id, REP, { note: "budget MKT-7" }));
    expect(await pendingSummary(db(), id)).toEqual([
      "both_finance:UFI0001",
      "both_finance:UFI0002",
    ]);
    ok(await engine().approve(a2.id, "UFI0002"));
    expect(await pendingSummary(db(), id)).toEqual(["both_finance:UFI0001"]);
    await act(engine(), db(), id, "both_finance:UFI0001");
    expect(await pendingSummary(db(), id)).toEqual(["director:USD0001"]);
  });
});

describe("transfer (转交)", () => {
  it("refuses self, the requester and unknown people, changing nothing", async () => {
    const id = await submitReturn();
    const a = await onlyPending(db(), id);
    expect(err(await engine().transfer(a.id, "USA0001", "USA0001"))).toEqual({
      type: "invalid_transfer_target",
      why: "self",
    });
    expect(err(await engine().transfer(a.id, "USA0001", REP))).toEqual({
      type: "invalid_transfer_target",
      why: "requester",
    });
    expect(err(await engine().transfer(a.id, "USA0001", "UNOBODY01"))).toEqual({
      type: "invalid_transfer_target",
      why: "unknown",
    });
    expect(await pendingSummary(db(), id)).toEqual(["order_check:USA0001"]);
    expect(await auditTrail(db(), id)).toEqual([`SUBMIT - ${REP}`]);
  });

  it("hands the assignment over; the new holder decides and the old one no longer can", async () => {
    const id = await submitReturn();
    const a = await onlyPending(db(), id);
    ok(await engine().transfer(a.id, "USA0001", "USA0002", "  on leave  "));
    expect((await db().assignment.findUniqueOrThrow({ where: { id: a.id } })).status).toBe(
      "TRANSFERRED",
    );
    const b = await onlyPending(db(), id);
    expect(b).toMatchObject({
      stepIndex: 0,
      stepKey: "order_check",
      kind: "APPROVAL",
      assigneeId: "USA0002",
    });
    expect(b.reason).toEqual({ kind: "transfer", from: "USA0001" });
    const row = (await auditOf(db(), id)).at(-1)!;
    expect(row).toMatchObject({
      action: "TRANSFER",
      actorId: "USA0001",
      assignmentId: a.id,
      comment: "on leave",
    });
    expect(row.data).toEqual({ to: "USA0002", newAssignmentId: b.id });

    expect(err(await engine().approve(a.id, "USA0001"))).toEqual({
      type: "assignment_closed",
      status: "TRANSFERRED",
    });
    ok(await engine().approve(b.id, "USA0002"));
    expect(await pendingSummary(db(), id)).toEqual(["quality_check:UQA0001"]);
  });

  it("refuses a co-holder who already has the step (或签)", async () => {
    const id = ok(
      await engine().submit("expense", REP, {
        stage: "reimbursement",
        expense_type: "travel",
        amount: "300",
        purpose: "taxi",
        budget_line: "T-1",
      }),
    ).requestId;
    await act(engine(), db(), id, "flow_check:USA0002");
    const fi1 = (await pending(db(), id)).find((a) => a.assigneeId === "UFI0001")!;
    expect(err(await engine().transfer(fi1.id, "UFI0001", "UFI0002"))).toEqual({
      type: "invalid_transfer_target",
      why: "already_assigned",
    });
  });
});

describe("withdraw (撤回)", () => {
  it("only the requester withdraws; pending assignments are cancelled", async () => {
    const id = await submitReturn();
    await act(engine(), db(), id, "order_check:USA0001");
    const q = await onlyPending(db(), id);
    expect(err(await engine().withdraw(id, "UQA0001"))).toEqual({ type: "not_requester" });
    expect((await requestRow(db(), id)).status).toBe("PENDING");

    ok(await engine().withdraw(id, REP));
    const req = await requestRow(db(), id);
    expect(req.status).toBe("WITHDRAWN");
    expect(req.currentStep).toBe(-1);
    expect(req.completedAt).toBeInstanceOf(Date);
    expect((await db().assignment.findUniqueOrThrow({ where: { id: q.id } })).status).toBe(
      "CANCELLED",
    );
    expect((await auditOf(db(), id)).at(-1)).toMatchObject({ action: "WITHDRAW", actorId: REP });
    expect(err(await engine().approve(q.id, "UQA0001"))).toEqual({
      type: "assignment_closed",
      status: "CANCELLED",
    });
    expect(err(await engine().withdraw(id, REP))).toEqual({
      type: "request_not_pending",
      status: "WITHDRAWN",
    });
  });

  it("works while RETURNED, and the request can no longer be resubmitted", async () => {
    const id = await submitReturn();
    ok(
      await engine().returnToRequester(
        (await onlyPending(db(), id)).id,
        "USA0001",
        "wrong order no.",
      ),
    );
    ok(await engine().withdraw(id, REP));
    const req = await requestRow(db(), id);
    expect(req.status).toBe("WITHDRAWN");
    expect(req.returnedFromId).toBeNull();
    expect(err(await engine().resubmit(id, REP, returnForm()))).toEqual({
      type: "request_not_pending",
      status: "WITHDRAWN",
    });
  });

  it("is refused once the request is decided, or when it does not exist", async () => {
    const id = await submitReturn();
    ok(await engine().reject((await onlyPending(db(), id)).id, "USA0001", "duplicate"));
    expect(err(await engine().withdraw(id, REP))).toEqual({
      type: "request_not_pending",
      status: "REJECTED",
    });
    expect(err(await engine().withdraw(999_999, REP))).toEqual({ type: "not_found" });
  });
});

describe("tasks", () => {
  it("approve on a task and completeTask on an approval are refused", async () => {
    const id = await atDirector();
    const d = await onlyPending(db(), id);
    expect(err(await engine().completeTask(d.id, "USD0001"))).toEqual({ type: "not_a_task" });
    await act(engine(), db(), id, "director:USD0001");
    const t = await onlyPending(db(), id);
    expect(t).toMatchObject({ stepKey: "write_down", kind: "TASK", assigneeId: "USA0001" });
    expect(err(await engine().approve(t.id, "USA0001"))).toEqual({ type: "not_an_approval" });
    expect(err(await engine().reject(t.id, "USA0001", "no"))).toEqual({ type: "not_an_approval" });
    expect(err(await engine().returnToRequester(t.id, "USA0001", "no"))).toEqual({
      type: "not_an_approval",
    });
    expect(err(await engine().completeTask(t.id, "UWH0001"))).toEqual({
      type: "not_your_assignment",
      assigneeId: "USA0001",
    });
    expect((await db().assignment.findUniqueOrThrow({ where: { id: t.id } })).status).toBe(
      "PENDING",
    );
  });

  it("runs the whole return path: approvals, skipped GM, tasks, CC to finance, completion", async () => {
    const id = await atDirector({ amount: "12000" });
    await act(engine(), db(), id, "director:USD0001");
    await act(engine(), db(), id, "write_down:USA0001", "credit note CN-88");
    await act(engine(), db(), id, "warehouse:UWH0001", "received 20 rollers");
    const req = await requestRow(db(), id);
    expect(req.status).toBe("APPROVED");
    expect(req.currentStep).toBe(-1);
    expect(req.completedAt).toBeInstanceOf(Date);
    expect(await pending(db(), id)).toHaveLength(0);
    const notified = await db().assignment.findMany({
      where: { requestId: id, kind: "NOTIFY" },
      orderBy: { assigneeId: "asc" },
    });
    expect(notified.map((n) => `${n.stepKey}:${n.assigneeId}:${n.status}`)).toEqual([
      "finance_cc:UFI0001:NOTIFIED",
      "finance_cc:UFI0002:NOTIFIED",
    ]);
    expect(await auditTrail(db(), id)).toEqual([
      `SUBMIT - ${REP}`,
      "APPROVE order_check USA0001",
      "APPROVE quality_check UQA0001",
      "APPROVE director USD0001",
      "SKIP gm system",
      "DONE write_down USA0001",
      "DONE warehouse UWH0001",
      "NOTIFY finance_cc UFI0001",
      "NOTIFY finance_cc UFI0002",
      "COMPLETE - system",
    ]);
    const done = (await auditOf(db(), id)).find((e) => e.stepKey === "write_down")!;
    expect(done.comment).toBe("credit note CN-88");
    expect(err(await engine().withdraw(id, REP))).toEqual({
      type: "request_not_pending",
      status: "APPROVED",
    });
  });
});

describe("audit trail", () => {
  it("is append-only: the database refuses UPDATE and DELETE", async () => {
    const id = await submitReturn();
    const [row] = await auditOf(db(), id);
    // Control: the same kind of raw statement works on another table.
    expect(
      await db().$executeRaw`UPDATE "Request" SET "updatedAt" = "updatedAt" WHERE id = ${id}`,
    ).toBe(1);
    // PGlite's Prisma adapter drops the trigger's message; PostgreSQL reports it.
    const refusal = world().database.kind === "postgres" ? /AuditEntry is append-only/ : undefined;
    await expect(
      db().$executeRaw`UPDATE "AuditEntry" SET "actorId" = 'UGM0001' WHERE id = ${row!.id}`,
    ).rejects.toThrow(refusal);
    await expect(db().$executeRaw`DELETE FROM "AuditEntry" WHERE id = ${row!.id}`).rejects.toThrow(
      refusal,
    );
    await expect(db().auditEntry.deleteMany({ where: { requestId: id } })).rejects.toThrow(refusal);
    const after = await auditOf(db(), id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: row!.id, actorId: REP, action: "SUBMIT" });
  });
});
