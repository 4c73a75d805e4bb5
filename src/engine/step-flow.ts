// What decisions and the system's own acts share on a locked request: closing an
// assignment, ending or moving on the step, rejecting, and checking who may take work over.
import { audit } from "../db/audit.ts";
import type { Tx } from "../db/tx.ts";
import type { StepDef } from "../definitions/schema.ts";
import type { Assignment, AssignmentStatus, Request } from "../generated/prisma/client.ts";
import { advance } from "./advance.ts";
import type { Held, Kernel } from "./kernel.ts";
import { tierRuleOf } from "./separate-tiers.ts";
import { closeAssignment, releaseOthers, stepHolders } from "./sql.ts";
import type { AssigneeReason, FieldError, FormValues, HandOverRefusal } from "./types.ts";

export const close = (
  tx: Tx,
  assignment: Assignment,
  status: Exclude<AssignmentStatus, "PENDING" | "NOTIFIED" | "CANCELLED">,
  now: Date,
  inputs?: FormValues,
) => closeAssignment(tx, assignment, status, now, inputs);

export async function cancelPending(tx: Tx, requestId: number, now: Date): Promise<void> {
  await tx.assignment.updateMany({
    where: { requestId, status: "PENDING" },
    data: { status: "CANCELLED", decidedAt: now },
  });
}

/** 驳回, by an approver or on timeout: the request ends, every open assignment with it. */
export async function rejectRequest(
  tx: Tx,
  { request, assignment, now }: Held,
  entry: { actorId?: string; comment?: string; data?: object },
): Promise<void> {
  await close(tx, assignment, "REJECTED", now);
  await cancelPending(tx, request.id, now);
  await tx.request.update({
    where: { id: request.id },
    data: { status: "REJECTED", currentStep: -1, completedAt: now },
  });
  await audit(tx, { ...at(assignment), action: "REJECT", at: now, ...entry });
}

/**
 * Whether `to` may take over or join this assignment's step (转交, 加签, escalation): not the
 * actor, a person of the org, not the requester for an approval, not already holding the
 * step, and not the approver of the tier before under the rule on consecutive tiers.
 */
export async function refuseHandOver(
  k: Kernel,
  tx: Tx,
  { request, assignment }: Held,
  to: string,
  actorId?: string,
): Promise<HandOverRefusal | undefined> {
  if (to === actorId) return "self";
  if (!k.directory.person(to)) return "unknown";
  const approval = assignment.kind === "APPROVAL";
  if (approval && to === request.requesterId) return "requester";
  const busy = await tx.assignment.count({
    where: {
      requestId: request.id,
      stepIndex: assignment.stepIndex,
      assigneeId: to,
      status: "PENDING",
    },
  });
  if (busy > 0) return "already_assigned";
  if (approval && (await decidedTierBefore(k, tx, request, assignment.stepIndex, to)))
    return "previous_tier";
  return undefined;
}

/**
 * Under the rule on consecutive tiers (`separate`), whether this person approved the approval
 * tier just before the step: a transfer, 加签 or escalation may not hand them the next tier
 * either. The tier before is the nearest earlier approval step that was decided (CC steps and
 * skipped ones in between do not count; a task in between separates the tiers).
 */
async function decidedTierBefore(
  k: Kernel,
  tx: Tx,
  request: Request,
  stepIndex: number,
  userId: string,
): Promise<boolean> {
  const def = (await k.catalog.version(request.processVersionId, tx)).def;
  if (tierRuleOf(def, def.steps[stepIndex]!, k.controls) !== "separate") return false;
  for (let i = stepIndex - 1; i >= 0; i--) {
    const step = def.steps[i]!;
    if (step.kind === "notify") continue;
    if (step.kind === "task") return false;
    const approved = await tx.assignment.findMany({
      where: { requestId: request.id, stepIndex: i, status: "APPROVED" },
      select: { assigneeId: true },
    });
    if (approved.length > 0) return approved.some((a) => a.assigneeId === userId);
  }
  return false;
}

/**
 * 或签 (a whole step in mode any, or one branch of a countersign): the first holder to act
 * settles it for the others. Approvers added by someone (加签) are never released this way.
 */
export async function releaseGroup(
  tx: Tx,
  step: StepDef,
  assignment: Assignment,
  now: Date,
): Promise<void> {
  if (assignment.addedById !== null || (!step.branches && step.mode === "all")) return;
  await releaseOthers(tx, assignment, step.branches !== undefined, now);
}

/** After an approval or a task: back to whoever added this approver first, wait for the others, or move on. */
export async function finishStepIfDone(
  k: Kernel,
  tx: Tx,
  request: Request,
  assignment: Assignment,
  now: Date,
): Promise<void> {
  if (assignment.addedPosition === "BEFORE" && assignment.addedById !== null) {
    const holder = await tx.assignment.findUniqueOrThrow({ where: { id: assignment.addedById } });
    await tx.assignment.create({
      data: {
        ...slotOf(holder),
        assigneeId: holder.assigneeId,
        reason: holder.reason ?? {},
        delegatedFromId: holder.delegatedFromId,
        createdAt: now,
      },
    });
    return;
  }
  const p = await k.catalog.version(request.processVersionId, tx);
  const step = p.def.steps[assignment.stepIndex]!;
  await releaseGroup(tx, step, assignment, now);
  // A holder who added someone before themselves (ON_HOLD) waits through that person's pending row.
  const holders = await stepHolders(tx, request.id, assignment.stepIndex);
  if (holders.some((h) => h.status === "PENDING")) return;
  const approvers = holders.filter((h) => h.status === "APPROVED");
  await advance(tx, k.directory, {
    request: {
      id: request.id,
      requesterId: request.requesterId,
      form: request.form as FormValues,
    },
    process: p,
    from: assignment.stepIndex + 1,
    approvedBefore: new Set(step.kind === "approval" ? approvers.map((a) => a.assigneeId) : []),
    now,
    controls: k.controls,
  });
}

/**
 * 转交 or escalation: `to` gets an assignment in the same seat (its audit row names them and
 * the new assignment); `onBehalfOfId`: the assignment they may decide in place of.
 */
export async function handOver(
  tx: Tx,
  { assignment, now }: Held,
  h: {
    to: string;
    reason: AssigneeReason;
    onBehalfOfId: number | null;
    action: "TRANSFER" | "ESCALATE";
    actorId?: string;
    comment?: string;
    data?: object;
  },
): Promise<void> {
  const next = await tx.assignment.create({
    data: {
      ...slotOf(assignment),
      assigneeId: h.to,
      reason: h.reason,
      onBehalfOfId: h.onBehalfOfId,
      createdAt: now,
    },
  });
  await audit(tx, {
    ...at(assignment),
    action: h.action,
    at: now,
    actorId: h.actorId,
    comment: h.comment,
    data: { ...h.data, to: h.to, newAssignmentId: next.id },
  });
}

/** Where an assignment sits (step, branch, 加签 link): copied when it is handed on or re-created. */
export function slotOf(a: Assignment) {
  return {
    requestId: a.requestId,
    stepIndex: a.stepIndex,
    stepKey: a.stepKey,
    kind: a.kind,
    branch: a.branch,
    addedById: a.addedById,
    addedPosition: a.addedPosition,
  };
}

/** The audit row's place: the request, step and assignment an act was on. */
export function at(a: Assignment) {
  return { requestId: a.requestId, stepIndex: a.stepIndex, stepKey: a.stepKey, assignmentId: a.id };
}

export function prefixed(
  prefix: string,
  errors: Record<string, FieldError>,
): Record<string, FieldError> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}.${k}`, v]));
}
