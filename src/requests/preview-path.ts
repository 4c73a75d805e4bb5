// Pure: the path a request would take with the values typed so far, before it is filed
// (the request modal's preview and `/approval path`). Like the engine's plan, but a form
// may be half filled: a step whose condition or assignee reads a field that is still
// empty or not valid yet "depends" on that field instead of guessing.

import type { Controls } from "../config/settings.ts";
import type { PublishedProcess } from "../definitions/catalog.ts";
import { conditionFields, type FormValues } from "../definitions/condition.ts";
import type { ProcessDef, StepDef, Who } from "../definitions/schema.ts";
import type { Directory } from "../directory/directory.ts";
import { conditionInput } from "../engine/requester-facts.ts";
import { type Assignee, resolveAssignees } from "../engine/resolve-assignees.ts";
// The engine's own rule on consecutive tiers, so the preview shows what filing will do.
import * as tiers from "../engine/separate-tiers.ts";
import type { FieldError, ResolveError } from "../engine/types.ts";
import { parseValue, type RawForm } from "../engine/validate-form.ts";

interface StepBase {
  index: number;
  key: string;
  /** The step's `when` and the fields it reads; absent for an unconditional step. */
  condition?: { when: string; reads: string[] };
}

export type PreviewStep = StepBase &
  (
    | { outcome: "skip" }
    /**
     * `assignees` after the rule on consecutive tiers (a seat moved away from the tier before's
     * decider has a `separated` reason); `auto` (rule dedupe): people who approved the step
     * before and so are counted at once.
     */
    | { outcome: "assign"; assignees: Assignee[]; auto: string[] }
    /** A resubmitted request goes straight back to whoever returned it. */
    | { outcome: "returned"; userId: string }
    /** Cannot tell yet: `on` are the fields still missing; `assignees` who would act if the step applies. */
    | { outcome: "depends"; on: string[]; assignees?: Assignee[] }
    | { outcome: "unresolvable"; error: ResolveError }
  );

/** Why a field cannot be used yet: nothing typed (a required field), or a value that does not parse. */
export type Missing = { type: "empty" } | { type: "invalid"; error: FieldError };

export interface PathInputs {
  values: FormValues;
  missing: Map<string, Missing>;
}

export interface PathPreview {
  steps: PreviewStep[];
  missing: Map<string, Missing>;
}

export interface PreviewOptions {
  /** Resubmission of a returned request: it restarts at the step that returned it, with that person. */
  returnedTo?: { stepIndex: number; userId: string };
  /** The company's controls (config/settings.yaml); a process or step may override them. */
  controls?: Controls;
}

export function previewPath(
  process: PublishedProcess,
  raw: RawForm,
  requesterId: string,
  dir: Directory,
  opts: PreviewOptions = {},
): PathPreview {
  const { values, missing } = readPathInputs(process.def, raw, requesterId, dir);
  const steps: PreviewStep[] = [];
  // Who will certainly have approved the tier before: the rule on consecutive tiers reads it.
  let previous: tiers.PreviousTier = tiers.noPreviousTier;
  const from = opts.returnedTo?.stepIndex ?? 0;
  process.def.steps.forEach((step, index) => {
    if (index < from) return;
    const when = step.when ? { when: step.when, reads: conditionFields(step.when) } : undefined;
    const base: StepBase = { index, key: step.key, ...(when ? { condition: when } : {}) };
    if (opts.returnedTo?.stepIndex === index) {
      steps.push({ ...base, outcome: "returned", userId: opts.returnedTo.userId });
      previous = tiers.tierOf(step, [opts.returnedTo.userId], values);
      return;
    }
    const unknownWho = whoFields(step).filter((f) => missing.has(f));
    const unknownWhen = (when?.reads ?? []).filter((f) => missing.has(f));
    if (unknownWhen.length > 0 || unknownWho.length > 0) {
      const res =
        unknownWho.length === 0 ? resolveAssignees(step, values, requesterId, dir) : undefined;
      steps.push({
        ...base,
        outcome: "depends",
        on: [...new Set([...unknownWhen, ...unknownWho])],
        ...(res?.ok ? { assignees: unique(res.assignees) } : {}),
      });
      // From here on nobody can say who approved last.
      previous = tiers.noPreviousTier;
      return;
    }
    const condition = process.conditions.get(index);
    if (condition && !condition(conditionInput(values, requesterId, dir))) {
      steps.push({ ...base, outcome: "skip" });
      return;
    }
    const res = resolveAssignees(step, values, requesterId, dir);
    if (!res.ok) {
      steps.push({ ...base, outcome: "unresolvable", error: res.error });
      previous = tiers.noPreviousTier;
      return;
    }
    const assignees = unique(res.assignees);
    if (step.kind === "notify") {
      steps.push({ ...base, outcome: "assign", assignees, auto: [] });
      return;
    }
    if (step.kind === "task") {
      previous = tiers.noPreviousTier;
      steps.push({ ...base, outcome: "assign", assignees, auto: [] });
      return;
    }
    const { waiting, settled } = tiers.applyTierRule(
      step,
      assignees,
      previous,
      tiers.tierRuleOf(process.def, step, opts.controls),
      requesterId,
      dir,
    );
    steps.push({
      ...base,
      outcome: "assign",
      assignees: [...settled, ...waiting],
      auto: settled.map((a) => a.userId),
    });
    previous = tiers.tierOf(
      step,
      [...tiers.certainDeciders(step, waiting), ...settled.map((a) => a.userId)],
      values,
    );
  });
  return { steps, missing };
}

/** Form fields whose value can change the path: read by a condition, or naming an assignee. */
export function pathFields(def: ProcessDef): Set<string> {
  const out = new Set<string>();
  for (const step of def.steps) {
    if (step.when) for (const f of conditionFields(step.when)) out.add(f);
    for (const f of whoFields(step)) out.add(f);
  }
  // Facts about the requester (requester_is_manager) are read too, but nobody types them.
  return new Set(def.fields.map((f) => f.key).filter((k) => out.has(k)));
}

/**
 * What the typed values mean, field by field, without the database (customers are taken
 * as typed): the same parsing as submission, so "68,000.50" is 68000.50 here too.
 */
export function readPathInputs(
  def: ProcessDef,
  raw: RawForm,
  requesterId: string,
  dir: Directory,
): PathInputs {
  const values: FormValues = {};
  const missing = new Map<string, Missing>();
  for (const field of def.fields) {
    const input = raw[field.key];
    if (field.type === "checkbox") {
      values[field.key] = input === true || input === "true";
      continue;
    }
    if (
      input === undefined ||
      input === null ||
      input === false ||
      (typeof input === "string" && input.trim() === "")
    ) {
      // An optional field left empty is an answer; a required one is still to come.
      if (field.required) missing.set(field.key, { type: "empty" });
      continue;
    }
    const parsed = parseValue(field, input, requesterId, (id) => dir.person(id) !== undefined);
    if ("error" in parsed) missing.set(field.key, { type: "invalid", error: parsed.error });
    else values[field.key] = String(parsed.value);
  }
  return { values, missing };
}

function whoFields(step: StepDef): string[] {
  const whos: Who[] = step.who ? [step.who] : (step.branches ?? []).map((b) => b.who);
  return whos.flatMap((w) => ("field" in w ? [w.field] : []));
}

function unique(list: Assignee[]): Assignee[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const k = `${a.branch ?? ""}:${a.userId}`;
    return !seen.has(k) && seen.add(k);
  });
}
