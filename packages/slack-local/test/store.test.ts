import { describe, expect, it } from "vitest";
import { LOCAL_IDENTITY, LocalSlackStore } from "../src/index.ts";

const modal = (title: string) => ({
  type: "modal",
  title: { type: "plain_text", text: title },
  blocks: [],
});

describe("LocalSlackStore", () => {
  it("keeps a modal stack per user with Slack's push limit and close semantics", () => {
    const store = new LocalSlackStore(LOCAL_IDENTITY, undefined);
    const actions: string[] = [];
    store.events.on("view", (e) => actions.push(`${e.action}:${e.view.id}`));

    const a = store.views.open("U1", modal("a"));
    const b = store.views.push("U1", modal("b"));
    const c = store.views.push("U1", modal("c"));
    if (!a.ok || !b.ok || !c.ok) throw new Error("expected views");
    expect(store.views.push("U1", modal("d"))).toEqual({ ok: false, error: "push_limit_reached" });
    expect(c.view).toMatchObject({ root_view_id: a.view.id, previous_view_id: b.view.id });
    expect(store.openViewsOf("U1").map((v) => v.id)).toEqual([a.view.id, b.view.id, c.view.id]);
    expect(store.openViewsOf("U2")).toEqual([]);

    store.views.close(b.view.id); // closes b and everything above it
    expect(store.openViewsOf("U1").map((v) => v.id)).toEqual([a.view.id]);
    expect(store.view(c.view.id)?.open).toBe(false);

    store.views.open("U1", modal("e")); // a new views.open replaces the old stack
    expect(store.view(a.view.id)?.open).toBe(false);
    expect(actions.filter((x) => x.startsWith("closed"))).toHaveLength(3);
    expect(store.views.open("U1", { type: "home", blocks: [] })).toMatchObject({
      ok: false,
      error: "invalid_arguments",
    });
  });

  it("re-publishes App Home in place and resolves views by external_id", () => {
    const store = new LocalSlackStore(LOCAL_IDENTITY, [{ id: "U1", name: "alice" }]);
    const homes: string[] = [];
    store.events.on("home", (v) => homes.push(v.id));
    const first = store.views.publishHome("U1", { type: "home", blocks: [] });
    const second = store.views.publishHome("U1", {
      type: "home",
      external_id: "home-U1",
      blocks: [{ type: "divider" }],
    });
    if (!first.ok || !second.ok) throw new Error("expected views");
    expect(second.view.id).toBe(first.view.id);
    expect(homes).toEqual([first.view.id, first.view.id]);
    const byExternal = store.views.update(
      { externalId: "home-U1" },
      { type: "home", external_id: "home-U1", blocks: [] },
    );
    expect(byExternal.ok && byExternal.view.id).toBe(first.view.id);
    expect(store.isKnownUser("U1")).toBe(true);
    expect(store.isKnownUser("U9")).toBe(false);
  });

  it("issues monotonically increasing, unique message timestamps", () => {
    const store = new LocalSlackStore(LOCAL_IDENTITY, undefined);
    const ts = Array.from(
      { length: 50 },
      (_, i) => store.postMessage({ channel: "C1", text: String(i) }).ts,
    );
    expect(new Set(ts).size).toBe(50);
    expect(ts.map(Number)).toEqual([...ts.map(Number)].sort((x, y) => x - y));
    expect(ts.every((t) => /^\d{10}\.\d{6}$/.test(t))).toBe(true);
  });
});
