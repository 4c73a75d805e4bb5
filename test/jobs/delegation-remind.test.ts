// 代理审批 and the requester's manual reminder (催办), through slash commands.
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  approvalAnswer,
  clickOn,
  eventually,
  fileRequest,
  latestRequestId,
  useBot,
  waitForAssignment,
} from "../support/bot.ts";
import { timerProcesses } from "./timer-processes.ts";

const bot = useBot({ extra: timerProcesses });

const db = () => bot.world.database.prisma;

async function file(key = "t_slow"): Promise<number> {
  await fileRequest(bot, "USR0001", key, { amount: "100" });
  const id = await latestRequestId(bot);
  await waitForAssignment(bot, id);
  return id;
}

describe("/approval delegate", () => {
  it("routes new assignments of the absent person to the delegate, who acts for them; the audit row names both", async () => {
    const answer = await approvalAnswer(
      bot,
      "USD0001",
      "delegate <@UBD0001|华伟> until 2099-12-31",
    );
    expect(answer).toContain("<@UBD0001>");
    const id = await file();
    const a = await db().assignment.findFirstOrThrow({
      where: { requestId: id, status: "PENDING" },
    });
    expect(a).toMatchObject({ assigneeId: "UBD0001", delegatedFromId: "USD0001" });
    await clickOn(bot, id, "UBD0001", ids.action.approve);
    await eventually(
      async () =>
        (await db().auditEntry.findFirst({ where: { requestId: id, action: "APPROVE" } })) ??
        undefined,
      "approval",
    );
    const row = await db().auditEntry.findFirstOrThrow({
      where: { requestId: id, action: "APPROVE" },
    });
    expect(row).toMatchObject({ actorId: "UBD0001", data: { delegateFor: "USD0001" } });
    // Off again: the next request goes to the director.
    expect(await approvalAnswer(bot, "USD0001", "delegate off")).toContain("已取消");
    const next = await file();
    expect(
      (await db().assignment.findFirstOrThrow({ where: { requestId: next, status: "PENDING" } }))
        .assigneeId,
    ).toBe("USD0001");
  });

  it("refuses bad delegations with a clear answer and changes nothing", async () => {
    const before = await db().delegation.count();
    expect(await approvalAnswer(bot, "USD0001", "delegate <@USD0001> until 2099-01-01")).toContain(
      "不能代理给自己",
    );
    expect(await approvalAnswer(bot, "USD0001", "delegate <@UNOBODY9> until 2099-01-01")).toContain(
      "不在组织通讯录",
    );
    expect(await approvalAnswer(bot, "USD0001", "delegate <@UBD0001> until 2001-01-01")).toContain(
      "今天或以后",
    );
    expect(await approvalAnswer(bot, "USD0001", "delegate <@UBD0001> tomorrow")).toContain(
      "/approval delegate",
    );
    expect(await db().delegation.count()).toBe(before);
  });

  it("never delegates an approval to the requester", async () => {
    await approvalAnswer(bot, "USD0001", "delegate <@USR0001> until 2099-12-31");
    const id = await file();
    expect(
      (await db().assignment.findFirstOrThrow({ where: { requestId: id, status: "PENDING" } }))
        .assigneeId,
    ).toBe("USD0001");
    await approvalAnswer(bot, "USD0001", "delegate off");
  });
});

describe("/approval remind", () => {
  it("DMs everyone the request waits on, at most once an hour, only for the requester", async () => {
    const id = await file();
    const before = bot.slack.store.dmOf("USD0001").length;
    expect(await approvalAnswer(bot, "USR0001", `remind ${id}`)).toContain(`#${id}`);
    const dm = await eventually(
      () =>
        bot.slack.store
          .dmOf("USD0001")
          .slice(before)
          .find((m) => m.text.includes("⏰")),
      "reminder DM",
    );
    expect(dm.text).toContain("<@USR0001>");
    expect(await approvalAnswer(bot, "USR0001", `remind ${id}`)).toContain("每小时只能催办一次");
    expect(await approvalAnswer(bot, "USA0001", `remind ${id}`)).toContain("只有申请人");
    expect(
      bot.slack.store
        .dmOf("USD0001")
        .slice(before)
        .filter((m) => m.text.includes("⏰")),
    ).toHaveLength(1);
    expect(
      await db().auditEntry.count({
        where: { requestId: id, action: "REMIND", actorId: "USR0001" },
      }),
    ).toBe(1);
  });
});
