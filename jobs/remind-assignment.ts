// 催办: the n-th reminder of a pending assignment. Claimed in the database first, so a
// duplicate job (two workers, a retry, a resync) sends nothing; then the next is scheduled.
import { z } from "zod";
import { defineJob } from "./define-job.ts";

export const remindAssignment = defineJob({
  name: "remind",
  queue: "timers",
  schema: z.object({ assignmentId: z.number().int().positive(), n: z.number().int().positive() }),
  async handle(ctx, { assignmentId, n }) {
    const reminders = ctx.services.reminders;
    const a = await reminders.claimReminder(assignmentId, n);
    if (!a) return "not due";
    try {
      await ctx.notices.remind(a, "scheduled");
    } catch (e) {
      await reminders.releaseReminder(assignmentId, n);
      throw e;
    }
    await ctx.services.engine.record({ requestId: a.requestId, assignmentId, action: "REMIND", data: { n } });
    const next = (await reminders.timersForRequest(a.requestId)).find((t) => t.assignmentId === assignmentId);
    if (next?.pending) await ctx.scheduler.ensureReminder(assignmentId, next.reminder.n, next.reminder.dueAt);
    return "sent";
  },
});
