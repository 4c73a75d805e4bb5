// The App Home as a pure function: each waiting item with its assignment's own buttons (as on
// its DM), names from the version each request pinned, and a button per current process.
import { describe, expect, it } from "vitest";
import { buildHome } from "../../handlers/blocks/home.ts";
import { ids } from "../../handlers/ids.ts";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import type { MyRequestItem, WaitingItem } from "../../src/requests/list-requests.ts";
import {
  actionsOf,
  at,
  type Block,
  button,
  en,
  expectOpenable,
  textsOf,
  versions,
  zh,
} from "./support.ts";

const { v1, v2 } = versions();
const now = new Date(at.getTime() + 3_600_000);
const approval = [
  ids.action.approve,
  ids.action.reject,
  ids.action.return,
  ids.action.transfer,
  ids.action.addApprover,
  ids.action.cc,
];

const waitingOn = (
  assignmentId: number,
  process: PublishedProcess,
  stepKey: string,
  kind: WaitingItem["kind"] = "APPROVAL",
): WaitingItem => ({
  assignmentId,
  kind,
  stepKey,
  since: at,
  requestId: assignmentId + 400,
  requesterId: "USR0001",
  process,
});
const items = [
  waitingOn(101, v1, "review"),
  waitingOn(102, v1, "opinion"),
  waitingOn(103, v1, "ship", "TASK"),
  waitingOn(104, v2, "review"),
];
const mine: MyRequestItem = {
  id: 900,
  status: "PENDING",
  process: v1,
  createdAt: at,
  completedAt: null,
  stepKey: "review",
  waitingOn: ["UMG0001"],
  since: at,
};

const home = (reader: typeof zh | typeof en, canFile = true) =>
  buildHome(
    {
      waiting: { items, total: items.length },
      mine: { items: [mine], total: 1 },
      processes: [v2],
      canFile,
    },
    reader,
    now,
  );

describe("the App Home", () => {
  it("gives each waiting item its assignment's buttons, a form-opening approve where the pinned step asks", () => {
    for (const reader of [zh, en]) {
      const view = home(reader);
      expectOpenable(view, "home");
      expect(actionsOf(view.blocks)).toEqual({
        "assignment:101": approval,
        "assignment:102:form": approval,
        "assignment:103": [ids.action.taskDone],
        // v2's review asks; v1's (item 101) is one click.
        "assignment:104:form": approval,
      });
      expect(button(view.blocks, "assignment:101", ids.action.approve)?.confirm).toBeDefined();
      expect(button(view.blocks, "assignment:102:form", ids.action.approve)?.confirm).toBe(
        undefined,
      );
    }
  });

  it("names each item by the version its request pinned, in the reader's language", () => {
    const zhText = textsOf(home(zh).blocks);
    expect(zhText).toContain(
      "*备件申请 #501* · 主管审批\n审批 · 申请人 <@USR0001> · 2026-12-01 10:00 起等你处理",
    );
    expect(zhText.some((t) => t.startsWith("*备件采购申请 #504* · 部门审批\n"))).toBe(true);
    expect(zhText.some((t) => t.startsWith("*备件申请 #503* · 发货\n待办 · "))).toBe(true);
    expect(zhText.some((t) => t.startsWith("*备件申请 #900* · 审批中\n主管审批 — "))).toBe(true);
    const enText = textsOf(home(en).blocks);
    expect(enText.some((t) => t.startsWith("*Spare parts #501* · Manager review\n"))).toBe(true);
    expect(
      enText.some((t) => t.startsWith("*Spare parts purchase #504* · Department review\n")),
    ).toBe(true);
  });

  it("offers the current version of each process to file, by key", () => {
    for (const [i, reader] of [zh, en].entries()) {
      const blocks = home(reader).blocks as Block[];
      const file = blocks.find((b) => b.block_id === "home.new:t_blocks")!;
      expect(textsOf([file])).toContain(["*备件采购申请*", "*Spare parts purchase*"][i]);
      expect(file.accessory).toMatchObject({ action_id: ids.action.homeNew, value: "t_blocks" });
    }
  });

  it("someone outside the org directory is told whom to ask instead of filing", () => {
    for (const [i, reader] of [zh, en].entries()) {
      const view = home(reader, false);
      expectOpenable(view, "home");
      expect(view.blocks.some((b) => b.block_id?.startsWith("home.new:"))).toBe(false);
      expect(textsOf(view.blocks)).toContain(
        [
          "你不在组织通讯录中，请联系管理员添加。",
          "You are not in the org directory; ask an admin to add you.",
        ][i],
      );
    }
  });
});
