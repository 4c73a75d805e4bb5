// The manuals' control "one person does not hold two consecutive approval tiers of the same
// request", on real PostgreSQL: consecutive_tiers separate (the default) moves the later tier
// to another holder or up the manager chain and says why; dedupe counts the same approver once,
// but never a person the requester picked in a form field.
import { describe, expect, it } from "vitest";
import { processSchema } from "../../src/definitions/schema.ts";
import type { RawForm } from "../../src/engine/validate-form.ts";
import { loadRequestView } from "../../src/requests/load-request-view.ts";
import { previewPath } from "../../src/requests/preview-path.ts";
import { sameName as name, noteField as note, stepBuilders } from "../support/definitions.ts";
import {
  act,
  auditOf,
  ok,
  pendingFor,
  pendingSummary,
  requestRow,
  useEngineWorld,
} from "./support.ts";

const { approval } = stepBuilders();
const reviewer = { key: "reviewer", type: "user", label: name("reviewer") };
const define = (key: string, steps: object[], extra: object = {}) =>
  processSchema.parse({
    key,
    version: 1,
    name: name(key),
    fields: [reviewer, note],
    steps,
    ...extra,
  });

/** 或签 finance twice, a task (which separates tiers), 会签 finance twice, then the sales director twice. */
const roles = define("t_tiers_roles", [
  approval("fin_1", { role: "finance" }),
  approval("fin_2", { role: "finance" }),
  { key: "file", kind: "task", who: { role: "sales_admin" }, name: name("file") },
  approval("all_1", { role: "finance" }, { mode: "all" }),
  approval("all_2", { role: "finance" }, { mode: "all" }),
  approval("director_1", { role: "sales_director" }),
  approval("director_2", { role: "sales_director" }),
]);
/** The requester's manager, then the area manager (the same person for a sales rep), then the GM twice (nobody above). */
const managers = define("t_tiers_managers", [
  approval("manager", { manager: 1 }),
  approval("area", { role: "area_manager" }),
  approval("gm_1", { role: "general_manager" }),
  approval("gm_2", { role: "general_manager" }),
]);
/** A person picked on the form, then a role that person may hold. */
const pickedThenRole = define("t_tiers_picked", [
  approval("picked", { field: "reviewer" }),
  approval("regional", { role: "regional_manager" }),
]);
const pickedThenRoleDedupe = define(
  "t_tiers_picked_dd",
  [approval("picked", { field: "reviewer" }), approval("regional", { role: "regional_manager" })],
  { controls: { consecutive_tiers: "dedupe" } },
);
/** A role, then a person picked on the form (rule dedupe): the pick never saves a decision either way round. */
const roleThenPicked = define(
  "t_tiers_role_picked",
  [approval("regional", { role: "regional_manager" }), approval("picked", { field: "reviewer" })],
  { controls: { consecutive_tiers: "dedupe" } },
);
/** The same pick twice: walking up the chain passes over the requester. */
const pickedTwice = define("t_tiers_picked_twice", [
  approval("first", { field: "reviewer" }),
  approval("second", { field: "reviewer" }),
]);
/** Engineering, then a parallel review whose engineering branch would be the same person. */
const branches = define("t_tiers_branches", [
  approval("engineering", { role: "engineering" }),
  {
    key: "parallel",
    kind: "approval",
    name: name("parallel"),
    branches: [
      { key: "eng", name: name("eng"), who: { role: "engineering" } },
      { key: "pro", name: name("pro"), who: { role: "production" } },
    ],
  },
]);
/** Separate for the process, dedupe on one step. */
const stepOverride = define("t_tiers_step", [
  approval("director_1", { role: "sales_director" }),
  approval("director_2", { role: "sales_director" }, { controls: { consecutive_tiers: "dedupe" } }),
  approval("director_3", { role: "sales_director" }),
]);

const { world, engine, db } = useEngineWorld({
  extra: [
    roles,
    managers,
    pickedThenRole,
    pickedThenRoleDedupe,
    roleThenPicked,
    pickedTwice,
    branches,
    stepOverride,
  ],
});

async function submit(key: string, requester: string, form: RawForm): Promise<number> {
  return ok(await engine().submit(key, requester, form)).requestId;
}

async function approve(requestId: number, stepKey: string, userId: string) {
  const a = await pendingFor(db(), requestId, stepKey, userId);
  ok(
    a.kind === "TASK"
      ? await engine().completeTask(a.id, userId)
      : await engine().approve(a.id, userId),
  );
}

/** "stepKey:assignee:STATUS" of every assignment, oldest first. */
async function assignments(requestId: number) {
  return (await db().assignment.findMany({ where: { requestId }, orderBy: { id: "asc" } })).map(
    (a) => `${a.stepKey}:${a.assigneeId}:${a.status}`,
  );
}

const autoApprovals = async (requestId: number) =>
  (await auditOf(db(), requestId))
    .filter((e) => e.action === "AUTO_APPROVE")
    .map((e) => `${e.stepKey}:${e.actorId}`);

describe("consecutive_tiers: separate (the default)", () => {
  it("或签: the later tier goes to the other holder; 会签: each seat of someone who decided goes up their chain; one holder alone: their manager", async () => {
    const id = await submit("t_tiers_roles", "USR0001", { reviewer: "UQA0001" });
    await approve(id, "fin_1", "UFI0002");
    const fin2 = await db().assignment.findMany({ where: { requestId: id, stepKey: "fin_2" } });
    expect(fin2.map((a) => [a.assigneeId, a.status, a.reason])).toEqual([
      [
        "UFI0001",
        "PENDING",
        {
          kind: "separated",
          after: "UFI0002",
          to: "holder",
          of: { kind: "role", role: "finance" },
        },
      ],
    ]);
    await approve(id, "fin_2", "UFI0001");
    await act(engine(), db(), id, "file:USA0001");
    // 会签 of both finance holders, then again: UFI0001's seat goes to their manager (the GM);
    // UFI0002's chain is UFI0001 (decided) then the GM (holding the other seat): nobody is left.
    await approve(id, "all_1", "UFI0001");
    await approve(id, "all_1", "UFI0002");
    const all2 = await db().assignment.findMany({
      where: { requestId: id, stepKey: "all_2" },
      orderBy: { id: "asc" },
    });
    expect(all2.map((a) => [a.assigneeId, a.reason])).toEqual([
      [
        "UGM0001",
        {
          kind: "separated",
          after: "UFI0001",
          to: "manager",
          levels: 1,
          of: { kind: "role", role: "finance" },
        },
      ],
      [
        "UFI0002",
        { kind: "separated", after: "UFI0002", to: "none", of: { kind: "role", role: "finance" } },
      ],
    ]);
    await approve(id, "all_2", "UGM0001");
    await approve(id, "all_2", "UFI0002");
    await act(engine(), db(), id, "director_1:USD0001");
    const director2 = await db().assignment.findFirstOrThrow({
      where: { requestId: id, stepKey: "director_2" },
    });
    expect([director2.assigneeId, director2.reason]).toEqual([
      "UVP0001",
      {
        kind: "separated",
        after: "USD0001",
        to: "manager",
        levels: 1,
        of: { kind: "role", role: "sales_director" },
      },
    ]);
    await act(engine(), db(), id, "director_2:UVP0001");
    expect((await requestRow(db(), id)).status).toBe("APPROVED");
    expect(await autoApprovals(id)).toEqual([]);
  });

  it("the requester's manager and the area manager are one person: the area step goes to their manager; at the top of the chain the GM decides twice", async () => {
    const id = await submit("t_tiers_managers", "USR0001", { reviewer: "UQA0001" });
    await act(engine(), db(), id, "manager:UAM0001");
    const area = await db().assignment.findFirstOrThrow({
      where: { requestId: id, stepKey: "area" },
    });
    expect([area.assigneeId, area.status, area.reason]).toEqual([
      "URM0001",
      "PENDING",
      {
        kind: "separated",
        after: "UAM0001",
        to: "manager",
        levels: 1,
        of: { kind: "role", role: "area_manager", scope: "area", unit: "shanghai" },
      },
    ]);
    await act(engine(), db(), id, "area:URM0001");
    await act(engine(), db(), id, "gm_1:UGM0001");
    const gm2 = await db().assignment.findFirstOrThrow({
      where: { requestId: id, stepKey: "gm_2" },
    });
    expect([gm2.assigneeId, gm2.status, gm2.reason]).toEqual([
      "UGM0001",
      "PENDING",
      {
        kind: "separated",
        after: "UGM0001",
        to: "none",
        of: { kind: "role", role: "general_manager" },
      },
    ]);
    await act(engine(), db(), id, "gm_2:UGM0001");
    expect((await requestRow(db(), id)).status).toBe("APPROVED");
    expect(await autoApprovals(id)).toEqual([]);
  });

  it("a person picked on the form who holds the next tier: the next tier goes to their manager, never counted twice", async () => {
    const id = await submit("t_tiers_picked", "USR0001", { reviewer: "URM0001" });
    await act(engine(), db(), id, "picked:URM0001");
    expect(await pendingSummary(db(), id)).toEqual(["regional:USD0001"]);
    await act(engine(), db(), id, "regional:USD0001");
    expect(await assignments(id)).toEqual(["picked:URM0001:APPROVED", "regional:USD0001:APPROVED"]);
  });

  it("walking up the chain passes over the requester", async () => {
    // URM0001 picks their own report UAM0001 twice: UAM0001's manager is the requester, so the second tier goes two levels up.
    const id = await submit("t_tiers_picked_twice", "URM0001", { reviewer: "UAM0001" });
    await act(engine(), db(), id, "first:UAM0001");
    const second = await db().assignment.findFirstOrThrow({
      where: { requestId: id, stepKey: "second" },
    });
    expect([second.assigneeId, second.reason]).toEqual([
      "USD0001",
      {
        kind: "separated",
        after: "UAM0001",
        to: "manager",
        levels: 2,
        of: { kind: "field", field: "reviewer" },
      },
    ]);
  });

  it("a parallel branch held by the tier before's approver goes to their manager; the other branch is untouched", async () => {
    const id = await submit("t_tiers_branches", "USR0001", { reviewer: "UQA0001" });
    await act(engine(), db(), id, "engineering:UEN0001");
    const rows = await db().assignment.findMany({
      where: { requestId: id, stepKey: "parallel" },
      orderBy: { id: "asc" },
    });
    expect(rows.map((a) => [a.branch, a.assigneeId, (a.reason as { kind: string }).kind])).toEqual([
      ["eng", "UGM0001", "separated"],
      ["pro", "UPR0001", "role"],
    ]);
  });

  it("a delegation never hands the later tier back to the tier before's approver", async () => {
    const now = new Date();
    // The sales director is away and delegates to the VP, who is also the one above them.
    const away = await db().delegation.create({
      data: {
        userId: "UVP0001",
        delegateId: "USD0001",
        startsAt: new Date(now.getTime() - 60_000),
        endsAt: new Date(now.getTime() + 3_600_000),
      },
    });
    try {
      const id = await submit("t_tiers_roles", "USR0002", { reviewer: "UQA0001" });
      for (const [step, who] of [
        ["fin_1", "UFI0001"],
        ["fin_2", "UFI0002"],
        ["file", "USA0001"],
        ["all_1", "UFI0001"],
        ["all_1", "UFI0002"],
        ["all_2", "UGM0001"],
        ["all_2", "UFI0002"],
      ] as const)
        await approve(id, step, who);
      await act(engine(), db(), id, "director_1:USD0001");
      // director_2 is the VP's (USD0001 decided the tier before); the VP's delegate is USD0001, so it stays with the VP.
      const director2 = await db().assignment.findFirstOrThrow({
        where: { requestId: id, stepKey: "director_2" },
      });
      expect([director2.assigneeId, director2.delegatedFromId]).toEqual(["UVP0001", null]);
    } finally {
      await db().delegation.update({ where: { id: away.id }, data: { revokedAt: new Date() } });
    }
  });

  it("a step may choose dedupe for itself: the director approves director_1 and director_2 at once, and director_3 goes to their manager", async () => {
    const id = await submit("t_tiers_step", "USR0001", { reviewer: "UQA0001" });
    await act(engine(), db(), id, "director_1:USD0001");
    expect(await autoApprovals(id)).toEqual(["director_2:USD0001"]);
    expect(await pendingSummary(db(), id)).toEqual(["director_3:UVP0001"]);
  });
});

describe("consecutive_tiers: dedupe (Feishu 自动去重)", () => {
  it("a person picked on the form who holds the next tier decides both, as two decisions", async () => {
    const id = await submit("t_tiers_picked_dd", "USR0001", { reviewer: "URM0001" });
    await act(engine(), db(), id, "picked:URM0001");
    expect(await pendingSummary(db(), id)).toEqual(["regional:URM0001"]);
    await act(engine(), db(), id, "regional:URM0001");
    expect(await autoApprovals(id)).toEqual([]);
    expect(
      (await auditOf(db(), id))
        .filter((e) => e.action === "APPROVE")
        .map((e) => `${e.stepKey}:${e.actorId}`),
    ).toEqual(["picked:URM0001", "regional:URM0001"]);
  });

  it("the other way round: picking the tier before's approver for the next step does not save a decision either", async () => {
    const id = await submit("t_tiers_role_picked", "USR0001", { reviewer: "URM0001" });
    await act(engine(), db(), id, "regional:URM0001");
    expect(await pendingSummary(db(), id)).toEqual(["picked:URM0001"]);
    expect(await autoApprovals(id)).toEqual([]);
  });
});

describe("the path preview shows what the engine does", () => {
  it("demo stock with the regional manager as the receiving side: the preview names their manager for the first review, and so does the engine", async () => {
    const form = {
      request_type: "transfer",
      distributor: "D3001",
      model: "X5",
      quantity: "1",
      to_distributor: "D3002",
      receiver: "URM0001",
      reason: "展厅调配",
    };
    const preview = previewPath(
      world().catalog.get("demo_stock")!,
      form,
      "USR0001",
      world().directory,
    );
    const first = preview.steps.find((s) => s.key === "first_review");
    expect(first).toMatchObject({
      outcome: "assign",
      assignees: [
        {
          userId: "USD0001",
          reason: { kind: "separated", after: "URM0001", to: "manager", levels: 1 },
        },
      ],
      auto: [],
    });
    const id = await submit("demo_stock", "USR0001", form);
    // While the receiving side decides, the request's path ahead (its messages, /approval status) names the same person.
    const view = await loadRequestView(db(), world().catalog, world().directory, id);
    expect(view!.ahead.find((s) => s.key === "first_review")).toMatchObject({
      outcome: "assign",
      assignees: [{ userId: "USD0001" }],
    });
    await act(engine(), db(), id, "receiver_ok:URM0001");
    const assigned = await db().assignment.findFirstOrThrow({
      where: { requestId: id, stepKey: "first_review" },
    });
    expect({ userId: assigned.assigneeId, reason: assigned.reason }).toEqual({
      userId: first!.outcome === "assign" ? first!.assignees[0]!.userId : "",
      reason: first!.outcome === "assign" ? first!.assignees[0]!.reason : {},
    });
  });

  it("the company's rule reaches the preview: dedupe there shows the repeated approver counted at once", () => {
    const p = world().catalog.get("t_tiers_managers")!;
    const separate = previewPath(p, { reviewer: "UQA0001" }, "USR0001", world().directory);
    expect(separate.steps.find((s) => s.key === "area")).toMatchObject({
      assignees: [{ userId: "URM0001" }],
      auto: [],
    });
    const dedupe = previewPath(p, { reviewer: "UQA0001" }, "USR0001", world().directory, {
      controls: { consecutive_tiers: "dedupe" },
    });
    expect(dedupe.steps.find((s) => s.key === "area")).toMatchObject({
      assignees: [{ userId: "UAM0001" }],
      auto: ["UAM0001"],
    });
  });
});
