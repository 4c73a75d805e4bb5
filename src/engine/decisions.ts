// What an approver does with their assignment: approve (with inputs or amended values),
// reject, return (退回), transfer (转交), add an approver (加签), copy someone in (抄送),
// finish a task. Each is one act of the kernel, under the request's lock.
import { audit } from "../db/audit.ts";
import type { Tx } from "../db/tx.ts";
import type { Request } from "../generated/prisma/client.ts";
import { type Amendment, checkAmendments } from "./amend.ts";
import {
  type AddApproverInput,
  type Decision,
  type DecisionInput,
  decisionParse,
} from "./decision-input.ts";
import { tooLongText } from "./decision-text.ts";
import { Abort, assignmentGuard, fail, type Held, type Kernel } from "./kernel.ts";
import {
  at,
  cancelPending,
  close,
  finishStepIfDone,
  handOver,
  prefixed,
  refuseHandOver,
  rejectRequest,
  releaseGroup,
  slotOf,
} from "./step-flow.ts";
import type { AssigneeReason, FormValues, Result } from "./types.ts";

type Decided = Promise<Result<{ requestId: number }>>;

export class DecisionActions {
  constructor(private readonly k: Kernel) {}

  /** Read-only: whether this person may still decide this assignment (before a form opens). */
  async checkAssignment(assignmentId: number, actorId: string): Decided {
    const a = await this.k.db.assignment.findUnique({
      where: { id: assignmentId },
      include: { request: { select: { status: true } } },
    });
    if (!a) return fail({ type: "not_found" });
    const refused = assignmentGuard(a, a.request, actorId);
    return refused ? fail(refused) : { ok: true, requestId: a.requestId };
  }

  approve(assignmentId: number, actorId: string, input: DecisionInput = {}): Decided {
    const long = tooLongText("comment", input.comment);
    if (long) return Promise.resolve(fail(long));
    return this.k.act(
      assignmentId,
      actorId,
      async (tx, held, decision: Decision) => {
        const request = await this.approveIn(tx, held, actorId, decision);
        await finishStepIfDone(this.k, tx, request, held.assignment, held.now);
      },
      decisionParse(this.k, input),
    );
  }

  /**
   * 加签. Before: the added person decides first, then the step comes back to the actor.
   * After: the actor approves now and the added person must approve before the step ends.
   */
  addApprover(assignmentId: number, actorId: string, input: AddApproverInput): Decided {
    const long = tooLongText("comment", input.comment);
    if (long) return Promise.resolve(fail(long));
    const before = input.position === "before";
    const act = async (tx: Tx, held: Held, decision?: Decision) => {
      const { assignment, now, acting } = held;
      if (assignment.kind !== "APPROVAL") throw new Abort({ type: "not_an_approval" });
      const to = input.userId;
      const why = await refuseHandOver(this.k, tx, held, to, actorId);
      if (why) throw new Abort({ type: "invalid_added_approver", why });
      let current = held.request;
      if (decision) {
        current = await this.approveIn(tx, held, actorId, decision);
      } else {
        await close(tx, assignment, "ON_HOLD", now);
        const step = await this.k.stepOf(held.request, assignment.stepIndex, tx);
        await releaseGroup(tx, step, assignment, now);
      }
      const reason: AssigneeReason = { kind: "added", by: actorId, position: input.position };
      const added = await tx.assignment.create({
        data: {
          ...slotOf(assignment),
          addedById: assignment.id,
          addedPosition: before ? "BEFORE" : "AFTER",
          assigneeId: to,
          reason,
          createdAt: now,
        },
      });
      await audit(tx, {
        ...at(assignment),
        action: "ADD_APPROVER",
        at: now,
        actorId,
        comment: before ? input.comment?.trim() || undefined : undefined,
        data: { ...acting, position: input.position, to, newAssignmentId: added.id },
      });
      if (!before) await finishStepIfDone(this.k, tx, current, assignment, now);
    };
    // 后加签 approves now, so its inputs and amended values are parsed like an approval's.
    return before
      ? this.k.act(assignmentId, actorId, act)
      : this.k.act(assignmentId, actorId, act, decisionParse(this.k, input));
  }

  /**
   * 抄送: an approver sends a read-only copy to colleagues; nothing else changes. `viewId`:
   * the modal it came from, so a replayed submission sends no second copies.
   */
  cc(
    assignmentId: number,
    actorId: string,
    userIds: string[],
    comment?: string,
    viewId?: string,
  ): Decided {
    const targets = [...new Set(userIds)].filter((u) => u !== actorId);
    if (targets.length === 0) return Promise.resolve(fail({ type: "invalid_cc", why: "none" }));
    if (targets.some((u) => !this.k.directory.person(u)))
      return Promise.resolve(fail({ type: "invalid_cc", why: "unknown" }));
    const long = tooLongText("comment", comment);
    if (long) return Promise.resolve(fail(long));
    return this.k.act(assignmentId, actorId, async (tx, { assignment, now }) => {
      if (viewId && (await this.copiedFrom(tx, assignment.requestId, viewId))) return;
      const reason: AssigneeReason = { kind: "cc", by: actorId };
      for (const userId of targets) {
        await tx.assignment.create({
          data: {
            requestId: assignment.requestId,
            stepIndex: assignment.stepIndex,
            stepKey: assignment.stepKey,
            kind: "NOTIFY",
            status: "NOTIFIED",
            assigneeId: userId,
            reason,
            decidedAt: now,
            createdAt: now,
          },
        });
      }
      await audit(tx, {
        ...at(assignment),
        action: "CC",
        at: now,
        actorId,
        comment: comment?.trim() || undefined,
        data: { to: targets, ...(viewId ? { viewId } : {}) },
      });
    });
  }

  private async copiedFrom(tx: Tx, requestId: number, viewId: string): Promise<boolean> {
    const where = { requestId, action: "CC" as const, data: { path: ["viewId"], equals: viewId } };
    return (await tx.auditEntry.count({ where })) > 0;
  }

  completeTask(assignmentId: number, actorId: string, comment?: string): Decided {
    return this.k.act(assignmentId, actorId, async (tx, { request, assignment, now, acting }) => {
      if (assignment.kind !== "TASK") throw new Abort({ type: "not_a_task" });
      await close(tx, assignment, "DONE", now);
      await audit(tx, {
        ...at(assignment),
        action: "DONE",
        at: now,
        actorId,
        comment,
        data: acting,
      });
      await finishStepIfDone(this.k, tx, request, assignment, now);
    });
  }

  reject(assignmentId: number, actorId: string, reason: string): Decided {
    const refused = reasonRefusal(reason);
    if (refused) return Promise.resolve(refused);
    return this.k.act(assignmentId, actorId, async (tx, held) => {
      if (held.assignment.kind !== "APPROVAL") throw new Abort({ type: "not_an_approval" });
      await rejectRequest(tx, held, { actorId, comment: reason.trim(), data: held.acting });
    });
  }

  /** 退回: back to the requester for changes; on resubmission it comes straight back here. */
  returnToRequester(assignmentId: number, actorId: string, reason: string): Decided {
    const refused = reasonRefusal(reason);
    if (refused) return Promise.resolve(refused);
    return this.k.act(assignmentId, actorId, async (tx, { request, assignment, now, acting }) => {
      if (assignment.kind !== "APPROVAL") throw new Abort({ type: "not_an_approval" });
      await close(tx, assignment, "RETURNED", now);
      const step = await this.k.stepOf(request, assignment.stepIndex, tx);
      // 或签: the others are released; 会签 and parallel branches: their turns wait for the resubmission.
      if (step.mode === "any" && !step.branches) await cancelPending(tx, request.id, now);
      await tx.request.update({
        where: { id: request.id },
        data: { status: "RETURNED", returnedFromId: assignment.id },
      });
      await audit(tx, {
        ...at(assignment),
        action: "RETURN",
        at: now,
        actorId,
        comment: reason.trim(),
        data: acting,
      });
    });
  }

  /** 转交: hand one's own pending assignment to someone else. */
  transfer(assignmentId: number, actorId: string, toUserId: string, comment?: string): Decided {
    const long = tooLongText("comment", comment);
    if (long) return Promise.resolve(fail(long));
    return this.k.act(assignmentId, actorId, async (tx, held) => {
      const { assignment, now, acting } = held;
      const why = await refuseHandOver(this.k, tx, held, toUserId, actorId);
      if (why) throw new Abort({ type: "invalid_transfer_target", why });
      await close(tx, assignment, "TRANSFERRED", now);
      await handOver(tx, held, {
        to: toUserId,
        reason: { kind: "transfer", from: actorId },
        // An escalation handed on still stands in for the same original assignment.
        onBehalfOfId: assignment.onBehalfOfId,
        action: "TRANSFER",
        actorId,
        comment: comment?.trim() || undefined,
        data: acting,
      });
    });
  }

  /** Checks and records an approval (inputs, amended values) under the row lock; returns the request as amended. */
  private async approveIn(
    tx: Tx,
    { request, assignment, now, acting }: Held,
    actorId: string,
    decision: Decision,
  ): Promise<Request> {
    if (assignment.kind !== "APPROVAL") throw new Abort({ type: "not_an_approval" });
    if (actorId === request.requesterId) throw new Abort({ type: "self_approval" });
    const p = await this.k.catalog.version(request.processVersionId, tx);
    const step = p.def.steps[assignment.stepIndex]!;
    const form = request.form as FormValues;
    const checked = checkAmendments(p.def, step, form, decision.changes);
    if (!checked.ok)
      throw new Abort({ type: "invalid_decision", errors: prefixed("amend", checked.errors) });
    await close(tx, assignment, "APPROVED", now, decision.inputs);
    const amended = checked.amended;
    await audit(tx, {
      ...at(assignment),
      action: "APPROVE",
      at: now,
      actorId,
      comment: decision.comment?.trim() || undefined,
      data:
        acting || decision.inputs || amended.length > 0
          ? {
              ...acting,
              ...(decision.inputs ? { inputs: decision.inputs } : {}),
              ...(amended.length > 0 ? { amended } : {}),
            }
          : undefined,
    });
    if (amended.length === 0) return request;
    const history = [
      ...((request.amendments as Amendment[] | null) ?? []),
      ...amended.map((a) => ({
        ...a,
        by: actorId,
        stepKey: assignment.stepKey,
        at: now.toISOString(),
      })),
    ];
    const next = { ...form, ...Object.fromEntries(amended.map((a) => [a.field, a.to])) };
    return tx.request.update({
      where: { id: request.id },
      data: { form: next, amendments: history as object[] },
    });
  }
}

/** A rejection or a return needs a reason, within the length a record holds. */
function reasonRefusal(reason: string) {
  if (!reason.trim()) return fail({ type: "reason_required" });
  const long = tooLongText("reason", reason);
  return long ? fail(long) : undefined;
}
