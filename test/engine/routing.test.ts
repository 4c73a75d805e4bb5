// Who gets each step: conditions, 或签 / 会签, segregation of duties, manager chains,
// picked approvers, the same approver twice in a row, and version pinning.
import { describe, expect, it } from "vitest";
import { ProcessCatalog } from "../../src/definitions/catalog.ts";
import { processSchema } from "../../src/definitions/schema.ts";
import { ApprovalEngine } from "../../src/engine/engine.ts";
import type { RawForm } from "../../src/engine/validate-form.ts";
import { extraDefinitions, pinnedV1, pinnedV2 } from "./definitions.ts";
import {
  act,
  auditOf,
  auditTrail,
  err,
  expenseForm,
  ok,
  onlyPending,
  pending,
  pendingFor,
  pendingSummary,
  requestRow,
  returnForm,
  useEngineWorld,
} from "./support.ts";

const { world, engine, db } = useEngineWorld({ extra: extraDefinitions });

async function submit(key: string, requester: string, form: RawForm): Promise<number> {
  return ok(await engine().submit(key, requester, form)).requestId;
}

/** Every assignment a person ever had on a request. */
async function everAssigned(requestId: number, userId: string) {
  return db().assignment.findMany({ where: { requestId, assigneeId: userId } });
}

describe("conditions: return GM threshold (amount > 50000)", () => {
  it("50000.00 skips the GM step with a SKIP audit row", async () => {
    const id = await submit("return", "USR0001", returnForm({ amount: "50,000.00" }));
    await act(engine(), db(), id, "order_check:USA0001");
    await act(engine(), db(), id, "quality_check:UQA0001");
    await act(engine(), db(), id, "director:USD0001");
    expect(await pendingSummary(db(), id)).toEqual(["write_down:USA0001"]);
    const skip = (await auditOf(db(), id)).filter((e) => e.action === "SKIP");
    expect(skip).toHaveLength(1);
    expect(skip[0]).toMatchObject({
      stepKey: "gm",
      stepIndex: 3,
      actorId: "system",
      data: { when: "amount > 50000" },
    });
    expect(await everAssigned(id, "UGM0001")).toHaveLength(0);
  });

  it("50000.01 goes to the general manager", async () => {
    const id = await submit("return", "USR0001", returnForm({ amount: "50000.01" }));
    await act(engine(), db(), id, "order_check:USA0001");
    await act(engine(), db(), id, "quality_check:UQA0001");
    await act(engine(), db(), id, "director:USD0001");
    const gm = await onlyPending(db(), id);
    expect(gm).toMatchObject({
      stepKey: "gm",
      stepIndex: 3,
      assigneeId: "UGM0001",
      kind: "APPROVAL",
    });
    expect((await requestRow(db(), id)).currentStep).toBe(3);
    expect((await auditOf(db(), id)).filter((e) => e.action === "SKIP")).toHaveLength(0);
    await act(engine(), db(), id, "gm:UGM0001");
    expect(await pendingSummary(db(), id)).toEqual(["write_down:USA0001"]);
  });
});

describe("conditions: expense stage and the area manager's limit", () => {
  it("an advance of 8000: area manager → director → finance pays (GM skipped)", async () => {
    const id = await submit(
      "expense",
      "USR0001",
      expenseForm({ stage: "advance", amount: "8000" }),
    );
    const first = await onlyPending(db(), id);
    expect(first).toMatchObject({ stepKey: "area_review", assigneeId: "UAM0001" });
    expect(first.reason).toEqual({
      kind: "role",
      role: "area_manager",
      scope: "area",
      unit: "shanghai",
    });
    await act(engine(), db(), id, "area_review:UAM0001");
    await act(engine(), db(), id, "director:USD0001");
    expect(await pendingSummary(db(), id)).toEqual(["pay:UFI0001", "pay:UFI0002"]);
    const pay = await pendingFor(db(), id, "pay", "UFI0002");
    ok(await engine().completeTask(pay.id, "UFI0002", "paid"));
    const other = await db().assignment.findFirstOrThrow({
      where: { requestId: id, stepKey: "pay", assigneeId: "UFI0001" },
    });
    expect(other.status).toBe("CANCELLED");
    expect((await requestRow(db(), id)).status).toBe("APPROVED");
    expect(await auditTrail(db(), id)).toEqual([
      "SUBMIT - USR0001",
      "APPROVE area_review UAM0001",
      "SKIP flow_check system",
      "SKIP receipts_check system",
      "APPROVE director USD0001",
      "SKIP gm system",
      "DONE pay UFI0002",
      "COMPLETE - system",
    ]);
  });

  it("an advance of 4999.99 stops approvals at the area manager, then finance pays", async () => {
    const id = await submit(
      "expense",
      "USR0001",
      expenseForm({ stage: "advance", amount: "4999.99" }),
    );
    await act(engine(), db(), id, "area_review:UAM0001");
    expect(await pendingSummary(db(), id)).toEqual(["pay:UFI0001", "pay:UFI0002"]);
    expect((await requestRow(db(), id)).currentStep).toBe(5);
    const skipped = (await auditOf(db(), id))
      .filter((e) => e.action === "SKIP")
      .map((e) => e.stepKey);
    expect(skipped).toEqual(["flow_check", "receipts_check", "director", "gm"]);
    expect(await everAssigned(id, "USD0001")).toHaveLength(0);
  });

  it("an advance of exactly 5000 needs the director", async () => {
    const id = await submit(
      "expense",
      "USR0001",
      expenseForm({ stage: "advance", amount: "5000" }),
    );
    await act(engine(), db(), id, "area_review:UAM0001");
    expect(await pendingSummary(db(), id)).toEqual(["director:USD0001"]);
  });

  it("a reimbursement of 60000: flow slip → receipts → director → GM → pay, no area review", async () => {
    const id = await submit(
      "expense",
      "USR0001",
      expenseForm({ stage: "reimbursement", amount: "60000" }),
    );
    expect(
      (await auditOf(db(), id)).filter((e) => e.action === "SKIP").map((e) => e.stepKey),
    ).toEqual(["area_review"]);
    await act(engine(), db(), id, "flow_check:USA0002");
    expect(await pendingSummary(db(), id)).toEqual([
      "receipts_check:UFI0001",
      "receipts_check:UFI0002",
    ]);
    const fi = await pendingFor(db(), id, "receipts_check", "UFI0001");
    ok(await engine().approve(fi.id, "UFI0001"));
    await act(engine(), db(), id, "director:USD0001");
    await act(engine(), db(), id, "gm:UGM0001");
    expect(await pendingSummary(db(), id)).toEqual(["pay:UFI0001", "pay:UFI0002"]);
    expect(await everAssigned(id, "UAM0001")).toHaveLength(0);
  });

  it("a small reimbursement skips the director and the GM", async () => {
    const id = await submit(
      "expense",
      "USR0001",
      expenseForm({ stage: "reimbursement", amount: "300" }),
    );
    await act(engine(), db(), id, "flow_check:USA0002");
    const fi = await pendingFor(db(), id, "receipts_check", "UFI0002");
    ok(await engine().approve(fi.id, "UFI0002"));
    expect(await pendingSummary(db(), id)).toEqual(["pay:UFI0001", "pay:UFI0002"]);
  });
});

describe("conditions on a select field", () => {
  it("== picks one branch, `in` the other", async () => {
    const goods = await submit("t_select", "USR0001", { category: "goods" });
    await act(engine(), db(), goods, "quality:UQA0001");
    expect(await pendingSummary(db(), goods)).toEqual(["archive:USA0001"]);
    expect(
      (await auditOf(db(), goods)).filter((e) => e.action === "SKIP").map((e) => e.stepKey),
    ).toEqual(["director"]);

    for (const category of ["service", "other"]) {
      const id = await submit("t_select", "USR0001", { category });
      expect(
        (await auditOf(db(), id)).filter((e) => e.action === "SKIP").map((e) => e.stepKey),
      ).toEqual(["quality"]);
      expect(await pendingSummary(db(), id)).toEqual(["director:USD0001"]);
    }
  });
});

describe("或签: any one finance holder decides", () => {
  it("one approves, the other's assignment is cancelled and the request moves on", async () => {
    const id = await submit(
      "expense",
      "USR0001",
      expenseForm({ stage: "reimbursement", amount: "6000" }),
    );
    await act(engine(), db(), id, "flow_check:USA0002");
    const fi1 = await pendingFor(db(), id, "receipts_check", "UFI0001");
    const fi2 = await pendingFor(db(), id, "receipts_check", "UFI0002");
    expect(fi1.reason).toEqual({ kind: "role", role: "finance" });
    ok(await engine().approve(fi2.id, "UFI0002"));
    const cancelled = await db().assignment.findUniqueOrThrow({ where: { id: fi1.id } });
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.decidedAt).toBeInstanceOf(Date);
    expect(err(await engine().approve(fi1.id, "UFI0001"))).toEqual({
      type: "assignment_closed",
      status: "CANCELLED",
    });
    expect(await pendingSummary(db(), id)).toEqual(["director:USD0001"]);
    // Cancellation is not a decision: no audit row for UFI0001.
    expect((await auditOf(db(), id)).filter((e) => e.actorId === "UFI0001")).toHaveLength(0);
  });

  it("one holder's rejection rejects the request", async () => {
    const id = await submit(
      "expense",
      "USR0001",
      expenseForm({ stage: "reimbursement", amount: "6000" }),
    );
    await act(engine(), db(), id, "flow_check:USA0002");
    const fi1 = await pendingFor(db(), id, "receipts_check", "UFI0001");
    ok(await engine().reject(fi1.id, "UFI0001", "receipts missing"));
    expect((await requestRow(db(), id)).status).toBe("REJECTED");
    expect(await pending(db(), id)).toHaveLength(0);
  });
});

describe("会签: every holder must approve", () => {
  it("waits for both finance holders, then moves on", async () => {
    const id = await submit("t_countersign", "USR0001", { note: "joint budget" });
    expect(await pendingSummary(db(), id)).toEqual([
      "both_finance:UFI0001",
      "both_finance:UFI0002",
    ]);
    const first = await pendingFor(db(), id, "both_finance", "UFI0001");
    const second = await pendingFor(db(), id, "both_finance", "UFI0002");
    ok(await engine().approve(first.id, "UFI0001"));
    expect(await pendingSummary(db(), id)).toEqual(["both_finance:UFI0002"]);
    expect((await requestRow(db(), id)).currentStep).toBe(0);
    expect(await everAssigned(id, "USD0001")).toHaveLength(0);
    ok(await engine().approve(second.id, "UFI0002"));
    expect(await pendingSummary(db(), id)).toEqual(["director:USD0001"]);
    expect((await requestRow(db(), id)).currentStep).toBe(1);
    const statuses = (
      await db().assignment.findMany({ where: { requestId: id, stepKey: "both_finance" } })
    ).map((a) => a.status);
    expect(statuses).toEqual(["APPROVED", "APPROVED"]);
  });

  it("one rejection rejects, even after the other approved", async () => {
    const id = await submit("t_countersign", "USR0001", { note: "joint budget" });
    const a1 = await pendingFor(db(), id, "both_finance", "UFI0001");
    const a2 = await pendingFor(db(), id, "both_finance", "UFI0002");
    ok(await engine().approve(a1.id, "UFI0001"));
    ok(await engine().reject(a2.id, "UFI0002", "over budget"));
    const req = await requestRow(db(), id);
    expect(req.status).toBe("REJECTED");
    expect(await pending(db(), id)).toHaveLength(0);
    expect(await everAssigned(id, "USD0001")).toHaveLength(0);
  });
});

describe("segregation of duties: nobody approves their own request", () => {
  it("an area manager's own expense goes to their manager (self_excluded)", async () => {
    const id = await submit(
      "expense",
      "UAM0001",
      expenseForm({ stage: "advance", amount: "8000" }),
    );
    const a = await onlyPending(db(), id);
    expect(a).toMatchObject({ stepKey: "area_review", assigneeId: "URM0001", kind: "APPROVAL" });
    expect(a.reason).toEqual({ kind: "self_excluded", role: "area_manager" });
    await act(engine(), db(), id, "area_review:URM0001");
    await act(engine(), db(), id, "director:USD0001");
    expect(await everAssigned(id, "UAM0001")).toHaveLength(0);
  });

  it("a finance holder's own reimbursement is checked by the other finance holder only", async () => {
    const id = await submit(
      "expense",
      "UFI0001",
      expenseForm({ stage: "reimbursement", amount: "300" }),
    );
    await act(engine(), db(), id, "flow_check:USA0002");
    expect(await pendingSummary(db(), id)).toEqual(["receipts_check:UFI0002"]);
    await act(engine(), db(), id, "receipts_check:UFI0002");
    // A task may go to the requester's own department, including themself.
    expect(await pendingSummary(db(), id)).toEqual(["pay:UFI0001", "pay:UFI0002"]);
    expect((await everAssigned(id, "UFI0001")).every((a) => a.kind === "TASK")).toBe(true);
  });

  it("an approval cannot be transferred to the requester", async () => {
    const id = await submit("expense", "UAM0001", expenseForm({ amount: "8000" }));
    const a = await onlyPending(db(), id);
    expect(err(await engine().transfer(a.id, "URM0001", "UAM0001"))).toEqual({
      type: "invalid_transfer_target",
      why: "requester",
    });
    expect(await everAssigned(id, "UAM0001")).toHaveLength(0);
  });

  it("when the requester is the only holder and has no manager, the request is refused at submission, naming the step", async () => {
    const before = await db().request.count();
    const res = await engine().submit("return", "UGM0001", returnForm({ amount: "60000" }));
    expect(err(res)).toEqual({
      type: "unresolvable_step",
      step: "gm",
      cause: { type: "self_only", step: "gm" },
    });
    expect(await db().request.count()).toBe(before);
    // Below the GM threshold the same person's return has a path and goes through.
    expect(await submit("return", "UGM0001", returnForm({ amount: "40000" }))).toBeGreaterThan(0);
  });
});

describe("who: manager chain and picked approver", () => {
  it("manager: 2 is the requester's manager's manager", async () => {
    const rep = await submit("t_manager2", "USR0001", {});
    const a = await onlyPending(db(), rep);
    expect(a.assigneeId).toBe("URM0001");
    expect(a.reason).toEqual({ kind: "manager", levels: 2 });
    const am = await submit("t_manager2", "UAM0001", {});
    expect(await pendingSummary(db(), am)).toEqual(["skip_level:USD0001"]);
  });

  it("manager: 2 with no such manager refuses the submission and saves nothing", async () => {
    const before = await db().request.count();
    expect(err(await engine().submit("t_manager2", "UVP0001", {}))).toEqual({
      type: "unresolvable_step",
      step: "skip_level",
      cause: { type: "no_manager", userId: "UVP0001", levels: 2 },
    });
    expect(await db().request.count()).toBe(before);
  });

  it("who: field assigns the person picked on the form", async () => {
    const id = await submit("t_picked", "USR0001", { reviewer: "UQA0001" });
    const a = await onlyPending(db(), id);
    expect(a).toMatchObject({ stepKey: "picked", assigneeId: "UQA0001" });
    expect(a.reason).toEqual({ kind: "field", field: "reviewer" });
  });

  it("who: field refuses the requester and unknown people on the form", async () => {
    expect(err(await engine().submit("t_picked", "USR0001", { reviewer: "USR0001" }))).toEqual({
      type: "invalid_form",
      errors: { reviewer: { type: "self_not_allowed" } },
    });
    expect(err(await engine().submit("t_picked", "USR0001", { reviewer: "UNOBODY01" }))).toEqual({
      type: "invalid_form",
      errors: { reviewer: { type: "unknown_user" } },
    });
  });
});

describe("consecutive_tiers: dedupe (Feishu 自动去重): the same approver at consecutive steps counts once", () => {
  it("auto-approves a repeated approver, but asks again after a task in between", async () => {
    const id = await submit("t_repeat", "USR0001", {});
    // Manager of USR0001 and area manager of Shanghai are both UAM0001.
    await act(engine(), db(), id, "manager:UAM0001");
    const auto = (await auditOf(db(), id)).filter((e) => e.action === "AUTO_APPROVE");
    expect(auto).toHaveLength(1);
    expect(auto[0]).toMatchObject({
      stepKey: "area",
      actorId: "UAM0001",
      data: { sameApproverAsPreviousStep: true },
    });
    const areaRows = await db().assignment.findMany({ where: { requestId: id, stepKey: "area" } });
    expect(areaRows.map((a) => `${a.assigneeId}:${a.status}`)).toEqual(["UAM0001:APPROVED"]);
    expect(areaRows[0]!.id).toBe(auto[0]!.assignmentId);

    // 或签 finance twice: whoever approved the first counts for the second.
    expect(await pendingSummary(db(), id)).toEqual(["fin_any_1:UFI0001", "fin_any_1:UFI0002"]);
    const fi2 = await pendingFor(db(), id, "fin_any_1", "UFI0002");
    ok(await engine().approve(fi2.id, "UFI0002"));
    const second = await db().assignment.findMany({
      where: { requestId: id, stepKey: "fin_any_2" },
    });
    expect(second.map((a) => `${a.assigneeId}:${a.status}`)).toEqual(["UFI0002:APPROVED"]);
    expect(await pendingSummary(db(), id)).toEqual(["director_1:USD0001"]);

    // director → finance task → director: the task breaks the run, so the director decides again.
    await act(engine(), db(), id, "director_1:USD0001");
    const task = await pendingFor(db(), id, "fin_task", "UFI0001");
    ok(await engine().completeTask(task.id, "UFI0001"));
    expect(await pendingSummary(db(), id)).toEqual(["director_2:USD0001"]);
    await act(engine(), db(), id, "director_2:USD0001");
    expect((await requestRow(db(), id)).status).toBe("APPROVED");
    expect(
      (await auditOf(db(), id))
        .filter((e) => e.action === "AUTO_APPROVE")
        .map((e) => `${e.stepKey}:${e.actorId}`),
    ).toEqual(["area:UAM0001", "fin_any_2:UFI0002"]);
  });

  it("会签 then 会签 by the same holders: both count once, then the GM", async () => {
    const id = await submit("t_repeat_all", "USR0001", {});
    ok(await engine().approve((await pendingFor(db(), id, "all_1", "UFI0001")).id, "UFI0001"));
    ok(await engine().approve((await pendingFor(db(), id, "all_1", "UFI0002")).id, "UFI0002"));
    const all2 = await db().assignment.findMany({
      where: { requestId: id, stepKey: "all_2" },
      orderBy: { assigneeId: "asc" },
    });
    expect(all2.map((a) => `${a.assigneeId}:${a.status}`)).toEqual([
      "UFI0001:APPROVED",
      "UFI0002:APPROVED",
    ]);
    expect(await pendingSummary(db(), id)).toEqual(["gm:UGM0001"]);
  });
});

describe("version pinning", () => {
  it("a request keeps the version it started with; new requests follow the new one", async () => {
    const v1Engine = engine();
    const old = ok(await v1Engine.submit("t_pinned", "USR0001", { note: "v1" })).requestId;
    expect(await pendingSummary(db(), old)).toEqual(["quality:UQA0001"]);

    const v2Catalog = await ProcessCatalog.publish(db(), [pinnedV2()]);
    const v2Engine = new ApprovalEngine({
      db: db(),
      directory: world().directory,
      catalog: v2Catalog,
    });
    expect(v2Catalog.get("t_pinned")!.def.version).toBe(2);
    const fresh = ok(await v2Engine.submit("t_pinned", "USR0001", { note: "v2" })).requestId;
    expect(await pendingSummary(db(), fresh)).toEqual(["gm_only:UGM0001"]);
    expect((await requestRow(db(), fresh)).processVersionId).toBe(
      v2Catalog.get("t_pinned")!.versionId,
    );
    expect((await requestRow(db(), old)).processVersionId).toBe(
      world().catalog.get("t_pinned")!.versionId,
    );

    // The old request, handled by engines that only know v2, still follows v1. Each
    // engine has its own catalog, so both the return and the approval load v1 afresh
    // inside their transaction.
    const engineAfterRestart = async () =>
      new ApprovalEngine({
        db: db(),
        directory: world().directory,
        catalog: await ProcessCatalog.publish(db(), [pinnedV2()]),
      });
    const returning = await engineAfterRestart();
    ok(
      await returning.returnToRequester(
        (await onlyPending(db(), old)).id,
        "UQA0001",
        "which batch?",
      ),
    );
    ok(await returning.resubmit(old, "USR0001", { note: "batch 7" }));
    await act(await engineAfterRestart(), db(), old, "quality:UQA0001");
    expect(await pendingSummary(db(), old)).toEqual(["director:USD0001"]);
    await act(v2Engine, db(), old, "director:USD0001");
    expect((await requestRow(db(), old)).status).toBe("APPROVED");
    expect(await everAssigned(old, "UGM0001")).toHaveLength(0);
    expect((await auditOf(db(), old))[0]!.data).toEqual({ version: 1 });
    expect((await auditOf(db(), fresh))[0]!.data).toEqual({ version: 2 });
  });

  it("publishes changed content as the next version, whatever its YAML `version` says", async () => {
    const latest = (
      await db().processVersion.findFirstOrThrow({
        where: { key: "t_pinned" },
        orderBy: { version: "desc" },
      })
    ).version;
    const changed = processSchema.parse({ ...pinnedV1(), steps: [pinnedV1().steps[1]] });
    const published = await ProcessCatalog.publish(db(), [changed]);
    expect(published.get("t_pinned")!.def.version).toBe(latest + 1);
    // Publishing identical content again is no change (a restart).
    const again = await ProcessCatalog.publish(db(), [changed]);
    expect(again.get("t_pinned")!.versionId).toBe(published.get("t_pinned")!.versionId);
  });
});
