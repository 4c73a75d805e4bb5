// The assignee's DM and the requester's tracking message as pure functions: which buttons each
// case carries (block and action ids from handlers/ids.ts), and names from the pinned version.
import { beforeAll, describe, expect, it } from "vitest";
import {
  renderAssignmentMessage,
  renderTrackingMessage,
} from "../../handlers/blocks/request-message.ts";
import { ids } from "../../handlers/ids.ts";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import type { Directory } from "../../src/directory/directory.ts";
import type { RequestView } from "../../src/requests/load-request-view.ts";
import type { Assignment } from "../../src/requests/records.ts";
import {
  actionsOf,
  assignment,
  at,
  button,
  en,
  expectPostable,
  requestView,
  shipped,
  textsOf,
  versions,
  zh,
} from "./support.ts";

let dir: Directory;
beforeAll(async () => ({ dir } = await shipped()));

const { v1, v2 } = versions();
const approvalButtons = [
  ids.action.approve,
  ids.action.reject,
  ids.action.return,
  ids.action.transfer,
  ids.action.addApprover,
  ids.action.cc,
];

function pending(
  process: PublishedProcess,
  stepIndex: number,
  extra: Partial<Assignment> = {},
  status: RequestView["request"]["status"] = "PENDING",
) {
  const step = process.def.steps[stepIndex]!;
  const kind = step.kind === "task" ? "TASK" : step.kind === "notify" ? "NOTIFY" : "APPROVAL";
  const a = assignment({
    stepIndex,
    stepKey: step.key,
    assigneeId: "UFI0001",
    kind,
    status: kind === "NOTIFY" ? "NOTIFIED" : "PENDING",
    reason: { kind: "manager", levels: 1 },
    ...extra,
  });
  const view = requestView(process.def, {
    id: 7,
    form: { amount: "12000.00" },
    assignments: [a],
    process,
    status,
  });
  return { a, view };
}

describe("an assignee's message", () => {
  const cases = [
    {
      case: "an approval in one click",
      step: 0,
      form: false,
      buttons: approvalButtons,
      header: ["待你审批：备件申请 #7", "Needs your approval: Spare parts #7"],
    },
    {
      case: "an approval that asks (inputs, amendable values)",
      step: 1,
      form: true,
      buttons: approvalButtons,
      header: ["待你审批：备件申请 #7", "Needs your approval: Spare parts #7"],
    },
    {
      case: "a task",
      step: 2,
      form: false,
      buttons: [ids.action.taskDone],
      header: ["待你处理：发货 · 备件申请 #7", "To do: Ship · Spare parts #7"],
    },
    {
      case: "a copy (notify)",
      step: 3,
      form: false,
      buttons: undefined,
      header: ["抄送：备件申请 #7", "FYI: Spare parts #7"],
    },
  ];

  it.each(cases)("$case: its buttons, block id and header in both languages", (c) => {
    const { a, view } = pending(v1, c.step);
    for (const [i, reader] of [zh, en].entries()) {
      const m = renderAssignmentMessage(view, a, reader, dir);
      expectPostable(m);
      expect(m.text).toBe(c.header[i]);
      const blockId = `${ids.block.assignmentPrefix}${a.id}${c.form ? ids.block.opensFormSuffix : ""}`;
      expect(actionsOf(m.blocks)).toEqual(c.buttons ? { [blockId]: c.buttons } : {});
      for (const id of c.buttons ?? [])
        expect(button(m.blocks, blockId, id)?.value).toBe(String(a.id));
      // One click asks for a confirmation; a step that opens a form asks in the form.
      const confirmed = c.buttons?.[0];
      if (confirmed)
        expect(button(m.blocks, blockId, confirmed)?.confirm !== undefined).toBe(!c.form);
    }
  });

  it("names the task in its confirmation, in the reader's language", () => {
    const { a, view } = pending(v1, 2);
    const done = (reader: typeof zh | typeof en) =>
      button(
        renderAssignmentMessage(view, a, reader, dir).blocks,
        `assignment:${a.id}`,
        "task.done",
      )?.confirm?.text.text;
    expect(done(zh)).toBe("标记「发货」已完成。");
    expect(done(en)).toBe('Mark "Ship" as done.');
  });

  it.each([
    {
      case: "decided by them",
      extra: { status: "APPROVED", decidedAt: at },
      request: "PENDING",
      says: ["你已同意 · 2026-12-01 10:00", "Approved by you · 2026-12-01 10:00"],
    },
    {
      case: "waiting while the request is back with the requester",
      extra: {},
      request: "RETURNED",
      says: [
        "已退回申请人修改，等待重新提交。",
        "Returned to the requester; waiting for the resubmission.",
      ],
    },
    {
      case: "the request ended",
      extra: { status: "CANCELLED" },
      request: "WITHDRAWN",
      says: ["申请已结束：已撤回", "The request is over: Withdrawn"],
    },
  ] as const)("has no buttons once $case", ({ extra, request, says }) => {
    const { a, view } = pending(v1, 0, extra as Partial<Assignment>, request);
    for (const [i, reader] of [zh, en].entries()) {
      const m = renderAssignmentMessage(view, a, reader, dir);
      expect(actionsOf(m.blocks)).toEqual({});
      expect(textsOf(m.blocks)).toContain(says[i]);
    }
  });

  it("takes names and buttons from the version the request pinned, not a later one", () => {
    const old = pending(v1, 0);
    const m1 = renderAssignmentMessage(old.view, old.a, zh, dir);
    const text1 = textsOf(m1.blocks).join("\n");
    expect(m1.text).toBe("待你审批：备件申请 #7");
    expect(text1).toContain("*你的环节：* 主管审批");
    expect(text1).toContain("流程版本 v1");
    expect(text1).not.toMatch(/部门审批|备件采购申请/);
    expect(Object.keys(actionsOf(m1.blocks))).toEqual([`assignment:${old.a.id}`]);

    // v2 renamed the step and made it ask: its requests get the form.
    const current = pending(v2, 0);
    const m2 = renderAssignmentMessage(current.view, current.a, en, dir);
    expect(m2.text).toBe("Needs your approval: Spare parts purchase #7");
    expect(textsOf(m2.blocks).join("\n")).toContain("*Your step:* Department review");
    expect(Object.keys(actionsOf(m2.blocks))).toEqual([`assignment:${current.a.id}:form`]);
  });
});

describe("the requester's tracking message", () => {
  const withdraw = ids.action.withdraw;
  const resubmit = ids.action.resubmit;
  it.each([
    { status: "PENDING", buttons: [withdraw] },
    { status: "RETURNED", buttons: [resubmit, withdraw] },
    { status: "APPROVED", buttons: undefined },
    { status: "REJECTED", buttons: undefined },
    { status: "WITHDRAWN", buttons: undefined },
  ] as const)("$status: buttons $buttons", ({ status, buttons }) => {
    const { view } = pending(v1, 0, {}, status);
    for (const [i, reader] of [zh, en].entries()) {
      const m = renderTrackingMessage(view, reader);
      expectPostable(m);
      expect(m.text).toBe(["你的申请：备件申请 #7", "Your request: Spare parts #7"][i]);
      expect(actionsOf(m.blocks)).toEqual(buttons ? { "request:7": buttons } : {});
      if (buttons) {
        const w = button(m.blocks, "request:7", withdraw)!;
        expect([w.value, w.style, w.confirm?.title.text]).toEqual([
          "7",
          "danger",
          ["确认撤回？", "Withdraw?"][i],
        ]);
      }
      if (status === "RETURNED")
        expect(button(m.blocks, "request:7", resubmit)?.style).toBe("primary");
    }
  });

  it("names the pinned version's process and steps", () => {
    const { view } = pending(v1, 0);
    const text = textsOf(renderTrackingMessage(view, en).blocks).join("\n");
    expect(text).toContain("*Manager review*");
    expect(text).toContain("Process version v1");
    expect(text).not.toMatch(/Department review|purchase/);
  });
});
