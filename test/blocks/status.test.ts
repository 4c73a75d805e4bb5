// `/approval status` as a pure function: a long history keeps its newest entries and says how
// many older ones are not shown; the answer stays within a message's limits.
import { beforeAll, describe, expect, it } from "vitest";
import { renderStatus } from "../../handlers/blocks/status.ts";
import type { ProcessDef } from "../../src/definitions/schema.ts";
import type { AuditEntry } from "../../src/requests/records.ts";
import {
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

let def: ProcessDef;
beforeAll(async () => ({ def } = (await shipped()).process("return")));

/** SUBMIT, then transfers back and forth, each with a comment, a minute apart. */
function history(n: number, comment: (i: number) => string | null): AuditEntry[] {
  const start = Date.parse("2026-11-01T01:00:00Z");
  return Array.from({ length: n }, (_, i) =>
    auditEntry({
      action: i === 0 ? "SUBMIT" : "TRANSFER",
      actorId: i % 2 ? "USA0001" : "USR0001",
      stepKey: i === 0 ? null : "order_check",
      comment: i === 0 ? null : comment(i),
      at: new Date(start + i * 60_000),
    }),
  );
}

const form = {
  customer: "C1001",
  order_no: "SO-1",
  type: "return",
  items: "A",
  amount: "100.00",
  reason: "r",
};

describe("renderStatus", () => {
  it("shows a short history whole, oldest first, with nothing said about older entries", () => {
    const m = renderStatus(
      requestView(def, { id: 5, form, audit: history(3, (i) => `第 ${i} 次`) }),
      zh,
    );
    const text = textsOf(m.blocks).join("\n");
    expect(text).toMatch(/\*处理记录\*\n.*提交申请\n.*第 1 次\n.*第 2 次$/);
    expect(text).not.toContain("较早的");
  });

  it("keeps the newest of 80 long entries and says how many older ones are not shown", () => {
    const m = renderStatus(
      requestView(def, { id: 5, form, audit: history(80, (i) => `第 ${i} 次：${typed(400)}`) }),
      zh,
    );
    expectPostable(m);
    expectNothingBroken(m.blocks);
    const text = textsOf(m.blocks).join("\n");
    expect(text).toContain("第 79 次：");
    const older = Number(/_较早的 (\d+) 条记录未显示。_/.exec(text)?.[1]);
    expect(older).toBeGreaterThan(0);
    // Exactly the entries after the older ones are shown, in order.
    const shown = [...text.matchAll(/第 (\d+) 次：/g)].map((x) => Number(x[1]));
    expect(shown).toEqual(Array.from({ length: 80 - older }, (_, i) => older + i));
  });

  it("shortens a single very long comment rather than losing the entries around it", () => {
    const m = renderStatus(
      requestView(def, {
        id: 5,
        form,
        audit: history(65, (i) => (i === 64 ? typed(1000) : `第 ${i} 次`)),
      }),
      en,
    );
    expectPostable(m);
    const text = textsOf(m.blocks).join("\n");
    expect(text).toContain("…");
    expect(text).toContain("第 63 次");
    expect(text).not.toContain("earlier entries not shown");
  });
});
