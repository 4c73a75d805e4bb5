// An assignment past `escalate_after`: apply the step's on_timeout policy once. The claim
// (timedOutAt) is taken first; a run taking over from a worker that died holding it (after
// BullMQ's stalled-job lock) finishes what that run had not done, as the database says:
// the escalation, the overdue reminder and the auto-decision each happen exactly once.
import { z } from "zod";
import { escalationTarget } from "../src/reminders/escalation-target.ts";
import { defineJob } from "./define-job.ts";
import { tookOver } from "./progress.ts";

export const assignmentTimeout = defineJob({
  name: "timeout",
  queue: "timers",
  schema: z.object({ assignmentId: z.number().int().positive() }),
  async handle(ctx, { assignmentId }, job) {
    const { reminders, engine, directory } = ctx.services;
    const taking = tookOver(job);
    const a =
      (await reminders.claimTimeout(assignmentId)) ??
      (taking ? await reminders.heldTimeout(assignmentId) : undefined);
    if (!a) return "not due";
    const policy = await reminders.policyOf(a);
    const request = (await ctx.services.loadRequest(a.requestId))!.request;
    // What a dead run did already (nothing, on a run of its own).
    const done = taking ? await reminders.timeoutDone(assignmentId) : { overdueRecorded: false };
    const overdue = async () => {
      // The notice is one outbox message per assignment: a second run adds none.
      await ctx.notices.remind(a, "overdue");
      if (!done.overdueRecorded)
        await engine.record({
          requestId: a.requestId,
          assignmentId,
          action: "REMIND",
          data: { overdue: true },
        });
      return "reminded";
    };
    try {
      if (policy.on_timeout === "remind") return await overdue();
      if (policy.on_timeout === "escalate") {
        if (done.escalatedTo) {
          await ctx.notices.escalated(a, done.escalatedTo);
          return "escalated";
        }
        const target = escalationTarget(policy, a.assigneeId, request.requesterId, directory);
        // Nobody to escalate to (top of the chain): the assignee is told it is overdue instead.
        const res = target ? await engine.escalate(assignmentId, target) : undefined;
        if (!target || !res?.ok) return await overdue();
        await ctx.notices.escalated(a, target);
        return "escalated";
      }
      // Decided once: a dead run's decision leaves the assignment closed, and this one is refused.
      const res = await engine.decideOnTimeout(
        assignmentId,
        policy.on_timeout === "auto_approve" ? "approve" : "reject",
      );
      return res.ok ? policy.on_timeout : `not decided: ${res.error.type}`;
    } catch (e) {
      // Nothing was applied: give the claim back so the retry applies the policy.
      await reminders.releaseTimeout(assignmentId);
      throw e;
    }
  },
});
