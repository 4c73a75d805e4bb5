// loadProcesses: the shipped definitions load; a bad file stops start-up with an error
// naming the file, the path inside it and the problem.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ConfigError } from "../../src/config/env.ts";
import { loadProcesses } from "../../src/definitions/load-processes.ts";
import { repoRoot } from "../support/world.ts";

const name = (s: string) => ({ zh: s, en: s });

/** A valid definition to break one thing at a time. */
function base(over: Record<string, unknown> = {}) {
  return {
    key: "sample",
    name: name("sample"),
    command: "/sample",
    fields: [
      { key: "amount", type: "money", label: name("amount") },
      { key: "note", type: "text", label: name("note") },
      { key: "reviewer", type: "user", label: name("reviewer") },
    ],
    steps: [
      {
        key: "first",
        kind: "approval",
        who: { role: "finance" },
        when: "amount > 100",
        sla: "P1D",
        name: name("first"),
      },
      { key: "second", kind: "task", who: { field: "reviewer" }, name: name("second") },
    ],
    ...over,
  };
}

let root: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "processes-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes the given files into a fresh folder and returns it. */
async function folder(files: Record<string, unknown>): Promise<string> {
  const dir = path.join(root, `case-${++n}`);
  await mkdir(dir);
  for (const [file, content] of Object.entries(files))
    await writeFile(
      path.join(dir, file),
      typeof content === "string" ? content : stringify(content),
    );
  return dir;
}

async function loadError(dir: string): Promise<string> {
  const e = await loadProcesses(dir).then(
    () => expect.fail("expected loadProcesses to throw"),
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(ConfigError);
  return (e as Error).message;
}

async function badSample(
  over: Record<string, unknown>,
): Promise<{ file: string; message: string }> {
  const dir = await folder({ "sample.yaml": base(over) });
  return { file: path.join(dir, "sample.yaml"), message: await loadError(dir) };
}

const withStep = (i: number, patch: Record<string, unknown>) => {
  const steps = base().steps.map((s) => ({ ...s })) as Record<string, unknown>[];
  steps[i] = { ...steps[i], ...patch };
  return { steps };
};

describe("loadProcesses", () => {
  it("loads the shipped definitions", async () => {
    const defs = await loadProcesses(path.join(repoRoot, "config/processes"));
    expect(defs.map((d) => [d.key, d.command ?? null]).sort()).toEqual([
      ["business_trip", null],
      ["contract_review", null],
      ["credit", "/credit"],
      ["demo_stock", null],
      ["expense", "/expense"],
      ["invoice", null],
      ["new_distributor", null],
      ["promotion", null],
      ["rebate", "/rebate"],
      ["return", "/return"],
      ["shipment", null],
    ]);
    // Versions are numbered when published; a YAML file does not need one.
    expect(defs.map((d) => d.version)).toEqual(defs.map(() => 0));
  });

  it("loads a valid sample (the fixture itself is good)", async () => {
    const [def] = await loadProcesses(await folder({ "sample.yaml": base() }));
    expect(def!.steps.map((s) => s.mode)).toEqual(["any", "any"]);
  });

  it("an unknown field in a condition", async () => {
    const { file, message } = await badSample(
      withStep(0, { when: "amount > 100 and colour == 'red'" }),
    );
    expect(message).toContain(`${file}: steps[0].when: unknown field "colour"`);
  });

  it("a condition that does not parse, or calls something", async () => {
    const a = await badSample(withStep(0, { when: "amount >" }));
    expect(a.message).toContain(`${a.file}: steps[0].when: cannot parse "amount >"`);
    const b = await badSample(withStep(0, { when: "note.length > 3" }));
    expect(b.message).toContain(
      `${b.file}: steps[0].when: MemberExpression is not allowed in a condition`,
    );
  });

  it("a bad ISO duration", async () => {
    const { file, message } = await badSample(withStep(0, { sla: "2 days" }));
    expect(message).toContain(
      `${file}: steps[0].sla: must be an ISO-8601 duration such as PT4H or P2D`,
    );
  });

  it("a duplicate step key", async () => {
    const { file, message } = await badSample(withStep(1, { key: "first" }));
    expect(message).toContain(`${file}: steps[1].key: duplicate key "first"`);
  });

  it("who.field naming a non-user field, or no field", async () => {
    const a = await badSample(withStep(1, { who: { field: "note" } }));
    expect(a.message).toContain(
      `${a.file}: steps[1].who.field: must name a form field of type user`,
    );
    const b = await badSample(withStep(1, { who: { field: "nobody" } }));
    expect(b.message).toContain(
      `${b.file}: steps[1].who.field: must name a form field of type user`,
    );
  });

  it("an unknown key in a step", async () => {
    const { file, message } = await badSample(withStep(0, { approver: "finance" }));
    expect(message).toMatch(new RegExp(`${escapeRegExp(file)}: steps\\[0\\]: .*approver`));
  });

  it("a duplicate command across files names both files", async () => {
    const dir = await folder({ "a.yaml": base({ key: "alpha" }), "b.yaml": base({ key: "beta" }) });
    const message = await loadError(dir);
    expect(message).toBe(
      `${path.join(dir, "b.yaml")}: command /sample is already used by ${path.join(dir, "a.yaml")}`,
    );
  });

  it("a duplicate key across files", async () => {
    const dir = await folder({
      "a.yaml": base({ command: "/one" }),
      "b.yml": base({ command: "/two" }),
    });
    expect(await loadError(dir)).toBe(
      `${path.join(dir, "b.yml")}: key sample is already used by ${path.join(dir, "a.yaml")}`,
    );
  });

  it("invalid YAML, an empty folder, a missing folder", async () => {
    const dir = await folder({ "broken.yaml": "key: [unclosed\n" });
    expect(await loadError(dir)).toMatch(
      new RegExp(`^${escapeRegExp(path.join(dir, "broken.yaml"))}: invalid YAML`),
    );
    const empty = await folder({ "readme.txt": "not yaml" });
    expect(await loadError(empty)).toBe(`${empty}: no process definitions (*.yaml)`);
    const missing = path.join(root, "does-not-exist");
    expect(await loadError(missing)).toBe(`${missing}: process definitions folder not found`);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
