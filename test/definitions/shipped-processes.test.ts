// The seven further processes route as their manuals say (pure: the shipped YAML and org,
// planned with the engine's planPath). End-to-end runs through Slack are in test/integration.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import { compileCondition, type FormValues } from "../../src/definitions/condition.ts";
import { loadProcesses } from "../../src/definitions/load-processes.ts";
import type { ProcessDef } from "../../src/definitions/schema.ts";
import type { Directory } from "../../src/directory/directory.ts";
import { loadDirectory } from "../../src/directory/load-org.ts";
import { planPath } from "../../src/engine/plan-path.ts";
import { repoRoot } from "../support/world.ts";

let dir: Directory;
let defs: ProcessDef[];
beforeAll(async () => {
  dir = await loadDirectory(path.join(repoRoot, "config/org.yaml"));
  defs = await loadProcesses(path.join(repoRoot, "config/processes"));
});

function published(key: string): PublishedProcess {
  const def = defs.find((d) => d.key === key)!;
  const conditions = new Map<number, (form: FormValues) => boolean>();
  def.steps.forEach((s, i) => {
    if (s.when) conditions.set(i, compileCondition(s.when, def.fields));
  });
  return { def, versionId: 1, conditions };
}

/** "step:person" for each step that will act (branches as step/branch:person), skipped steps left out. */
function route(key: string, requester: string, form: FormValues = {}): string[] {
  return planPath(published(key), form, requester, dir).flatMap((p) => {
    if (p.outcome === "skip") return [];
    if (p.outcome === "unresolvable") return [`${p.key}:UNRESOLVABLE`];
    return p.assignees.map((a) => `${p.key}${a.branch ? `/${a.branch}` : ""}:${a.userId}`);
  });
}

const step = (key: string, stepKey: string) =>
  defs.find((d) => d.key === key)!.steps.find((s) => s.key === stepKey)!;

describe("销售合同评审 contract_review", () => {
  it("a new contract and a major change go through the three departments; a minor change skips them and production reschedules", () => {
    const countersign = [
      "countersign/engineering:UEN0001",
      "countersign/production:UPR0001",
      "countersign/purchasing:UPU0001",
      "confirm:USO0001",
    ];
    expect(route("contract_review", "USR0001", { review_type: "new" })).toEqual(countersign);
    expect(route("contract_review", "USR0001", { review_type: "major" })).toEqual(countersign);
    expect(route("contract_review", "USR0001", { review_type: "minor" })).toEqual([
      "confirm:USO0001",
      "reschedule:UPR0001",
    ]);
  });

  it("each department answers can or conditional (a department that cannot produce rejects)", () => {
    const opinion = step("contract_review", "countersign").inputs!.find(
      (f) => f.key === "opinion",
    )!;
    expect(opinion.type === "select" && opinion.options.map((o) => o.value)).toEqual([
      "can",
      "conditional",
    ]);
  });
});

describe("周转车 demo_stock", () => {
  it("a transfer first goes to the receiving side's manager picked on the form, then the three tiers, then the record", () => {
    expect(
      route("demo_stock", "UCH0001", { request_type: "transfer", receiver: "UCH0002" }),
    ).toEqual([
      "receiver_ok:UCH0002",
      "first_review:URM0001",
      "review:UMM0001",
      "approval:USD0001",
      "record:UMA0001",
    ]);
    expect(route("demo_stock", "UCH0002", { request_type: "markdown" })).toEqual([
      "first_review:URM0002",
      "review:UMM0001",
      "approval:USD0001",
      "record:UMA0001",
    ]);
    // A transfer without the receiving side cannot be routed (the engine refuses it on submit).
    expect(route("demo_stock", "UCH0001", { request_type: "transfer" })[0]).toBe(
      "receiver_ok:UNRESOLVABLE",
    );
  });

  it("the review and approval tiers may only lower the markdown", () => {
    expect(step("demo_stock", "review").amend).toEqual([{ field: "markdown", direction: "down" }]);
    expect(step("demo_stock", "approval").amend).toEqual([
      { field: "markdown", direction: "down" },
    ]);
    expect(step("demo_stock", "first_review").amend).toBeUndefined();
  });
});

describe("出差申请 business_trip", () => {
  it("staff: their manager, then the department manager; a manager's own trip: marketing VP, then GM", () => {
    expect(route("business_trip", "USR0001")).toEqual(["manager:UAM0001", "department:URM0001"]);
    expect(route("business_trip", "USR0004")).toEqual(["manager:UAM0002", "department:URM0001"]);
    expect(route("business_trip", "UAM0003")).toEqual(["vp:UVP0001", "gm:UGM0001"]);
  });
});

describe("the other further processes", () => {
  it("新分销商准入: customer service → finance → business development → sales director → file opened; the requester's regional manager is told", () => {
    expect(route("new_distributor", "UAM0003")).toEqual([
      "info_check:UCS0001",
      "credit_analysis:UFI0001",
      "credit_analysis:UFI0002",
      "evaluation:UBD0001",
      "director:USD0001",
      "open_file:UCS0001",
      "notify_regional:URM0002",
    ]);
  });

  it("出货审批: dispatch → marketing VP → shipping clerk; the rep's sales branch is told", () => {
    expect(route("shipment", "USR0003")).toEqual([
      "dispatch:UCS0001",
      "terms_check:UVP0001",
      "ship:USC0001",
      "notify_branch:UAM0003",
    ]);
  });

  it("促销: planner → market-management manager → GM, each may only cut the budget; finance CC'd", () => {
    expect(route("promotion", "UCH0001")).toEqual([
      "first_review:UMP0001",
      "review:UMM0001",
      "approval:UGM0001",
      "finance_cc:UFI0001",
      "finance_cc:UFI0002",
    ]);
    for (const k of ["first_review", "review", "approval"])
      expect(step("promotion", k).amend).toEqual([{ field: "budget", direction: "down" }]);
  });

  it("开票: sales admin checks → invoicing clerk issues → finance CC'd → sales admin enters it", () => {
    expect(route("invoice", "USR0002")).toEqual([
      "erp_check:USA0001",
      "issue:UIV0001",
      "finance_cc:UFI0001",
      "finance_cc:UFI0002",
      "erp_entry:USA0001",
    ]);
  });

  it("every regional role resolves for a sales rep in each of the four areas", () => {
    for (const rep of ["USR0001", "USR0003", "USR0004", "USR0005"]) {
      for (const d of defs) {
        const form: FormValues = d.key === "demo_stock" ? { request_type: "request" } : {};
        expect(
          route(d.key, rep, form).filter((s) => s.endsWith("UNRESOLVABLE")),
          `${d.key} by ${rep}`,
        ).toEqual([]);
      }
    }
  });
});
