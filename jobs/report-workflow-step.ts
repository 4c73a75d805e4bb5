// A Workflow Builder step's end reported to Slack: functions.completeSuccess with the
// request's outcome, or completeError when it could not be filed. Retried with backoff until
// Slack takes it; an answer that can never succeed (the execution is over) is recorded and
// logged, as is a report that kept failing.
import { UnrecoverableError } from "bullmq";
import { z } from "zod";
import { SlackSendError } from "../handlers/outbound/slack-send.ts";
import { defineJob } from "./define-job.ts";

export const reportWorkflowStep = defineJob({
  name: "workflow-report",
  queue: "webhooks",
  schema: z.object({ executionId: z.string().min(1) }),
  async handle(ctx, { executionId }, job) {
    const runs = ctx.services.workflowRuns;
    const report = await runs.report(executionId);
    if (report.kind === "none") return "nothing to do";
    const attempt = job.attemptsMade + 1;
    try {
      await ctx.send.completeStep(
        executionId,
        report.kind === "success" ? { outputs: report.outputs } : { error: report.error },
      );
    } catch (e) {
      const failure = e instanceof SlackSendError ? e.failure : undefined;
      const last = failure?.kind === "never" || attempt >= (job.opts.attempts ?? 1);
      if (!last) {
        await runs.attempted(executionId, attempt);
        throw e;
      }
      const why = failure && "error" in failure ? failure.error : String(e);
      await runs.reported(executionId, attempt, why);
      ctx.metrics?.deliveryFailed("workflow");
      ctx.logger.error(
        { executionId, attempt, error: why },
        "workflow step could not be completed",
      );
      throw new UnrecoverableError(`workflow step ${executionId}: ${why}`);
    }
    await runs.reported(executionId, attempt);
    return report.kind === "success" ? "completed" : "reported failed";
  },
});
