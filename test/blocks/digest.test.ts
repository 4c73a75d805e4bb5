// The daily digest as a pure function: the same buttons as the assignment's DM (a step that asks
// opens its form instead of a one-click confirmation), and names from each request's pinned version.
import { describe, expect, it } from "vitest";
import { type DigestCatalog, renderDigest } from "../../handlers/blocks/digest.ts";
import { ids } from "../../handlers/ids.ts";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import type { Digest, OwnItem, WaitingItem } from "../../src/digest/build-digests.ts";
import { actionsOf, at, button, en, expectPostable, textsOf, versions, zh } from "./support.ts";

const { v1, v2 } = versions();
const now = new Date(at.getTime() + 2 * 3_600_000);
/** Current: v2; v1 still loaded, as build-digests preloads the versions of the open work. */
const catalog: DigestCatalog = {
  get: (key) => (key === v2.def.key ? v2 : undefined),
  cachedVersion: (id) => [v1, v2].find((p) => p.versionId === id),
};
const approval = [
  ids.action.approve,
  ids.action.reject,
  ids.action.return,
  ids.action.transfer,
  ids.action.addApprover,
  ids.action.cc,
];

// The version an item's request pinned (build-digests is to carry it; see handlers/blocks/digest.ts).
type Pinned<T> = T & { processVersionId: number };
const waitingOn = (
  assignmentId: number,
  p: PublishedProcess | { versionId: number },
  stepKey: string,
  kind: WaitingItem["kind"] = "APPROVAL",
): WaitingItem => {
  const item: Pinned<WaitingItem> = {
    assignmentId,
    requestId: assignmentId + 400,
    processKey: v1.def.key,
    processVersionId: p.versionId,
    stepKey,
    kind,
    requesterId: "USR0001",
    since: at,
    overdue: false,
  };
  return item;
};
const own = (requestId: number, p: PublishedProcess, stepKey: string): OwnItem => {
  const item: Pinned<OwnItem> = {
    requestId,
    processKey: p.def.key,
    processVersionId: p.versionId,
    status: "PENDING",
    stepKey,
    waitingOn: ["UMG0001"],
    since: at,
  };
  return item;
};

const digest = (waiting: WaitingItem[]): Digest => ({
  userId: "UFI0001",
  waiting,
  mine: [own(900, v1, "review"), own(901, v2, "review")],
  team: {
    scope: "team",
    overdue: 0,
    pendingByStep: [{ processKey: "t_blocks", stepKey: "review", pending: 2, overdue: 0 }],
    pendingByPerson: [{ userId: "UFI0001", pending: 2, overdue: 0 }],
    averages: [],
  },
});
const render = (d: Digest, reader: typeof zh | typeof en) =>
  renderDigest(d, reader, catalog, now, "2026-12-01");

describe("the daily digest", () => {
  it.each([
    { case: "a one-click approval (v1's review)", item: waitingOn(101, v1, "review"), form: false },
    {
      case: "an approval that asks (v1's opinion)",
      item: waitingOn(102, v1, "opinion"),
      form: true,
    },
    { case: "the same step where v2 made it ask", item: waitingOn(103, v2, "review"), form: true },
    {
      case: "a version not loaded here: the current one's (v2 asks)",
      item: waitingOn(104, { versionId: 99 }, "review"),
      form: true,
    },
    {
      case: "a task",
      item: waitingOn(105, v1, "ship", "TASK"),
      form: false,
      buttons: [ids.action.taskDone],
    },
  ])("$case: buttons as on the assignment's DM", ({ item, form, buttons }) => {
    for (const reader of [zh, en]) {
      const m = render(digest([item]), reader);
      expectPostable(m);
      const blockId = `assignment:${item.assignmentId}${form ? ids.block.opensFormSuffix : ""}`;
      expect(actionsOf(m.blocks)).toEqual({ [blockId]: buttons ?? approval });
      const first = button(m.blocks, blockId, (buttons ?? approval)[0]!)!;
      expect(first.value).toBe(String(item.assignmentId));
      expect(first.confirm !== undefined).toBe(!form);
    }
  });

  it("names each request's process and step by its pinned version, the team's by the current one", () => {
    const d = digest([waitingOn(101, v1, "review"), waitingOn(103, v2, "review")]);
    const zhText = textsOf(render(d, zh).blocks);
    expect(zhText.some((t) => t.startsWith("*备件申请 #501* · 主管审批 · <@USR0001> · "))).toBe(
      true,
    );
    expect(zhText.some((t) => t.startsWith("*备件采购申请 #503* · 部门审批 · "))).toBe(true);
    const mine = zhText.find((t) => t.startsWith("*你的申请*"))!;
    expect(mine).toContain("• *备件申请 #900*：主管审批，等待 <@UMG0001> 处理");
    expect(mine).toContain("• *备件采购申请 #901*：部门审批，");
    expect(zhText.join("\n")).toContain("• 备件采购申请 · 部门审批：待处理 2，超时 0");
    // The approve confirmation names the pinned version too.
    expect(
      button(render(d, en).blocks, "assignment:101", ids.action.approve)?.confirm?.text.text,
    ).toBe("Approve Spare parts #501 and pass it to the next step.");
    const enText = textsOf(render(d, en).blocks);
    expect(enText.some((t) => t.startsWith("*Spare parts #501* · Manager review · "))).toBe(true);
    expect(
      enText.some((t) => t.startsWith("*Spare parts purchase #503* · Department review · ")),
    ).toBe(true);
  });

  it("gives buttons to the first 10 waiting items and says how many more there are", () => {
    const many = Array.from({ length: 12 }, (_, i) => waitingOn(200 + i, v1, "review"));
    for (const [i, reader] of [zh, en].entries()) {
      const m = render(digest(many), reader);
      expectPostable(m);
      expect(Object.keys(actionsOf(m.blocks))).toEqual(
        many.slice(0, 10).map((w) => `assignment:${w.assignmentId}`),
      );
      expect(textsOf(m.blocks)).toContain(
        [
          "还有 2 项，输入 `/approval list` 查看全部。",
          "2 more: type `/approval list` to see them all.",
        ][i],
      );
    }
  });
});
