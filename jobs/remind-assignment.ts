// 催办: the n-th reminder of a pending assignment. Claimed in the database first, so a
// duplicate job (two workers, a retry, a resync) sends nothing; then the next is scheduled.
// A run that takes over from a dead worker carries on from where it stopped (progress.ts).
import { z } from "zod";
import { defineJob } from "./define-job.ts";
import { mark, reached, tookOver } from "./progress.ts";

export const remindAssignment = defineJob({
  name: "remind",
  queue: "timers",
  schema: z.object({ assignmentId: z.number().int().positive(), n: z.number().int().positive() }),
  async handle(ctx, { assignmentId, n }, job) {
    const reminders = ctx.services.reminders;
    // Taking over from a worker that died holding the claim: the claim is this job's own.
    const a =
      (await reminders.claimReminder(assignmentId, n)) ??
      (tookOver(job) ? await reminders.heldReminder(assignmentId, n) : undefined);
    if (!a) return "not due";
    if (!reached(job, "sent")) {
      try {
        await ctx.notices.remind(a, "scheduled", n);
      } catch (e) {
        await reminders.releaseReminder(assignmentId, n);
        throw e;
      }
      await mark(job, "sent");
    }
    // The dead run may have recorded it already: the database says, exactly.
    if (!(tookOver(job) && (await reminders.reminderRecorded(assignmentId, n)))) {
      await ctx.services.engine.record({
        requestId: a.requestId,
        assignmentId,
        action: "REMIND",
        data: { n },
      });
    }
    const next = (await reminders.timersForRequest(a.requestId)).find(
      (t) => t.assignmentId === assignmentId,
    );
    if (next?.pending)
      await ctx.scheduler.ensureReminder(assignmentId, next.reminder.n, next.reminder.dueAt);
    return "sent";
  },
});
