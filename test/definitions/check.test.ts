// processes:check: one deliberately broken fixture per class of error (test/fixtures/check/),
// the shipped config/ (so a bad YAML fails CI), and the CLI's exit code.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/definitions/check.ts";
import { checkFiles } from "../../src/definitions/check-files.ts";
import { repoRoot } from "../support/world.ts";

const fixtures = path.join(repoRoot, "test/fixtures/check");

async function checkFixture(name: string): Promise<Finding[]> {
  const own = path.join(fixtures, name, "org.yaml");
  return checkFiles(existsSync(own) ? own : path.join(fixtures, "org.yaml"), path.join(fixtures, name, "processes"));
}

/** "severity code file where" per finding, file relative to the fixture's folder. */
async function summary(name: string): Promise<string[]> {
  const dir = path.join(fixtures, name);
  return (await checkFixture(name)).map((f) => [f.severity, f.code, path.relative(dir, f.file), f.where].filter(Boolean).join(" "));
}

describe("processes:check fixtures", () => {
  it("a valid fixture has no findings", async () => {
    expect(await checkFixture("good")).toEqual([]);
  });

  it("unknown roles, in a step and in a countersign branch", async () => {
    expect(await summary("unknown-role")).toEqual(['error unknown_role processes/sample.yaml steps[0] "treasury" who', 'error unknown_role processes/sample.yaml steps[1] "both" branches[1] "legal" who']);
    expect((await checkFixture("unknown-role"))[0]!.message).toMatch(/unknown role "treasurer"/);
  });

  it("a regional role with no holder in one of its areas", async () => {
    const [f, ...rest] = await checkFixture("no-holder");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: "error", code: "no_holder", where: 'steps[0] "area" who' });
    expect(f!.message).toContain("area jiangsu (江苏区域)");
  });

  it("a condition on an unknown field", async () => {
    const [f, ...rest] = await checkFixture("unknown-field");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: "unknown_field", where: 'steps[0] "director" when', message: 'unknown field "colour"' });
  });

  it("unreachable: a select compared to a value it cannot take", async () => {
    const [f, ...rest] = await checkFixture("unknown-option");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: "unknown_option", where: 'steps[0] "review" when' });
    expect(f!.message).toContain("'majr', which is not one of its options (minor, major)");
  });

  it("unreachable: contradictory conditions, and one beyond a field's maximum", async () => {
    expect(await summary("never-true")).toEqual(['error never_true processes/sample.yaml steps[0] "gm" when', 'error never_true processes/sample.yaml steps[1] "bulk" when']);
  });

  it("a cycle in the org file's manager chain", async () => {
    const found = await checkFixture("manager-cycle");
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.severity === "error" && f.code === "invalid_org" && f.file.endsWith("manager-cycle/org.yaml"))).toBe(true);
    expect(found[0]!.message).toBe("people[0].manager: manager chain loops back to UGM0001");
  });

  it("a manager level nobody has", async () => {
    expect(await summary("no-manager")).toEqual(['error no_manager processes/sample.yaml steps[0] "top" who']);
  });

  it("an approver picked in an optional field", async () => {
    expect(await summary("optional-picker")).toEqual(['error optional_picker processes/sample.yaml steps[0] "picked" who']);
  });

  it("files that do not load are reported together, each with its own problem", async () => {
    const found = await checkFixture("invalid-file");
    expect(found.map((f) => [f.code, path.basename(f.file)])).toEqual([
      ["invalid_file", "b.yaml"],
      ["invalid_file", "c.yaml"],
    ]);
    expect(found[0]!.message).toMatch(/^key sample is already used by .*a\.yaml$/);
    expect(found[1]!.message).toMatch(/^steps\[0\]\.kind: /);
  });

  it("warnings: one role on consecutive tiers (a CC or a skippable step between), escalation to itself, an always-true condition", async () => {
    const found = await checkFixture("warnings");
    expect(found.every((f) => f.severity === "warning")).toBe(true);
    expect(found.map((f) => `${f.code} ${f.where}`).sort()).toEqual([
      'always_true steps[3] "director_again" when',
      'consecutive_tiers steps[0] "director" → steps[3] "director_again"',
      'escalation_loop steps[3] "director_again" escalate_to',
    ]);
  });
});

describe("the shipped configuration", () => {
  it("config/org.yaml and config/processes pass processes:check with no errors or warnings", async () => {
    const found = await checkFiles(path.join(repoRoot, "config/org.yaml"), path.join(repoRoot, "config/processes"));
    expect(found).toEqual([]);
  });
});

describe("the CLI", () => {
  const run = promisify(execFile);
  const cli = (org: string, dir: string) => run(path.join(repoRoot, "node_modules/.bin/tsx"), ["src/definitions/check-cli.ts", "--org", org, "--processes", dir], { cwd: repoRoot });

  it("exits 1 and names the file, the step and the problem when there is an error", async () => {
    const e = await cli("test/fixtures/check/org.yaml", "test/fixtures/check/unknown-role/processes").then(
      () => expect.fail("expected exit code 1"),
      (e: { code: number; stdout: string }) => e,
    );
    expect(e.code).toBe(1);
    expect(e.stdout).toContain('error   test/fixtures/check/unknown-role/processes/sample.yaml: steps[0] "treasury" who: unknown role "treasurer"');
    expect(e.stdout).toContain("2 error(s), 0 warning(s)");
  });

  it("exits 0 with warnings only", async () => {
    const { stdout } = await cli("test/fixtures/check/org.yaml", "test/fixtures/check/warnings/processes");
    expect(stdout).toContain("0 error(s), 3 warning(s)");
  });
});
