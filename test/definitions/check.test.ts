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
  return checkFiles(
    existsSync(own) ? own : path.join(fixtures, "org.yaml"),
    path.join(fixtures, name, "processes"),
  );
}

/** "severity code file where" per finding, file relative to the fixture's folder. */
async function summary(name: string): Promise<string[]> {
  const dir = path.join(fixtures, name);
  return (await checkFixture(name)).map((f) =>
    [f.severity, f.code, path.relative(dir, f.file), f.where].filter(Boolean).join(" "),
  );
}

describe("processes:check fixtures", () => {
  it("a valid fixture has no errors; its warnings say where one person can decide two consecutive tiers, and what the engine does then", async () => {
    const found = await checkFixture("good");
    expect(found.map((f) => `${f.severity} ${f.code} ${f.where}`)).toEqual([
      'warning consecutive_tiers steps[0] "area" → steps[1] "picked"',
      'warning consecutive_tiers steps[1] "picked" → steps[2] "director"',
      'warning consecutive_tiers steps[1] "picked" → steps[3] "skip_level"',
      'warning consecutive_tiers steps[2] "director" → steps[3] "skip_level"',
    ]);
    // A person picked on the form can be anyone: the requester may pick the next tier's approver.
    expect(found[1]!.message).toBe(
      'the requester may pick in "reviewer" the approver of the other step (e.g. 总监 (USD0001), for 6 requesters such as 业务员 (USR0001)); with consecutive_tiers separate "director" goes to 总经理 (UGM0001) instead',
    );
    // Manager chains: two levels above the Shanghai and Jiangsu area managers is the director.
    expect(found[3]!.message).toBe(
      '总监 (USD0001) can decide "director" and "skip_level" for 2 requesters such as 上海经理 (UAM0001); with consecutive_tiers separate "skip_level" goes to 总经理 (UGM0001) instead',
    );
  });

  it("says what dedupe does instead, when the company or the process chooses it", async () => {
    const own = path.join(fixtures, "org.yaml");
    const found = await checkFiles(own, path.join(fixtures, "good", "processes"), {
      consecutive_tiers: "dedupe",
    });
    expect(found[1]!.message).toMatch(
      /; with consecutive_tiers dedupe they decide both \(a person picked in the form never counts for a later tier\)$/,
    );
    expect(found[3]!.message).toMatch(
      /; with consecutive_tiers dedupe their approval of "director" counts for "skip_level"$/,
    );
  });

  it("unknown roles, in a step and in a countersign branch", async () => {
    expect(await summary("unknown-role")).toEqual([
      'error unknown_role processes/sample.yaml steps[0] "treasury" who',
      'error unknown_role processes/sample.yaml steps[1] "both" branches[1] "legal" who',
    ]);
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
    expect(f).toMatchObject({
      code: "unknown_field",
      where: 'steps[0] "director" when',
      message: 'unknown field "colour"',
    });
  });

  it("unreachable: a select compared to a value it cannot take", async () => {
    const [f, ...rest] = await checkFixture("unknown-option");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: "unknown_option", where: 'steps[0] "review" when' });
    expect(f!.message).toContain("'majr', which is not one of its options (minor, major)");
  });

  it("unreachable: contradictory conditions, and one beyond a field's maximum", async () => {
    expect(await summary("never-true")).toEqual([
      'error never_true processes/sample.yaml steps[0] "gm" when',
      'error never_true processes/sample.yaml steps[1] "bulk" when',
    ]);
  });

  it("a cycle in the org file's manager chain", async () => {
    const found = await checkFixture("manager-cycle");
    expect(found.length).toBeGreaterThan(0);
    expect(
      found.every(
        (f) =>
          f.severity === "error" &&
          f.code === "invalid_org" &&
          f.file.endsWith("manager-cycle/org.yaml"),
      ),
    ).toBe(true);
    expect(found[0]!.message).toBe("people[0].manager: manager chain loops back to UGM0001");
  });

  it("a manager level nobody has", async () => {
    expect(await summary("no-manager")).toEqual([
      'error no_manager processes/sample.yaml steps[0] "top" who',
    ]);
  });

  it("an approver picked in an optional field", async () => {
    expect(await summary("optional-picker")).toEqual([
      'error optional_picker processes/sample.yaml steps[0] "picked" who',
    ]);
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
  it("config/org.yaml and config/processes pass processes:check with no errors; the warnings name where one person could decide two tiers in a row", async () => {
    const found = await checkFiles(
      path.join(repoRoot, "config/org.yaml"),
      path.join(repoRoot, "config/processes"),
    );
    expect(found.map((f) => `${f.severity} ${f.code} ${path.basename(f.file)} ${f.where}`)).toEqual(
      [
        'warning consecutive_tiers business_trip.yaml steps[2] "vp" → steps[3] "gm"',
        'warning consecutive_tiers demo_stock.yaml steps[0] "receiver_ok" → steps[1] "first_review"',
        'warning consecutive_tiers new_distributor.yaml steps[2] "evaluation" → steps[3] "director"',
        'warning consecutive_tiers promotion.yaml steps[0] "first_review" → steps[1] "review"',
      ],
    );
    // The hole found from outside: the requester picks the receiving side, and may pick the regional manager.
    expect(found[1]!.message).toBe(
      'the requester may pick in "receiver" the approver of the other step (e.g. 赵雪梅 (URM0001), for 6 requesters such as 郑伟 (USR0001)); with consecutive_tiers separate "first_review" goes to 陈志强 (USD0001) instead',
    );
    // The top of the org: the VP's own trip goes to the GM (their manager, self-exclusion), who is also the next tier.
    expect(found[0]!.message).toBe(
      '刘建国 (UGM0001) can decide "vp" and "gm" when 王海涛 (UVP0001) files; with consecutive_tiers separate nobody else can take "gm", so they decide it too, as a decision of its own',
    );
  });
});

describe("the CLI", () => {
  const run = promisify(execFile);
  const cli = (org: string, dir: string) =>
    run(
      path.join(repoRoot, "node_modules/.bin/tsx"),
      ["src/definitions/check-cli.ts", "--org", org, "--processes", dir],
      { cwd: repoRoot },
    );

  it("exits 1 and names the file, the step and the problem when there is an error", async () => {
    const e = await cli(
      "test/fixtures/check/org.yaml",
      "test/fixtures/check/unknown-role/processes",
    ).then(
      () => expect.fail("expected exit code 1"),
      (e: { code: number; stdout: string }) => e,
    );
    expect(e.code).toBe(1);
    expect(e.stdout).toContain(
      'error   test/fixtures/check/unknown-role/processes/sample.yaml: steps[0] "treasury" who: unknown role "treasurer"',
    );
    expect(e.stdout).toContain("2 error(s), 0 warning(s)");
  });

  it("exits 0 with warnings only", async () => {
    const { stdout } = await cli(
      "test/fixtures/check/org.yaml",
      "test/fixtures/check/warnings/processes",
    );
    expect(stdout).toContain("0 error(s), 3 warning(s)");
  });
});
