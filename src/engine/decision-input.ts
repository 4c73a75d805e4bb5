// A decision's own values (a comment, the step's inputs, amended fields), parsed like form
// fields before any lock is taken: their lookups must not run inside the transaction.

import type { Tx } from "../db/tx.ts";
import type { DecisionParse, Kernel } from "./kernel.ts";
import type { Found } from "./sql.ts";
import { prefixed } from "./step-flow.ts";
import type { EngineError, FieldError, FormValues } from "./types.ts";
import { type RawForm, validateForm } from "./validate-form.ts";

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

/** Parsed decision values. */
export interface Decision {
  comment?: string;
  inputs?: FormValues;
  changes: FormValues;
}

export function decisionParse(k: Kernel, input: DecisionInput): DecisionParse<Decision> {
  const nothingToLookUp = !hasValues(input.inputs) && !hasValues(input.changes);
  return { run: (found, tx) => parseDecision(k, found, input, tx), underLock: nothingToLookUp };
}

const hasValues = (raw?: RawForm) =>
  Object.values(raw ?? {}).some((v) => v !== undefined && v !== null && v !== "");

async function parseDecision(
  k: Kernel,
  a: Found,
  input: DecisionInput,
  tx?: Tx,
): Promise<{ ok: true; value: Decision } | { ok: false; error: EngineError }> {
  const def = (await k.catalog.version(a.request.processVersionId, tx)).def;
  const step = def.steps[a.stepIndex]!;
  const errors: Record<string, FieldError> = {};
  const check = (fields: typeof def.fields, raw: RawForm) =>
    validateForm({ fields }, raw, a.request.requesterId, k.lookups());
  let inputs: FormValues | undefined;
  if (step.inputs?.length) {
    const v = await check(step.inputs, input.inputs ?? {});
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
    const v = await check([{ ...field, required: true }], { [key]: raw });
    if (v.ok) changes[key] = v.values[key]!;
    else Object.assign(errors, prefixed("amend", v.errors));
  }
  if (Object.keys(errors).length > 0)
    return { ok: false, error: { type: "invalid_decision", errors } };
  return { ok: true, value: { comment: input.comment, inputs, changes } };
}
