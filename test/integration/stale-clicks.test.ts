// Clicks that must not count: someone else's button, a button already used, a double click.
// Each is answered 200 at once and explained in an ephemeral message; the database is untouched.
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionIds,
  actionMessage,
  assignmentsOf,
  auditTrail,
  clickAssignment,
  clickOn,
  eventually,
  fileRequest,
  itAnsweredInTime,
  latestRequestId,
  nextEphemeral,
  plainText,
  settle,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const db = () => bot.world.database.prisma;

const returnForm = returnFormValues({ order_no: "SO-2026-0400", reason: "试用不满意" });

describe("wrong person and stale clicks", () => {
  let id: number;

  it("someone else clicking an approver's buttons gets an ephemeral answer and changes nothing", async () => {
    await fileRequest(bot, "USR0001", "return", returnForm);
    id = await latestRequestId(bot);
    const message = await actionMessage(bot, id, "USA0001");
    const assignment = await db().assignment.findFirstOrThrow({
      where: { requestId: id, assigneeId: "USA0001" },
    });
    await settle(bot);
    const versions = bot.slack.store.message(message.channel, message.ts)!.versions.length;
    const calls = bot.slack.store.calls.length;

    // Another sales rep, and the requester themself, on each button of the approver's message.
    for (const [user, action] of [
      ["USR0002", ids.action.approve],
      ["USR0002", ids.action.reject],
      ["USR0002", ids.action.return],
      ["USR0001", ids.action.transfer],
      ["USR0001", ids.action.approve],
    ] as const) {
      const seen = bot.slack.store.ephemeralsFor(user).length;
      const res = await bot.slack.clickButton({
        userId: user,
        actionId: action,
        message: { channel: message.channel, ts: message.ts },
      });
      expect(res.status).toBe(200);
      expect(res.body).toBe("");
      const answer = await nextEphemeral(bot, user, seen, `the answer to ${action}`);
      expect([answer.text, answer.source]).toEqual([
        "这一步由 <@USA0001> 处理，不是你。",
        "response_url",
      ]);
    }
    expect(await assignmentsOf(bot, id)).toEqual(["order_check:USA0001:PENDING"]);
    expect(
      (await db().assignment.findUniqueOrThrow({ where: { id: assignment.id } })).decidedAt,
    ).toBeNull();
    expect(await auditTrail(bot, id)).toEqual(["SUBMIT:USR0001"]);
    // A button that opens a form opens it at once (before anything is read), and the form says
    // why instead; approve opens none. No message touched.
    const opened = (u: string) =>
      bot.slack.store.openViewsOf(u).map((v) => [v.callback_id, plainText(v)]);
    expect(opened("USR0002")).toEqual([["", "这一步由 <@USA0001> 处理，不是你。"]]);
    expect(opened("USR0001")).toEqual([["", "这一步由 <@USA0001> 处理，不是你。"]]);
    // Nothing posted or updated: the only messages were the ephemeral answers (response_url).
    expect(
      bot.slack.store.calls
        .slice(calls)
        .map((c) => c.method)
        .filter((m) => m.startsWith("chat.")),
    ).toEqual([]);
    expect(bot.slack.store.message(message.channel, message.ts)!.versions).toHaveLength(versions);
    expect(actionIds(bot.slack.store.message(message.channel, message.ts))).toContain(
      ids.action.approve,
    );
  });

  it("clicking an already-approved button again is answered 'already handled' and approves nothing more", async () => {
    const message = await actionMessage(bot, id, "USA0001");
    const assignment = await db().assignment.findFirstOrThrow({
      where: { requestId: id, assigneeId: "USA0001" },
    });
    await clickOn(bot, id, "USA0001");
    await actionMessage(bot, id, "UQA0001");
    await eventually(
      () =>
        actionIds(bot.slack.store.message(message.channel, message.ts)).length === 0
          ? true
          : undefined,
      "the used buttons to go",
    );

    for (const action of [ids.action.approve, ids.action.reject]) {
      const seen = bot.slack.store.ephemeralsFor("USA0001").length;
      const views = bot.slack.store.openViewsOf("USA0001").length;
      const res = await clickAssignment(bot, "USA0001", message, action, assignment.id);
      expect(res.status).toBe(200);
      expect((await nextEphemeral(bot, "USA0001", seen)).text).toBe(
        "这一步已经处理过了（已同意），无需再操作。",
      );
      // Reject's form opened at once, and says the same instead of asking for a reason.
      if (action === ids.action.reject)
        expect(plainText(bot.slack.store.openViewsOf("USA0001").at(-1))).toBe(
          "这一步已经处理过了（已同意），无需再操作。",
        );
      else expect(bot.slack.store.openViewsOf("USA0001")).toHaveLength(views);
    }
    expect(
      await db().auditEntry.count({
        where: { requestId: id, action: "APPROVE", actorId: "USA0001" },
      }),
    ).toBe(1);
    expect(await auditTrail(bot, id)).toEqual(["SUBMIT:USR0001", "APPROVE:USA0001"]);
    expect(await assignmentsOf(bot, id)).toEqual([
      "order_check:USA0001:APPROVED",
      "quality_check:UQA0001:PENDING",
    ]);
  });

  it("a double click approves once; the second click is told it was already handled", async () => {
    const message = await actionMessage(bot, id, "UQA0001");
    const assignment = await db().assignment.findFirstOrThrow({
      where: { requestId: id, assigneeId: "UQA0001" },
    });
    const seen = bot.slack.store.ephemeralsFor("UQA0001").length;
    const [a, b] = await Promise.all([
      clickAssignment(bot, "UQA0001", message, ids.action.approve, assignment.id),
      clickAssignment(bot, "UQA0001", message, ids.action.approve, assignment.id),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await nextEphemeral(bot, "UQA0001", seen)).text).toBe(
      "这一步已经处理过了（已同意），无需再操作。",
    );
    await actionMessage(bot, id, "USD0001");
    await settle(bot);
    expect(bot.slack.store.ephemeralsFor("UQA0001")).toHaveLength(seen + 1);
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "APPROVE:USA0001",
      "APPROVE:UQA0001",
    ]);
    expect(await assignmentsOf(bot, id)).toEqual([
      "order_check:USA0001:APPROVED",
      "quality_check:UQA0001:APPROVED",
      "director:USD0001:PENDING",
    ]);
    // Exactly one DM to the next approver.
    expect(
      bot.slack.store.dmOf("USD0001").filter((m) => m.text === `待你审批：退货/换货申请 #${id}`),
    ).toHaveLength(1);
  });

  it("a click on a finished request is refused with the request's status", async () => {
    const message = await actionMessage(bot, id, "USD0001");
    const assignment = await db().assignment.findFirstOrThrow({
      where: { requestId: id, assigneeId: "USD0001" },
    });
    const seen = bot.slack.store.ephemeralsFor("USR0001").length;
    await bot.slack.slashCommand({
      userId: "USR0001",
      command: "/approval",
      text: `withdraw ${id}`,
    });
    await nextEphemeral(bot, "USR0001", seen);
    const mine = bot.slack.store.ephemeralsFor("USD0001").length;
    await clickAssignment(bot, "USD0001", message, ids.action.approve, assignment.id);
    expect((await nextEphemeral(bot, "USD0001", mine)).text).toBe(
      "这一步已经处理过了（无需处理），无需再操作。",
    );
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "APPROVE:USA0001",
      "APPROVE:UQA0001",
      "WITHDRAW:USR0001",
    ]);
  });

  itAnsweredInTime(bot);
});
