// An assignment past `escalate_after`: apply the step's on_timeout policy once.
import { z } from "zod";
import { escalationTarget } from "../src/reminders/escalation-target.ts";
import { defineJob } from "./define-job.ts";

export const assignmentTimeout = defineJob({
  name: "timeout",
  queue: "timers",
  schema: z.object({ assignmentId: z.number().int().positive() }),
  async handle(ctx, { assignmentId }) {
    const { reminders, engine, directory } = ctx.services;
    const a = await reminders.claimTimeout(assignmentId);
    if (!a) return "not due";
    const policy = await reminders.policyOf(a);
    const request = (await ctx.services.loadRequest(a.requestId))!.request;
    const overdue = async () => {
      await ctx.notices.remind(a, "overdue");
      await engine.record({ requestId: a.requestId, assignmentId, action: "REMIND", data: { overdue: true } });
      return "reminded";
    };
    try {
      if (policy.on_timeout === "remind") return await overdue();
      if (policy.on_timeout === "escalate") {
        const target = escalationTarget(policy, a.assigneeId, request.requesterId, directory);
        // Nobody to escalate to (top of the chain): the assignee is told it is overdue instead.
        const res = target ? await engine.escalate(assignmentId, target) : undefined;
        if (!target || !res?.ok) return await overdue();
        await ctx.notices.escalated(a, target);
        return "escalated";
      }
      const res = await engine.decideOnTimeout(assignmentId, policy.on_timeout === "auto_approve" ? "approve" : "reject");
      return res.ok ? policy.on_timeout : `not decided: ${res.error.type}`;
    } catch (e) {
      // Nothing was applied: give the claim back so the retry applies the policy.
      await reminders.releaseTimeout(assignmentId);
      throw e;
    }
  },
});
