// Fills any process form from its definition and walks a request to its end through Slack,
// clicking as whoever holds the next step: the same path a person takes, for every process.

import type { SimpleValue } from "@approvals/slack-local";
import { expect } from "vitest";
import { ids } from "../../handlers/ids.ts";
import type { FieldDef } from "../../src/definitions/schema.ts";
import { actionIds, type Bot, clickOn, decideInModal, eventually, messagesOf } from "./bot.ts";

/** A valid answer for a field, in the shape the local Slack submits. */
export function sampleValue(field: FieldDef): SimpleValue | undefined {
  switch (field.type) {
    case "text":
      return `样例 ${field.key}`.slice(0, field.max_length);
    case "textarea":
      return `说明：${field.key}`;
    case "money":
      return "10,000.00";
    case "number":
      return String(field.min ?? 1);
    case "select":
      return { option: field.options[0]!.value };
    case "date":
      return { date: "2026-12-01" };
    case "customer":
      return { option: field.kind === "distributor" ? "D3001" : "C1001" };
    case "link":
      return "https://files.example.com/doc.pdf";
    case "user":
    case "checkbox":
      // No sensible default: a test gives a person; an unticked box is an answer.
      return undefined;
  }
}

export function sampleForm(
  fields: FieldDef[],
  overrides: Record<string, SimpleValue> = {},
): Record<string, SimpleValue> {
  const out: Record<string, SimpleValue> = {};
  for (const f of fields) {
    const v = sampleValue(f);
    if (v !== undefined && (f.required || f.type !== "user")) out[f.key] = v;
  }
  return { ...out, ...overrides };
}

/**
 * Approves (or completes) whatever is pending until the request ends, through the real
 * buttons and, where a step asks for answers, its approve modal. Returns who acted, in order.
 */
export async function walkToEnd(bot: Bot, requestId: number, maxSteps = 30): Promise<string[]> {
  const db = bot.world.database.prisma;
  const acted: string[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const next = await db.assignment.findFirst({
      where: { requestId, status: "PENDING" },
      orderBy: { id: "asc" },
    });
    if (!next) return acted;
    if (next.kind === "TASK") {
      await clickOn(bot, requestId, next.assigneeId, ids.action.taskDone);
    } else {
      const request = await db.request.findUniqueOrThrow({
        where: { id: requestId },
        include: { processVersion: true },
      });
      const step = (
        request.processVersion.definition as {
          steps: { key: string; inputs?: FieldDef[]; amend?: unknown[] }[];
        }
      ).steps[next.stepIndex]!;
      if (step.inputs?.length || step.amend?.length) {
        const answers = Object.fromEntries(
          (step.inputs ?? []).flatMap((f) =>
            sampleValue(f) === undefined
              ? []
              : [[`${ids.block.inputsPrefix}${f.key}`, sampleValue(f)!]],
          ),
        );
        await approveInModal(bot, requestId, next.assigneeId, answers);
      } else {
        await clickOn(bot, requestId, next.assigneeId);
      }
    }
    acted.push(`${next.stepKey}:${next.assigneeId}`);
    await eventually(
      async () =>
        (await db.assignment.findUniqueOrThrow({ where: { id: next.id } })).status !== "PENDING"
          ? true
          : undefined,
      `${next.stepKey} decided`,
    );
  }
  throw new Error(`request #${requestId} did not end within ${maxSteps} steps`);
}

/**
 * Approves through the approve modal (a step with inputs or amendable values): opens it
 * from the person's message and submits `values` (block id → value); fails on field errors.
 */
export async function approveInModal(
  bot: Bot,
  requestId: number,
  userId: string,
  values: Record<string, SimpleValue> = {},
): Promise<void> {
  const { answer: res } = await decideInModal(bot, requestId, userId, ids.action.approve, values);
  expect(res.json?.response_action, `approve modal by ${userId}: ${res.body}`).toBeUndefined();
}

/** Once a request has ended, no message of it may still carry a decision button. */
export async function expectNoButtonsLeft(bot: Bot, requestId: number): Promise<void> {
  await eventually(async () => {
    const left = (await messagesOf(bot, requestId)).filter(
      (m) => m.key.startsWith("assignment:") && actionIds(m).length > 0,
    );
    return left.length === 0 ? true : undefined;
  }, `every message of #${requestId} to lose its buttons`);
}
