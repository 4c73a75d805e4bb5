// Versioning: a changed definition is published as latest + 1, unchanged content keeps its
// version (also read back from JSONB, and rows published before versions were automatic),
// the current map is swapped inside the same catalog, and requests in flight keep theirs.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/env.ts";
import type { Database } from "../../src/db/open-database.ts";
import { contentHash, ProcessCatalog } from "../../src/definitions/catalog.ts";
import { type ProcessDef, processSchema } from "../../src/definitions/schema.ts";
import { loadDirectory } from "../../src/directory/load-org.ts";
import { ApprovalEngine } from "../../src/engine/engine.ts";
import { ok, pendingSummary } from "../engine/support.ts";
import { freshDatabase } from "../support/database.ts";
import { repoRoot } from "../support/world.ts";

const n = (s: string) => ({ zh: s, en: s });
const approval = (key: string, role: string) => ({
  key,
  kind: "approval",
  who: { role },
  name: n(key),
});

/** A small definition; `steps` and `version` vary per test. */
function def(key: string, roles: string[], version?: number): ProcessDef {
  return processSchema.parse({
    key,
    ...(version ? { version } : {}),
    name: n(key),
    fields: [{ key: "note", type: "text", required: false, label: n("note") }],
    steps: roles.map((r) => approval(r, r)),
  });
}

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});
const db = () => database.prisma;

describe("ProcessCatalog versions", () => {
  it("publishes v1, keeps it while the content is the same, and publishes v2 when it changes", async () => {
    const first = await ProcessCatalog.publish(db(), [def("p_auto", ["quality"])]);
    expect(first.get("p_auto")!.def.version).toBe(1);
    const again = await ProcessCatalog.publish(db(), [def("p_auto", ["quality"])]);
    expect(again.get("p_auto")!.versionId).toBe(first.get("p_auto")!.versionId);

    const changed = await ProcessCatalog.publish(db(), [def("p_auto", ["quality", "finance"])]);
    expect(changed.get("p_auto")!.def.version).toBe(2);
    // Going back to the first content is a change too: v3, not v1 again.
    const back = await ProcessCatalog.publish(db(), [def("p_auto", ["quality"])]);
    expect(back.get("p_auto")!.def.version).toBe(3);
    const rows = await db().processVersion.findMany({
      where: { key: "p_auto" },
      orderBy: { version: "asc" },
    });
    expect(rows.map((r) => [r.version, (r.definition as { version: number }).version])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it("a YAML version is a floor: the number jumps to it, and a lower one is ignored", async () => {
    const c = await ProcessCatalog.publish(db(), [def("p_floor", ["quality"], 5)]);
    expect(c.get("p_floor")!.def.version).toBe(5);
    expect((await c.update([def("p_floor", ["quality"], 5)])).published).toEqual([]);
    expect((await c.update([def("p_floor", ["finance"], 2)])).published).toEqual([
      { key: "p_floor", version: 6, previous: 5 },
    ]);
  });

  it("keeps a version published before versions were automatic (old hash, version 1 in the YAML)", async () => {
    const legacy = def("p_legacy", ["quality"], 1);
    await db().processVersion.create({
      data: {
        key: "p_legacy",
        version: 1,
        contentHash: "an older hash format",
        definition: legacy as object,
      },
    });
    const c = await ProcessCatalog.publish(db(), [def("p_legacy", ["quality"])]);
    expect(c.get("p_legacy")!.def.version).toBe(1);
  });

  it("the content hash ignores key order and the version", () => {
    expect(contentHash({ key: "a", version: 1, steps: [{ b: 1, a: 2 }] })).toBe(
      contentHash({ steps: [{ a: 2, b: 1 }], key: "a", version: 7 }),
    );
    expect(contentHash({ key: "a", steps: [1, 2] })).not.toBe(
      contentHash({ key: "a", steps: [2, 1] }),
    );
  });

  it("two instances publishing the same change at once agree on one version", async () => {
    await ProcessCatalog.publish(db(), [def("p_race", ["quality"])]);
    const [a, b] = await Promise.all([
      ProcessCatalog.publish(db(), [def("p_race", ["finance"])]),
      ProcessCatalog.publish(db(), [def("p_race", ["finance"])]),
    ]);
    expect(a.get("p_race")!.versionId).toBe(b.get("p_race")!.versionId);
    expect(await db().processVersion.count({ where: { key: "p_race" } })).toBe(2);
  });

  it("update swaps the current versions inside the same catalog and reports what changed", async () => {
    const c = await ProcessCatalog.publish(db(), [
      def("p_swap", ["quality"]),
      def("p_gone", ["quality"]),
    ]);
    const old = c.get("p_swap")!;
    const result = await c.update([def("p_swap", ["finance"]), def("p_new", ["quality"])]);
    expect(result).toEqual({
      published: [
        { key: "p_swap", version: 2, previous: 1 },
        { key: "p_new", version: 1 },
      ],
      removed: ["p_gone"],
    });
    expect(c.get("p_swap")!.def.steps.map((s) => s.key)).toEqual(["finance"]);
    expect(c.list().map((p) => p.def.key)).toEqual(["p_swap", "p_new"]);
    // The old version is still there for requests that pinned it.
    expect(await c.version(old.versionId)).toBe(old);
  });

  it("reload: a bad definition changes nothing; without a loader it refuses", async () => {
    let next: () => Promise<ProcessDef[]> = async () => [def("p_reload", ["finance"])];
    const c = await ProcessCatalog.publish(db(), [def("p_reload", ["quality"])], {
      load: () => next(),
    });
    next = async () => {
      throw new ConfigError(
        "config/processes/p_reload.yaml: steps[0].who: a step needs exactly one of `who` or `branches`",
      );
    };
    await expect(c.reload()).rejects.toThrow(/p_reload\.yaml: steps\[0\]\.who/);
    expect(c.get("p_reload")!.def.version).toBe(1);
    next = async () => [def("p_reload", ["finance"])];
    expect((await c.reload()).published).toEqual([{ key: "p_reload", version: 2, previous: 1 }]);
    expect(c.get("p_reload")!.def.version).toBe(2);
    await expect((await ProcessCatalog.publish(db(), [])).reload()).rejects.toThrow(ConfigError);
  });
});

describe("a version change with a request in flight", () => {
  it("the old request finishes on its old steps; a new one takes the new steps; the engine holds the same catalog", async () => {
    const directory = await loadDirectory(path.join(repoRoot, "config/org.yaml"));
    const catalog = await ProcessCatalog.publish(db(), [
      def("p_flight", ["quality", "sales_director"]),
    ]);
    const engine = new ApprovalEngine({ db: db(), directory, catalog });
    const old = ok(await engine.submit("p_flight", "USR0001", {})).requestId;
    expect(await pendingSummary(db(), old)).toEqual(["quality:UQA0001"]);

    await catalog.update([def("p_flight", ["general_manager"])]);
    const fresh = ok(await engine.submit("p_flight", "USR0001", {})).requestId;
    expect(await pendingSummary(db(), fresh)).toEqual(["general_manager:UGM0001"]);

    const decide = async (id: number, userId: string) => {
      const a = await db().assignment.findFirstOrThrow({
        where: { requestId: id, assigneeId: userId, status: "PENDING" },
      });
      ok(await engine.approve(a.id, userId));
    };
    await decide(old, "UQA0001");
    expect(await pendingSummary(db(), old)).toEqual(["sales_director:USD0001"]);
    await decide(old, "USD0001");
    await decide(fresh, "UGM0001");
    const rows = await db().request.findMany({
      where: { id: { in: [old, fresh] } },
      include: { processVersion: true },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => [r.status, r.processVersion.version])).toEqual([
      ["APPROVED", 1],
      ["APPROVED", 2],
    ]);
    expect(await db().assignment.count({ where: { requestId: old, assigneeId: "UGM0001" } })).toBe(
      0,
    );
  });
});
