// /approval digest through Slack: the digest DM, approving from its buttons, off / at.
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  approvalAnswer,
  eventually,
  fileRequest,
  latestRequestId,
  textOf,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const db = () => bot.world.database.prisma;
const form = returnFormValues({ order_no: "SO-9", amount: "800" });

describe("/approval digest", () => {
  it("sends the digest now, and approving from its button works as from the original message", async () => {
    await fileRequest(bot, "USR0001", "return", form);
    const id = await latestRequestId(bot);
    await eventually(
      async () =>
        (await db().assignment.count({
          where: { requestId: id, assigneeId: "USA0001", status: "PENDING" },
        })) || undefined,
      "assignment",
    );
    expect(await approvalAnswer(bot, "USA0001", "digest")).toContain("摘要已发到你的私信");
    const digest = await eventually(
      () => bot.slack.store.dmOf("USA0001").find((m) => m.text.startsWith("每日审批摘要")),
      "digest DM",
    );
    expect(textOf(digest)).toContain(`#${id}`);
    expect(textOf(digest)).toContain("待你处理：1 项");
    const res = await bot.slack.clickButton({
      userId: "USA0001",
      actionId: ids.action.approve,
      message: { channel: digest.channel, ts: digest.ts },
    });
    expect(res.status).toBe(200);
    await eventually(
      async () =>
        (await db().assignment.findFirst({
          where: { requestId: id, assigneeId: "UQA0001", status: "PENDING" },
        })) ?? undefined,
      "next step",
    );
    expect(
      await db().auditEntry.count({
        where: { requestId: id, action: "APPROVE", actorId: "USA0001" },
      }),
    ).toBe(1);
  });

  it("says so when there is nothing to report, and sends nothing", async () => {
    const before = bot.slack.store.dmOf("UWH0001").length;
    expect(await approvalAnswer(bot, "UWH0001", "digest")).toContain("没有需要你关注");
    expect(bot.slack.store.dmOf("UWH0001")).toHaveLength(before);
  });

  it("turns the daily digest off, on, or moves it; refuses a bad time", async () => {
    expect(await approvalAnswer(bot, "USA0001", "digest off")).toContain("已关闭");
    expect(
      await db().digestPreference.findUniqueOrThrow({ where: { userId: "USA0001" } }),
    ).toMatchObject({ enabled: false });
    expect(await approvalAnswer(bot, "USA0001", "digest at 08:30")).toContain("08:30");
    expect(
      await db().digestPreference.findUniqueOrThrow({ where: { userId: "USA0001" } }),
    ).toMatchObject({ enabled: true, time: "08:30" });
    expect(await approvalAnswer(bot, "USA0001", "digest at 25:00")).toContain(
      "/approval digest at 08:30",
    );
    expect(
      await db().digestPreference.findUniqueOrThrow({ where: { userId: "USA0001" } }),
    ).toMatchObject({ time: "08:30" });
    const people = await bot.services.digests.people();
    expect(people.find((p) => p.userId === "USA0001")).toMatchObject({
      enabled: true,
      time: "08:30",
    });
  });
});
