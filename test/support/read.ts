// What a test reads back from the bot it started: the messages the local Slack holds, and
// the request's rows (status, audit trail, assignments) in the bot's database.
import type { Block, StoredMessage } from "@approvals/slack-local";
import { ids } from "../../handlers/ids.ts";
import { eventually } from "../../harness/async.ts";
import type { Bot } from "./bot.ts";
import { auditOf, requestRow } from "./rows.ts";

/** The message in a person's DM that carries buttons for `actionId`, newest first. */
export function messageWithAction(
  bot: Bot,
  userId: string,
  actionId: string,
): StoredMessage | undefined {
  return [...bot.slack.store.dmOf(userId)]
    .reverse()
    .find((m) => JSON.stringify(m.blocks ?? []).includes(`"action_id":"${actionId}"`));
}

export async function waitForAction(
  bot: Bot,
  userId: string,
  actionId: string = ids.action.approve,
): Promise<StoredMessage> {
  return eventually(() => messageWithAction(bot, userId, actionId), `${actionId} for ${userId}`);
}

export function textOf(message: { text?: string; blocks?: unknown } | undefined): string {
  return message ? `${message.text ?? ""}\n${JSON.stringify(message.blocks ?? [])}` : "";
}

export async function requestStatus(bot: Bot, requestId: number) {
  return (await requestRow(bot.world.database.prisma, requestId)).status;
}

export async function latestRequestId(bot: Bot): Promise<number> {
  return (await bot.world.database.prisma.request.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
}

/** The buttons of an approval's DM, in order: approve, reject, return, transfer, 加签, 抄送. */
export const everyDecisionAction = [
  ids.action.approve,
  ids.action.reject,
  ids.action.return,
  ids.action.transfer,
  ids.action.addApprover,
  ids.action.cc,
];

/** Every action_id on a message, e.g. ["approval.approve", "approval.reject", …]. */
export function actionIds(message: { blocks?: Block[] } | undefined): string[] {
  return (message?.blocks ?? []).flatMap((b) =>
    b.type === "actions" && Array.isArray(b.elements)
      ? b.elements.map((e) => String((e as { action_id?: string }).action_id))
      : [],
  );
}

/** The current version of every Slack message the bot posted for a request. */
export async function messagesOf(
  bot: Bot,
  requestId: number,
): Promise<(StoredMessage & { key: string; userId: string })[]> {
  const rows = await bot.world.database.prisma.slackMessage.findMany({
    where: { requestId },
    orderBy: { id: "asc" },
  });
  // A row without ts is a post still in flight.
  return rows.flatMap((r) => {
    if (!r.channel || !r.ts) return [];
    const m = bot.slack.store.message(r.channel, r.ts);
    if (!m) throw new Error(`message ${r.key} of request ${requestId} is not in the local Slack`);
    return [{ ...m, key: r.key, userId: r.userId }];
  });
}

/** The message of a request in a person's DM that carries `actionId`. */
export async function actionMessage(
  bot: Bot,
  requestId: number,
  userId: string,
  actionId: string = ids.action.approve,
) {
  return eventually(
    async () =>
      (await messagesOf(bot, requestId)).find(
        (m) => m.userId === userId && actionIds(m).includes(actionId),
      ),
    `${actionId} for ${userId} on #${requestId}`,
  );
}

/** The readable text of a message's blocks (header, sections, fields, context), one block per line. */
export function plainText(message: { blocks?: Block[] } | undefined): string {
  const texts: string[] = [];
  const textOfObj = (o: unknown) =>
    typeof o === "object" && o !== null && typeof (o as { text?: unknown }).text === "string"
      ? [(o as { text: string }).text]
      : [];
  for (const b of message?.blocks ?? []) {
    const parts = [
      ...textOfObj(b.text),
      ...(Array.isArray(b.fields) ? b.fields.flatMap(textOfObj) : []),
      ...(b.type === "context" && Array.isArray(b.elements) ? b.elements.flatMap(textOfObj) : []),
    ];
    if (parts.length > 0) texts.push(parts.join("\n"));
  }
  return texts.join("\n");
}

/** "ACTION:actor" for each audit row of a request, oldest first. */
export async function auditTrail(bot: Bot, requestId: number): Promise<string[]> {
  const rows = await auditOf(bot.world.database.prisma, requestId);
  return rows.map((a) => `${a.action}:${a.actorId}`);
}

/** "stepKey:assignee:STATUS" for each assignment of a request, oldest first. */
export async function assignmentsOf(bot: Bot, requestId: number): Promise<string[]> {
  const rows = await bot.world.database.prisma.assignment.findMany({
    where: { requestId },
    orderBy: { id: "asc" },
  });
  return rows.map((a) => `${a.stepKey}:${a.assigneeId}:${a.status}`);
}

/** Waits until the request waits on someone (its first assignment is made after the submission's ack). */
export async function waitForAssignment(bot: Bot, requestId: number): Promise<void> {
  await eventually(
    async () =>
      (await bot.world.database.prisma.assignment.count({
        where: { requestId, status: "PENDING" },
      })) > 0 || undefined,
    "an assignment",
  );
}

export async function waitForStatus(bot: Bot, requestId: number, status: string): Promise<void> {
  await eventually(
    async () => (await requestStatus(bot, requestId)) === status || undefined,
    `request #${requestId} to be ${status}`,
  );
}
