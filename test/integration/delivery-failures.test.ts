// Nothing a person should receive is lost when Slack fails: a post refused for a while with
// internal_error or HTTP 500 is retried until it arrives (once), a hung call times out and is
// retried, and an answer that can never succeed (a deactivated approver) is recorded, shown on
// the request's status and tracking message, and told to the bot's admins.
import { describe, expect, it } from "vitest";
import {
  actionMessage,
  askApproval,
  clickOn,
  eventually,
  fileVia,
  messagesOf,
  plainText,
  settle,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot({ settings: { admins: ["USO0001"] }, slackTimeoutMs: 1000 });
const db = () => bot.world.database.prisma;
const posts = (to: string) =>
  bot.slack.store.calls.filter(
    (c) => c.method === "chat.postMessage" && c.response.ok && c.args.channel === to,
  );

describe("Slack failing, then recovering", () => {
  it("every DM arrives once after chat.postMessage failed with internal_error, then HTTP 500", async () => {
    const stop = bot.slack.failWhile("chat.postMessage", { error: "internal_error" });
    const { id } = await fileVia(
      bot,
      "USR0001",
      "/return",
      returnFormValues({ order_no: "SO-FAIL-1" }),
    );
    // The approver's DM keeps failing: the request's status says it is late, not that all is well.
    await eventually(
      async () =>
        ((await db().slackMessage.findFirst({ where: { requestId: id, purpose: "ASSIGNMENT" } }))
          ?.attempts ?? 0) >= 3 || undefined,
      "retries",
    );
    expect(JSON.stringify((await askApproval(bot, "USR0001", `status ${id}`)).blocks)).toContain(
      "正在重试",
    );
    stop();
    const stop500 = bot.slack.failWhile("chat.postMessage", { status: 500 });
    await new Promise((r) => setTimeout(r, 700));
    stop500();

    const dm = await actionMessage(bot, id, "USA0001");
    expect(dm.text).toBe(`待你审批：退货/换货申请 #${id}`);
    await settle(bot);
    expect(posts("USA0001").filter((c) => String(c.args.text).includes(`#${id}`))).toHaveLength(1);
    expect(posts("USR0001").filter((c) => String(c.args.text).includes(`#${id}`))).toHaveLength(1);
    const rows = await db().slackMessage.findMany({ where: { requestId: id } });
    expect(rows.every((r) => r.ts && !r.failure && r.attempts === 0)).toBe(true);
    // Late no more: the status no longer says so.
    expect(
      JSON.stringify((await askApproval(bot, "USR0001", `status ${id}`)).blocks),
    ).not.toContain("正在重试");
  });

  it("a hung chat.update times out and is retried until it lands", async () => {
    const { id } = await fileVia(
      bot,
      "USR0001",
      "/return",
      returnFormValues({ order_no: "SO-HANG-1" }),
    );
    await actionMessage(bot, id, "USA0001");
    await settle(bot);
    // Held longer than the test waits: only the client's own timeout gets the update through.
    bot.slack.failNext("chat.update", { hangMs: 20_000 }, 2);
    await clickOn(bot, id, "USA0001");
    await actionMessage(bot, id, "UQA0001");
    // The requester's tracking message reaches the new step despite two hung calls.
    await eventually(async () => {
      const tracking = (await messagesOf(bot, id)).find((m) => m.key === `tracking:${id}`);
      return tracking && plainText(tracking).includes("<@USA0001> 已同意") ? true : undefined;
    }, "the tracking message updated");
  });
});

describe("a message Slack will never take", () => {
  it("account_inactive for one approver's DM is treated the same", async () => {
    const { id } = await fileVia(
      bot,
      "USR0002",
      "/return",
      returnFormValues({ order_no: "SO-GONE-2" }),
    );
    await actionMessage(bot, id, "USA0001");
    await settle(bot);
    bot.slack.failNext("chat.postMessage", { error: "account_inactive" });
    await clickOn(bot, id, "USA0001");
    await eventually(
      async () =>
        (await db().slackMessage.findFirst({
          where: { requestId: id, failure: "account_inactive" },
        })) ?? undefined,
      "the failure recorded",
    );
    await eventually(
      () => bot.slack.store.dmOf("USO0001").find((m) => m.text.includes(`#${id}`)),
      "the admins' alert",
    );
  });

  it("a deactivated approver: recorded, on the status and the tracking message, and the admins are told", async () => {
    bot.slack.store.deactivateUser("UQA0001");
    const { id } = await fileVia(
      bot,
      "USR0001",
      "/return",
      returnFormValues({ order_no: "SO-GONE-1" }),
    );
    await clickOn(bot, id, "USA0001");
    const row = await eventually(
      async () =>
        (await db().slackMessage.findFirst({
          where: { requestId: id, userId: "UQA0001", failure: { not: null } },
        })) ?? undefined,
      "the failure recorded",
    );
    expect(row.failure).toBe("user_disabled");
    const alert = await eventually(
      () => bot.slack.store.dmOf("USO0001").find((m) => m.text.includes(`#${id}`)),
      "the admins' alert",
    );
    expect(alert.text).toContain("<@UQA0001>");
    expect(alert.text).toContain("对方的 Slack 账号已停用");
    const status = await askApproval(bot, "USR0001", `status ${id}`);
    expect(JSON.stringify(status.blocks)).toContain(
      "消息无法送达 <@UQA0001>：对方的 Slack 账号已停用",
    );
    await eventually(async () => {
      const tracking = (await messagesOf(bot, id)).find((m) => m.key === `tracking:${id}`);
      return tracking && plainText(tracking).includes("消息无法送达 <@UQA0001>") ? true : undefined;
    }, "the requester's message to say so");
    // Refused for good: not retried.
    const tries = bot.slack.store.calls.filter(
      (c) => c.method === "chat.postMessage" && c.args.channel === "UQA0001",
    ).length;
    await settle(bot);
    expect(
      bot.slack.store.calls.filter(
        (c) => c.method === "chat.postMessage" && c.args.channel === "UQA0001",
      ),
    ).toHaveLength(tries);
  });
});
