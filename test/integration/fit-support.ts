// For the end-to-end worst cases (fit-*.test.ts): what "delivered, nothing refused" means.

import { checkMessage, MAX_BLOCKS, shownText } from "@approvals/slack-local";
import { expect } from "vitest";
import { refusedContent } from "../../harness/slack.ts";
import { type Bot, messagesOf } from "../support/bot.ts";

/** Every call and interaction answer the local Slack refused for its content, with its reasons (test/support/bot.ts fails the file on them too). */
export const refusals = (bot: Bot): string[] => refusedContent(bot.slack);

/**
 * The request's messages as they stand: one for each of `people` (and the requester's tracking
 * message), each within 50 blocks and well under the ~12,000 characters Slack accepts.
 */
export async function expectDelivered(bot: Bot, requestId: number, people: string[]) {
  expect(refusals(bot)).toEqual([]);
  const messages = await messagesOf(bot, requestId);
  for (const who of people)
    expect(
      messages.some((m) => m.userId === who),
      `a message to ${who}`,
    ).toBe(true);
  expect(messages.some((m) => m.key === `tracking:${requestId}`)).toBe(true);
  for (const m of messages) {
    expect(checkMessage({ text: m.text, blocks: m.blocks }), m.key).toBeUndefined();
    expect(m.blocks?.length ?? 0, m.key).toBeLessThanOrEqual(MAX_BLOCKS.message);
    expect(shownText(m.blocks ?? []), m.key).toBeLessThanOrEqual(10_000);
  }
  return messages;
}
