// Turns the database's pending assignments into delayed BullMQ jobs. Idempotent: job ids
// are deterministic, so syncing twice (or resyncing after Redis was flushed) never makes
// two jobs, and jobs of decided assignments are removed.
import type { AssignmentTimers } from "../src/reminders/reminder-service.ts";
import type { Services } from "../src/services.ts";
import type { WebhookDelivery } from "../src/webhooks/webhook-service.ts";
import { assignmentTimeout } from "./assignment-timeout.ts";
import { postWebhook } from "./post-webhook.ts";
import { jobIds, type Queues } from "./queues.ts";
import { remindAssignment } from "./remind-assignment.ts";
import { reportWorkflowStep } from "./report-workflow-step.ts";

export interface WebhookRetry {
  attempts: number;
  /** First retry delay; doubles each time (exponential backoff). */
  backoffMs: number;
}

export class Scheduler {
  constructor(
    private readonly queues: Queues,
    private readonly services: Pick<Services, "reminders" | "webhooks" | "workflowRuns" | "clock">,
    private readonly webhookRetry: WebhookRetry = { attempts: 8, backoffMs: 5_000 },
  ) {}

  async syncRequest(requestId: number): Promise<void> {
    for (const timers of await this.services.reminders.timersForRequest(requestId)) {
      await (timers.pending ? this.ensure(timers) : this.cancel(timers));
    }
    const due = await this.services.webhooks.markDue(requestId);
    if (due) await this.enqueueWebhook(due);
    const run = await this.services.workflowRuns.markDue(requestId);
    if (run) await this.enqueueWorkflowReport(run);
  }

  /** Rebuilds the whole schedule from PostgreSQL (start-up, `npm run jobs:resync`). */
  async resyncAll(): Promise<{ assignments: number; webhooks: number; workflowSteps: number }> {
    let assignments = 0;
    for await (const page of this.services.reminders.pendingTimers()) {
      for (const timers of page) await this.ensure(timers);
      assignments += page.length;
    }
    const webhooks = await this.services.webhooks.undelivered();
    for (const delivery of webhooks) await this.enqueueWebhook(delivery);
    const runs = await this.services.workflowRuns.unreported();
    for (const run of runs) await this.enqueueWorkflowReport(run);
    return { assignments, webhooks: webhooks.length, workflowSteps: runs.length };
  }

  async ensure(t: AssignmentTimers): Promise<void> {
    await this.ensureReminder(t.assignmentId, t.reminder.n, t.reminder.dueAt);
    if (t.timeout)
      await assignmentTimeout.enqueue(
        this.queues,
        { assignmentId: t.assignmentId },
        { jobId: jobIds.timeout(t.assignmentId), delay: this.delayUntil(t.timeout.dueAt) },
      );
  }

  async ensureReminder(assignmentId: number, n: number, dueAt: Date): Promise<void> {
    await remindAssignment.enqueue(
      this.queues,
      { assignmentId, n },
      { jobId: jobIds.reminder(assignmentId, n), delay: this.delayUntil(dueAt) },
    );
  }

  private async cancel(t: AssignmentTimers): Promise<void> {
    // A job already running cannot be removed; it finds the assignment closed and does nothing.
    await this.queues.timers.remove(jobIds.reminder(t.assignmentId, t.reminder.n)).catch(() => 0);
    await this.queues.timers.remove(jobIds.timeout(t.assignmentId)).catch(() => 0);
  }

  async enqueueWebhook({ requestId, attempts }: WebhookDelivery): Promise<void> {
    const { backoffMs } = this.webhookRetry;
    await postWebhook.enqueue(
      this.queues,
      { requestId },
      {
        jobId: jobIds.webhook(requestId),
        attempts: attempts ?? this.webhookRetry.attempts,
        backoff: { type: "exponential", delay: backoffMs },
      },
    );
  }

  /** Reports a Workflow Builder step's outcome to Slack, retried until Slack takes it. */
  async enqueueWorkflowReport(executionId: string): Promise<void> {
    await reportWorkflowStep.enqueue(
      this.queues,
      { executionId },
      {
        jobId: jobIds.workflowReport(executionId),
        attempts: 12,
        backoff: { type: "exponential", delay: this.webhookRetry.backoffMs },
      },
    );
  }

  private delayUntil(at: Date): number {
    return Math.max(0, at.getTime() - this.services.clock().getTime());
  }
}
