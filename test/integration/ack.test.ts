// Slack waits 3 s for the HTTP answer to a slash command, a click or a submission. The bot
// answers first and talks to Slack's Web API afterwards, so even a rate-limited Web API
// does not delay the answer.

import { formValues } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionMessage,
  eventually,
  latestRequestId,
  openModal,
  slackAckLimitMs,
  slowInteractions,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const returnForm = returnFormValues({ order_no: "SO-2026-0700", amount: "900.00", reason: "多发" });

async function measured<T>(
  call: () => Promise<T>,
): Promise<{ result: T; ms: number; doneAt: number }> {
  const start = performance.now();
  const result = await call();
  return { result, ms: performance.now() - start, doneAt: Date.now() };
}

describe("answers within 3 s", () => {
  it("a slash command, a submission and a click are each answered well within the limit", async () => {
    const command = await measured(() =>
      bot.slack.slashCommand({ userId: "USR0001", command: "/return" }),
    );
    expect(command.result.status).toBe(200);
    expect(command.ms).toBeLessThan(slackAckLimitMs);

    const view = await eventually(() => bot.slack.store.openViewsOf("USR0001").at(0), "the modal");
    const submission = await measured(() =>
      bot.slack.submitView({
        userId: "USR0001",
        viewId: view.id,
        values: formValues(view, returnForm),
      }),
    );
    expect(submission.result.status).toBe(200);
    expect(submission.result.json).toBeUndefined();
    expect(submission.ms).toBeLessThan(slackAckLimitMs);

    const id = await latestRequestId(bot);
    const message = await actionMessage(bot, id, "USA0001");
    const click = await measured(() =>
      bot.slack.clickButton({
        userId: "USA0001",
        actionId: ids.action.approve,
        message: { channel: message.channel, ts: message.ts },
      }),
    );
    expect(click.result.status).toBe(200);
    expect(click.ms).toBeLessThan(slackAckLimitMs);
    await actionMessage(bot, id, "UQA0001");

    const help = await measured(() =>
      bot.slack.slashCommand({ userId: "USR0001", command: "/approval", text: "help" }),
    );
    expect(help.ms).toBeLessThan(slackAckLimitMs);
  });

  it("does not wait for a rate-limited Web API before answering", async () => {
    // The DMs after a submission: Slack answers 429 with Retry-After: 1.
    const view = await openModal(bot, "USR0002", "/return");
    const posts = bot.slack.store.calls.filter((c) => c.method === "chat.postMessage").length;
    bot.slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const submission = await measured(() =>
      bot.slack.submitView({
        userId: "USR0002",
        viewId: view.id,
        values: formValues(view, { ...returnForm, order_no: "SO-2026-0701" }),
      }),
    );
    expect(submission.result.status).toBe(200);
    expect(submission.ms).toBeLessThan(1000);
    const id = await latestRequestId(bot);
    // Both DMs arrive; the one Slack refused comes after its Retry-After, well after the answer left.
    await actionMessage(bot, id, "USA0001");
    await eventually(
      () => bot.slack.store.dmOf("USR0002").find((m) => m.text.includes(`#${id}`)),
      "the tracking message",
    );
    const delivered = bot.slack.store.calls
      .filter((c) => c.method === "chat.postMessage")
      .slice(posts);
    const limited = delivered.find((c) => c.status === 429)!;
    const ok = delivered.find((c) => c.status === 200 && c.args.channel === limited.args.channel)!;
    expect(ok.at).toBeGreaterThan(limited.at + 900);
    expect(ok.at).toBeGreaterThan(submission.doneAt + 500);
  });

  it("answered every interaction of this file within Slack's 3 s", () => {
    expect(new Set(bot.timings.map((t) => t.kind))).toEqual(
      new Set(["slash_command", "view_submission", "block_actions"]),
    );
    expect(slowInteractions(bot)).toEqual([]);
  });
});
