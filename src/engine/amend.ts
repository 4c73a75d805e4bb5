// Approve with changes: which values an approver may amend at a step, and in which direction.
import { Decimal } from "decimal.js";
import type { FormValue, FormValues } from "../definitions/condition.ts";
import type { ProcessDef, StepDef } from "../definitions/schema.ts";
import type { FieldError } from "./types.ts";

/** One amended value, kept on the request (with who, where, when) and in the audit row. */
export interface Amendment {
  field: string;
  from: FormValue;
  to: FormValue;
  by?: string;
  stepKey?: string;
  at?: string;
}

/** Pure: `changes` are already parsed like form values; unchanged values are dropped. */
export function checkAmendments(
  def: ProcessDef,
  step: StepDef,
  form: FormValues,
  changes: FormValues,
): { ok: true; amended: Amendment[] } | { ok: false; errors: Record<string, FieldError> } {
  const amended: Amendment[] = [];
  const errors: Record<string, FieldError> = {};
  for (const [field, to] of Object.entries(changes)) {
    const rule = step.amend?.find((a) => a.field === field);
    const type = def.fields.find((f) => f.key === field)?.type;
    if (!rule || !type) {
      errors[field] = { type: "not_amendable" };
      continue;
    }
    const from = form[field] ?? null;
    if (from === to) continue;
    if (
      rule.direction !== "any" &&
      (type === "money" || type === "number") &&
      typeof to === "string"
    ) {
      const cmp = from === null ? 1 : new Decimal(to).cmp(new Decimal(String(from)));
      if ((rule.direction === "down" && cmp >= 0) || (rule.direction === "up" && cmp <= 0)) {
        errors[field] = { type: rule.direction === "down" ? "amend_down_only" : "amend_up_only" };
        continue;
      }
    }
    amended.push({ field, from, to });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, amended };
}

/** Whether approving at this step asks for more than a click (answers or amendable values). */
export function asksApprover(step: StepDef): boolean {
  return (step.inputs?.length ?? 0) > 0 || (step.amend?.length ?? 0) > 0;
}
