// Helpers shared by the engine tests: typed unwrapping of results, DB look-ups, sample forms.
import { afterAll, beforeAll, expect } from "vitest";
import type { Db } from "../../src/db/open-database.ts";
import type { ApprovalEngine } from "../../src/engine/engine.ts";
import type { EngineError, Result } from "../../src/engine/types.ts";
import type { RawForm } from "../../src/engine/validate-form.ts";
import { auditOf } from "../support/rows.ts";
import { createWorld, type World } from "../support/world.ts";

export { auditOf, requestRow } from "../support/rows.ts";

/** Asserts success and returns the value (so a failure shows the engine's error). */
export function ok<T>(r: Result<T>): T {
  if (!r.ok) expect.fail(`expected ok, got ${JSON.stringify(r.error)}`);
  return r as unknown as T;
}

/** Asserts failure and returns the typed error. */
export function err<T>(r: Result<T>): EngineError {
  if (r.ok) expect.fail("expected a failure, got ok");
  return r.error;
}

export async function pending(db: Db, requestId: number) {
  return db.assignment.findMany({
    where: { requestId, status: "PENDING" },
    orderBy: { id: "asc" },
  });
}

/** The one pending assignment of a request; fails if there are none or several. */
export async function onlyPending(db: Db, requestId: number) {
  const list = await pending(db, requestId);
  expect(list.map((a) => `${a.stepKey}:${a.assigneeId}`)).toHaveLength(1);
  return list[0]!;
}

/** "stepKey:assigneeId" of every pending assignment, sorted. */
export async function pendingSummary(db: Db, requestId: number): Promise<string[]> {
  return (await pending(db, requestId)).map((a) => `${a.stepKey}:${a.assigneeId}`).sort();
}

/** "ACTION stepKey actor" lines of the audit trail, in order. */
export async function auditTrail(db: Db, requestId: number): Promise<string[]> {
  return (await auditOf(db, requestId)).map((e) =>
    [e.action, e.stepKey ?? "-", e.actorId].join(" "),
  );
}

export function returnForm(over: RawForm = {}): RawForm {
  return {
    customer: "C1001",
    order_no: "SO-2026-0001",
    type: "return",
    items: "A-100 roller × 20",
    amount: "12000",
    reason: "damaged in transit",
    evidence: "https://files.example.com/photo.jpg",
    ...over,
  };
}

export function expenseForm(over: RawForm = {}): RawForm {
  return {
    stage: "advance",
    expense_type: "promotion",
    amount: "8000",
    purpose: "trade fair booth",
    budget_line: "MKT-2026-07",
    ...over,
  };
}

export function creditForm(over: RawForm = {}): RawForm {
  return {
    customer: "C1002",
    proposed_grade: "C",
    proposed_limit: "80,000",
    hold_orders: true,
    reason: "overdue 90 days",
    ...over,
  };
}

export function rebateForm(over: RawForm = {}): RawForm {
  return {
    distributor: "D3001",
    period: "2026-Q3",
    sales_basis: "3,100,000",
    rebate_rate: "3",
    rebate_amount: "93000",
    policy_ref: "REB-2026-01",
    justification: "quarterly rebate",
    ...over,
  };
}

/**
 * Asserts the request waits on exactly `expected` ("stepKey:assigneeId") and has that
 * person approve it (or mark it done, for a task).
 */
export async function act(
  engine: ApprovalEngine,
  db: Db,
  requestId: number,
  expected: string,
  comment?: string,
): Promise<void> {
  const a = await onlyPending(db, requestId);
  expect(`${a.stepKey}:${a.assigneeId}`).toBe(expected);
  const r =
    a.kind === "TASK"
      ? await engine.completeTask(a.id, a.assigneeId, comment)
      : await engine.approve(a.id, a.assigneeId, { comment });
  ok(r);
}

/** The pending assignment of `assigneeId` at `stepKey`. */
export async function pendingFor(db: Db, requestId: number, stepKey: string, assigneeId: string) {
  const list = await db.assignment.findMany({
    where: { requestId, stepKey, assigneeId, status: "PENDING" },
  });
  expect(list).toHaveLength(1);
  return list[0]!;
}

/** This file's world (the shipped processes plus `opts.extra`): created before its tests, closed after. */
export function useEngineWorld(opts: Parameters<typeof createWorld>[0] = {}) {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(opts);
  });
  afterAll(async () => {
    await world?.close();
  });
  return { world: () => world, engine: () => world.engine, db: () => world.database.prisma };
}
