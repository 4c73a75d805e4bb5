// What the system does by itself when a step waits too long (escalation, on_timeout
// decisions), and the non-decision events it records (reminders, webhook outcomes).
import { audit } from "../db/audit.ts";
import { Abort, type Kernel } from "./kernel.ts";
import {
  at,
  close,
  finishStepIfDone,
  handOver,
  refuseHandOver,
  rejectRequest,
} from "./step-flow.ts";
import type { Result } from "./types.ts";

export class SystemActions {
  constructor(private readonly k: Kernel) {}

  /**
   * 超时升级: the escalation target gets an assignment of their own that may decide in the
   * assignee's place (whichever of the two acts first settles both).
   */
  escalate(assignmentId: number, toUserId: string): Promise<Result<{ requestId: number }>> {
    return this.k.act(assignmentId, undefined, async (tx, held) => {
      const { assignment } = held;
      const why = await refuseHandOver(this.k, tx, held, toUserId);
      if (why) throw new Abort({ type: "invalid_transfer_target", why });
      await handOver(tx, held, {
        to: toUserId,
        reason: { kind: "escalation", from: assignment.assigneeId },
        onBehalfOfId: assignment.id,
        action: "ESCALATE",
        data: { from: assignment.assigneeId },
      });
    });
  }

  /** on_timeout auto_approve / auto_reject: the system decides, and the audit row says so. */
  decideOnTimeout(
    assignmentId: number,
    outcome: "approve" | "reject",
  ): Promise<Result<{ requestId: number }>> {
    return this.k.act(assignmentId, undefined, async (tx, held) => {
      const { request, assignment, now } = held;
      const data = { timeout: true, assignee: assignment.assigneeId };
      if (outcome === "reject" && assignment.kind !== "TASK")
        return rejectRequest(tx, held, { data });
      const task = assignment.kind === "TASK";
      await close(tx, assignment, task ? "DONE" : "APPROVED", now);
      await audit(tx, { ...at(assignment), action: task ? "DONE" : "APPROVE", at: now, data });
      await finishStepIfDone(this.k, tx, request, assignment, now);
    });
  }

  /** Appends a non-decision event (reminder, escalation notice, webhook outcome) to the record. */
  async record(entry: {
    requestId: number;
    assignmentId?: number;
    action: "REMIND" | "WEBHOOK";
    actorId?: string;
    data?: object;
  }): Promise<void> {
    const a = entry.assignmentId
      ? await this.k.db.assignment.findUnique({ where: { id: entry.assignmentId } })
      : null;
    await audit(this.k.db, {
      ...entry,
      stepIndex: a?.stepIndex,
      stepKey: a?.stepKey,
      at: this.k.now(),
    });
  }
}
