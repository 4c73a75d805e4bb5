// Process effects: a credit change rewrites the customer's credit with history on final
// approval only; a rebate shows the distributor's earlier rebates and joins them.
import { describe, expect, it } from "vitest";
import { effectsOf } from "../../src/effects/effects.ts";
import {
  act,
  creditForm,
  err,
  ok,
  pendingFor,
  pendingSummary,
  rebateForm,
  requestRow,
  useEngineWorld,
} from "./support.ts";

const NOW = new Date("2026-10-20T02:00:00Z");

const { world, engine, db } = useEngineWorld({ clock: () => NOW });

const customer = (code: string) => db().customer.findUniqueOrThrow({ where: { code } });

async function contextOf(key: string, requestId: number) {
  const def = world().catalog.get(key)!.def;
  const [effect] = effectsOf(def);
  const req = await requestRow(db(), requestId);
  return effect!.context!(db(), {
    id: req.id,
    requesterId: req.requesterId,
    form: req.form as Record<string, string | boolean | null>,
  });
}

/** Credit request by area manager UAM0001, up to (not including) the finance step. */
async function creditAtFinance(over = {}): Promise<number> {
  const id = ok(await engine().submit("credit", "UAM0001", creditForm(over))).requestId;
  await act(engine(), db(), id, "regional:URM0001");
  await act(engine(), db(), id, "bu_manager:UBU0001");
  expect(await pendingSummary(db(), id)).toEqual(["finance:UFI0001", "finance:UFI0002"]);
  return id;
}

describe("credit change (资信调整)", () => {
  it("captures the current credit at submission", async () => {
    const id = ok(
      await engine().submit("credit", "UAM0001", creditForm({ customer: "C1001" })),
    ).requestId;
    expect((await requestRow(db(), id)).form).toMatchObject({
      customer: "C1001",
      current_grade: "A",
      current_limit: "500000.00",
      current_hold: false,
      proposed_limit: "80000.00",
    });
  });

  it("changes grade, limit and hold only on final approval, with a history row", async () => {
    const id = await creditAtFinance({
      customer: "C1002",
      proposed_grade: "C",
      proposed_limit: "80,000",
      hold_orders: true,
    });
    ok(await engine().approve((await pendingFor(db(), id, "finance", "UFI0001")).id, "UFI0001"));
    // Finance approved but the record update task is still open: nothing changes yet.
    let c = await customer("C1002");
    expect([c.creditGrade, c.creditLimit.toFixed(2), c.onHold]).toEqual(["B", "200000.00", false]);
    expect(await db().creditChange.count({ where: { requestId: id } })).toBe(0);

    await act(engine(), db(), id, "update_record:UCS0001");
    const req = await requestRow(db(), id);
    expect(req.status).toBe("APPROVED");
    const notified = await db().assignment.findMany({ where: { requestId: id, kind: "NOTIFY" } });
    expect(notified.map((n) => `${n.assigneeId}:${n.status}`)).toEqual(["URM0001:NOTIFIED"]);

    c = await customer("C1002");
    expect([c.creditGrade, c.creditLimit.toFixed(2), c.onHold]).toEqual(["C", "80000.00", true]);
    const changes = await db().creditChange.findMany({ where: { customerId: c.id } });
    expect(changes).toHaveLength(1);
    const h = changes[0]!;
    expect(h.requestId).toBe(id);
    expect(h.changedBy).toBe("UAM0001");
    expect(h.changedAt).toEqual(NOW);
    expect([h.fromGrade, h.fromLimit.toFixed(2), h.fromHold]).toEqual(["B", "200000.00", false]);
    expect([h.toGrade, h.toLimit.toFixed(2), h.toHold]).toEqual(["C", "80000.00", true]);

    // Approvers of a later request see the change in the customer's history.
    const next = ok(
      await engine().submit(
        "credit",
        "UAM0001",
        creditForm({ customer: "C1002", proposed_grade: "B" }),
      ),
    ).requestId;
    expect(await contextOf("credit", next)).toEqual({
      kind: "credit",
      customer: "C1002 苏州恒远实业有限公司",
      grade: "C",
      limit: "80000.00",
      onHold: true,
      history: [
        { at: NOW, fromGrade: "B", toGrade: "C", fromLimit: "200000.00", toLimit: "80000.00" },
      ],
    });
  });

  it("lifts a hold when the box is left unticked", async () => {
    const id = await creditAtFinance({
      customer: "D4002",
      proposed_grade: "B",
      proposed_limit: "150000",
      hold_orders: false,
    });
    ok(await engine().approve((await pendingFor(db(), id, "finance", "UFI0002")).id, "UFI0002"));
    await act(engine(), db(), id, "update_record:UCS0001");
    const c = await customer("D4002");
    expect([c.creditGrade, c.creditLimit.toFixed(2), c.onHold]).toEqual(["B", "150000.00", false]);
    const h = await db().creditChange.findFirstOrThrow({ where: { requestId: id } });
    expect([h.fromGrade, h.fromHold, h.toHold]).toEqual(["C", true, false]);
  });

  it("changes nothing when rejected", async () => {
    const before = await customer("C2001");
    const id = await creditAtFinance({
      customer: "C2001",
      proposed_grade: "D",
      proposed_limit: "1000",
      hold_orders: true,
    });
    ok(
      await engine().reject(
        (await pendingFor(db(), id, "finance", "UFI0002")).id,
        "UFI0002",
        "not justified",
      ),
    );
    expect((await requestRow(db(), id)).status).toBe("REJECTED");
    const after = await customer("C2001");
    expect([after.creditGrade, after.creditLimit.toFixed(2), after.onHold]).toEqual([
      before.creditGrade,
      before.creditLimit.toFixed(2),
      before.onHold,
    ]);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(await db().creditChange.count({ where: { requestId: id } })).toBe(0);
  });
});

describe("rebate (返利)", () => {
  it("shows an approver the distributor's earlier rebates, newest first", async () => {
    const id = ok(
      await engine().submit("rebate", "UBU0001", rebateForm({ distributor: "D3001" })),
    ).requestId;
    expect(await pendingSummary(db(), id)).toEqual(["sales_ops:USO0001"]);
    const ctx = await contextOf("rebate", id);
    expect(ctx).toMatchObject({
      kind: "rebate_history",
      distributor: "D3001 华东鑫达分销有限公司",
    });
    if (ctx?.kind !== "rebate_history") throw new Error("wrong context kind");
    expect(ctx.rows.map((r) => [r.period, r.salesBasis, r.amount])).toEqual([
      ["2026-Q2", "3400000.00", "102000.00"],
      ["2026-Q1", "2850000.00", "85500.00"],
      ["2025-Q4", "3200000.00", "96000.00"],
    ]);
    // Another distributor's history is not shown.
    const other = ok(
      await engine().submit("rebate", "UBU0001", rebateForm({ distributor: "D3002" })),
    ).requestId;
    expect(await contextOf("rebate", other)).toEqual({
      kind: "rebate_history",
      distributor: "D3002 江苏联创分销有限公司",
      rows: [],
    });
  });

  it("creates a Rebate row on final approval, which later approvers see", async () => {
    const d = await customer("D4001");
    const id = ok(
      await engine().submit(
        "rebate",
        "UCH0002",
        rebateForm({
          distributor: "D4001",
          period: "2026-Q3",
          sales_basis: "2,000,000",
          rebate_amount: "40000.5",
        }),
      ),
    ).requestId;
    await act(engine(), db(), id, "sales_ops:USO0001");
    ok(await engine().approve((await pendingFor(db(), id, "finance", "UFI0001")).id, "UFI0001"));
    await act(engine(), db(), id, "director:USD0001");
    expect(await db().rebate.count({ where: { requestId: id } })).toBe(0);
    ok(
      await engine().completeTask(
        (await pendingFor(db(), id, "issue_credit", "UFI0002")).id,
        "UFI0002",
      ),
    );
    expect((await requestRow(db(), id)).status).toBe("APPROVED");

    const rows = await db().rebate.findMany({ where: { requestId: id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ distributorId: d.id, period: "2026-Q3", createdAt: NOW });
    expect(rows[0]!.salesBasis.toFixed(2)).toBe("2000000.00");
    expect(rows[0]!.amount.toFixed(2)).toBe("40000.50");

    // The approved request's own context leaves itself out; a new request sees it first.
    const own = await contextOf("rebate", id);
    expect(own?.kind === "rebate_history" && own.rows.map((r) => r.period)).toEqual(["2026-Q1"]);
    const next = ok(
      await engine().submit(
        "rebate",
        "UCH0002",
        rebateForm({ distributor: "D4001", period: "2026-Q4" }),
      ),
    ).requestId;
    const seen = await contextOf("rebate", next);
    expect(seen?.kind === "rebate_history" && seen.rows.map((r) => [r.period, r.amount])).toEqual([
      ["2026-Q3", "40000.50"],
      ["2026-Q1", "38000.00"],
    ]);
  });

  it("above 100000 the general manager approves too; rejection creates no rebate", async () => {
    const id = ok(
      await engine().submit(
        "rebate",
        "UBU0001",
        rebateForm({ distributor: "D3002", rebate_amount: "100000.01" }),
      ),
    ).requestId;
    await act(engine(), db(), id, "sales_ops:USO0001");
    ok(await engine().approve((await pendingFor(db(), id, "finance", "UFI0002")).id, "UFI0002"));
    await act(engine(), db(), id, "director:USD0001");
    const gm = await pendingFor(db(), id, "gm", "UGM0001");
    expect(err(await engine().reject(gm.id, "UGM0001", ""))).toEqual({ type: "reason_required" });
    ok(await engine().reject(gm.id, "UGM0001", "rate above policy"));
    expect((await requestRow(db(), id)).status).toBe("REJECTED");
    expect(await db().rebate.count({ where: { requestId: id } })).toBe(0);
  });
});
