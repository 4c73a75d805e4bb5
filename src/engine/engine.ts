// The approval engine: every state change is one transaction that first locks the
// request row, so concurrent or repeated clicks make exactly one transition.

import type { Controls } from "../config/settings.ts";
import type { Db } from "../db/open-database.ts";
import type { ProcessCatalog, PublishedProcess } from "../definitions/catalog.ts";
import type { StepDef } from "../definitions/schema.ts";
import type { Directory } from "../directory/directory.ts";
import { effectsOf, type Tx } from "../effects/effects.ts";
import type { Assignment, Request } from "../generated/prisma/client.ts";
import type { RequestChanges } from "../requests/changes.ts";
import { advance, audit, StepUnresolvable } from "./advance.ts";
import { type Amendment, checkAmendments } from "./amend.ts";
import { tooLongText } from "./decision-text.ts";
import { planPath } from "./plan-path.ts";
import { tierRuleOf } from "./separate-tiers.ts";
import {
  assignmentById,
  closeAssignment,
  type Found,
  findForDecision,
  lockRequest as lockRow,
  releaseOthers,
  stepHolders,
} from "./sql.ts";
import type { AssigneeReason, EngineError, FieldError, FormValues, Result } from "./types.ts";
import { type FormLookups, type RawForm, validateForm } from "./validate-form.ts";

/** What an approver may give besides the click: a comment, the step's inputs, amended values. */
export interface DecisionInput {
  comment?: string;
  /** Answers to the step's `inputs` (e.g. a department's opinion). */
  inputs?: RawForm;
  /** Approve with changes: new values for fields the step lets this approver amend. */
  changes?: RawForm;
}

export interface AddApproverInput extends DecisionInput {
  userId: string;
  /** before = 前加签 (they decide first, then it comes back); after = 后加签 (approve, then they decide). */
  position: "before" | "after";
}

/** Parsed decision values, checked before the transaction (lookups must not run inside it). */
interface Decision {
  comment?: string;
  inputs?: FormValues;
  changes: FormValues;
}

export interface EngineDeps {
  db: Db;
  directory: Directory;
  catalog: ProcessCatalog;
  clock?: () => Date;
  /** Told after every committed change of a request (its messages and timers follow). */
  changes?: RequestChanges;
  /** The company's controls (config/settings.yaml); a process or step may override them. */
  controls?: Controls;
}

type Fail = { ok: false; error: EngineError };
const fail = (error: EngineError): Fail => ({ ok: false, error });

/** Thrown inside a transaction to roll it back and return a typed failure. */
class Abort extends Error {
  constructor(readonly error: EngineError) {
    super(error.type);
  }
}

export class ApprovalEngine {
  readonly db: Db;
  readonly directory: Directory;
  readonly catalog: ProcessCatalog;
  private readonly clock: () => Date;
  private readonly changes?: RequestChanges;
  private readonly controls?: Controls;

  constructor(deps: EngineDeps) {
    this.db = deps.db;
    this.directory = deps.directory;
    this.catalog = deps.catalog;
    this.clock = deps.clock ?? (() => new Date());
    this.changes = deps.changes;
    this.controls = deps.controls;
  }

  /** Checks a form without saving anything (used to answer a modal with field errors). */
  async checkForm(processKey: string, requesterId: string, raw: RawForm) {
    const p = this.catalog.get(processKey);
    if (!p) return fail({ type: "unknown_process", key: processKey });
    const v = await validateForm(p.def, raw, requesterId, this.lookups());
    return v.ok
      ? { ok: true as const, values: v.values }
      : fail({ type: "invalid_form", errors: v.errors });
  }

  /**
   * `viewId`: the Slack modal it was filed from. A request is filed once per view: a replayed
   * submission gets the request the first one filed (nothing is filed twice).
   */
  async submit(
    processKey: string,
    requesterId: string,
    raw: RawForm,
    opts: { viewId?: string } = {},
  ): Promise<Result<{ requestId: number }>> {
    const filed = opts.viewId ? await this.filedFrom(opts.viewId) : undefined;
    if (filed) return { ok: true, requestId: filed };
    const p = this.catalog.get(processKey);
    if (!p) return fail({ type: "unknown_process", key: processKey });
    const v = await validateForm(p.def, raw, requesterId, this.lookups());
    if (!v.ok) return fail({ type: "invalid_form", errors: v.errors });
    const blocked = this.firstUnresolvable(p, v.values, requesterId);
    if (blocked) return fail(blocked);
    const now = this.clock();
    const filing = this.transact(async (tx) => {
      let form = v.values;
      for (const e of effectsOf(p.def)) if (e.capture) form = await e.capture(tx, form);
      const request = await tx.request.create({
        data: {
          processKey,
          processVersionId: p.versionId,
          requesterId,
          form,
          createdAt: now,
          revision: 1,
          viewId: opts.viewId,
        },
      });
      await audit(tx, {
        requestId: request.id,
        action: "SUBMIT",
        at: now,
        actorId: requesterId,
        data: { version: p.def.version },
      });
      await advance(tx, this.directory, {
        request: { id: request.id, requesterId, form },
        process: p,
        from: 0,
        approvedBefore: new Set(),
        now,
        controls: this.controls,
      });
      return { requestId: request.id };
    });
    // Two copies of one submission at the same instant: the second meets the first's view id.
    return filing.catch(async (e: unknown) => {
      const first =
        opts.viewId && (e as { code?: string }).code === "P2002"
          ? await this.filedFrom(opts.viewId)
          : undefined;
      if (first) return { ok: true as const, requestId: first };
      throw e;
    });
  }

  private async filedFrom(viewId: string): Promise<number | undefined> {
    return (await this.db.request.findUnique({ where: { viewId }, select: { id: true } }))?.id;
  }

  async approve(
    assignmentId: number,
    actorId: string,
    input: DecisionInput = {},
  ): Promise<Result<{ requestId: number }>> {
    const long = tooLongText("comment", input.comment);
    if (long) return fail(long);
    return this.decide(
      assignmentId,
      actorId,
      async (tx, ctx, decision) => {
        const request = await this.approveIn(tx, ctx, actorId, decision!);
        await this.finishStepIfDone(tx, request, ctx.assignment, ctx.now);
      },
      { parse: (found) => this.parseDecision(found, input) },
    );
  }

  /**
   * 加签. Before: the added person decides first, then the step comes back to the actor.
   * After: the actor approves now and the added person must approve before the step ends.
   */
  async addApprover(
    assignmentId: number,
    actorId: string,
    input: AddApproverInput,
  ): Promise<Result<{ requestId: number }>> {
    const long = tooLongText("comment", input.comment);
    if (long) return fail(long);
    const parse =
      input.position === "after" ? (found: Found) => this.parseDecision(found, input) : undefined;
    return this.decide(
      assignmentId,
      actorId,
      async (tx, ctx, decision) => {
        const { request, assignment, now, acting } = ctx;
        if (assignment.kind !== "APPROVAL") throw new Abort({ type: "not_an_approval" });
        const to = input.userId;
        const why =
          to === actorId
            ? "self"
            : to === request.requesterId
              ? "requester"
              : !this.directory.person(to)
                ? "unknown"
                : undefined;
        if (why) throw new Abort({ type: "invalid_added_approver", why });
        const busy = await tx.assignment.count({
          where: {
            requestId: request.id,
            stepIndex: assignment.stepIndex,
            assigneeId: to,
            status: "PENDING",
          },
        });
        if (busy > 0) throw new Abort({ type: "invalid_added_approver", why: "already_assigned" });
        if (await this.decidedTierBefore(tx, request, assignment.stepIndex, to))
          throw new Abort({ type: "invalid_added_approver", why: "previous_tier" });
        const step = (await this.catalog.version(request.processVersionId, tx)).def.steps[
          assignment.stepIndex
        ]!;
        let current = request;
        if (input.position === "before") {
          await this.close(tx, assignment, "ON_HOLD", now);
          await this.releaseGroup(tx, step, assignment, now);
        } else {
          current = await this.approveIn(tx, ctx, actorId, decision!);
        }
        const reason: AssigneeReason = { kind: "added", by: actorId, position: input.position };
        const added = await tx.assignment.create({
          data: {
            ...slotOf(assignment),
            addedById: assignment.id,
            addedPosition: input.position === "before" ? "BEFORE" : "AFTER",
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
          comment: input.position === "before" ? input.comment?.trim() || undefined : undefined,
          data: { ...acting, position: input.position, to, newAssignmentId: added.id },
        });
        if (input.position === "after") await this.finishStepIfDone(tx, current, assignment, now);
      },
      { parse },
    );
  }

  /**
   * 抄送: an approver sends a read-only copy to colleagues; nothing else changes. `viewId`:
   * the modal it came from, so a replayed submission sends no second copies.
   */
  cc(assignmentId: number, actorId: string, userIds: string[], comment?: string, viewId?: string) {
    const targets = [...new Set(userIds)].filter((u) => u !== actorId);
    if (targets.length === 0) return Promise.resolve(fail({ type: "invalid_cc", why: "none" }));
    if (targets.some((u) => !this.directory.person(u)))
      return Promise.resolve(fail({ type: "invalid_cc", why: "unknown" }));
    const long = tooLongText("comment", comment);
    if (long) return Promise.resolve(fail(long));
    return this.decide(assignmentId, actorId, async (tx, { assignment, now }) => {
      if (
        viewId &&
        (await tx.auditEntry.count({
          where: {
            requestId: assignment.requestId,
            action: "CC",
            data: { path: ["viewId"], equals: viewId },
          },
        })) > 0
      )
        return;
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

  completeTask(assignmentId: number, actorId: string, comment?: string) {
    return this.decide(assignmentId, actorId, async (tx, { request, assignment, now, acting }) => {
      if (assignment.kind !== "TASK") throw new Abort({ type: "not_a_task" });
      await this.close(tx, assignment, "DONE", now);
      await audit(tx, {
        ...at(assignment),
        action: "DONE",
        at: now,
        actorId,
        comment,
        data: acting,
      });
      await this.finishStepIfDone(tx, request, assignment, now);
    });
  }

  reject(assignmentId: number, actorId: string, reason: string) {
    if (!reason.trim()) return Promise.resolve(fail({ type: "reason_required" }));
    const long = tooLongText("reason", reason);
    if (long) return Promise.resolve(fail(long));
    return this.decide(assignmentId, actorId, async (tx, { request, assignment, now, acting }) => {
      if (assignment.kind !== "APPROVAL") throw new Abort({ type: "not_an_approval" });
      await this.close(tx, assignment, "REJECTED", now);
      await this.cancelPending(tx, request.id, now);
      await tx.request.update({
        where: { id: request.id },
        data: { status: "REJECTED", currentStep: -1, completedAt: now },
      });
      await audit(tx, {
        ...at(assignment),
        action: "REJECT",
        at: now,
        actorId,
        comment: reason.trim(),
        data: acting,
      });
    });
  }

  /** 退回: back to the requester for changes; on resubmission it comes straight back here. */
  returnToRequester(assignmentId: number, actorId: string, reason: string) {
    if (!reason.trim()) return Promise.resolve(fail({ type: "reason_required" }));
    const long = tooLongText("reason", reason);
    if (long) return Promise.resolve(fail(long));
    return this.decide(assignmentId, actorId, async (tx, { request, assignment, now, acting }) => {
      if (assignment.kind !== "APPROVAL") throw new Abort({ type: "not_an_approval" });
      await this.close(tx, assignment, "RETURNED", now);
      const step = (await this.catalog.version(request.processVersionId, tx)).def.steps[
        assignment.stepIndex
      ]!;
      // 或签: the others are released; 会签 and parallel branches: their turns wait for the resubmission.
      if (step.mode === "any" && !step.branches) await this.cancelPending(tx, request.id, now);
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

  async resubmit(
    requestId: number,
    actorId: string,
    raw: RawForm,
  ): Promise<Result<{ requestId: number }>> {
    const request = await this.db.request.findUnique({ where: { id: requestId } });
    if (!request) return fail({ type: "not_found" });
    if (request.requesterId !== actorId) return fail({ type: "not_requester" });
    const p = await this.catalog.version(request.processVersionId);
    const v = await validateForm(p.def, raw, actorId, this.lookups());
    if (!v.ok) return fail({ type: "invalid_form", errors: v.errors });
    const now = this.clock();
    return this.transact(async (tx) => {
      const locked = await lockRequest(tx, requestId);
      if (locked.status !== "RETURNED" || locked.returnedFromId === null)
        throw new Abort({ type: "request_not_pending", status: locked.status });
      const old = locked.form as FormValues;
      // Form fields are replaced as a whole (an optional field left empty is cleared);
      // facts captured at submission (not form fields) are kept.
      const fieldKeys = new Set(p.def.fields.map((f) => f.key));
      const form = {
        ...Object.fromEntries(Object.entries(old).filter(([k]) => !fieldKeys.has(k))),
        ...v.values,
      };
      const changed = p.def.fields
        .filter((f) => JSON.stringify(old[f.key] ?? null) !== JSON.stringify(form[f.key] ?? null))
        .map((f) => ({ field: f.key, from: old[f.key] ?? null, to: form[f.key] ?? null }));
      const returned = await tx.assignment.findUniqueOrThrow({
        where: { id: locked.returnedFromId },
      });
      const blocked = this.firstUnresolvable(p, form, actorId, returned.stepIndex + 1);
      if (blocked) throw new Abort(blocked);
      await tx.request.update({
        where: { id: requestId },
        data: { form, status: "PENDING", returnedFromId: null },
      });
      const again = await tx.assignment.create({
        data: {
          ...slotOf(returned),
          assigneeId: returned.assigneeId,
          reason: returned.reason ?? {},
          createdAt: now,
        },
      });
      await audit(tx, {
        requestId,
        stepIndex: returned.stepIndex,
        stepKey: returned.stepKey,
        assignmentId: again.id,
        action: "RESUBMIT",
        at: now,
        actorId,
        data: { changed },
      });
      return { requestId };
    });
  }

  /** 转交: hand one's own pending assignment to someone else. */
  transfer(assignmentId: number, actorId: string, toUserId: string, comment?: string) {
    const long = tooLongText("comment", comment);
    if (long) return Promise.resolve(fail(long));
    return this.decide(assignmentId, actorId, async (tx, { request, assignment, now, acting }) => {
      if (toUserId === actorId) throw new Abort({ type: "invalid_transfer_target", why: "self" });
      if (!this.directory.person(toUserId))
        throw new Abort({ type: "invalid_transfer_target", why: "unknown" });
      if (toUserId === request.requesterId && assignment.kind === "APPROVAL")
        throw new Abort({ type: "invalid_transfer_target", why: "requester" });
      const dup = await tx.assignment.count({
        where: {
          requestId: request.id,
          stepIndex: assignment.stepIndex,
          assigneeId: toUserId,
          status: "PENDING",
        },
      });
      if (dup > 0) throw new Abort({ type: "invalid_transfer_target", why: "already_assigned" });
      if (
        assignment.kind === "APPROVAL" &&
        (await this.decidedTierBefore(tx, request, assignment.stepIndex, toUserId))
      )
        throw new Abort({ type: "invalid_transfer_target", why: "previous_tier" });
      await this.close(tx, assignment, "TRANSFERRED", now);
      const reason: AssigneeReason = { kind: "transfer", from: actorId };
      const next = await tx.assignment.create({
        // An escalation handed on still stands in for the same original assignment.
        data: {
          ...slotOf(assignment),
          assigneeId: toUserId,
          reason,
          onBehalfOfId: assignment.onBehalfOfId,
          createdAt: now,
        },
      });
      await audit(tx, {
        ...at(assignment),
        action: "TRANSFER",
        at: now,
        actorId,
        comment: comment?.trim() || undefined,
        data: { ...acting, to: toUserId, newAssignmentId: next.id },
      });
    });
  }

  /** 撤回: the requester takes back a request that is still open. */
  async withdraw(requestId: number, actorId: string): Promise<Result<{ requestId: number }>> {
    const now = this.clock();
    return this.transact(async (tx) => {
      const request = await lockRequest(tx, requestId);
      if (request.requesterId !== actorId) throw new Abort({ type: "not_requester" });
      if (request.status !== "PENDING" && request.status !== "RETURNED")
        throw new Abort({ type: "request_not_pending", status: request.status });
      await this.cancelPending(tx, requestId, now);
      await tx.request.update({
        where: { id: requestId },
        data: { status: "WITHDRAWN", currentStep: -1, completedAt: now, returnedFromId: null },
      });
      await audit(tx, { requestId, action: "WITHDRAW", at: now, actorId });
      return { requestId };
    });
  }

  /**
   * A request is refused up front when a step on its path would have nobody to act (e.g.
   * the general manager's own large return: only they hold the role, and no one is above
   * them), instead of getting stuck when it reaches that step.
   */
  private firstUnresolvable(
    p: PublishedProcess,
    form: FormValues,
    requesterId: string,
    from = 0,
  ): EngineError | undefined {
    const stuck = planPath(p, form, requesterId, this.directory, from, {
      controls: this.controls,
    }).find((s) => s.outcome === "unresolvable");
    return stuck?.outcome === "unresolvable"
      ? { type: "unresolvable_step", step: stuck.key, cause: stuck.error }
      : undefined;
  }

  /**
   * 超时升级: the escalation target gets an assignment of their own that may decide in the
   * assignee's place (whichever of the two acts first settles both).
   */
  escalate(assignmentId: number, toUserId: string) {
    return this.decide(
      assignmentId,
      SYSTEM,
      async (tx, { request, assignment, now }) => {
        if (toUserId === request.requesterId && assignment.kind === "APPROVAL")
          throw new Abort({ type: "invalid_transfer_target", why: "requester" });
        const dup = await tx.assignment.count({
          where: {
            requestId: request.id,
            stepIndex: assignment.stepIndex,
            assigneeId: toUserId,
            status: "PENDING",
          },
        });
        if (dup > 0) throw new Abort({ type: "invalid_transfer_target", why: "already_assigned" });
        if (
          assignment.kind === "APPROVAL" &&
          (await this.decidedTierBefore(tx, request, assignment.stepIndex, toUserId))
        )
          throw new Abort({ type: "invalid_transfer_target", why: "previous_tier" });
        const reason: AssigneeReason = { kind: "escalation", from: assignment.assigneeId };
        const next = await tx.assignment.create({
          data: {
            ...slotOf(assignment),
            assigneeId: toUserId,
            reason,
            onBehalfOfId: assignment.id,
            createdAt: now,
          },
        });
        await audit(tx, {
          ...at(assignment),
          action: "ESCALATE",
          at: now,
          data: { from: assignment.assigneeId, to: toUserId, newAssignmentId: next.id },
        });
      },
      { system: true },
    );
  }

  /** on_timeout auto_approve / auto_reject: the system decides, and the audit row says so. */
  decideOnTimeout(assignmentId: number, outcome: "approve" | "reject") {
    return this.decide(
      assignmentId,
      SYSTEM,
      async (tx, { request, assignment, now }) => {
        const data = { timeout: true, assignee: assignment.assigneeId };
        if (outcome === "approve" || assignment.kind === "TASK") {
          await this.close(tx, assignment, assignment.kind === "TASK" ? "DONE" : "APPROVED", now);
          await audit(tx, {
            ...at(assignment),
            action: assignment.kind === "TASK" ? "DONE" : "APPROVE",
            at: now,
            data,
          });
          await this.finishStepIfDone(tx, request, assignment, now);
          return;
        }
        await this.close(tx, assignment, "REJECTED", now);
        await this.cancelPending(tx, request.id, now);
        await tx.request.update({
          where: { id: request.id },
          data: { status: "REJECTED", currentStep: -1, completedAt: now },
        });
        await audit(tx, { ...at(assignment), action: "REJECT", at: now, data });
      },
      { system: true },
    );
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
      ? await this.db.assignment.findUnique({ where: { id: entry.assignmentId } })
      : null;
    await audit(this.db as unknown as Tx, {
      ...entry,
      stepIndex: a?.stepIndex,
      stepKey: a?.stepKey,
      at: this.clock(),
    });
  }

  /**
   * Common checks for acting on an assignment, under the request's row lock. The assignment is
   * read once before the transaction (its request, and the decision's values parsed against
   * its step) and once under the lock, where the guards are checked.
   */
  private async decide(
    assignmentId: number,
    actorId: string,
    act: (
      tx: Tx,
      ctx: { request: Request; assignment: Assignment; now: Date; acting?: ActingFor },
      decision?: Decision,
    ) => Promise<void>,
    opts: {
      system?: boolean;
      parse?: (found: Found) => Promise<{ ok: true; value: Decision } | Fail>;
    } = {},
  ): Promise<Result<{ requestId: number }>> {
    const found = await findForDecision(this.db, assignmentId);
    if (!found) return fail({ type: "not_found" });
    const parsed = opts.parse ? await opts.parse(found) : undefined;
    if (parsed && !parsed.ok) return parsed;
    const now = this.clock();
    return this.transact(async (tx) => {
      const request = await lockRequest(tx, found.requestId);
      const assignment = (await assignmentById(tx, assignmentId))!;
      if (!opts.system && assignment.assigneeId !== actorId)
        throw new Abort({ type: "not_your_assignment", assigneeId: assignment.assigneeId });
      if (assignment.status !== "PENDING")
        throw new Abort({ type: "assignment_closed", status: assignment.status });
      if (request.status !== "PENDING")
        throw new Abort({ type: "request_not_pending", status: request.status });
      await act(
        tx,
        { request, assignment, now, acting: await actingFor(tx, assignment) },
        parsed?.value,
      );
      return { requestId: request.id };
    });
  }

  /** Checks and records an approval (inputs, amended values) under the row lock; returns the request as amended. */
  private async approveIn(
    tx: Tx,
    ctx: { request: Request; assignment: Assignment; now: Date; acting?: ActingFor },
    actorId: string,
    decision: Decision,
  ): Promise<Request> {
    const { request, assignment, now, acting } = ctx;
    if (assignment.kind !== "APPROVAL") throw new Abort({ type: "not_an_approval" });
    if (actorId === request.requesterId) throw new Abort({ type: "self_approval" });
    const p = await this.catalog.version(request.processVersionId, tx);
    const step = p.def.steps[assignment.stepIndex]!;
    const form = request.form as FormValues;
    const checked = checkAmendments(p.def, step, form, decision.changes);
    if (!checked.ok)
      throw new Abort({ type: "invalid_decision", errors: prefixed("amend", checked.errors) });
    await this.close(tx, assignment, "APPROVED", now, decision.inputs);
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

  /** Inputs and amended values parsed like form fields, before any lock is taken. */
  private async parseDecision(
    a: Found,
    input: DecisionInput,
  ): Promise<{ ok: true; value: Decision } | Fail> {
    const def = (await this.catalog.version(a.request.processVersionId)).def;
    const step = def.steps[a.stepIndex]!;
    const errors: Record<string, FieldError> = {};
    let inputs: FormValues | undefined;
    if (step.inputs?.length) {
      const v = await validateForm(
        { fields: step.inputs },
        input.inputs ?? {},
        a.request.requesterId,
        this.lookups(),
      );
      if (v.ok) inputs = v.values;
      else Object.assign(errors, prefixed("inputs", v.errors));
    }
    const changes: FormValues = {};
    for (const [key, raw] of Object.entries(input.changes ?? {})) {
      if (raw === undefined || raw === null || raw === "") continue;
      const field = def.fields.find((f) => f.key === key);
      if (!field || !step.amend?.some((x) => x.field === key)) {
        errors[`amend.${key}`] = { type: "not_amendable" };
        continue;
      }
      const v = await validateForm(
        { fields: [{ ...field, required: true }] },
        { [key]: raw },
        a.request.requesterId,
        this.lookups(),
      );
      if (v.ok) changes[key] = v.values[key]!;
      else Object.assign(errors, prefixed("amend", v.errors));
    }
    if (Object.keys(errors).length > 0) return fail({ type: "invalid_decision", errors });
    return { ok: true, value: { comment: input.comment, inputs, changes } };
  }

  /**
   * Under the rule on consecutive tiers (`separate`), whether this person approved the approval
   * tier just before the step: a transfer, 加签 or escalation may not hand them the next tier
   * either. The tier before is the nearest earlier approval step that was decided (CC steps and
   * skipped ones in between do not count; a task in between separates the tiers).
   */
  private async decidedTierBefore(
    tx: Tx,
    request: Request,
    stepIndex: number,
    userId: string,
  ): Promise<boolean> {
    const def = (await this.catalog.version(request.processVersionId, tx)).def;
    if (tierRuleOf(def, def.steps[stepIndex]!, this.controls) !== "separate") return false;
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
  private async releaseGroup(
    tx: Tx,
    step: StepDef,
    assignment: Assignment,
    now: Date,
  ): Promise<void> {
    if (assignment.addedById !== null || (!step.branches && step.mode === "all")) return;
    await releaseOthers(tx, assignment, step.branches !== undefined, now);
  }

  /** After an approval or a task: back to whoever added this approver first, wait for the others, or move on. */
  private async finishStepIfDone(
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
    const p = await this.catalog.version(request.processVersionId, tx);
    const step = p.def.steps[assignment.stepIndex]!;
    await this.releaseGroup(tx, step, assignment, now);
    const inStep = { requestId: request.id, stepIndex: assignment.stepIndex };
    // A holder who added someone before themselves (ON_HOLD) waits through that person's pending row.
    const holders = await stepHolders(tx, inStep.requestId, inStep.stepIndex);
    if (holders.some((h) => h.status === "PENDING")) return;
    const approvers = holders.filter((h) => h.status === "APPROVED");
    await advance(tx, this.directory, {
      request: {
        id: request.id,
        requesterId: request.requesterId,
        form: request.form as FormValues,
      },
      process: p,
      from: assignment.stepIndex + 1,
      approvedBefore: new Set(step.kind === "approval" ? approvers.map((a) => a.assigneeId) : []),
      now,
      controls: this.controls,
    });
  }

  private async close(
    tx: Tx,
    assignment: Assignment,
    status: "APPROVED" | "REJECTED" | "RETURNED" | "TRANSFERRED" | "DONE" | "ON_HOLD",
    now: Date,
    inputs?: FormValues,
  ) {
    await closeAssignment(tx, assignment, status, now, inputs);
  }

  private async cancelPending(tx: Tx, requestId: number, now: Date) {
    await tx.assignment.updateMany({
      where: { requestId, status: "PENDING" },
      data: { status: "CANCELLED", decidedAt: now },
    });
  }

  /** One transaction; on commit, the change is announced (every state change passes here). */
  private async transact<T extends { requestId: number }>(
    fn: (tx: Tx) => Promise<T>,
  ): Promise<Result<T>> {
    try {
      const value = await this.db.$transaction(fn, { timeout: 15_000, maxWait: 15_000 });
      await this.changes?.changed(value.requestId);
      return { ok: true, ...value } as Result<T>;
    } catch (e) {
      if (e instanceof Abort) return fail(e.error);
      if (e instanceof StepUnresolvable)
        return fail({ type: "unresolvable_step", step: e.step, cause: e.reason });
      throw e;
    }
  }

  private lookups(): FormLookups {
    return {
      customerExists: async (code, kind) =>
        (await this.db.customer.count({
          where: {
            code,
            ...(kind === "any"
              ? {}
              : { kind: kind === "distributor" ? "DISTRIBUTOR" : "CUSTOMER" }),
          },
        })) > 0,
      userExists: (id) => this.directory.person(id) !== undefined,
    };
  }
}

const SYSTEM = "system";

/** For the audit row: whom the actor decided for (escalation, out-of-office delegation). */
type ActingFor = { onBehalfOf?: string; delegateFor?: string } | undefined;

async function actingFor(tx: Tx, a: Assignment): Promise<ActingFor> {
  const original = a.onBehalfOfId
    ? await tx.assignment.findUnique({
        where: { id: a.onBehalfOfId },
        select: { assigneeId: true },
      })
    : null;
  if (!original && !a.delegatedFromId) return undefined;
  return {
    ...(original ? { onBehalfOf: original.assigneeId } : {}),
    ...(a.delegatedFromId ? { delegateFor: a.delegatedFromId } : {}),
  };
}

/** Where an assignment sits (step, branch, 加签 link): copied when it is handed on or re-created. */
function slotOf(a: Assignment) {
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

function prefixed(prefix: string, errors: Record<string, FieldError>): Record<string, FieldError> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}.${k}`, v]));
}

function at(a: Assignment) {
  return { requestId: a.requestId, stepIndex: a.stepIndex, stepKey: a.stepKey, assignmentId: a.id };
}

/** Locks the request row by bumping its revision: every change is a new render version. */
async function lockRequest(tx: Tx, id: number): Promise<Request> {
  const request = await lockRow(tx, id);
  if (!request) throw new Abort({ type: "not_found" });
  return request;
}
