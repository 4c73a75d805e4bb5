// Turns what a person typed into clean form values, or per-field errors. Money stays decimal.
import { Decimal } from "decimal.js";
import { lengthOf, maxLengthOf } from "../definitions/field-limits.ts";
import type { FieldDef, ProcessDef } from "../definitions/schema.ts";
import { readDecimal } from "./read-decimal.ts";
import type { FieldError, FormValues } from "./types.ts";

export type RawValue = string | boolean | undefined | null;
export type RawForm = Record<string, RawValue>;

export interface FormLookups {
  customerExists(code: string, kind: "customer" | "distributor" | "any"): Promise<boolean>;
  userExists(id: string): boolean;
}

export type FormValidation =
  | { ok: true; values: FormValues }
  | { ok: false; errors: Record<string, FieldError> };

const MAX_MONEY = new Decimal("1e12");
/** Past this a number field's value is not a quantity anyone types (and would print as 1e+21). */
const MAX_NUMBER = new Decimal("1e15");

/** Validates the fields of a form, or an approver's inputs and amendments (anything with `fields`). */
export async function validateForm(
  def: Pick<ProcessDef, "fields">,
  raw: RawForm,
  requesterId: string,
  lookups: FormLookups,
): Promise<FormValidation> {
  const values: FormValues = {};
  const errors: Record<string, FieldError> = {};
  for (const field of def.fields) {
    const input = raw[field.key];
    const empty =
      input === undefined ||
      input === null ||
      (input === false && field.type !== "checkbox") ||
      (typeof input === "string" && input.trim() === "");
    if (empty) {
      if (field.type === "checkbox") values[field.key] = false;
      else if (field.required) errors[field.key] = { type: "required" };
      continue;
    }
    const result = await parseField(field, input, requesterId, lookups);
    if ("error" in result) errors[field.key] = result.error;
    else values[field.key] = result.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

type Parsed = { value: string | boolean } | { error: FieldError };

async function parseField(
  field: FieldDef,
  input: string | boolean,
  requesterId: string,
  lookups: FormLookups,
): Promise<Parsed> {
  const parsed = parseValue(field, input, requesterId, lookups.userExists);
  if (field.type !== "customer" || "error" in parsed) return parsed;
  return (await lookups.customerExists(String(parsed.value), field.kind))
    ? parsed
    : { error: { type: "unknown_customer" } };
}

/**
 * One typed value, parsed without the database (a customer code is taken as typed; only
 * submission checks it exists). Shared by submission and the path preview.
 */
export function parseValue(
  field: FieldDef,
  input: string | boolean,
  requesterId: string,
  userExists: (id: string) => boolean,
): Parsed {
  if (field.type === "checkbox") return { value: input === true || input === "true" };
  const s = withoutNul(String(input)).trim();
  // Free text over its field's limit is refused, never cut (the modal's max_length is only a hint).
  const max = maxLengthOf(field);
  if (max !== undefined && lengthOf(s) > max) return { error: { type: "too_long", max } };
  switch (field.type) {
    case "text":
    case "textarea":
      return { value: s };
    case "money":
      return parseMoney(s, field.allow_negative);
    case "number": {
      const read = readDecimal(s, { money: false, integer: field.integer });
      if (!read.ok) return { error: read.error };
      const d = read.value;
      if (field.integer && !d.isInteger()) return { error: { type: "not_integer" } };
      if (field.min !== undefined && d.lt(field.min))
        return { error: { type: "below_min", min: field.min } };
      if (field.max !== undefined && d.gt(field.max))
        return { error: { type: "above_max", max: field.max } };
      if (d.abs().gte(MAX_NUMBER))
        return { error: { type: "above_max", max: MAX_NUMBER.toNumber() } };
      return { value: d.toFixed() };
    }
    case "select":
      return field.options.some((o) => o.value === s)
        ? { value: s }
        : { error: { type: "invalid_option" } };
    case "date":
      return isIsoDate(s) ? { value: s } : { error: { type: "invalid_date" } };
    case "user":
      if (!userExists(s)) return { error: { type: "unknown_user" } };
      return s === requesterId ? { error: { type: "self_not_allowed" } } : { value: s };
    case "customer":
      return { value: s };
    case "link":
      return isHttpUrl(s) ? { value: s } : { error: { type: "invalid_url" } };
  }
}

/**
 * Accepts "68,000.50", "68000.5", "¥68,000.50", "￥…", full-width "６８，０００．５０"; refuses
 * commas that are not thousands groups (read-decimal.ts), more than two decimals (never
 * rounded), negatives unless allowed, and junk. Returns the decimal string with two decimals.
 */
export function parseMoney(s: string, allowNegative = false): Parsed {
  const read = readDecimal(s, { money: true });
  if (!read.ok) return { error: read.error };
  const d = read.value;
  if (d.isNeg() && !allowNegative) return { error: { type: "negative" } };
  if (d.decimalPlaces() > 2) return { error: { type: "too_many_decimals" } };
  if (d.abs().gte(MAX_MONEY)) return { error: { type: "above_max", max: MAX_MONEY.toNumber() } };
  return { value: d.toFixed(2) };
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/** PostgreSQL cannot store U+0000 in text or JSON; it never means anything in typed text. */
export function withoutNul(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is the character to strip
  return s.replace(/\u0000/g, "");
}
