// The request form and the decision modals as pure functions, at their worst: a definition
// with long names, labels, hints and options, 95 fields and a long path preview; prefilled
// with long values. Slack's own view checks must take every one.
import { beforeAll, describe, expect, it } from "vitest";
import { buildDecisionModal, type DecisionKind } from "../../handlers/blocks/decision-modal.ts";
import { buildPathPreview } from "../../handlers/blocks/path-preview.ts";
import { buildRequestModal } from "../../handlers/blocks/request-modal.ts";
import { verbatimText } from "../../handlers/blocks/verbatim.ts";
import { openingModal, refusedModal } from "../../handlers/blocks/waiting-modal.ts";
import { type ProcessDef, processSchema } from "../../src/definitions/schema.ts";
import type { Directory } from "../../src/directory/directory.ts";
import { pathFields, previewPath } from "../../src/requests/preview-path.ts";
import { published } from "../preview/support.ts";
import { expectOpenable, longProcess, shipped, textsOf, typed } from "./support.ts";

let dir: Directory;
beforeAll(async () => ({ dir } = await shipped()));

type Input = { type: string; block_id?: string; element?: Record<string, unknown> };

function form(def: ProcessDef, locale: "zh-CN" | "en", values = {}) {
  const p = published(def);
  const preview = buildPathPreview({
    preview: previewPath(p, values, "USR0001", dir),
    def,
    dir,
    locale,
    note: "note",
  });
  return {
    view: buildRequestModal({ def, locale, values, dispatch: pathFields(def), preview }),
    preview,
  };
}

describe("the request form", () => {
  it("gives the preview what room 95 fields leave, and says where the whole path is", () => {
    const def = longProcess("wide", 95, 60);
    for (const locale of ["zh-CN", "en"] as const) {
      const { view, preview } = form(def, locale);
      expectOpenable(view, "modal");
      const blocks = view.blocks as Input[];
      expect(blocks.filter((b) => b.type === "input")).toHaveLength(95);
      expect(blocks.length).toBeLessThanOrEqual(100);
      expect(blocks.length).toBeLessThan(1 + 95 + preview.length);
      expect(blocks.at(-1)!.block_id).toBe("path_preview:more");
      expect(textsOf(blocks.slice(-1))[0]).toContain("`/approval path wide`");
    }
  });

  it("keeps the whole preview when it fits, and shortens a long title sensibly", () => {
    const def = longProcess("demo", 12, 6);
    const { view, preview } = form(def, "en");
    expectOpenable(view, "modal");
    expect(view.blocks.slice(-preview.length)).toEqual(verbatimText(preview));
    expect((view as { title: { text: string } }).title.text).toBe("demo demo stock…");
  });

  it("opens at once under the same shortened title the form will have", () => {
    const def = longProcess("demo", 12, 6);
    const { view } = form(def, "en");
    for (const waiting of [
      openingModal("en", def.name.en),
      refusedModal("en", def.name.en, typed(4000)),
    ]) {
      expectOpenable(waiting, "modal");
      expect((waiting as { title: unknown }).title).toEqual((view as { title: unknown }).title);
    }
  });

  it("offers a select of 250 options in groups of 100, each text cut to 75, the chosen one kept", () => {
    const { view } = form(longProcess("opts"), "zh-CN", { kind: "o230" });
    expectOpenable(view, "modal");
    const el = (view.blocks as Input[]).find((b) => b.block_id === "kind")!.element!;
    const groups = el.option_groups as { label: { text: string }; options: { value: string }[] }[];
    expect(groups.map((g) => [g.label.text, g.options.length])).toEqual([
      ["第 1–100 项", 100],
      ["第 101–200 项", 100],
      ["第 201–250 项", 50],
    ]);
    expect((el.initial_option as { value: string }).value).toBe("o230");
  });

  it("reopens prefilled with values as long as Slack's inputs take", () => {
    const def = longProcess("prefill");
    const values = { kind: "o1", body: typed(5000), amount: "100.00", f0: typed(200) };
    const { view } = form(def, "zh-CN", values);
    expectOpenable(view, "modal");
    const body = (view.blocks as Input[]).find((b) => b.block_id === "body")!.element!;
    expect(body.max_length).toBe(3000);
  });
});

/** A step that asks for answers (a long select and a note) and lets the approver amend three values. */
function asking(): ProcessDef {
  const base = longProcess("asks");
  const inputs = base.fields.slice(0, 2).map((f) => ({ ...f, key: `${f.key}_answer` }));
  const steps = base.steps.map((s, i) =>
    i === 0
      ? {
          ...s,
          inputs,
          amend: [{ field: "kind" }, { field: "body" }, { field: "amount", direction: "down" }],
        }
      : s,
  );
  const { version: _, ...rest } = base;
  return processSchema.parse({ ...rest, steps });
}

describe("the decision modals", () => {
  const kinds: DecisionKind[] = ["reject", "return", "transfer", "approve", "add_approver", "cc"];

  it.each(kinds)(
    "%s opens within Slack's limits with long labels, options and current values",
    (kind) => {
      const def = asking();
      const on = {
        def,
        step: def.steps[0]!,
        form: { kind: "o7", body: typed(3000), amount: "12000.00" },
        customers: new Map(),
      };
      for (const locale of ["zh-CN", "en"] as const) {
        const about = `*${def.name.zh} #1* · ${typed(4000)}`;
        const view = buildDecisionModal(kind, { assignmentId: 1 }, about, locale, on);
        expectOpenable(view, "modal");
        expect(JSON.parse((view as { private_metadata: string }).private_metadata)).toEqual({
          assignmentId: 1,
        });
      }
    },
  );
});
