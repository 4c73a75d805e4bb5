// The manuals' control "one person does not hold two consecutive approval tiers of the same
// request", as a pure rule over a step's resolved assignees. The engine (advance), its plan
// and the path preview all apply it, so what the preview shows is what the engine does.
import type { Controls, TierRule } from "../config/settings.ts";
import type { FormValues } from "../definitions/condition.ts";
import type { ProcessDef, StepDef } from "../definitions/schema.ts";
import type { Directory } from "../directory/directory.ts";
import type { Assignee } from "./resolve-assignees.ts";

/** Who approved the approval tier just before a step: nobody at the start or after a task. */
export interface PreviousTier {
  deciders: ReadonlySet<string>;
  /** Of them, the people the requester picked in a form field (`who: { field }`). */
  picked: ReadonlySet<string>;
}

export const noPreviousTier: PreviousTier = { deciders: new Set(), picked: new Set() };

/** The step's setting, else the process's, else the company's (config/settings.yaml), else the manuals' rule. */
export function tierRuleOf(
  def: Pick<ProcessDef, "controls">,
  step: StepDef,
  company?: Controls,
): TierRule {
  return (
    step.controls?.consecutive_tiers ??
    def.controls?.consecutive_tiers ??
    company?.consecutive_tiers ??
    "separate"
  );
}

/** The tier a step's approvers make for the step after it. */
export function tierOf(
  step: StepDef | undefined,
  approvers: Iterable<string>,
  form: FormValues,
): PreviousTier {
  return { deciders: new Set(approvers), picked: pickedIn(step, form) };
}

/** The people a step's form fields name: chosen by the requester, not by the org file. */
export function pickedIn(step: StepDef | undefined, form: FormValues): Set<string> {
  const whos = step ? (step.who ? [step.who] : (step.branches ?? []).map((b) => b.who)) : [];
  return new Set(
    whos.flatMap((w) =>
      "field" in w && typeof form[w.field] === "string" ? [form[w.field] as string] : [],
    ),
  );
}

export interface TierOutcome {
  /** Who must act: the step's assignees, with seats moved away from the previous tier's deciders (`separate`). */
  waiting: Assignee[];
  /** `dedupe`: seats the previous tier's decider settles at once (recorded as approved automatically). */
  settled: Assignee[];
}

/**
 * Applies the rule to an approval step's assignees. A seat is a 或签 group: the whole step in
 * mode any, each branch of a parallel step, each person in mode all (会签).
 *
 * `separate`: nobody who decided the tier before holds a seat. Another holder of the seat
 * takes it; else the first such person's manager, walking up past the requester, anyone who
 * decided the tier before and anyone already holding the step; at the top of the chain the
 * person keeps the seat and decides it as a decision of its own.
 *
 * `dedupe`: the tier before's decider settles their seat at once, unless the requester picked
 * them in a form field, at either step, or the step asks for inputs.
 */
export function applyTierRule(
  step: StepDef,
  assignees: Assignee[],
  previous: PreviousTier,
  rule: TierRule,
  requesterId: string,
  dir: Directory,
): TierOutcome {
  if (step.kind !== "approval" || previous.deciders.size === 0)
    return { waiting: assignees, settled: [] };
  const seatOf = (a: Assignee) => (step.branches ? a.branch! : step.mode === "any" ? "" : a.userId);
  if (rule === "dedupe") {
    if (step.inputs?.length) return { waiting: assignees, settled: [] };
    const counts = (a: Assignee) =>
      previous.deciders.has(a.userId) &&
      !previous.picked.has(a.userId) &&
      a.reason.kind !== "field";
    const settledBy = new Map<string, Assignee>();
    for (const a of assignees)
      if (counts(a) && !settledBy.has(seatOf(a))) settledBy.set(seatOf(a), a);
    return {
      waiting: assignees.filter((a) => !settledBy.has(seatOf(a))),
      settled: [...settledBy.values()],
    };
  }
  const decided = (id: string) => previous.deciders.has(id);
  if (!assignees.some((a) => decided(a.userId))) return { waiting: assignees, settled: [] };
  const seats = new Map<string, Assignee[]>();
  for (const a of assignees) seats.set(seatOf(a), [...(seats.get(seatOf(a)) ?? []), a]);
  const taken = new Set(assignees.map((a) => a.userId));
  const waiting: Assignee[] = [];
  for (const members of seats.values()) {
    const first = members.find((a) => decided(a.userId));
    if (!first) {
      waiting.push(...members);
      continue;
    }
    const others = members.filter((a) => !decided(a.userId));
    if (others.length > 0) {
      waiting.push(
        ...others.map((a) => ({
          ...a,
          reason: {
            kind: "separated" as const,
            after: first.userId,
            to: "holder" as const,
            of: a.reason,
          },
        })),
      );
      continue;
    }
    const up = managerAbove(
      first.userId,
      dir,
      (id) => id === requesterId || decided(id) || taken.has(id),
    );
    if (up) {
      taken.add(up.userId);
      waiting.push({
        userId: up.userId,
        ...(first.branch ? { branch: first.branch } : {}),
        reason: {
          kind: "separated",
          after: first.userId,
          to: "manager",
          levels: up.levels,
          of: first.reason,
        },
      });
    } else {
      waiting.push(
        ...members.map((a) => ({
          ...a,
          reason: {
            kind: "separated" as const,
            after: a.userId,
            to: "none" as const,
            of: a.reason,
          },
        })),
      );
    }
  }
  return { waiting, settled: [] };
}

/** The nearest manager up the chain that `skip` does not exclude, and how many levels up. */
function managerAbove(
  userId: string,
  dir: Directory,
  skip: (id: string) => boolean,
): { userId: string; levels: number } | undefined {
  let levels = 0;
  // The org file refuses loops; the bound is a second guard.
  for (let m = dir.manager(userId); m && levels < 100; m = dir.manager(m)) {
    levels++;
    if (!skip(m)) return { userId: m, levels };
  }
  return undefined;
}

/**
 * Before anyone decides: who will certainly approve a step if it is approved, i.e. each seat
 * held by one person (of a 或签 among several, nobody can say who).
 */
export function certainDeciders(step: StepDef, assignees: Assignee[]): Set<string> {
  const seats = new Map<string, string[]>();
  for (const a of assignees) {
    const seat = step.branches ? a.branch! : step.mode === "any" ? "" : a.userId;
    seats.set(seat, [...(seats.get(seat) ?? []), a.userId]);
  }
  return new Set([...seats.values()].filter((ids) => ids.length === 1).map((ids) => ids[0]!));
}
