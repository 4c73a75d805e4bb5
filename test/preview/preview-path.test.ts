// The path preview, pure: which steps a half-filled or complete form takes, and how the
// preview says it in each language.
import { beforeAll, describe, expect, it } from "vitest";
import { escapeMrkdwn } from "../../handlers/blocks/mrkdwn.ts";
import { previewLines } from "../../handlers/blocks/path-preview.ts";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import type { Directory } from "../../src/directory/directory.ts";
import type { RawForm } from "../../src/engine/validate-form.ts";
import type { Locale } from "../../src/i18n/index.ts";
import {
  type PreviewOptions,
  type PreviewStep,
  pathFields,
  previewPath,
} from "../../src/requests/preview-path.ts";
import { published, routing, shipped } from "./support.ts";

let dir: Directory;
let process: (key: string) => PublishedProcess;
beforeAll(async () => ({ dir, process } = await shipped()));

const plan = (p: PublishedProcess, raw: RawForm, requester = "USR0001", opts?: PreviewOptions) =>
  previewPath(p, raw, requester, dir, opts);
const step = (steps: PreviewStep[], key: string) => steps.find((s) => s.key === key)!;
/** "key:outcome[:people]" per step: the whole path at a glance. */
const summary = (steps: PreviewStep[]) =>
  steps.map((s) =>
    [
      s.key,
      s.outcome,
      ...("assignees" in s && s.assignees ? [s.assignees.map((a) => a.userId).join("+")] : []),
      ...(s.outcome === "depends" ? [`on ${s.on.join(",")}`] : []),
    ].join(":"),
  );
const lines = (
  p: PublishedProcess,
  raw: RawForm,
  locale: Locale,
  requester = "USR0001",
  opts?: PreviewOptions,
) => previewLines({ preview: plan(p, raw, requester, opts), def: p.def, dir, locale });
/** A step's line, found by its name as the preview shows it (inert, like all text not written as mrkdwn). */
const lineOf = (all: string[], stepName: string) =>
  all.find((l) => l.includes(`*${escapeMrkdwn(stepName)}*`)) ?? "";

describe("a return at several amounts", () => {
  it.each([
    ["10,000", "skip"],
    ["50000", "skip"], // the threshold itself does not climb to the GM
    ["50,000.01", "assign"],
    ["68,000.50", "assign"],
    ["¥80000", "assign"],
    ["abc", "depends"],
    ["", "depends"],
  ])("amount %s: the general manager's step is %s", (amount, outcome) => {
    const steps = plan(process("return"), { amount }).steps;
    expect(step(steps, "gm").outcome).toBe(outcome);
    // The rest of the path does not depend on the amount.
    expect(summary(steps).filter((s) => !s.startsWith("gm:"))).toEqual([
      "order_check:assign:USA0001",
      "quality_check:assign:UQA0001",
      "director:assign:USD0001",
      "write_down:assign:USA0001",
      "warehouse:assign:UWH0001",
      "finance_cc:assign:UFI0001+UFI0002",
    ]);
  });

  it("says why the GM step is skipped at 10,000 and why it is there at 80,000, in both languages", () => {
    const low = { amount: "10000" };
    const high = { amount: "80000" };
    expect(lineOf(lines(process("return"), low, "zh-CN"), "总经理审核")).toBe(
      "⏭ *总经理审核* — 跳过：「金额（元）大于 ¥50,000.00」不成立",
    );
    expect(lineOf(lines(process("return"), low, "en"), "General manager approval")).toBe(
      "⏭ *General manager approval* — skipped: “Amount (CNY) is above ¥50,000.00” is false",
    );
    expect(lineOf(lines(process("return"), high, "zh-CN"), "总经理审核")).toBe(
      "👤 *总经理审核* — <@UGM0001>（总经理） · 因为金额（元）大于 ¥50,000.00",
    );
    expect(lineOf(lines(process("return"), high, "en"), "General manager approval")).toBe(
      "👤 *General manager approval* — <@UGM0001> (General manager) · because Amount (CNY) is above ¥50,000.00",
    );
  });

  it("shows a step that depends on an amount not typed yet, or not valid yet, with who would act", () => {
    const bad = plan(process("return"), { amount: "abc" });
    expect(step(bad.steps, "gm")).toMatchObject({
      outcome: "depends",
      on: ["amount"],
      assignees: [{ userId: "UGM0001" }],
    });
    expect(bad.missing.get("amount")).toEqual({ type: "invalid", error: { type: "not_money" } });
    expect(
      lineOf(lines(process("return"), { amount: "abc" }, "en"), "General manager approval"),
    ).toBe(
      "❔ *General manager approval* — depends on “Amount (CNY)” (Enter an amount such as 12,345.60) · needed if Amount (CNY) is above ¥50,000.00 · <@UGM0001> (General manager)",
    );
    expect(lineOf(lines(process("return"), {}, "zh-CN"), "总经理审核")).toBe(
      "❔ *总经理审核* — 取决于「金额（元）」 · 满足「金额（元）大于 ¥50,000.00」时需要 · <@UGM0001>（总经理）",
    );
  });

  it("marks tasks and CC steps, and lists several holders with their shared reason", () => {
    const all = lines(process("return"), { amount: "1000" }, "zh-CN");
    expect(lineOf(all, "销售部系统减帐")).toBe(
      "🛠 *销售部系统减帐* · 待办 — <@USA0001>（销售内勤）",
    );
    expect(lineOf(all, "抄送财务部")).toBe(
      "📣 *抄送财务部* · 抄送 — <@UFI0001> / <@UFI0002>（财务部）",
    );
  });

  it("routes a holder of the role to their manager, and says so to them", () => {
    const steps = plan(process("return"), { amount: "1000" }, "USA0001").steps;
    expect(step(steps, "order_check")).toMatchObject({
      outcome: "assign",
      assignees: [{ userId: "USA0002", reason: { kind: "self_excluded", role: "sales_admin" } }],
    });
    expect(
      lineOf(
        lines(process("return"), { amount: "1000" }, "en", "USA0001"),
        "Sales admin checks the order",
      ),
    ).toContain("<@USA0002> (you hold the role Sales admin yourself, so your manager decides)");
  });

  it("warns of a step nobody can take (the GM's own large return)", () => {
    const steps = plan(process("return"), { amount: "80000" }, "UGM0001").steps;
    expect(step(steps, "gm")).toMatchObject({
      outcome: "unresolvable",
      error: { type: "self_only" },
    });
    expect(
      lineOf(
        lines(process("return"), { amount: "80000" }, "en", "UGM0001"),
        "General manager approval",
      ),
    ).toMatch(/^⚠️ \*General manager approval\* — .+/);
  });

  it("restarts a resubmission at the step that returned it", () => {
    const steps = plan(process("return"), { amount: "80000" }, "USR0001", {
      returnedTo: { stepIndex: 2, userId: "USD0001" },
    }).steps;
    expect(summary(steps)).toEqual([
      "director:returned",
      "gm:assign:UGM0001",
      "write_down:assign:USA0001",
      "warehouse:assign:UWH0001",
      "finance_cc:assign:UFI0001+UFI0002",
    ]);
    expect(
      lines(process("return"), { amount: "80000" }, "zh-CN", "USR0001", {
        returnedTo: { stepIndex: 2, userId: "USD0001" },
      })[0],
    ).toBe("↩️ *销售总监审批* — 退回给 <@USD0001>：修改后直接回到 <@USD0001> 处理");
  });
});

describe("an expense: conditions on a select and on the amount", () => {
  it.each([
    [
      { stage: "advance", amount: "3000" },
      [
        "area_review:assign:UAM0001",
        "flow_check:skip",
        "receipts_check:skip",
        "director:skip",
        "gm:skip",
        "pay:assign:UFI0001+UFI0002",
      ],
    ],
    [
      { stage: "advance", amount: "8000" },
      [
        "area_review:assign:UAM0001",
        "flow_check:skip",
        "receipts_check:skip",
        "director:assign:USD0001",
        "gm:skip",
        "pay:assign:UFI0001+UFI0002",
      ],
    ],
    [
      { stage: "reimbursement", amount: "80000" },
      [
        "area_review:skip",
        "flow_check:assign:USA0002",
        "receipts_check:assign:UFI0001+UFI0002",
        "director:assign:USD0001",
        "gm:assign:UGM0001",
        "pay:assign:UFI0001+UFI0002",
      ],
    ],
    [
      { amount: "80000" },
      [
        "area_review:depends:UAM0001:on stage",
        "flow_check:depends:USA0002:on stage",
        "receipts_check:depends:UFI0001+UFI0002:on stage",
        "director:assign:USD0001",
        "gm:assign:UGM0001",
        "pay:assign:UFI0001+UFI0002",
      ],
    ],
  ])("%j", (raw, expected) => {
    expect(summary(plan(process("expense"), raw).steps)).toEqual(expected);
  });

  it("names the area of a scoped role and the option of a select in words", () => {
    const all = lines(process("expense"), { stage: "advance", amount: "3000" }, "en");
    expect(lineOf(all, "Area manager first review")).toBe(
      "👤 *Area manager first review* — <@UAM0001> (Area manager, Shanghai area) · because Request type is “Advance”",
    );
    expect(
      lineOf(
        lines(process("expense"), { stage: "advance", amount: "3000" }, "zh-CN"),
        "销售总监审核",
      ),
    ).toBe("⏭ *销售总监审核* — 跳过：「金额（元）不低于 ¥5,000.00」不成立");
  });
});

describe("routing the shipped processes do not all show", () => {
  const p = published(routing);
  const complete = { amount: "2000", kind: "goods", checker: "UQA0001" };

  it("depends on a person not picked yet; a picked one is there because they were picked", () => {
    expect(step(plan(p, { ...complete, checker: "" }).steps, "checked")).toMatchObject({
      outcome: "depends",
      on: ["checker"],
    });
    expect(step(plan(p, complete).steps, "checked")).toMatchObject({
      outcome: "assign",
      assignees: [{ userId: "UQA0001", reason: { kind: "field", field: "checker" } }],
    });
    expect(lineOf(lines(p, complete, "en"), "checked")).toBe(
      "👤 *checked* — <@UQA0001> (picked in the form (Checker))",
    );
    // Picking oneself or someone outside the org is not a valid choice yet.
    expect(plan(p, { ...complete, checker: "USR0001" }).missing.get("checker")).toEqual({
      type: "invalid",
      error: { type: "self_not_allowed" },
    });
    expect(plan(p, { ...complete, checker: "UNOBODY" }).missing.get("checker")).toEqual({
      type: "invalid",
      error: { type: "unknown_user" },
    });
  });

  it("consecutive_tiers: separate (the default): the same manager twice in a row hands the second tier to their manager, and says why", () => {
    const steps = plan(p, complete).steps;
    expect(step(steps, "manager")).toMatchObject({ outcome: "assign", auto: [] });
    expect(step(steps, "manager_again")).toMatchObject({
      outcome: "assign",
      assignees: [
        {
          userId: "URM0001",
          reason: {
            kind: "separated",
            after: "UAM0001",
            to: "manager",
            levels: 1,
            of: { kind: "manager", levels: 1 },
          },
        },
      ],
      auto: [],
    });
    const zh = lines(p, complete, "zh-CN");
    expect(lineOf(zh, "manager（中）")).toBe("👤 *manager（中）* — <@UAM0001>（你的直属主管）");
    expect(zh[2]).toContain(
      "* — <@URM0001>（<@UAM0001> 已审批上一级，因同一人不得连续审批两级，改由其上级审批）",
    );
    expect(lines(p, complete, "en")[2]).toContain(
      "* — <@URM0001> (<@UAM0001> approved the tier before, and one person may not approve two consecutive tiers, so their manager approves)",
    );
    // Picked in the form the person the step after asks: that step goes up a level too.
    expect(step(plan(p, { ...complete, checker: "UAM0001" }).steps, "manager")).toMatchObject({
      assignees: [{ userId: "URM0001", reason: { kind: "separated", after: "UAM0001" } }],
      auto: [],
    });
  });

  it("consecutive_tiers: dedupe counts the same approver twice in a row once, but never one picked in the form", () => {
    const dedupe = published({ ...routing, controls: { consecutive_tiers: "dedupe" } });
    const steps = plan(dedupe, complete).steps;
    expect(step(steps, "manager_again")).toMatchObject({
      outcome: "assign",
      assignees: [{ userId: "UAM0001" }],
      auto: ["UAM0001"],
    });
    expect(lines(dedupe, complete, "zh-CN")[2]).toContain(
      "* — <@UAM0001>（你的直属主管） · <@UAM0001> 已在上一步同意，本步自动通过",
    );
    // Picked in the form the person the step after asks: they decide both steps.
    const picked = plan(dedupe, { ...complete, checker: "UAM0001" }).steps;
    expect(step(picked, "manager")).toMatchObject({
      assignees: [{ userId: "UAM0001", reason: { kind: "manager", levels: 1 } }],
      auto: [],
    });
    // …while the manager's own approval still counts for the step after theirs.
    expect(step(picked, "manager_again")).toMatchObject({ auto: ["UAM0001"] });
  });

  it("puts a compound condition in words and lists a countersign with everyone who must approve", () => {
    expect(lineOf(lines(p, complete, "en"), "finance_all")).toBe(
      `👤 *${escapeMrkdwn("finance_all")}* — <@UFI0001> + <@UFI0002> (Finance) · countersign: everyone must approve · because Amount is at least ¥1,000.00 and Kind is one of “Goods”, “Service”`,
    );
    expect(step(plan(p, { ...complete, amount: "999.99" }).steps, "finance_all").outcome).toBe(
      "skip",
    );
    // Without the kind, the condition cannot be decided either way.
    expect(step(plan(p, { amount: "999.99" }).steps, "finance_all")).toMatchObject({
      outcome: "depends",
      on: ["kind"],
    });
  });

  it("lists each branch of a parallel step with its people, and skips it on a ticked checkbox", () => {
    expect(lines(p, complete, "en").at(-1)).toBe(
      "👤 *parallel* — because Urgent: no · in parallel, each of the 2 branches must approve:\n      ◦ Engineering: <@UEN0001> (Engineering)\n      ◦ Purchasing: <@UPU0001> (Purchasing)",
    );
    expect(step(plan(p, { ...complete, urgent: true }).steps, "parallel").outcome).toBe("skip");
  });

  it("knows which fields can change the path", () => {
    expect([...pathFields(routing)].sort()).toEqual(["amount", "checker", "kind", "urgent"]);
    expect([...pathFields(process("return").def)]).toEqual(["amount"]);
  });
});

describe("conditions on the requester", () => {
  it("routes a manager's own trip to the VP and the GM, and says why", () => {
    const trip = process("business_trip");
    expect(summary(plan(trip, {}, "USR0001").steps)).toEqual([
      "manager:assign:UAM0001",
      "department:assign:URM0001",
      "vp:skip",
      "gm:skip",
    ]);
    expect(summary(plan(trip, {}, "UAM0001").steps)).toEqual([
      "manager:skip",
      "department:skip",
      "vp:assign:UVP0001",
      "gm:assign:UGM0001",
    ]);
    expect(lines(trip, {}, "en", "UAM0001")[2]).toBe(
      "👤 *Marketing VP (a manager's trip)* — <@UVP0001> (Marketing VP) · because The requester manages people: yes",
    );
    expect(pathFields(trip.def).has("requester_is_manager")).toBe(false);
  });
});
