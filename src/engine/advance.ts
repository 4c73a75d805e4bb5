// Moves a request forward from a step: skips steps whose condition is false, applies the
// rule on consecutive tiers (separate-tiers.ts), creates the next assignments, or finishes.

import type { Controls } from "../config/settings.ts";
import { audit } from "../db/audit.ts";
import type { Tx } from "../db/tx.ts";
import type { PublishedProcess } from "../definitions/catalog.ts";
import type { Directory } from "../directory/directory.ts";
import { effectsOf } from "../effects/effects.ts";
import { conditionInput } from "./requester-facts.ts";
import { type Assignee, resolveAssignees } from "./resolve-assignees.ts";
import {
  applyTierRule,
  noPreviousTier,
  type PreviousTier,
  tierOf,
  tierRuleOf,
} from "./separate-tiers.ts";
import { activeDelegations, assignStep } from "./sql.ts";
import type { FormValues, ResolveError } from "./types.ts";

export class StepUnresolvable extends Error {
  constructor(
    readonly step: string,
    readonly reason: ResolveError,
  ) {
    super(`step ${step} cannot be assigned: ${reason.type}`);
  }
}

export interface AdvanceInput {
  request: { id: number; requesterId: string; form: FormValues };
  process: PublishedProcess;
  from: number;
  /** Who approved the step just finished (steps[from - 1]), for the rule on consecutive tiers. */
  approvedBefore: Set<string>;
  /** The company's controls (config/settings.yaml); a process or step may override them. */
  controls?: Controls;
  now: Date;
}

export async function advance(
  tx: Tx,
  dir: Directory,
  input: AdvanceInput,
): Promise<"waiting" | "approved"> {
  const { request, process, now } = input;
  const steps = process.def.steps;
  let previous: PreviousTier =
    input.from > 0
      ? tierOf(steps[input.from - 1], input.approvedBefore, request.form)
      : noPreviousTier;
  for (let i = input.from; i < steps.length; i++) {
    const step = steps[i]!;
    const condition = process.conditions.get(i);
    if (condition && !condition(conditionInput(request.form, request.requesterId, dir))) {
      await audit(tx, {
        requestId: request.id,
        stepIndex: i,
        stepKey: step.key,
        action: "SKIP",
        at: now,
        data: { when: step.when },
      });
      continue;
    }
    const res = resolveAssignees(step, request.form, request.requesterId, dir);
    if (!res.ok) throw new StepUnresolvable(step.key, res.error);
    const assignees = uniqueUsers(res.assignees);
    const slot = { requestId: request.id, stepIndex: i, stepKey: step.key };
    /** A seat closed the moment it is made (a CC step's copy, one settled by the tier rule). */
    const settled = async (
      a: Assignee,
      kind: "NOTIFY" | "APPROVAL",
      status: "NOTIFIED" | "APPROVED",
      action: "NOTIFY" | "AUTO_APPROVE",
      data?: object,
    ) => {
      const row = await tx.assignment.create({
        data: {
          ...slot,
          kind,
          branch: a.branch,
          assigneeId: a.userId,
          status,
          reason: a.reason,
          decidedAt: now,
          createdAt: now,
        },
      });
      await audit(tx, { ...slot, action, at: now, actorId: a.userId, assignmentId: row.id, data });
    };
    if (step.kind === "notify") {
      for (const a of assignees) await settled(a, "NOTIFY", "NOTIFIED", "NOTIFY");
      continue;
    }
    let waiting = assignees;
    // Only the rule `separate` keeps a delegation from handing the tier back to the one before's decider.
    let avoid: ReadonlySet<string> = new Set();
    if (step.kind === "approval") {
      const rule = tierRuleOf(process.def, step, input.controls);
      const outcome = applyTierRule(step, assignees, previous, rule, request.requesterId, dir);
      for (const a of outcome.settled)
        await settled(a, "APPROVAL", "APPROVED", "AUTO_APPROVE", {
          sameApproverAsPreviousStep: true,
        });
      waiting = outcome.waiting;
      if (waiting.length === 0) {
        previous = tierOf(
          undefined,
          outcome.settled.map((a) => a.userId),
          request.form,
        );
        continue;
      }
      if (rule === "separate") avoid = previous.deciders;
    }
    const routed = await applyDelegations(
      tx,
      waiting,
      request.requesterId,
      step.kind === "approval",
      avoid,
      now,
    );
    await assignStep(
      tx,
      routed.map((a) => ({
        requestId: request.id,
        stepIndex: i,
        stepKey: step.key,
        kind: step.kind === "task" ? ("TASK" as const) : ("APPROVAL" as const),
        branch: a.branch,
        assigneeId: a.userId,
        delegatedFromId: a.delegatedFrom,
        reason: a.reason,
        createdAt: now,
      })),
    );
    return "waiting";
  }
  await tx.request.update({
    where: { id: request.id },
    data: { status: "APPROVED", currentStep: -1, completedAt: now },
  });
  await audit(tx, {
    requestId: request.id,
    action: "COMPLETE",
    at: now,
    data: { outcome: "APPROVED" },
  });
  for (const effect of effectsOf(process.def)) await effect.onApproved?.(tx, request, now);
  return "approved";
}

/**
 * 代理审批: while someone is away, their new assignments go to their delegate. Never to
 * the requester for an approval, never to someone already holding the step, and never to
 * someone in `avoid` (who decided the tier before: the assignment stays with the holder).
 */
async function applyDelegations(
  tx: Tx,
  list: Assignee[],
  requesterId: string,
  isApproval: boolean,
  avoid: ReadonlySet<string>,
  now: Date,
): Promise<(Assignee & { delegatedFrom?: string })[]> {
  const active = await activeDelegations(
    tx,
    list.map((a) => a.userId),
    now,
  );
  const taken = new Set(list.map((a) => a.userId));
  return list.map((a) => {
    const d = active.find((x) => x.userId === a.userId);
    if (
      !d ||
      taken.has(d.delegateId) ||
      avoid.has(d.delegateId) ||
      (isApproval && d.delegateId === requesterId)
    )
      return a;
    taken.add(d.delegateId);
    return { ...a, userId: d.delegateId, delegatedFrom: a.userId };
  });
}

function uniqueUsers(list: Assignee[]): Assignee[] {
  const seen = new Set<string>();
  return list.filter((a) => !seen.has(a.userId) && seen.add(a.userId));
}
