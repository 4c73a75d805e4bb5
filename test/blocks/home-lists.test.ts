// The App Home, the daily digest and `/approval list|mine` as pure functions, at their worst:
// every list full, process and step names as long as a definition allows, many processes.
import { describe, expect, it } from "vitest";
import { type DigestCatalog, renderDigest } from "../../handlers/blocks/digest.ts";
import { buildHome, homeLimits } from "../../handlers/blocks/home.ts";
import { listLimit, renderMine, renderWaitingList } from "../../handlers/blocks/lists.ts";
import type { Digest } from "../../src/digest/build-digests.ts";
import type { MyRequestItem, WaitingItem } from "../../src/requests/list-requests.ts";
import { published } from "../preview/support.ts";
import { at, en, expectOpenable, expectPostable, longProcess, textsOf, zh } from "./support.ts";

const processes = Array.from({ length: 120 }, (_, i) => published(longProcess(`p${i}`)));
const p = processes[0]!;
const catalog: DigestCatalog = {
  get: (key) => processes.find((x) => x.def.key === key),
  cachedVersion: () => undefined,
};
const now = new Date(at.getTime() + 3 * 86_400_000);

const waiting = (n: number): WaitingItem[] =>
  Array.from({ length: n }, (_, i) => ({
    assignmentId: 100 + i,
    kind: i % 3 ? "APPROVAL" : "TASK",
    stepKey: "s1",
    since: at,
    requestId: 500 + i,
    requesterId: "USR0001",
    process: p,
  }));
const mine = (n: number): MyRequestItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: 900 + i,
    status: i % 2 ? "PENDING" : "RETURNED",
    process: p,
    createdAt: at,
    completedAt: null,
    stepKey: "s3",
    waitingOn: ["UFI0001", "UFI0002"],
    since: at,
  }));

describe("the App Home", () => {
  it("holds full lists and 120 long-named processes within 100 blocks, and says how many processes are not listed", () => {
    for (const reader of [zh, en]) {
      const view = buildHome(
        {
          waiting: { items: waiting(homeLimits.waiting), total: 45 },
          mine: { items: mine(homeLimits.mine), total: 30 },
          processes,
          canFile: true,
        },
        reader,
        now,
      );
      expectOpenable(view, "home");
      const listed = view.blocks.filter((b) => b.block_id?.startsWith("home.new:")).length;
      expect(listed).toBeGreaterThan(10);
      const more =
        reader === zh
          ? `还有 ${120 - listed} 个流程未列出`
          : `${120 - listed} more processes not listed`;
      expect(textsOf(view.blocks).some((t) => t.startsWith(more))).toBe(true);
    }
  });

  it("lists every process when there is room", () => {
    const view = buildHome(
      {
        waiting: { items: [], total: 0 },
        mine: { items: [], total: 0 },
        processes: processes.slice(0, 11),
        canFile: true,
      },
      zh,
      now,
    );
    expectOpenable(view, "home");
    expect(view.blocks.filter((b) => b.block_id?.startsWith("home.new:"))).toHaveLength(11);
  });
});

describe("the daily digest", () => {
  it("fits Slack's limits with every list full and long names", () => {
    const d: Digest = {
      userId: "UFI0001",
      waiting: waiting(40).map((w, i) => ({
        assignmentId: w.assignmentId,
        requestId: w.requestId,
        processKey: `p${i}`,
        processVersionId: 1,
        stepKey: "s1",
        kind: w.kind,
        requesterId: "USR0001",
        since: at,
        overdue: i % 2 === 0,
      })),
      mine: Array.from({ length: 30 }, (_, i) => ({
        requestId: 700 + i,
        processKey: `p${i}`,
        processVersionId: 1,
        status: "PENDING",
        stepKey: "s2",
        waitingOn: ["UFI0001", "UFI0002", "USD0001"],
        since: at,
      })),
      team: {
        scope: "company",
        overdue: 12,
        pendingByStep: Array.from({ length: 20 }, (_, i) => ({
          processKey: `p${i}`,
          stepKey: "s4",
          pending: 9,
          overdue: 3,
        })),
        pendingByPerson: Array.from({ length: 20 }, (_, i) => ({
          userId: `U${i}`,
          pending: 9,
          overdue: 3,
        })),
        averages: Array.from({ length: 20 }, (_, i) => ({
          processKey: `p${i}`,
          stepKey: "s5",
          averageMs: 7_200_000,
          decided: 40,
        })),
      },
    };
    for (const reader of [zh, en])
      expectPostable(renderDigest(d, reader, catalog, now, "2026-12-04"));
  });
});

describe("/approval list and mine", () => {
  it("fit Slack's limits at their page size with long names", () => {
    for (const reader of [zh, en]) {
      expectPostable(renderWaitingList({ items: waiting(listLimit), total: 90 }, reader, now));
      expectPostable(renderMine({ items: mine(listLimit), total: 90 }, "all", reader, now));
    }
  });
});
