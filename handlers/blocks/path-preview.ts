// The path a request would take, step by step, as the requester reads it: who acts and
// why ("华东大区经理", "你的直属主管"), which steps are skipped and on what condition,
// and which still depend on a field not filled in yet. Shown in the request modal and by
// `/approval path`.
import type { KnownBlock } from "@slack/types";
import type { ProcessDef, StepDef } from "../../src/definitions/schema.ts";
import type { Directory } from "../../src/directory/directory.ts";
import type { Assignee } from "../../src/engine/resolve-assignees.ts";
import type { AssigneeReason } from "../../src/engine/types.ts";
import { type Locale, pick, t } from "../../src/i18n/index.ts";
import type { Missing, PathPreview, PreviewStep } from "../../src/requests/preview-path.ts";
import { errorText, fieldErrorText } from "../errors.ts";
import { ids } from "../ids.ts";
import { conditionText } from "./condition-text.ts";
import { mention, reasonText, roleName, separatedText } from "./format.ts";
import { bold, escapeMrkdwn } from "./mrkdwn.ts";

export interface PathPreviewInput {
  preview: PathPreview;
  def: ProcessDef;
  dir: Directory;
  locale: Locale;
  /** Heading (mrkdwn); the generic "approval path preview" when absent. */
  title?: string;
  /** A context line under the steps. */
  note?: string;
}

const prefix = ids.block.pathPreview;

/** Preview blocks carry block ids no form field can have (fields are lower_snake_case). */
export const isPreviewBlock = (blockId: string | undefined) =>
  blockId?.startsWith(`${prefix}:`) ?? false;

export function buildPathPreview(input: PathPreviewInput): KnownBlock[] {
  const { locale } = input;
  const blocks: KnownBlock[] = [
    { type: "divider", block_id: `${prefix}:divider` },
    {
      type: "section",
      block_id: `${prefix}:title`,
      text: { type: "mrkdwn", text: input.title ?? bold(t(locale, "preview.title")) },
    },
  ];
  // One section holds at most 3,000 characters: a long path spills into more sections.
  chunk(previewLines(input), 2900).forEach((text, i) => {
    blocks.push({
      type: "section",
      block_id: `${prefix}:steps:${i}`,
      text: { type: "mrkdwn", text },
    });
  });
  if (input.note)
    blocks.push({
      type: "context",
      block_id: `${prefix}:note`,
      elements: [{ type: "mrkdwn", text: input.note }],
    });
  return blocks;
}

/** One line per step (a parallel step adds one sub-line per branch). */
export function previewLines(input: PathPreviewInput): string[] {
  return input.preview.steps.map((step) => stepLine(step, input));
}

function stepLine(p: PreviewStep, input: PathPreviewInput): string {
  const { def, locale } = input;
  const step = def.steps[p.index]!;
  const kind =
    step.kind === "task"
      ? t(locale, "preview.kind.task")
      : step.kind === "notify"
        ? t(locale, "preview.kind.notify")
        : "";
  const when = p.condition ? conditionText(p.condition.when, def, locale) : undefined;
  const line = (icon: string, detail: string) =>
    t(locale, "preview.line", {
      icon,
      step: bold(escapeMrkdwn(pick(locale, step.name))),
      kind,
      detail,
    });
  switch (p.outcome) {
    case "skip":
      return line("⏭", t(locale, "preview.skip", { condition: when ?? "" }));
    case "assign": {
      const parts = [people(p.assignees, step, input)];
      if (when) parts.push(t(locale, "preview.because", { condition: when }));
      if (p.auto.length > 0)
        parts.push(t(locale, "preview.auto", { who: p.auto.map(mention).join(", ") }));
      // A parallel step's header ends in a colon: its branches follow on their own lines.
      if (step.branches) parts.push(parts.shift()!);
      const icon = step.kind === "task" ? "🛠" : step.kind === "notify" ? "📣" : "👤";
      return line(icon, parts.join(" · ") + branchLines(p.assignees, step, input));
    }
    case "returned":
      return line("↩️", t(locale, "preview.returned", { who: mention(p.userId) }));
    case "depends": {
      const parts = [
        t(locale, "preview.depends", {
          fields: p.on.map((f) => fieldState(f, input)).join(t(locale, "preview.list_separator")),
        }),
      ];
      if (when) parts.push(t(locale, "preview.depends.if", { condition: when }));
      if (p.assignees) parts.push(people(p.assignees, step, input));
      return line(
        "❔",
        parts.join(" · ") + (p.assignees ? branchLines(p.assignees, step, input) : ""),
      );
    }
    case "unresolvable":
      return line(
        "⚠️",
        errorText(
          { type: "unresolvable_step", step: pick(locale, step.name), cause: p.error },
          locale,
          input.dir,
        ),
      );
  }
}

/** "<@A> / <@B>（财务部）": people with the same reason share it; a parallel step lists its branches below. */
function people(list: Assignee[], step: StepDef, input: PathPreviewInput): string {
  if (step.branches) return t(input.locale, "preview.branches", { n: step.branches.length });
  const text = grouped(list, step, input);
  if (list.length <= 1 || step.kind !== "approval") return text;
  return `${text} · ${t(input.locale, step.mode === "all" ? "message.mode.all" : "message.mode.any")}`;
}

function branchLines(list: Assignee[], step: StepDef, input: PathPreviewInput): string {
  if (!step.branches) return "";
  return step.branches
    .map(
      (b) =>
        `\n${t(input.locale, "preview.branch", {
          branch: escapeMrkdwn(pick(input.locale, b.name)),
          people: grouped(
            list.filter((a) => a.branch === b.key),
            step,
            input,
          ),
        })}`,
    )
    .join("");
}

function grouped(list: Assignee[], step: StepDef, input: PathPreviewInput): string {
  const byReason = new Map<string, string[]>();
  for (const a of list) {
    const why = whyText(a.reason, input);
    byReason.set(why, [...(byReason.get(why) ?? []), a.userId]);
  }
  const sep = step.mode === "all" && !step.branches ? " + " : " / ";
  return [...byReason]
    .map(([why, users]) =>
      t(input.locale, "preview.person", { who: users.map(mention).join(sep), why }),
    )
    .join(sep);
}

/** Reasons as the requester reads them: "your manager", not "the requester's manager". */
function whyText(reason: AssigneeReason, input: PathPreviewInput): string {
  const { def, dir, locale } = input;
  switch (reason.kind) {
    case "manager":
      return reason.levels === 1
        ? t(locale, "preview.reason.manager.1")
        : t(locale, "preview.reason.manager.n", { levels: reason.levels });
    case "field": {
      const field = def.fields.find((f) => f.key === reason.field);
      return t(locale, "preview.reason.field", {
        field: escapeMrkdwn(field ? pick(locale, field.label) : reason.field),
      });
    }
    case "self_excluded":
      return t(locale, "preview.reason.self_excluded", {
        role: roleName(dir, reason.role, locale),
      });
    case "separated":
      return separatedText(reason, whyText(reason.of, input), locale);
    default:
      return reasonText(reason, def, dir, locale);
  }
}

/** "「金额（元）」", or with why it cannot be used yet: "「金额（元）」（请输入金额，例如 12,345.60）". */
function fieldState(key: string, input: PathPreviewInput): string {
  const { def, locale } = input;
  const f = def.fields.find((x) => x.key === key);
  const field = escapeMrkdwn(f ? pick(locale, f.label) : key);
  const missing: Missing | undefined = input.preview.missing.get(key);
  if (missing?.type !== "invalid") return t(locale, "preview.field", { field });
  return t(locale, "preview.field.invalid", {
    field,
    error: fieldErrorText(missing.error, locale),
  });
}

function chunk(lines: string[], max: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of lines) {
    const piece = line.length > max ? `${line.slice(0, max - 1)}…` : line;
    if (current && current.length + 1 + piece.length > max) {
      out.push(current);
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current) out.push(current);
  return out;
}
