// Pure: how the steps from `from` on will go with this form: skipped (and why) or who acts.
import type { PublishedProcess } from "../definitions/catalog.ts";
import type { FormValues } from "../definitions/condition.ts";
import type { Directory } from "../directory/directory.ts";
import { conditionInput } from "./requester-facts.ts";
import { resolveAssignees, type Assignee } from "./resolve-assignees.ts";
import type { ResolveError } from "./types.ts";

export type PlannedStep =
  | { index: number; key: string; outcome: "skip"; when: string }
  | { index: number; key: string; outcome: "assign"; assignees: Assignee[] }
  | { index: number; key: string; outcome: "unresolvable"; error: ResolveError };

export function planPath(process: PublishedProcess, form: FormValues, requesterId: string, dir: Directory, from = 0): PlannedStep[] {
  return process.def.steps.slice(from).map((step, k) => {
    const index = from + k;
    const condition = process.conditions.get(index);
    if (condition && !condition(conditionInput(form, requesterId, dir))) return { index, key: step.key, outcome: "skip", when: step.when! };
    const res = resolveAssignees(step, form, requesterId, dir);
    return res.ok ? { index, key: step.key, outcome: "assign", assignees: res.assignees } : { index, key: step.key, outcome: "unresolvable", error: res.error };
  });
}
