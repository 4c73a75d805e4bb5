// processes:docs: the committed docs/processes.md matches config/ (regenerate it when a YAML
// changes), and the chart of a process shows its conditions, skips, branches and CC.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderProcessDocs } from "../../src/definitions/docs.ts";
import { loadProcesses } from "../../src/definitions/load-processes.ts";
import { processSchema } from "../../src/definitions/schema.ts";
import { loadDirectory } from "../../src/directory/load-org.ts";
import { repoRoot } from "../support/world.ts";

const n = (zh: string, en = zh) => ({ zh, en });

describe("docs/processes.md", () => {
  it("is up to date with config/ (run `npm run processes:docs` after editing a process or the org)", async () => {
    const dir = await loadDirectory(path.join(repoRoot, "config/org.yaml"));
    const defs = await loadProcesses(path.join(repoRoot, "config/processes"));
    const committed = await readFile(path.join(repoRoot, "docs/processes.md"), "utf8");
    expect(
      committed === renderProcessDocs(defs, dir.org),
      "docs/processes.md is out of date: run npm run processes:docs",
    ).toBe(true);
    for (const d of defs) expect(committed).toContain(`<a id="${d.key}"></a>`);
  });
});

describe("renderProcessDocs", async () => {
  const { org } = await loadDirectory(path.join(repoRoot, "config/org.yaml"));
  const def = processSchema.parse({
    key: "sample",
    name: n("样例", "Sample"),
    fields: [
      { key: "amount", type: "money", label: n("金额", "Amount") },
      {
        key: "kind",
        type: "select",
        label: n("类型", "Kind"),
        options: [
          { value: "a", label: n("甲", "A") },
          { value: "b", label: n("乙", "B") },
        ],
      },
      { key: "reviewer", type: "user", label: n("复核人", "Reviewer") },
    ],
    steps: [
      {
        key: "first",
        kind: "approval",
        who: { role: "finance" },
        amend: [{ field: "amount", direction: "down" }],
        name: n("初审", 'First "review"'),
      },
      {
        key: "depts",
        kind: "approval",
        when: "amount < 5000 or kind == 'b'",
        name: n("会签", "Countersign"),
        branches: [
          { key: "eng", who: { role: "engineering" }, name: n("技术", "Engineering") },
          { key: "pur", who: { field: "reviewer" }, name: n("采购", "Purchasing") },
        ],
      },
      { key: "pay", kind: "task", who: { manager: 2 }, name: n("付款", "Pay") },
      {
        key: "cc",
        kind: "notify",
        who: { role: "finance" },
        when: "kind == 'a'",
        name: n("抄送", "CC"),
      },
    ],
  });
  const md = renderProcessDocs([def], org);
  const chart = md.slice(md.indexOf("```mermaid"), md.lastIndexOf("```"));

  it("draws each condition as a diamond whose no-edge skips to the next step's entry", () => {
    expect(chart).toContain(`c1{"amount #lt; 5000 or kind == 'b'"}`);
    expect(chart).toContain(`c1 -->|"是 yes"| s1`);
    expect(chart).toContain(`c1 -->|"否 no: skip"| s2`);
    // The last step's condition skips to the end.
    expect(chart).toContain(`c3 -->|"否 no: skip"| done`);
    expect(chart).toContain("s0 --> c1");
  });

  it("draws a countersign as a subgraph of its branches, a task rounded, a CC as a flag", () => {
    expect(chart).toMatch(
      /subgraph s1 \["会签 · 并行会签 all must approve"\]\n {4}direction LR\n {4}s1_eng\["技术<br\/>Engineering<br\/>技术部 Engineering"\]\n {4}s1_pur\["采购<br\/>Purchasing<br\/>表单「复核人」所选 picked in “Reviewer”"\]\n {2}end/,
    );
    expect(chart).toContain(`s2("付款<br/>Pay<br/>申请人往上第 2 级主管 2 levels up")`);
    expect(chart).toContain(`s3>"抄送<br/>CC<br/>财务部 Finance"]`);
    expect(chart).toContain("class s2 task");
    expect(chart).toContain("class s3 notify");
  });

  it("escapes quotes in labels, and lists steps and fields in tables", () => {
    expect(chart).toContain("First #quot;review#quot;");
    expect(md).toContain(
      '| 1 | 初审 · First "review" (`first`) | approval | 财务部 Finance (`finance`) |  | may amend: `amount` (只降 down only) |',
    );
    expect(md).toContain("| `kind` | select | 类型 | Kind | yes | `a` 甲 / A, `b` 乙 / B |");
    expect(md).toContain("| `amount` | money | 金额 | Amount | yes | CNY, 2 decimals |");
  });
});
