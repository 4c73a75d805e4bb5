// Can a step condition ever be true (or ever be false)? Conditions only compare fields with
// literals, so each field's truth can change only at the literals it is compared with: trying
// one value on each side of every literal (on the field's own grid: cents for money, 1 for
// integers), each select option and empty where allowed, decides it exactly for such
// conditions, without a solver.
import { Decimal } from "decimal.js";
import jsep from "jsep";
import { compileCondition, type FormValue, type FormValues, requesterFields } from "./condition.ts";
import type { FieldDef } from "./schema.ts";

export interface ConditionAnalysis {
  /** `select == 'x'` (or `in [...]`) with a value that is not an option. */
  unknownOptions: { field: string; value: string; options: string[] }[];
  /** never / always true over every form the fields allow; unknown when there were too many combinations to try. */
  verdict: "never" | "always" | "sometimes" | "unknown";
}

const comparisons = new Set(["==", "!=", ">", ">=", "<", "<=", "in"]);
const maxCombinations = 200_000;

/** Call after compileCondition accepted the condition (it parses and names known fields). */
export function findUnreachable(source: string, fields: FieldDef[]): ConditionAnalysis {
  const ast = jsep(source);
  // Conditions may also read facts about the requester, which take values like fields.
  const byKey = new Map([...requesterFields, ...fields].map((f) => [f.key, f]));
  const literals = new Map<string, unknown[]>();
  const used = new Set<string>();
  const unknownOptions: ConditionAnalysis["unknownOptions"] = [];
  const visit = (node: jsep.Expression): void => {
    if (node.type === "Identifier") used.add(node.name as string);
    else if (node.type === "ArrayExpression") (node.elements as jsep.Expression[]).forEach(visit);
    else if (node.type === "UnaryExpression") visit(node.argument as jsep.Expression);
    else if (node.type === "BinaryExpression") {
      const left = node.left as jsep.Expression;
      const right = node.right as jsep.Expression;
      if (comparisons.has(node.operator as string)) {
        for (const [id, other] of [
          [left, right],
          [right, left],
        ] as const) {
          if (id.type !== "Identifier") continue;
          const values = literalValues(other);
          const key = id.name as string;
          literals.set(key, [...(literals.get(key) ?? []), ...values]);
          const field = byKey.get(key);
          if (field?.type === "select") {
            const options = field.options.map((o) => o.value);
            for (const v of values)
              if (typeof v === "string" && !options.includes(v))
                unknownOptions.push({ field: key, value: v, options });
          }
        }
      }
      visit(left);
      visit(right);
    }
  };
  visit(ast);

  const condition = compileCondition(source, fields);
  const keys = [...used];
  const candidates = keys.map((k) => candidateValues(byKey.get(k)!, literals.get(k) ?? []));
  const total = candidates.reduce((n, c) => n * Math.max(c.length, 1), 1);
  if (total > maxCombinations) return { unknownOptions, verdict: "unknown" };
  let sawTrue = false;
  let sawFalse = false;
  const form: FormValues = {};
  const walk = (i: number): void => {
    if (sawTrue && sawFalse) return;
    if (i === keys.length) {
      if (condition(form)) sawTrue = true;
      else sawFalse = true;
      return;
    }
    for (const v of candidates[i]!) {
      form[keys[i]!] = v;
      walk(i + 1);
    }
  };
  walk(0);
  return {
    unknownOptions,
    verdict: sawTrue && sawFalse ? "sometimes" : sawTrue ? "always" : "never",
  };
}

/** The literal values of a comparison's other side: `5`, `-5`, `'x'`, `[...]`. */
function literalValues(node: jsep.Expression): unknown[] {
  if (node.type === "Literal") return [node.value];
  if (
    node.type === "UnaryExpression" &&
    node.operator === "-" &&
    (node.argument as jsep.Expression).type === "Literal"
  ) {
    const v = (node.argument as jsep.Expression).value;
    return typeof v === "number" ? [-v] : [];
  }
  if (node.type === "ArrayExpression")
    return (node.elements as jsep.Expression[]).flatMap(literalValues);
  return [];
}

/** Representative stored values for a field: enough to take every branch of any comparison with `literals`. */
function candidateValues(field: FieldDef, literals: unknown[]): FormValue[] {
  const empty: FormValue[] = field.required ? [] : [null];
  switch (field.type) {
    case "select":
      return [...field.options.map((o) => o.value), ...empty];
    case "checkbox":
      return [true, false];
    case "number":
    case "money":
      return [...numericCandidates(field, literals).map((d) => d.toString()), ...empty];
    default: {
      const strings = literals.filter((v): v is string => typeof v === "string");
      // "\u0000" stands for any value the condition does not mention.
      return [...new Set([...strings, "\u0000"]), ...empty];
    }
  }
}

function numericCandidates(
  field: Extract<FieldDef, { type: "number" | "money" }>,
  literals: unknown[],
): Decimal[] {
  const grid =
    field.type === "money" ? new Decimal("0.01") : field.integer ? new Decimal(1) : undefined;
  const cs = [...new Set(literals.filter((v): v is number => typeof v === "number"))]
    .map((n) => new Decimal(n))
    .sort((a, b) => a.cmp(b));
  const points: Decimal[] = [new Decimal(0)];
  if (grid) {
    for (const c of cs) {
      const lo = c.div(grid).floor().mul(grid);
      const hi = c.div(grid).ceil().mul(grid);
      points.push(lo.minus(grid), lo, hi, hi.plus(grid));
    }
  } else {
    points.push(...cs);
    cs.forEach((c, k) => {
      if (k > 0) points.push(c.plus(cs[k - 1]!).div(2));
    });
    if (cs.length > 0) points.push(cs[0]!.minus(1), cs[cs.length - 1]!.plus(1));
  }
  let min: Decimal | undefined;
  let max: Decimal | undefined;
  if (field.type === "money") {
    if (!field.allow_negative) min = new Decimal(0);
  } else {
    if (field.min !== undefined) min = new Decimal(field.min);
    if (field.max !== undefined) max = new Decimal(field.max);
    if (field.integer) {
      min = min?.ceil();
      max = max?.floor();
    }
  }
  // A bound itself may be the only allowed value between two literals.
  if (min) points.push(min);
  if (max) points.push(max);
  const allowed = points.filter(
    (p) =>
      (!min || p.gte(min)) &&
      (!max || p.lte(max)) &&
      (field.type !== "number" || !field.integer || p.isInteger()),
  );
  const unique = new Map(allowed.map((p) => [p.toString(), p]));
  return [...unique.values()];
}
