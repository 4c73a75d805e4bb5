// The DMs of a request, as pure functions, at their worst: a contract review with every
// textarea at its limit and three long department opinions, a 60-person 会签 that each
// answered, a customer with a 200-character name. Slack's own checks must take every one.
import { beforeAll, describe, expect, it } from "vitest";
import {
  renderAssignmentMessage,
  renderNotice,
  renderTrackingMessage,
} from "../../handlers/blocks/request-message.ts";
import { type ProcessDef, processSchema } from "../../src/definitions/schema.ts";
import type { Directory } from "../../src/directory/directory.ts";
import {
  assignment,
  auditEntry,
  en,
  expectNothingBroken,
  expectPostable,
  requestView,
  shipped,
  textsOf,
  typed,
  zh,
} from "./support.ts";

let dir: Directory;
let contract: ProcessDef;
beforeAll(async () => {
  const s = await shipped();
  dir = s.dir;
  contract = s.process("contract_review").def;
});

const customer = { code: "C9001", name: `${"上海华纺贸易&实业".repeat(22)}有限公司`.slice(0, 200) };
/** A shortened value says where the rest is: the "view in full" button the message then carries. */
const pointer = (_id: number) => "…（内容较长，详见 下方「查看全文」）";

function contractView() {
  const form = {
    review_type: "new",
    customer: customer.code,
    contract_no: "HT-".padEnd(64, "9"),
    configuration: typed(3000, "配置"),
    quantity: "12",
    amount: "260000.00",
    delivery_date: "2026-12-01",
    change: typed(3000, "变更"),
    contract_link: `https://files.example.com/${"a".repeat(300)}.pdf`,
  };
  const branches = [
    ["engineering", "UEN0001"],
    ["production", "UPR0001"],
    ["purchasing", "UPU0001"],
  ] as const;
  const opinions = branches.map(([branch, who]) =>
    assignment({
      stepIndex: 0,
      stepKey: "countersign",
      assigneeId: who,
      branch,
      status: "APPROVED",
      decidedAt: new Date(),
      inputs: { opinion: "conditional", note: typed(3000, branch) },
    }),
  );
  const confirm = assignment({
    stepIndex: 1,
    stepKey: "confirm",
    assigneeId: "USO0001",
    reason: { kind: "role", role: "sales_ops_manager" },
  });
  return {
    view: requestView(contract, {
      id: 41,
      form,
      assignments: [...opinions, confirm],
      customers: [customer],
    }),
    confirm,
    opinions,
  };
}

describe("a contract review at its longest", () => {
  it("reaches sales operations within Slack's limits, every opinion named, long values cut with where to read on", () => {
    const { view, confirm } = contractView();
    const m = renderAssignmentMessage(view, confirm, zh, dir);
    expectPostable(m);
    expectNothingBroken(m.blocks);
    const text = textsOf(m.blocks).join("\n");
    for (const who of ["UEN0001", "UPR0001", "UPU0001"])
      expect(text).toContain(`<@${who}>* 的意见：部门意见：有条件可以生产（见说明）`);
    expect(textsOf(m.blocks).filter((t) => t.endsWith(pointer(41))).length).toBeGreaterThanOrEqual(
      5,
    );
    // The buttons are still there.
    expect(JSON.stringify(m.blocks)).toContain('"action_id":"approval.approve"');
  });

  it("keeps the requester's tracking message and the departments' messages within the limits too, in both languages", () => {
    const { view, opinions } = contractView();
    for (const reader of [zh, en]) {
      expectPostable(renderTrackingMessage(view, reader));
      for (const a of opinions) expectPostable(renderAssignmentMessage(view, a, reader, dir));
    }
    expect(
      textsOf(renderTrackingMessage(view, en).blocks).some((t) =>
        t.endsWith('… (shortened; see "View in full" below)'),
      ),
    ).toBe(true);
  });

  it("shows the customer's 200-character name whole, escaped", () => {
    const { view } = contractView();
    const text = textsOf(renderTrackingMessage(view, zh).blocks).join("\n");
    expect(text).toContain(`C9001 ${customer.name.replace(/&/g, "&amp;")}`);
  });

  it("sends a notice with a long reason within the limits", () => {
    const { view } = contractView();
    const entry = auditEntry({
      action: "RETURN",
      actorId: "UEN0001",
      comment: typed(1000, "退回"),
      stepKey: "countersign",
    });
    expectPostable(
      renderNotice(
        { ...view, audit: [entry], request: { ...view.request, status: "RETURNED" } },
        entry,
        zh,
      ),
    );
  });
});

/** A 会签 where every holder answers with a note (who holds it does not matter to the renderer). */
function countersign(): ProcessDef {
  const name = (s: string) => ({ zh: s, en: s });
  return processSchema.parse({
    key: "t_big_countersign",
    name: name("big countersign"),
    fields: [{ key: "subject", type: "text", label: name("subject") }],
    steps: [
      {
        key: "all",
        kind: "approval",
        who: { role: "finance" },
        mode: "all",
        name: name("everyone"),
        inputs: [{ key: "note", type: "textarea", label: name("note") }],
      },
      {
        key: "director",
        kind: "approval",
        who: { role: "sales_director" },
        name: name("director"),
      },
    ],
  });
}

describe("a 会签 of 60 people who all answered", () => {
  const build = (note: string) => {
    const def = countersign();
    const answered = Array.from({ length: 60 }, (_, i) =>
      assignment({
        stepIndex: 0,
        stepKey: "all",
        assigneeId: `U${String(i).padStart(7, "0")}`,
        status: "APPROVED",
        decidedAt: new Date(),
        inputs: { note },
      }),
    );
    const director = assignment({
      stepIndex: 1,
      stepKey: "director",
      assigneeId: "USD0001",
      reason: { kind: "role", role: "sales_director" },
    });
    return {
      view: requestView(def, {
        id: 42,
        form: { subject: "年度框架协议" },
        assignments: [...answered, director],
      }),
      director,
    };
  };

  it("keeps every short answer, joined into fewer sections, within 50 blocks", () => {
    const { view, director } = build("同意");
    for (const m of [
      renderAssignmentMessage(view, director, zh, dir),
      renderTrackingMessage(view, zh),
    ]) {
      expectPostable(m);
      const text = textsOf(m.blocks).join("\n");
      for (let i = 0; i < 60; i++) expect(text).toContain(`<@U${String(i).padStart(7, "0")}>`);
    }
  });

  it("keeps the first long answers and says how many more are on /approval status", () => {
    const { view, director } = build(typed(2500));
    const m = renderAssignmentMessage(view, director, zh, dir);
    expectPostable(m);
    expectNothingBroken(m.blocks);
    expect(
      textsOf(m.blocks).some((t) => /^还有 \d+ 条未显示，详见 下方「查看全文」。$/.test(t)),
    ).toBe(true);
    expect(JSON.stringify(m.blocks)).toContain('"action_id":"approval.approve"');
  });
});

describe("block ids", () => {
  it("stay unique when a form field is named like the bot's own sections", () => {
    const name = (s: string) => ({ zh: s, en: s });
    const def = processSchema.parse({
      key: "t_names",
      name: name("names"),
      fields: ["changes", "notice", "answers"].map((key) => ({
        key,
        type: "textarea",
        label: name(key),
      })),
      steps: [{ key: "one", kind: "approval", who: { role: "finance" }, name: name("one") }],
    });
    const a = assignment({ stepIndex: 0, stepKey: "one", assigneeId: "UFI0001" });
    const resubmit = auditEntry({
      action: "RESUBMIT",
      actorId: "USR0001",
      assignmentId: a.id,
      data: { changed: [{ field: "changes", from: "a", to: "b" }] },
    });
    const view = requestView(def, {
      form: { changes: typed(3000), notice: typed(3000), answers: typed(3000) },
      assignments: [a],
      audit: [resubmit],
    });
    const m = renderAssignmentMessage(view, a, zh, dir);
    expectPostable(m);
    expect(m.blocks.map((b) => b.block_id).filter(Boolean)).toContain("value:changes");
  });
});
