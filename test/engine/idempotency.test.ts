// The database's own guard against replays (when the replay check in Redis cannot tell): a
// form is filed once per Slack view, and a 抄送 from one modal sends its copies once.
import { describe, expect, it } from "vitest";
import { ok, onlyPending, returnForm, useEngineWorld } from "./support.ts";

const w = useEngineWorld();

describe("once per view", () => {
  it("a submission from the same view, again or at the same instant, files one request", async () => {
    const engine = w.engine();
    const first = ok(
      await engine.submit("return", "USR0001", returnForm({ order_no: "SO-VIEW-1" }), {
        viewId: "V-ONCE-1",
      }),
    );
    const again = ok(
      await engine.submit("return", "USR0001", returnForm({ order_no: "SO-VIEW-1" }), {
        viewId: "V-ONCE-1",
      }),
    );
    expect(again.requestId).toBe(first.requestId);
    const racing = await Promise.all(
      [1, 2, 3].map(() =>
        engine.submit("return", "USR0002", returnForm({ order_no: "SO-VIEW-2" }), {
          viewId: "V-ONCE-2",
        }),
      ),
    );
    expect(new Set(racing.map((r) => ok(r).requestId)).size).toBe(1);
    expect(
      await w.db().request.count({ where: { viewId: { in: ["V-ONCE-1", "V-ONCE-2"] } } }),
    ).toBe(2);
  });

  it("a 抄送 from the same modal sends its copies once", async () => {
    const engine = w.engine();
    const { requestId } = ok(
      await engine.submit("return", "USR0001", returnForm({ order_no: "SO-VIEW-3" })),
    );
    const a = await onlyPending(w.db(), requestId);
    for (let i = 0; i < 3; i++)
      ok(await engine.cc(a.id, a.assigneeId, ["UFI0001"], "请知悉", "V-CC-1"));
    expect(await w.db().assignment.count({ where: { requestId, kind: "NOTIFY" } })).toBe(1);
    // Another modal is another 抄送.
    ok(await engine.cc(a.id, a.assigneeId, ["UFI0002"], undefined, "V-CC-2"));
    expect(await w.db().assignment.count({ where: { requestId, kind: "NOTIFY" } })).toBe(2);
  });
});
