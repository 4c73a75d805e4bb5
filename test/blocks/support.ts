// Requests as the builders read them, made up in memory (no database), and Slack's own
// checks of what the builders make: the strict local Slack's, so "fits" means "Slack takes it".

import { checkMessage, checkView, MAX_BLOCKS, shownText } from "@approvals/slack-local";
import type { View } from "@slack/types";
import { expect } from "vitest";
import type { Reader } from "../../handlers/blocks/reader.ts";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import type { FormValues } from "../../src/definitions/condition.ts";
import { type ProcessDef, processSchema } from "../../src/definitions/schema.ts";
import type { CustomerSummary, RequestView } from "../../src/requests/load-request-view.ts";
import type { Assignment, AuditEntry } from "../../src/requests/records.ts";
import { published } from "../preview/support.ts";

export { shipped } from "../preview/support.ts";

export const at = new Date("2026-12-01T02:00:00Z");
export const zh = { locale: "zh-CN", timeZone: "Asia/Shanghai" } as const satisfies Reader;
export const en = { locale: "en", timeZone: "Asia/Shanghai" } as const satisfies Reader;

let nextId = 1;

export function assignment(
  a: Partial<Assignment> & Pick<Assignment, "stepIndex" | "stepKey" | "assigneeId">,
): Assignment {
  return {
    id: nextId++,
    requestId: 1,
    kind: "APPROVAL",
    status: "PENDING",
    reason: { kind: "role", role: "finance" },
    createdAt: at,
    decidedAt: null,
    onBehalfOfId: null,
    delegatedFromId: null,
    remindersSent: 0,
    timedOutAt: null,
    branch: null,
    addedById: null,
    addedPosition: null,
    inputs: null,
    ...a,
  } as Assignment;
}

export function auditEntry(
  e: Partial<AuditEntry> & Pick<AuditEntry, "action" | "actorId">,
): AuditEntry {
  return {
    id: nextId++,
    requestId: 1,
    assignmentId: null,
    stepIndex: null,
    stepKey: null,
    comment: null,
    data: null,
    at,
    ...e,
  } as AuditEntry;
}

export interface ViewInput {
  form: FormValues;
  assignments?: Assignment[];
  audit?: AuditEntry[];
  status?: RequestView["request"]["status"];
  customers?: CustomerSummary[];
  id?: number;
  /** The version the request pinned (default: `def` published as version id 1). */
  process?: PublishedProcess;
}

export function requestView(def: ProcessDef, input: ViewInput): RequestView {
  const request = {
    id: input.id ?? 1,
    processKey: def.key,
    processVersionId: input.process?.versionId ?? 1,
    requesterId: "USR0001",
    status: input.status ?? "PENDING",
    form: input.form,
    currentStep: 0,
    returnedFromId: null,
    createdAt: at,
    updatedAt: at,
    completedAt: null,
    webhookStatus: null,
    webhookAttempts: 0,
    webhookError: null,
    lastManualRemindAt: null,
    amendments: null,
    revision: 1,
    syncedRevision: 0,
  } as RequestView["request"];
  return {
    request,
    process: input.process ?? published(def),
    assignments: input.assignments ?? [],
    audit: input.audit ?? [],
    customers: new Map((input.customers ?? []).map((c) => [c.code, c])),
    context: [],
    ahead: [],
    deliveryIssues: [],
  };
}

/** Text of `n` characters as someone might type it, with characters mrkdwn must escape (cut around them). */
export function typed(n: number, seed = "说明"): string {
  const piece = `${seed}：尺寸 A&B <加长型> 与标准配置不同，交期 45 天；`;
  return [...piece.repeat(Math.ceil(n / [...piece].length))].slice(0, n).join("");
}

/** A message Slack posts (chat.postMessage counts the blocks' text together), with room to spare. */
export function expectPostable(m: { text: string; blocks: unknown[] }): void {
  expect(checkMessage(m)).toBeUndefined();
  expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS.message);
  expect(shownText(m.blocks)).toBeLessThanOrEqual(10_000);
}

/** A modal or App Home Slack opens or publishes. */
export function expectOpenable(view: View, type: "modal" | "home"): void {
  expect(checkView(view, type).messages()).toEqual([]);
}

/** Every text of a message's blocks, or only its mrkdwn ones. */
export function textsOf(blocks: unknown[], only?: "mrkdwn"): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (typeof v !== "object" || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o.text === "string" && (o.type === "mrkdwn" || (o.type === "plain_text" && !only)))
      out.push(o.text);
    Object.values(o).forEach(visit);
  };
  visit(blocks);
  return out;
}

/** Mentions and escapes are whole wherever a text was cut: no `<@U…` without its `>`, no `&am`. */
export function expectNothingBroken(blocks: unknown[]): void {
  for (const text of textsOf(blocks, "mrkdwn")) {
    expect(text.replace(/<[^<>]*>/g, ""), text).not.toMatch(/[<>]/);
    expect(text.replace(/&(amp|lt|gt);/g, ""), text).not.toMatch(/&/);
  }
}

const both = (zhText: string, enText: string) => ({ zh: zhText, en: enText });

/**
 * A definition at the edge of what an admin may write: long names and labels in both
 * languages, a description of 3,000 characters, `fields` fields (a select of 250 options,
 * a textarea allowing Slack's 3,000, the most a definition may) and `steps` steps with long names.
 */
export function longProcess(key: string, fields = 12, steps = 6): ProcessDef {
  const long = (s: string, n: number) =>
    both(
      `${s}：${"很长的中文名称".repeat(n)}`,
      `${s}: ${"a rather long English name ".repeat(n)}`.trim(),
    );
  const options = Array.from({ length: 250 }, (_, i) => ({
    value: `o${i}`,
    label: long(`选项 ${i}`, 20),
  }));
  const list = [
    { key: "kind", type: "select", label: long("类型", 400), hint: long("提示", 400), options },
    { key: "body", type: "textarea", max_length: 3000, label: long("正文", 10) },
    { key: "amount", type: "money", label: long("金额", 3) },
    ...Array.from({ length: fields - 3 }, (_, i) => ({
      key: `f${i}`,
      type: "text",
      label: long(`字段 ${i}`, 3),
      required: false,
    })),
  ];
  return processSchema.parse({
    key,
    name: both(
      `${key} 周转车要车、调配和降价（加长名称）`,
      `${key} demo stock: request, transfer, markdown`,
    ),
    description: both("说明".repeat(1500), "about ".repeat(500)),
    fields: list,
    steps: Array.from({ length: steps }, (_, i) => ({
      key: `s${i}`,
      kind: "approval",
      who: { role: "finance" },
      when: i % 2 ? "amount > 1000" : undefined,
      name: long(`环节 ${i}`, 8),
    })),
  });
}

const text = (zhText: string, enText: string) => ({ zh: zhText, en: enText });

/**
 * One process published twice: v2 renamed the process and its first step, and made that step
 * ask (an input), so a request pinned to v1 must still show v1's names and a one-click approve.
 * Steps: `review` (approval), `opinion` (approval with an input and an amendable value),
 * `ship` (task), `copy` (notify).
 */
export function versions(): { v1: PublishedProcess; v2: PublishedProcess } {
  const def = (v: 1 | 2) =>
    processSchema.parse({
      key: "t_blocks",
      version: v,
      name:
        v === 1 ? text("备件申请", "Spare parts") : text("备件采购申请", "Spare parts purchase"),
      fields: [
        { key: "amount", type: "money", label: text("金额", "Amount") },
        { key: "note", type: "text", label: text("说明", "Note"), required: false },
      ],
      steps: [
        {
          key: "review",
          kind: "approval",
          who: { manager: 1 },
          name:
            v === 1 ? text("主管审批", "Manager review") : text("部门审批", "Department review"),
          ...(v === 2
            ? { inputs: [{ key: "why", type: "text", label: text("理由", "Why") }] }
            : {}),
        },
        {
          key: "opinion",
          kind: "approval",
          who: { role: "finance" },
          name: text("财务意见", "Finance opinion"),
          inputs: [{ key: "opinion", type: "text", label: text("意见", "Opinion") }],
          amend: [{ field: "amount", direction: "down" }],
        },
        { key: "ship", kind: "task", who: { role: "finance" }, name: text("发货", "Ship") },
        { key: "copy", kind: "notify", who: { role: "finance" }, name: text("抄送财务", "Copy") },
      ],
    });
  return {
    v1: { ...published(def(1)), versionId: 11 },
    v2: { ...published(def(2)), versionId: 12 },
  };
}

export interface Button {
  type: string;
  action_id?: string;
  value?: string;
  style?: string;
  confirm?: { title: { text: string }; text: { text: string } };
}
export interface Block {
  type: string;
  block_id?: string;
  elements?: Button[];
  accessory?: Button;
}

/** The actions blocks of a message or view, as `block id → action ids`. */
export function actionsOf(blocks: unknown[]): Record<string, string[]> {
  return Object.fromEntries(
    (blocks as Block[])
      .filter((b) => b.type === "actions")
      .map((b) => [b.block_id ?? "", (b.elements ?? []).map((e) => e.action_id ?? "")]),
  );
}

/** A button by its action id within the block of that id. */
export function button(blocks: unknown[], blockId: string, actionId: string): Button | undefined {
  return (blocks as Block[])
    .find((b) => b.block_id === blockId)
    ?.elements?.find((e) => e.action_id === actionId);
}
