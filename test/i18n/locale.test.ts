// Each person's language: the org file's `locale`, else their Slack's, else the company
// default. Slack's is asked for after the ack, stored, and used by every process.

import { formValues } from "@approvals/slack-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.ts";
import { processSchema } from "../../src/definitions/schema.ts";
import { fromSlackLocale, resolveLocale, SlackLocales } from "../../src/people/slack-locale.ts";
import {
  actionMessage,
  approvalAnswer,
  type Bot,
  clickOn,
  eventually,
  latestRequestId,
  messagesOf,
  openModal,
  plainText,
  settle,
  slowInteractions,
  startBot,
  waitForStatus,
} from "../support/bot.ts";
import { freshDatabase } from "../support/database.ts";

describe("resolving a language", () => {
  it.each([
    [undefined, "zh-CN", "zh-CN"],
    [undefined, "zh-TW", "zh-CN"],
    [undefined, "en-US", "en"],
    [undefined, "en-GB", "en"],
    [undefined, "ja-JP", "zh-CN"], // a language we do not have: the company's
    [undefined, null, "zh-CN"],
    [undefined, undefined, "zh-CN"],
    ["zh-CN", "en-US", "zh-CN"], // the org file wins
    ["en", "zh-CN", "en"],
  ] as const)("org %s, Slack %s → %s", (org, slack, expected) => {
    expect(resolveLocale(org, slack, "zh-CN")).toBe(expected);
  });

  it("falls back to the company default, whatever it is", () => {
    expect(resolveLocale(undefined, "fr-FR", "en")).toBe("en");
    expect(fromSlackLocale("EN_us")).toBe("en");
  });
});

describe("the stored Slack locales", () => {
  let database: Database;
  let now = new Date("2026-03-02T09:00:00Z");
  const clock = () => now;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => database?.close());

  it("are remembered, asked again after a day, and seen by another process at start-up and on refresh", async () => {
    const bot = new SlackLocales(database.prisma, clock);
    expect(bot.isStale("U1")).toBe(true);
    await bot.save("U1", "en-US");
    expect([bot.slackLocale("U1"), bot.isStale("U1")]).toEqual(["en-US", false]);

    // A worker started now loads what is stored.
    const worker = new SlackLocales(database.prisma, clock, { refreshEveryMs: 60_000 });
    await worker.load();
    expect(worker.slackLocale("U1")).toBe("en-US");

    // The bot learns another person's; the worker sees it on its next refresh, not before.
    now = new Date(now.getTime() + 1000);
    await bot.save("U2", "zh-TW");
    await worker.refresh();
    expect(worker.slackLocale("U2")).toBeUndefined();
    now = new Date(now.getTime() + 60_000);
    await worker.refresh();
    expect(worker.slackLocale("U2")).toBe("zh-TW");

    now = new Date(now.getTime() + 24 * 3600 * 1000);
    expect(bot.isStale("U1")).toBe(true);
    await bot.save("U1", null);
    expect([bot.slackLocale("U1"), bot.isStale("U1")]).toEqual([null, false]);
  });

  // Found by the burst bench: the bot fetched someone itself before its first refresh, and
  // never saw the profiles a worker had stored earlier, so it asked Slack for all of them again.
  it("are seen on refresh even when this process fetched someone newer itself first", async () => {
    now = new Date("2026-03-05T09:00:00Z");
    const worker = new SlackLocales(database.prisma, clock);
    const bot = new SlackLocales(database.prisma, clock, { refreshEveryMs: 30_000 });
    await bot.load();
    now = new Date(now.getTime() + 1000);
    await worker.save("U10", "en-US");
    now = new Date(now.getTime() + 1000);
    await bot.save("U11", "zh-CN");
    now = new Date(now.getTime() + 30_000);
    await bot.refresh();
    expect([bot.slackLocale("U10"), bot.isStale("U10")]).toEqual(["en-US", false]);
  });
});

/** Three people approve one after another: picked in the form, so the test chooses who. */
const trio = processSchema.parse({
  key: "t_trio",
  version: 1,
  name: { zh: "三人审批", en: "Three approvers" },
  fields: ["first", "second", "third"].map((key) => ({
    key,
    type: "user",
    label: { zh: `审批人 ${key}`, en: `Approver ${key}` },
  })),
  steps: ["first", "second", "third"].map((key) => ({
    key,
    kind: "approval",
    who: { field: key },
    name: { zh: `第 ${key} 步`, en: `Step ${key}` },
  })),
});

describe("the same request in Chinese and in English, through Slack", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ extra: [trio] });
    // 尤刚 has no locale in the org file, and uses Slack in English.
    bot.slack.store.addUser({ id: "UQA0001", name: "尤刚", locale: "en-US" });
  });
  afterAll(async () => bot?.close());

  const usersInfo = (user: string) =>
    bot.slack.store.calls.filter((c) => c.method === "users.info" && c.args.user === user);

  it("asks Slack only after answering, then answers in the person's Slack language", async () => {
    const first = await approvalAnswer(bot, "UQA0001", "help");
    // Not known at the first command: the company default. Asked for right after.
    expect(first).toMatch(/^\*审批助手用法\*/);
    await eventually(() => usersInfo("UQA0001").length > 0 || undefined, "users.info for UQA0001");
    expect(String(usersInfo("UQA0001")[0]!.args.include_locale)).toBe("true");
    await settle(bot);
    expect(await approvalAnswer(bot, "UQA0001", "help")).toMatch(/^\*How to use Approvals\*/);
    expect(
      await bot.world.database.prisma.slackProfile.findUnique({ where: { userId: "UQA0001" } }),
    ).toMatchObject({ locale: "en-US" });
    expect(slowInteractions(bot)).toEqual([]);
  });

  it("shows each approver the request in their language: org locale en, Slack locale en, and zh-CN", async () => {
    const modal = await openModal(bot, "USR0001", "/approval", "new t_trio");
    // Emma Clark: `locale: en` in the org file. 尤刚: English Slack. 施琳: Chinese.
    const answer = await bot.slack.submitView({
      userId: "USR0001",
      viewId: modal.id,
      values: formValues(modal, {
        first: { user: "USR0004" },
        second: { user: "UQA0001" },
        third: { user: "UFI0001" },
      }),
    });
    expect(answer.json).toBeUndefined();
    const id = await latestRequestId(bot);

    const dmOf = async (user: string) => plainText(await actionMessage(bot, id, user));
    const buttons = async (user: string) =>
      (await actionMessage(bot, id, user)).blocks!.flatMap((b) =>
        b.type === "actions"
          ? (b.elements as { text: { text: string } }[]).map((e) => e.text.text)
          : [],
      );

    expect(await dmOf("USR0004")).toContain(`Needs your approval: Three approvers #${id}`);
    expect(await buttons("USR0004")).toContain("Approve");
    await clickOn(bot, id, "USR0004");
    expect(await dmOf("UQA0001")).toContain(`Needs your approval: Three approvers #${id}`);
    expect(await buttons("UQA0001")).toContain("Approve");
    await clickOn(bot, id, "UQA0001");
    expect(await dmOf("UFI0001")).toContain(`待你审批：三人审批 #${id}`);
    expect(await buttons("UFI0001")).toContain("同意");
    await clickOn(bot, id, "UFI0001");
    await waitForStatus(bot, id, "APPROVED");
    await settle(bot);

    // The requester (Chinese) follows it in Chinese; the English approvers' updated messages stay English.
    const messages = await messagesOf(bot, id);
    expect(plainText(messages.find((m) => m.key === `tracking:${id}`))).toContain(
      `你的申请：三人审批 #${id}`,
    );
    const byUser = (u: string) =>
      plainText(messages.find((m) => m.userId === u && m.key.startsWith("assignment:")));
    expect(byUser("USR0004")).toMatch(/Step first/);
    expect(byUser("UQA0001")).toMatch(/Step second/);
    expect(byUser("UFI0001")).toMatch(/第 third 步/);
    // The org file already says Emma's language: Slack is not asked about her.
    expect(usersInfo("USR0004")).toEqual([]);
    expect(usersInfo("UQA0001")).toHaveLength(1);
  });

  it("uses the stored Slack locale in the background too (a worker's own services, loaded at start-up)", async () => {
    const { createServices } = await import("../../src/services.ts");
    const worker = createServices({
      db: bot.world.database.prisma,
      directory: bot.services.directory,
      catalog: bot.services.catalog,
    });
    expect(worker.localeOf("UQA0001")).toBe("zh-CN");
    await worker.slackLocales.load();
    expect([
      worker.localeOf("UQA0001"),
      worker.localeOf("USR0004"),
      worker.localeOf("UFI0001"),
    ]).toEqual(["en", "en", "zh-CN"]);
  });
});
