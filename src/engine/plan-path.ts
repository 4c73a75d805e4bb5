// Pure: how the steps from `from` on will go with this form: skipped (and why) or who acts,
// with the rule on consecutive tiers applied as the engine will (separate-tiers.ts).
import type { Controls } from "../config/settings.ts";
import type { PublishedProcess } from "../definitions/catalog.ts";
import type { FormValues } from "../definitions/condition.ts";
import type { Directory } from "../directory/directory.ts";
import { conditionInput } from "./requester-facts.ts";
import { type Assignee, resolveAssignees } from "./resolve-assignees.ts";
import {
  applyTierRule,
  certainDeciders,
  noPreviousTier,
  type PreviousTier,
  tierOf,
  tierRuleOf,
} from "./separate-tiers.ts";
import type { ResolveError } from "./types.ts";

export type PlannedStep =
  | { index: number; key: string; outcome: "skip"; when: string }
  /** `auto` (rule dedupe): of `assignees`, those who settle their seat at once, having decided the tier before. */
  | { index: number; key: string; outcome: "assign"; assignees: Assignee[]; auto?: Assignee[] }
  | { index: number; key: string; outcome: "unresolvable"; error: ResolveError };

export interface PlanOptions {
  /** The company's controls (config/settings.yaml). */
  controls?: Controls;
  /** Who (will) have approved the tier before `from`, when known. */
  previous?: PreviousTier;
}

export function planPath(
  process: PublishedProcess,
  form: FormValues,
  requesterId: string,
  dir: Directory,
  from = 0,
  opts: PlanOptions = {},
): PlannedStep[] {
  // Mid-request, who decides the steps before `from` shapes the ones after it: plan them too.
  if (from > 0 && !opts.previous)
    return planPath(process, form, requesterId, dir, 0, opts).filter((s) => s.index >= from);
  let previous = opts.previous ?? noPreviousTier;
  return process.def.steps.slice(from).map((step, k): PlannedStep => {
    const index = from + k;
    const condition = process.conditions.get(index);
    if (condition && !condition(conditionInput(form, requesterId, dir)))
      return { index, key: step.key, outcome: "skip", when: step.when! };
    const res = resolveAssignees(step, form, requesterId, dir);
    if (!res.ok) {
      previous = noPreviousTier;
      return { index, key: step.key, outcome: "unresolvable", error: res.error };
    }
    if (step.kind === "notify")
      return { index, key: step.key, outcome: "assign", assignees: res.assignees };
    if (step.kind === "task") {
      previous = noPreviousTier;
      return { index, key: step.key, outcome: "assign", assignees: res.assignees };
    }
    const { waiting, settled } = applyTierRule(
      step,
      unique(res.assignees),
      previous,
      tierRuleOf(process.def, step, opts.controls),
      requesterId,
      dir,
    );
    previous = tierOf(
      step,
      [...certainDeciders(step, waiting), ...settled.map((a) => a.userId)],
      form,
    );
    return {
      index,
      key: step.key,
      outcome: "assign",
      assignees: [...settled, ...waiting],
      ...(settled.length > 0 ? { auto: settled } : {}),
    };
  });
}

/** One seat a person: the engine assigns each person once per step. */
function unique(list: Assignee[]): Assignee[] {
  const seen = new Set<string>();
  return list.filter((a) => !seen.has(a.userId) && seen.add(a.userId));
}
