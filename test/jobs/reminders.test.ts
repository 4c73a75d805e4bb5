// Reminders, escalation and timeouts through the real Slack glue, BullMQ and Redis,
// with second-scale SLAs on a round-the-clock calendar.

import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { backgroundOn } from "../../harness/stack.ts";
import { jobIds } from "../../jobs/queues.ts";
import { remindAssignment } from "../../jobs/remind-assignment.ts";
import {
  alwaysWorking,
  auditTrail,
  clickOn,
  eventually,
  fileRequest,
  latestRequestId,
  textOf,
  useBot,
  waitForAssignment,
  waitForStatus,
} from "../support/bot.ts";
import { timerProcesses } from "./timer-processes.ts";

const bot = useBot({ extra: timerProcesses, settings: { calendar: alwaysWorking } });

/** A job as a worker hands it over on its first run. */
const job = () =>
  ({ stalledCounter: 0, progress: 0, updateProgress: async () => undefined }) as never;
const reminderDMs = (userId: string, id: number) =>
  bot.slack.store.dmOf(userId).filter((m) => m.text.includes("⏰") && m.text.includes(`#${id}`));
const db = () => bot.world.database.prisma;
const pendingOf = (id: number) =>
  db().assignment.findFirstOrThrow({ where: { requestId: id, status: "PENDING" } });

async function file(key: string): Promise<number> {
  const { answer } = await fileRequest(bot, "USR0001", key, { amount: "100" });
  expect(answer.json?.response_action).toBeUndefined();
  const id = await latestRequestId(bot);
  await waitForAssignment(bot, id);
  return id;
}

describe("reminders", () => {
  it("fires after remind_every, DMs the assignee with a link to the actionable message, and repeats", async () => {
    const id = await file("t_remind");
    const first = await eventually(() => reminderDMs("USD0001", id)[0], "first reminder", 6000);
    expect(first.text).toContain(`#${id}`);
    expect(textOf(first)).toContain("/archives/"); // permalink to the original message
    await eventually(
      () => reminderDMs("USD0001", id).length >= 2 || undefined,
      "second reminder",
      6000,
    );
    // Stop the series, let any reminder in flight finish, then every count must agree.
    const a = await pendingOf(id);
    await bot.services.engine.withdraw(id, "USR0001");
    await bot.background.idle();
    await new Promise((r) => setTimeout(r, 500));
    const sent = (await db().assignment.findUniqueOrThrow({ where: { id: a.id } })).remindersSent;
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(reminderDMs("USD0001", id)).toHaveLength(sent);
    expect((await auditTrail(bot, id)).filter((e) => e.startsWith("REMIND"))).toHaveLength(sent);
  });

  it("deciding cancels the reminders: the job is removed and nothing more is sent", async () => {
    const id = await file("t_remind");
    const a = await pendingOf(id);
    await eventually(
      async () =>
        (await bot.background.queues.timers.getJob(jobIds.reminder(a.id, 1))) ?? undefined,
      "reminder scheduled",
    );
    await clickOn(bot, id, "USD0001", ids.action.approve);
    await eventually(
      async () =>
        (await db().assignment.findUniqueOrThrow({ where: { id: a.id } })).status === "APPROVED" ||
        undefined,
      "approval",
    );
    await eventually(
      async () =>
        !(await bot.background.queues.timers.getJob(jobIds.reminder(a.id, 1))) || undefined,
      "job removed",
    );
    await new Promise((r) => setTimeout(r, 2500));
    expect(reminderDMs("USD0001", id)).toHaveLength(0);
  });

  it("a reminder job for an assignment no longer pending does nothing", async () => {
    const id = await file("t_slow");
    const a = await pendingOf(id);
    await bot.services.engine.withdraw(id, "USR0001");
    const ctx = bot.background.jobContext;
    expect(await remindAssignment.handle(ctx, { assignmentId: a.id, n: 1 }, job())).toBe("not due");
    expect(reminderDMs("USD0001", id)).toHaveLength(0);
  });

  it("two workers at once, and the same reminder handled twice concurrently, send it once", async () => {
    const second = backgroundOn(bot.services, bot.slack, bot.redis, bot.prefix);
    await second.startWorkers();
    try {
      const id = await file("t_slow");
      const a = await pendingOf(id);
      const ctx = bot.background.jobContext;
      const results = await Promise.all([
        remindAssignment.handle(ctx, { assignmentId: a.id, n: 1 }, job()),
        remindAssignment.handle(ctx, { assignmentId: a.id, n: 1 }, job()),
      ]);
      expect(results.sort()).toEqual(["not due", "sent"]);
      // Both workers resync the whole schedule at the same moment: still one job per timer.
      await Promise.all([bot.background.scheduler.resyncAll(), second.scheduler.resyncAll()]);
      expect(await bot.background.queues.timers.getJob(jobIds.reminder(a.id, 2))).toBeTruthy();
      const remindJobs = (
        await bot.background.queues.timers.getJobs(["delayed", "waiting", "active"])
      ).filter((j) => j.id?.startsWith(`remind-${a.id}-`));
      expect(remindJobs.map((j) => j.id)).toEqual([jobIds.reminder(a.id, 2)]);
      await new Promise((r) => setTimeout(r, 300));
      expect(reminderDMs("USD0001", id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

describe("timeouts", () => {
  it("escalates to the assignee's manager, who may act in their place; the audit row says so", async () => {
    const id = await file("t_escalate");
    // The director's manager is the marketing VP.
    const msg = await eventually(
      () =>
        bot.slack.store
          .dmOf("UVP0001")
          .find((m) => m.text.includes(`#${id}`) && textOf(m).includes(ids.action.approve)),
      "escalated message",
      6000,
    );
    expect(textOf(msg)).toContain("USD0001"); // says whom they stand in for
    await eventually(
      () =>
        bot.slack.store
          .dmOf("USD0001")
          .find((m) => m.text.includes("⏫") && m.text.includes(`#${id}`)),
      "assignee told",
    );
    const tracking = await eventually(
      () =>
        bot.slack.store
          .dmOf("USR0001")
          .find((m) => m.text.includes(`#${id}`) && textOf(m).includes("⏫")),
      "requester's tracking message shows it",
    );
    expect(textOf(tracking)).toContain("UVP0001");
    await clickOn(bot, id, "UVP0001", ids.action.approve);
    await eventually(
      async () =>
        (await db().assignment.findFirst({
          where: { requestId: id, stepKey: "pay", status: "PENDING" },
        })) ?? undefined,
      "next step",
    );
    const approve = await db().auditEntry.findFirstOrThrow({
      where: { requestId: id, action: "APPROVE" },
    });
    expect(approve.actorId).toBe("UVP0001");
    expect(approve.data).toEqual({ onBehalfOf: "USD0001" });
    expect(
      (
        await db().assignment.findMany({
          where: { requestId: id, stepKey: "review" },
          orderBy: { id: "asc" },
        })
      ).map((a) => `${a.assigneeId}:${a.status}`),
    ).toEqual(["USD0001:CANCELLED", "UVP0001:APPROVED"]);
    // The director's own buttons are gone.
    await eventually(
      () =>
        !bot.slack.store
          .dmOf("USD0001")
          .some(
            (m) =>
              m.text.includes(`#${id}`) &&
              textOf(m).includes(`"action_id":"${ids.action.approve}"`),
          ) || undefined,
      "stale buttons removed",
    );
  });

  it("auto_approve decides as the system after the timeout, with an audit row saying so", async () => {
    const id = await file("t_auto");
    await eventually(
      async () =>
        (await db().assignment.findFirst({
          where: { requestId: id, stepKey: "pay", status: "PENDING" },
        })) ?? undefined,
      "auto-approved",
      6000,
    );
    const row = await db().auditEntry.findFirstOrThrow({
      where: { requestId: id, action: "APPROVE" },
    });
    expect(row.actorId).toBe("system");
    expect(row.data).toEqual({ timeout: true, assignee: "USD0001" });
  });

  it("auto_reject rejects as the system and tells the requester why", async () => {
    const id = await file("t_reject");
    await waitForStatus(bot, id, "REJECTED");
    const notice = await eventually(
      () =>
        bot.slack.store
          .dmOf("USR0001")
          .find((m) => m.text.includes("❌") && m.text.includes(`#${id}`)),
      "rejection notice",
    );
    expect(notice.text).toContain("超时未处理，系统自动驳回");
  });
});

describe("a reminder skipped while the request was returned", () => {
  it("is scheduled again after the resubmission", async () => {
    const id = await file("t_slow");
    const a = await pendingOf(id);
    await eventually(
      async () =>
        (await bot.background.queues.timers.getJob(jobIds.reminder(a.id, 1))) ?? undefined,
      "scheduled",
    );
    const ret = await bot.services.engine.returnToRequester(a.id, "USD0001", "补充说明");
    expect(ret.ok).toBe(true);
    // The job fires while the request is RETURNED: nothing is sent.
    const ctx = bot.background.jobContext;
    expect(await remindAssignment.handle(ctx, { assignmentId: a.id, n: 1 }, job())).toBe("not due");
    await bot.background.idle();
    await bot.services.engine.resubmit(id, "USR0001", { amount: "120" });
    await bot.background.idle();
    const again = await pendingOf(id);
    expect(again.id).not.toBe(a.id);
    expect(await bot.background.queues.timers.getJob(jobIds.reminder(again.id, 1))).toBeTruthy();
    expect(await bot.background.queues.timers.getJob(jobIds.timeout(again.id))).toBeTruthy();
    expect(await bot.background.queues.timers.getJob(jobIds.reminder(a.id, 1))).toBeFalsy();
  });
});
