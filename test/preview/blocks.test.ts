// The preview's Block Kit and the request modal around it, and conditions put in words.
import { beforeAll, describe, expect, it } from "vitest";
import { conditionText } from "../../handlers/blocks/condition-text.ts";
import { buildPathPreview, isPreviewBlock } from "../../handlers/blocks/path-preview.ts";
import { buildRequestModal } from "../../handlers/blocks/request-modal.ts";
import { verbatimText } from "../../handlers/blocks/verbatim.ts";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import { conditionFields } from "../../src/definitions/condition.ts";
import { describeCondition } from "../../src/definitions/describe-condition.ts";
import type { Directory } from "../../src/directory/directory.ts";
import { pathFields, previewPath } from "../../src/requests/preview-path.ts";
import { routing, shipped } from "./support.ts";

let dir: Directory;
let process: (key: string) => PublishedProcess;
beforeAll(async () => ({ dir, process } = await shipped()));

type Input = {
  type: string;
  block_id?: string;
  dispatch_action?: boolean;
  element?: { action_id?: string; dispatch_action_config?: unknown };
};

describe("the preview blocks", () => {
  it("are a divider, a heading, the steps and a note, each with a block id no field can have", () => {
    const p = process("return");
    const blocks = buildPathPreview({
      preview: previewPath(p, { amount: "80000" }, "USR0001", dir),
      def: p.def,
      dir,
      locale: "en",
      note: "a note",
    });
    expect(blocks.map((b) => `${b.type}:${b.block_id}`)).toEqual([
      "divider:path_preview:divider",
      "section:path_preview:title",
      "section:path_preview:steps:0",
      "context:path_preview:note",
    ]);
    expect(blocks.every((b) => isPreviewBlock(b.block_id))).toBe(true);
    expect(p.def.fields.some((f) => isPreviewBlock(f.key))).toBe(false);
    const steps = (blocks[2] as { text: { text: string } }).text.text.split("\n");
    expect(steps).toHaveLength(p.def.steps.length);
    expect((blocks[1] as { text: { text: string } }).text.text).toBe("*Approval path preview*");
  });

  it("spill a long path over several sections, none above Slack's 3,000 characters", () => {
    const p = process("return");
    const long = {
      ...p,
      def: {
        ...p.def,
        steps: Array.from({ length: 60 }, (_, i) => ({
          ...p.def.steps[0]!,
          key: `s${i}`,
          name: { zh: "很长的环节名称".repeat(6), en: "A rather long step name ".repeat(3) },
        })),
      },
    };
    const blocks = buildPathPreview({
      preview: previewPath({ ...long, conditions: new Map() }, {}, "USR0001", dir),
      def: long.def,
      dir,
      locale: "zh-CN",
    });
    const sections = blocks.filter((b) => b.block_id?.startsWith("path_preview:steps:")) as {
      text: { text: string };
    }[];
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) expect(s.text.text.length).toBeLessThanOrEqual(3000);
    expect(sections.flatMap((s) => s.text.text.split("\n"))).toHaveLength(60);
  });
});

describe("the request modal", () => {
  it("asks Slack to report edits of the fields the path reads, and no others, and shows the preview under the fields", () => {
    const p = process("return");
    const preview = buildPathPreview({
      preview: previewPath(p, {}, "USR0001", dir),
      def: p.def,
      dir,
      locale: "zh-CN",
    });
    const view = buildRequestModal({
      def: p.def,
      locale: "zh-CN",
      dispatch: pathFields(p.def),
      preview,
    });
    const blocks = view.blocks as Input[];
    const inputs = blocks.filter((b) => b.type === "input");
    expect(inputs.filter((b) => b.dispatch_action).map((b) => b.block_id)).toEqual(["amount"]);
    // Typing an amount reports each change (nobody presses Enter in a form).
    expect(inputs.find((b) => b.block_id === "amount")!.element!.dispatch_action_config).toEqual({
      trigger_actions_on: ["on_character_entered"],
    });
    expect(
      inputs.find((b) => b.block_id === "order_no")!.element!.dispatch_action_config,
    ).toBeUndefined();
    // Field block ids stay the field keys, so Slack keeps what was typed across updates.
    expect(inputs.map((b) => `${b.block_id}/${b.element!.action_id}`)).toEqual(
      p.def.fields.map((f) => `${f.key}/${f.key}`),
    );
    expect(blocks.slice(-preview.length)).toEqual(verbatimText(preview));
    expect(blocks.findIndex((b) => isPreviewBlock(b.block_id))).toBeGreaterThan(
      blocks.findLastIndex((b) => b.type === "input"),
    );
  });

  it("reports selects, checkboxes and people pickers too", () => {
    const view = buildRequestModal({ def: routing, locale: "en", dispatch: pathFields(routing) });
    expect(
      (view.blocks as Input[]).filter((b) => b.dispatch_action).map((b) => b.block_id),
    ).toEqual(["amount", "checker", "urgent", "kind"]);
  });
});

describe("conditions", () => {
  it("list the fields they read", () => {
    expect(conditionFields("amount > 50000 and type == 'exchange'")).toEqual(["amount", "type"]);
    expect(conditionFields("not (hold or 1000 < amount) and kind in ['a', 'b']")).toEqual([
      "hold",
      "amount",
      "kind",
    ]);
    expect(conditionFields("amount > -5")).toEqual(["amount"]);
  });

  it("come apart into clauses: reversed comparisons turned round, a and b and c as one list", () => {
    expect(describeCondition("50000 < amount")).toEqual({
      type: "compare",
      field: "amount",
      op: ">",
      value: { type: "number", raw: "50000" },
    });
    expect(describeCondition("a == 1 and b != 'x' and not c")).toEqual({
      type: "all",
      parts: [
        { type: "compare", field: "a", op: "==", value: { type: "number", raw: "1" } },
        { type: "compare", field: "b", op: "!=", value: { type: "string", value: "x" } },
        { type: "flag", field: "c", negated: true },
      ],
    });
    // Two fields compared with each other have no words here: shown as written.
    expect(describeCondition("amount > budget")).toEqual({
      type: "raw",
      source: "amount > budget",
    });
  });

  it("read in words, with money, options and grouping", () => {
    const def = process("return").def;
    expect(conditionText("amount > 50000 and type == 'exchange'", def, "zh-CN")).toBe(
      "金额（元）大于 ¥50,000.00，且类型为「换货」",
    );
    expect(
      conditionText("amount <= 1234.5 or not (type in ['return', 'exchange'])", def, "en"),
    ).toBe("Amount (CNY) is at most ¥1,234.50 or not (Type is one of “Return”, “Exchange”)");
    expect(conditionText("(amount > 1 or amount < -1) and type != 'x'", def, "en")).toBe(
      "(Amount (CNY) is above ¥1.00 or Amount (CNY) is below -¥1.00) and Type is not “x”",
    );
    expect(conditionText("amount > order_no", def, "en")).toBe("`amount > order_no`");
  });
});
