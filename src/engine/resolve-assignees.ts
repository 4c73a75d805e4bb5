// Pure: who must act at a step, and why. Nobody approves their own request.

import type { FormValues } from "../definitions/condition.ts";
import type { StepDef, Who } from "../definitions/schema.ts";
import type { Directory } from "../directory/directory.ts";
import type { AssigneeReason, ResolveError } from "./types.ts";

export interface Assignee {
  userId: string;
  reason: AssigneeReason;
  /** The parallel branch this person answers for, on a step with branches. */
  branch?: string;
}

export type Resolution = { ok: true; assignees: Assignee[] } | { ok: false; error: ResolveError };

export function resolveAssignees(
  step: StepDef,
  form: FormValues,
  requesterId: string,
  dir: Directory,
): Resolution {
  if (!step.branches) return resolveLane(step, step.who!, form, requesterId, dir);
  const all: Assignee[] = [];
  for (const branch of step.branches) {
    const lane = resolveLane(step, branch.who, form, requesterId, dir);
    if (!lane.ok) return lane;
    all.push(...lane.assignees.map((a) => ({ ...a, branch: branch.key })));
  }
  return { ok: true, assignees: all };
}

function resolveLane(
  step: StepDef,
  who: Who,
  form: FormValues,
  requesterId: string,
  dir: Directory,
): Resolution {
  const base = resolveWho(who, form, requesterId, dir);
  if (!base.ok || step.kind !== "approval") return base;
  const others = base.assignees.filter((a) => a.userId !== requesterId);
  if (others.length > 0) return { ok: true, assignees: others };
  // The requester is the only holder: their own manager decides instead (segregation of duties).
  const manager = dir.manager(requesterId, 1);
  if (!manager) return { ok: false, error: { type: "self_only", step: step.key } };
  const role = "role" in who ? who.role : step.key;
  return { ok: true, assignees: [{ userId: manager, reason: { kind: "self_excluded", role } }] };
}

function resolveWho(who: Who, form: FormValues, requesterId: string, dir: Directory): Resolution {
  if ("role" in who) {
    const h = dir.holders(who.role, requesterId);
    if (!h.ok) return { ok: false, error: h.error };
    const reason: AssigneeReason = h.unit
      ? { kind: "role", role: who.role, scope: h.unit.scope, unit: h.unit.key }
      : { kind: "role", role: who.role };
    return { ok: true, assignees: h.ids.map((userId) => ({ userId, reason })) };
  }
  if ("manager" in who) {
    const m = dir.manager(requesterId, who.manager);
    if (!m)
      return { ok: false, error: { type: "no_manager", userId: requesterId, levels: who.manager } };
    return {
      ok: true,
      assignees: [{ userId: m, reason: { kind: "manager", levels: who.manager } }],
    };
  }
  const picked = form[who.field];
  if (typeof picked !== "string" || picked === "")
    return { ok: false, error: { type: "empty_field", field: who.field } };
  return { ok: true, assignees: [{ userId: picked, reason: { kind: "field", field: who.field } }] };
}
