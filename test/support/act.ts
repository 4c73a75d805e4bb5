// What a person does in Slack, through the local Slack's signed requests to the bot a test
// started: slash commands, filing a request, clicking buttons, opening and submitting modals.
import {
  type Block,
  formValues,
  type SimpleValue,
  type StoredEphemeral,
  type StoredMessage,
  type StoredView,
} from "@approvals/slack-local";
import { expect } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { eventually } from "../../harness/async.ts";
import type { Bot } from "./bot.ts";
import { actionMessage, latestRequestId, waitForAction } from "./read.ts";

/** Files a request the way a person does: the command opens the modal, they submit it. */
export async function fileRequest(
  bot: Bot,
  userId: string,
  processKey: string,
  values: Record<string, SimpleValue>,
) {
  const before = openBefore(bot, userId);
  const res = await bot.slack.slashCommand({
    userId,
    command: "/approval",
    text: `new ${processKey}`,
  });
  if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
  const view = await openedModal(bot, userId, before, "the request modal");
  const answer = await bot.slack.submitView({
    userId,
    viewId: view.id,
    values: formValues(view, values),
  });
  return { view, answer };
}

/** Clicks a button in the newest DM of the person that has it; waits for the bot to finish. */
export async function click(bot: Bot, userId: string, actionId: string = ids.action.approve) {
  const message = await waitForAction(bot, userId, actionId);
  const callsBefore = bot.slack.store.calls.length;
  const res = await bot.slack.clickButton({
    userId,
    actionId,
    message: { channel: message.channel, ts: message.ts },
  });
  return { res, message, callsBefore };
}

/**
 * The modal a person's click or command opened (the `before`-th of their stack), once filled:
 * a modal that reads the database opens at once with a title only, then becomes the form.
 */
export async function openedModal(
  bot: Bot,
  userId: string,
  before: OpenBefore,
  what: string,
): Promise<StoredView> {
  return eventually(() => {
    const view = bot.slack.store.openViewsOf(userId).find((v) => !before.has(v.id));
    return view?.callback_id ? view : undefined;
  }, what);
}

export type OpenBefore = ReadonlySet<string>;

/** The modals a person has open now: a modal opened after this is a new one. */
export const openBefore = (bot: Bot, userId: string): OpenBefore =>
  new Set(bot.slack.store.openViewsOf(userId).map((v) => v.id));

/** Runs a slash command that opens a modal and returns the modal. */
export async function openModal(
  bot: Bot,
  userId: string,
  command: string,
  text = "",
): Promise<StoredView> {
  const before = openBefore(bot, userId);
  const res = await bot.slack.slashCommand({ userId, command, text });
  if (res.status !== 200) throw new Error(`${command} answered ${res.status}`);
  if (res.body.trim())
    throw new Error(`${command} answered with a message instead of a modal: ${res.body}`);
  return openedModal(bot, userId, before, `the modal of ${command}`);
}

/** Files a request through a process's own command (/credit, /rebate, …). */
export async function fileVia(
  bot: Bot,
  userId: string,
  command: string,
  values: Record<string, SimpleValue>,
) {
  const view = await openModal(bot, userId, command);
  const answer = await bot.slack.submitView({
    userId,
    viewId: view.id,
    values: formValues(view, values),
  });
  if (answer.status !== 200 || answer.json?.response_action)
    throw new Error(`submission refused: ${answer.status} ${answer.body}`);
  const id = await latestRequestId(bot);
  return { view, answer, id };
}

/** Clicks a button that opens a modal (reject, return, transfer, resubmit) and returns the modal. */
export async function clickForModal(
  bot: Bot,
  userId: string,
  message: StoredMessage,
  actionId: string,
): Promise<StoredView> {
  const before = openBefore(bot, userId);
  const res = await bot.slack.clickButton({
    userId,
    actionId,
    message: { channel: message.channel, ts: message.ts },
  });
  if (res.status !== 200) throw new Error(`${actionId} answered ${res.status}`);
  return openedModal(bot, userId, before, `the modal of ${actionId}`);
}

/**
 * Decides in a modal (reject, return, approve with inputs, 加签, …): clicks `actionId` on the
 * person's message of the request and submits `values`; returns the modal and Slack's answer.
 */
export async function decideInModal(
  bot: Bot,
  requestId: number,
  userId: string,
  actionId: string,
  values: Record<string, SimpleValue>,
) {
  const message = await actionMessage(bot, requestId, userId, actionId);
  const view = await clickForModal(bot, userId, message, actionId);
  const answer = await bot.slack.submitView({
    userId,
    viewId: view.id,
    values: formValues(view, values),
  });
  return { view, answer };
}

/** What Slack would submit for a modal nobody touched: every element's initial value. */
export function prefilledValues(view: { blocks: Block[] }): Record<string, SimpleValue> {
  const out: Record<string, SimpleValue> = {};
  for (const block of view.blocks) {
    const el = block.element as Record<string, unknown> | undefined;
    if (block.type !== "input" || !el || typeof el.action_id !== "string") continue;
    const key = el.action_id;
    const option = el.initial_option as { value: string } | undefined;
    const options = el.initial_options as { value: string }[] | undefined;
    if (option) out[key] = { option: option.value };
    else if (options) out[key] = { options: options.map((o) => o.value) };
    else if (typeof el.initial_user === "string") out[key] = { user: el.initial_user };
    else if (typeof el.initial_date === "string") out[key] = { date: el.initial_date };
    else if (el.initial_value !== undefined) out[key] = String(el.initial_value);
  }
  return out;
}

/**
 * Clicks an assignment's button where the person's Slack shows it, on a message or on their
 * App Home (`viewId`), as their client sends it: also when the button is no longer shown.
 */
export function clickAssignment(
  bot: Bot,
  userId: string,
  where: { channel: string; ts: string } | { viewId: string },
  actionId: string,
  assignmentId: number,
) {
  return bot.slack.clickButton({
    userId,
    actionId,
    value: String(assignmentId),
    blockId: `assignment:${assignmentId}`,
    ...("viewId" in where
      ? { viewId: where.viewId }
      : { message: { channel: where.channel, ts: where.ts } }),
  });
}

/** Clicks `actionId` on the person's message of this request (waits for it to arrive). */
export async function clickOn(
  bot: Bot,
  requestId: number,
  userId: string,
  actionId: string = ids.action.approve,
) {
  const message = await actionMessage(bot, requestId, userId, actionId);
  const res = await bot.slack.clickButton({
    userId,
    actionId,
    message: { channel: message.channel, ts: message.ts },
  });
  if (res.status !== 200) throw new Error(`${actionId} by ${userId} answered ${res.status}`);
  return { res, message };
}

/** Waits for a new ephemeral message to a person (slash command answers and button errors go to the response_url). */
export async function nextEphemeral(
  bot: Bot,
  userId: string,
  before: number,
  what = "an ephemeral message",
): Promise<StoredEphemeral> {
  return eventually(
    () => bot.slack.store.ephemeralsFor(userId).at(before),
    `${what} for ${userId}`,
  );
}

/** Runs `/approval <text>` and returns the ephemeral the bot sends to the response_url (the HTTP answer must be empty). */
export async function askApproval(
  bot: Bot,
  userId: string,
  text: string,
): Promise<StoredEphemeral> {
  const seen = bot.slack.store.ephemeralsFor(userId).length;
  const res = await bot.slack.slashCommand({ userId, command: "/approval", text });
  expect(res.status).toBe(200);
  expect(res.body).toBe("");
  return nextEphemeral(bot, userId, seen, `the answer to /approval ${text}`);
}

/** Runs `/approval <text>` as the person and returns the answer: the HTTP body's text, or the ephemeral sent after the ack. */
export async function approvalAnswer(bot: Bot, userId: string, text: string): Promise<string> {
  const before = bot.slack.store.ephemeralsFor(userId).length;
  const res = await bot.slack.slashCommand({ userId, command: "/approval", text });
  if (res.status !== 200) throw new Error(`/approval ${text} answered ${res.status}`);
  const inline = (res.json as { text?: string } | undefined)?.text;
  return (
    inline ??
    (await eventually(() => bot.slack.store.ephemeralsFor(userId).at(before), "an answer")).text
  );
}
