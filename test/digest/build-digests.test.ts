// Digest content for each audience, from requests filed and decided at known times.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settingsSchema, toWorkCalendar } from "../../src/config/settings.ts";
import { type Digest, DigestBuilder, hasContent } from "../../src/digest/build-digests.ts";
import { createWorld, type World } from "../support/world.ts";

// Monday 2026-11-23 and Tuesday 2026-11-24, Asia/Shanghai, working hours 09:00-18:00.
const at = (s: string) => new Date(`${s}+08:00`);
let now = at("2026-11-23T10:00:00");
let world: World;
let digests: Map<string, Digest>;

const returnForm = (amount: string) => ({
  customer: "C1001",
  order_no: "SO-1",
  type: "return",
  items: "A × 1",
  amount,
  reason: "破损",
});
const expenseForm = (amount: string) => ({
  stage: "advance",
  expense_type: "travel",
  amount,
  purpose: "拜访客户",
  budget_line: "B-01",
});

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  const e = world.engine;
  const ok = <T extends { ok: boolean }>(r: T) => {
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r as T & { requestId: number };
  };
  // Monday 10:00: a return by 郑伟 and an expense advance by 郑伟.
  ok(await e.submit("return", "USR0001", returnForm("1000")));
  const exp = ok(await e.submit("expense", "USR0001", expenseForm("3000")));
  // Monday 12:00: the area manager approves the advance after 2 hours; finance's pay task starts.
  now = at("2026-11-23T12:00:00");
  const area = await world.database.prisma.assignment.findFirstOrThrow({
    where: { requestId: exp.requestId, status: "PENDING" },
  });
  ok(await e.approve(area.id, "UAM0001"));
  // Tuesday 09:30: a return by 冯丽.
  now = at("2026-11-24T09:30:00");
  ok(await e.submit("return", "USR0002", returnForm("2000")));
  // Built on Tuesday 11:00: the Monday 10:00 step is past its one working day (P1D = 9 h).
  now = at("2026-11-24T11:00:00");
  const settings = settingsSchema.parse({});
  const builder = new DigestBuilder(
    world.database.prisma,
    world.catalog,
    world.directory,
    settings,
    toWorkCalendar(settings),
  );
  digests = await builder.build(
    ["USA0001", "USR0001", "UAM0001", "USD0001", "UWH0001", "UFI0001"],
    now,
  );
});
afterAll(async () => world?.close());

describe("digest content", () => {
  it("an approver: count, the oldest first, the overdue one flagged", () => {
    const d = digests.get("USA0001")!;
    expect(d.waiting.map((w) => [w.processKey, w.stepKey, w.overdue])).toEqual([
      ["return", "order_check", true],
      ["return", "order_check", false],
    ]);
    expect(d.waiting[0]!.since.toISOString()).toBe(at("2026-11-23T10:00:00").toISOString());
    expect(d.mine).toEqual([]);
    expect(hasContent(d)).toBe(true);
  });

  it("a task holder sees the task (both finance holders of the or-sign task)", () => {
    expect(
      digests.get("UFI0001")!.waiting.map((w) => [w.processKey, w.stepKey, w.kind, w.overdue]),
    ).toEqual([["expense", "pay", "TASK", false]]);
  });

  it("a requester: where each open request is, since when, and with whom", () => {
    const d = digests.get("USR0001")!;
    expect(d.waiting).toEqual([]);
    expect(d.mine.map((m) => [m.processKey, m.stepKey, m.status, [...m.waitingOn].sort()])).toEqual(
      [
        ["return", "order_check", "PENDING", ["USA0001"]],
        ["expense", "pay", "PENDING", ["UFI0001", "UFI0002"]],
      ],
    );
    expect(d.team).toBeUndefined();
  });

  it("a manager: the team's bottlenecks by step and by person, overdue counts, 7-day averages", () => {
    const team = digests.get("UAM0001")!.team!;
    expect(team.scope).toBe("team");
    expect(team.pendingByStep).toEqual([
      { processKey: "return", stepKey: "order_check", pending: 2, overdue: 1 },
      { processKey: "expense", stepKey: "pay", pending: 2, overdue: 0 },
    ]);
    expect(team.pendingByPerson).toEqual([
      { userId: "USA0001", pending: 2, overdue: 1 },
      { userId: "UFI0001", pending: 1, overdue: 0 },
      { userId: "UFI0002", pending: 1, overdue: 0 },
    ]);
    expect(team.overdue).toBe(1);
    expect(team.averages).toEqual([
      { processKey: "expense", stepKey: "area_review", averageMs: 2 * 3600 * 1000, decided: 1 },
    ]);
  });

  it("a configured role (sales_director) gets the company-wide view", () => {
    const team = digests.get("USD0001")!.team!;
    expect(team.scope).toBe("company");
    expect(team.overdue).toBe(1);
    expect(team.pendingByStep.reduce((n, s) => n + s.pending, 0)).toBe(4);
  });

  it("nobody with nothing to report gets a message", () => {
    expect(hasContent(digests.get("UWH0001")!)).toBe(false);
  });
});
