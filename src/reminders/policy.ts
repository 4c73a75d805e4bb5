// Pure: when an assignment is reminded and when it times out, from the step's policy
// (step → process → global settings) and the assignee's working calendar.
import type { WorkCalendar } from "../calendar/work-calendar.ts";
import { addWorkingMillis, businessMillis } from "../calendar/work-calendar.ts";
import type { ResolvedPolicy, Settings } from "../config/settings.ts";
import type { ProcessDef } from "../definitions/schema.ts";

export function policyFor(def: ProcessDef, stepIndex: number, settings: Settings): ResolvedPolicy {
  const step = def.steps[stepIndex];
  const proc = def.reminders ?? {};
  const global = settings.reminders;
  return {
    remind_every: step?.remind_every ?? proc.remind_every ?? global.remind_every,
    // A step's SLA is when it is late: that is when the timeout policy applies.
    escalate_after:
      step?.escalate_after ?? step?.sla ?? proc.escalate_after ?? global.escalate_after,
    escalate_to: step?.escalate_to ?? proc.escalate_to ?? global.escalate_to,
    on_timeout: step?.on_timeout ?? proc.on_timeout ?? global.on_timeout,
  };
}

/** When the n-th reminder (1-based) is due: n × remind_every of working time after assignment. */
export function reminderDueAt(
  assignedAt: Date,
  n: number,
  policy: ResolvedPolicy,
  cal: WorkCalendar,
  timeZone: string,
): Date {
  return addWorkingMillis(assignedAt, businessMillis(policy.remind_every, cal) * n, cal, timeZone);
}

export function timeoutDueAt(
  assignedAt: Date,
  policy: ResolvedPolicy,
  cal: WorkCalendar,
  timeZone: string,
): Date {
  return addWorkingMillis(assignedAt, businessMillis(policy.escalate_after, cal), cal, timeZone);
}
