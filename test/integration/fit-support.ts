// For the end-to-end worst cases (fit-*.test.ts): what "delivered, nothing refused" means.

import { checkMessage, MAX_BLOCKS, shownText } from "@approvals/slack-local";
import { expect } from "vitest";
import { type Bot, messagesOf } from "../support/bot.ts";

/** Content errors: Slack would not show what the bot sent (test/support/bot.ts fails the file on them too). */
const refused = new Set([
  "invalid_blocks",
  "invalid_arguments",
  "msg_too_long",
  "msg_blocks_too_long",
]);

/** Every call and interaction answer the local Slack refused for its content, with its reasons. */
export function refusals(bot: Bot): string[] {
  const calls = bot.slack.store.calls
    .filter((c) => refused.has(String(c.response.error)))
    .map(
      (c) =>
        `${c.method}: ${String(c.response.error)} ${JSON.stringify(c.response.response_metadata ?? {})}`,
    );
  return [
    ...calls,
    ...bot.slack.store.refusals.map((r) => `${r.source}: ${r.error} ${JSON.stringify(r.messages)}`),
  ];
}

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
