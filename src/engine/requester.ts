// What a requester does: file a request, resubmit it after 退回, withdraw it (撤回).
import { audit } from "../db/audit.ts";
import { note } from "../db/observed.ts";
import { effectsOf } from "../effects/effects.ts";
import { advance } from "./advance.ts";
import { Abort, fail, type Kernel } from "./kernel.ts";
import { cancelPending, slotOf } from "./step-flow.ts";
import type { FormValues, Result } from "./types.ts";
import { type RawForm, validateForm } from "./validate-form.ts";

type Filed = Promise<Result<{ requestId: number }>>;

/**
 * Where a request was filed from, besides a Slack modal: the REST API (with the token that
 * filed it) or a Workflow Builder step (its function execution, filed once per execution).
 */
export type Origin =
  | { source: "API"; tokenId: number; tokenName: string; idempotencyKey?: string }
  | { source: "WORKFLOW"; executionId: string };

export class RequesterActions {
  constructor(private readonly k: Kernel) {}

  /** Checks a form without saving anything (used to answer a modal with field errors). */
  async checkForm(processKey: string, requesterId: string, raw: RawForm) {
    const p = this.k.catalog.get(processKey);
    if (!p) return fail({ type: "unknown_process", key: processKey });
    const v = await validateForm(p.def, raw, requesterId, this.k.lookups());
    return v.ok
      ? { ok: true as const, values: v.values }
      : fail({ type: "invalid_form", errors: v.errors });
  }

  /**
   * `viewId`: the Slack modal it was filed from. A request is filed once per view: a replayed
   * submission gets the request the first one filed (nothing is filed twice). `origin`: an
   * API call or a workflow step instead (a step files once per execution, as a view does).
   */
  async submit(
    processKey: string,
    requesterId: string,
    raw: RawForm,
    opts: { viewId?: string; origin?: Origin } = {},
  ): Filed {
    const filed = await this.filedBefore(opts);
    if (filed) return { ok: true, requestId: filed };
    const p = this.k.catalog.get(processKey);
    if (!p) return fail({ type: "unknown_process", key: processKey });
    const v = await validateForm(p.def, raw, requesterId, this.k.lookups());
    if (!v.ok) return fail({ type: "invalid_form", errors: v.errors });
    const blocked = this.k.firstUnresolvable(p, v.values, requesterId);
    if (blocked) return fail(blocked);
    const now = this.k.now();
    const filing = this.k.transact(async (tx) => {
      let form = v.values;
      for (const e of effectsOf(p.def)) if (e.capture) form = await e.capture(tx, form);
      note.process(processKey);
      note.filed(opts.origin?.source ?? "SLACK");
      const request = await tx.request.create({
        data: {
          processKey,
          processVersionId: p.versionId,
          requesterId,
          form,
          createdAt: now,
          revision: 1,
          viewId: opts.viewId,
          source: opts.origin?.source ?? "SLACK",
          ...(opts.origin?.source === "API"
            ? { apiTokenId: opts.origin.tokenId, idempotencyKey: opts.origin.idempotencyKey }
            : {}),
        },
      });
      if (opts.origin?.source === "WORKFLOW")
        await tx.workflowRun.update({
          where: { executionId: opts.origin.executionId },
          data: { requestId: request.id },
        });
      await audit(tx, {
        requestId: request.id,
        action: "SUBMIT",
        at: now,
        actorId: requesterId,
        data: { version: p.def.version, ...originRecord(opts.origin) },
      });
      await advance(tx, this.k.directory, {
        request: { id: request.id, requesterId, form },
        process: p,
        from: 0,
        approvedBefore: new Set(),
        now,
        controls: this.k.controls,
      });
      return { requestId: request.id };
    });
    // Two copies of one submission at the same instant: the second meets the first's view id.
    return filing.catch(async (e: unknown) => {
      const first =
        (e as { code?: string }).code === "P2002" ? await this.filedBefore(opts) : undefined;
      if (first) return { ok: true as const, requestId: first };
      throw e;
    });
  }

  /** The request this view, API call (by its Idempotency-Key) or workflow execution filed already. */
  private async filedBefore(opts: { viewId?: string; origin?: Origin }) {
    if (opts.viewId) {
      const row = await this.k.db.request.findUnique({
        where: { viewId: opts.viewId },
        select: { id: true },
      });
      return row?.id;
    }
    const origin = opts.origin;
    if (origin?.source === "API" && origin.idempotencyKey) {
      const row = await this.k.db.request.findUnique({
        where: {
          apiTokenId_idempotencyKey: {
            apiTokenId: origin.tokenId,
            idempotencyKey: origin.idempotencyKey,
          },
        },
        select: { id: true },
      });
      return row?.id;
    }
    if (origin?.source !== "WORKFLOW") return undefined;
    const run = await this.k.db.workflowRun.findUnique({
      where: { executionId: origin.executionId },
      select: { requestId: true },
    });
    return run?.requestId ?? undefined;
  }

  /** After 退回: the changed form goes straight back to the approver who returned it. */
  async resubmit(requestId: number, actorId: string, raw: RawForm): Filed {
    const request = await this.k.db.request.findUnique({ where: { id: requestId } });
    if (!request) return fail({ type: "not_found" });
    if (request.requesterId !== actorId) return fail({ type: "not_requester" });
    const p = await this.k.catalog.version(request.processVersionId);
    const v = await validateForm(p.def, raw, actorId, this.k.lookups());
    if (!v.ok) return fail({ type: "invalid_form", errors: v.errors });
    const now = this.k.now();
    return this.k.transact(async (tx) => {
      const locked = await this.k.lock(tx, requestId);
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
      const blocked = this.k.firstUnresolvable(p, form, actorId, returned.stepIndex + 1);
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

  /** 撤回: the requester takes back a request that is still open. */
  async withdraw(requestId: number, actorId: string): Filed {
    const now = this.k.now();
    return this.k.transact(async (tx) => {
      const request = await this.k.lock(tx, requestId);
      if (request.requesterId !== actorId) throw new Abort({ type: "not_requester" });
      if (request.status !== "PENDING" && request.status !== "RETURNED")
        throw new Abort({ type: "request_not_pending", status: request.status });
      await cancelPending(tx, requestId, now);
      await tx.request.update({
        where: { id: requestId },
        data: { status: "WITHDRAWN", currentStep: -1, completedAt: now, returnedFromId: null },
      });
      await audit(tx, { requestId, action: "WITHDRAW", at: now, actorId });
      return { requestId };
    });
  }
}

/** What the SUBMIT audit row says of where the request came from (nothing for Slack). */
function originRecord(origin: Origin | undefined) {
  if (origin?.source === "API") return { source: "api", apiToken: origin.tokenName };
  if (origin?.source === "WORKFLOW") return { source: "workflow", execution: origin.executionId };
  return {};
}
