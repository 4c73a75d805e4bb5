// A customer or distributor as the ERP knows it: master data and the credit facts an approver
// needs (grade and limit, receivables with the overdue part by age band, the hold flag). One
// zod schema serves the CSV import, the REST API (and its OpenAPI document) and their errors.
import { Decimal } from "decimal.js";
import { z } from "zod";
import { readDecimal } from "../engine/read-decimal.ts";

/** Past this an amount is not a customer's (the columns hold 14 digits, 2 of them decimals). */
const MAX_AMOUNT = new Decimal("1e12");

/** An amount as a decimal string ("50000.00", "50,000.00"); a JSON number would be a float. */
function amount(opts: { negative?: boolean } = {}) {
  return z
    .string({ error: typeError('an amount written as a string, such as "50000.00"') })
    .transform((typed, ctx) => {
      const read = readDecimal(typed, { money: true });
      if (!read.ok) {
        ctx.addIssue({ code: "custom", message: "must be an amount such as 50000.00" });
        return z.NEVER;
      }
      if (read.value.isNegative() && !opts.negative) {
        ctx.addIssue({ code: "custom", message: "must not be negative" });
        return z.NEVER;
      }
      if (read.value.abs().gte(MAX_AMOUNT)) {
        ctx.addIssue({ code: "custom", message: "is too large for an amount" });
        return z.NEVER;
      }
      return read.value.toFixed(2);
    })
    .meta({ type: "string", examples: ["50000.00"] });
}

/** "is required" when missing, else what it must be (zod's own words name types, not people's). */
function typeError(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? "is required" : `must be ${what}`;
}

const text = () => z.string({ error: typeError("text") }).trim();
const grade = text().min(1, "is required").max(8, "must be at most 8 characters");

/** The facts the ERP keeps current; any of them may be sent alone (PATCH, a daily export). */
export const creditFacts = z.strictObject({
  credit_grade: grade.optional().meta({ description: "credit grade, e.g. A, B, C" }),
  credit_limit: amount().optional().meta({ description: "credit limit in CNY" }),
  receivables: amount({ negative: true })
    .optional()
    .meta({ description: "receivables outstanding in CNY (negative: paid in advance)" }),
  overdue_1_30: amount().optional().meta({ description: "overdue 1-30 days" }),
  overdue_31_60: amount().optional().meta({ description: "overdue 31-60 days" }),
  overdue_61_90: amount().optional().meta({ description: "overdue 61-90 days" }),
  overdue_over_90: amount().optional().meta({ description: "overdue more than 90 days" }),
  on_hold: z
    .boolean({ error: typeError("true or false") })
    .optional()
    .meta({ description: "orders on hold" }),
  as_of: z.iso
    .datetime({ offset: true, error: "must be a date-time such as 2026-12-01T18:00:00+08:00" })
    .optional()
    .meta({ description: "when the ERP's figures are from (default: when received)" }),
});

export const overdueBands = [
  "overdue_1_30",
  "overdue_31_60",
  "overdue_61_90",
  "overdue_over_90",
] as const;

/**
 * Receivables and their overdue bands are one snapshot: bands come with the receivables (a
 * band not given is nothing overdue), and cannot add up to more than them.
 */
function overdueWithinReceivables(facts: CreditFacts, ctx: z.RefinementCtx): void {
  if (facts.receivables === undefined) {
    if (overdueBands.some((k) => facts[k] !== undefined))
      ctx.addIssue({
        code: "custom",
        path: ["receivables"],
        message: "is required with the overdue amounts",
      });
    return;
  }
  const overdue = overdueBands.reduce((sum, k) => sum.plus(facts[k] ?? 0), new Decimal(0));
  if (overdue.gt(facts.receivables))
    ctx.addIssue({
      code: "custom",
      path: ["receivables"],
      message: `is less than the overdue amounts together (${overdue.toFixed(2)})`,
    });
}

export const creditFactsPatch = creditFacts
  .superRefine(overdueWithinReceivables)
  .meta({ id: "CreditFacts", description: "Any of a customer's credit facts." });

/** A whole customer record (PUT, or a new customer in an import). */
export const customerRecord = creditFacts
  .extend({
    name: text().min(1, "is required").max(200, "must be at most 200 characters"),
    kind: z
      .enum(["customer", "distributor"], { error: "must be customer or distributor" })
      .default("customer"),
    region: text().min(1, "is required").max(32, "must be at most 32 characters"),
    credit_grade: grade,
    credit_limit: amount(),
  })
  .superRefine(overdueWithinReceivables)
  .meta({ id: "Customer", description: "A customer or distributor with its credit facts." });

export const customerCode = text().regex(
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/,
  "must be letters, digits, . _ or -, up to 32",
);

export type CreditFacts = z.output<typeof creditFacts>;
export type CustomerRecord = z.output<typeof customerRecord>;
export type CustomerInput = z.input<typeof customerRecord>;

/** A zod issue as one readable line: "credit_limit must not be negative". */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join(".");
  if (issue.code === "unrecognized_keys") return `unknown field ${issue.keys.join(", ")}`;
  return field ? `${field} ${issue.message}` : issue.message;
}

/** A region given by its key or one of its names (key → names), as its key. */
export function regionKey(regions: Map<string, string[]>, typed: string): string | undefined {
  return [...regions].find(([k, names]) => k === typed || names.includes(typed))?.[0];
}
