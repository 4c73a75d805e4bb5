// Step conditions such as `amount > 50000 and type == 'exchange'`, parsed by jsep and
// evaluated here over a whitelist of nodes: no code runs, and money compares as decimals.
import { Decimal } from "decimal.js";
import jsep from "jsep";
import type { FieldDef } from "./schema.ts";

jsep.addBinaryOp("and", 2);
jsep.addBinaryOp("or", 1);
jsep.addBinaryOp("in", 7);
jsep.addUnaryOp("not");

/** Stored form values are JSON: money and numbers as decimal strings. */
export type FormValue = string | boolean | null;
export type FormValues = Record<string, FormValue>;

export class ConditionError extends Error {
  override name = "ConditionError";
}

const numericTypes = new Set(["number", "money"]);
const comparisons = new Set(["==", "!=", ">", ">=", "<", "<="]);

/** Parses and checks a condition against the form fields; throws ConditionError. */
export function compileCondition(
  source: string,
  fields: FieldDef[],
): (form: FormValues) => boolean {
  let ast: jsep.Expression;
  try {
    ast = jsep(source);
  } catch (e) {
    throw new ConditionError(`cannot parse "${source}": ${(e as Error).message}`);
  }
  const byKey = new Map([...requesterFields, ...fields].map((f) => [f.key, f]));
  check(ast, byKey);
  return (form) => truthy(evaluate(ast, form, byKey));
}

/**
 * Facts about the requester that conditions may read besides the form, e.g. the manual's
 * "a manager's own trip goes to the marketing VP": `when: requester_is_manager`. The
 * engine adds their values to the form when it evaluates a condition (src/engine/requester-facts.ts).
 */
export const requesterFields: FieldDef[] = [
  {
    key: "requester_is_manager",
    type: "checkbox",
    required: false,
    label: { zh: "申请人是经理（有直接下属）", en: "The requester manages people" },
  },
];

/**
 * The form fields a condition reads, in order of first use (e.g. to re-plan the path when
 * one of them changes). The condition must parse; call after compileCondition has checked it.
 */
export function conditionFields(source: string): string[] {
  const seen = new Set<string>();
  const visit = (node: jsep.Expression): void => {
    if (node.type === "Identifier") seen.add(node.name as string);
    else if (node.type === "ArrayExpression") (node.elements as jsep.Expression[]).forEach(visit);
    else if (node.type === "UnaryExpression") visit(node.argument as jsep.Expression);
    else if (node.type === "BinaryExpression") {
      visit(node.left as jsep.Expression);
      visit(node.right as jsep.Expression);
    }
  };
  visit(jsep(source));
  return [...seen];
}

function check(node: jsep.Expression, fields: Map<string, FieldDef>): void {
  switch (node.type) {
    case "Identifier":
      if (!fields.has(node.name as string))
        throw new ConditionError(`unknown field "${node.name as string}"`);
      return;
    case "Literal":
      return;
    case "ArrayExpression":
      for (const e of node.elements as jsep.Expression[]) check(e, fields);
      return;
    case "UnaryExpression":
      if (!["!", "not", "-"].includes(node.operator as string))
        throw new ConditionError(`operator ${node.operator as string} not allowed`);
      check(node.argument as jsep.Expression, fields);
      return;
    case "BinaryExpression": {
      const op = node.operator as string;
      if (!comparisons.has(op) && !["and", "or", "&&", "||", "in"].includes(op)) {
        throw new ConditionError(`operator ${op} not allowed`);
      }
      check(node.left as jsep.Expression, fields);
      check(node.right as jsep.Expression, fields);
      return;
    }
    default:
      throw new ConditionError(`${node.type} is not allowed in a condition`);
  }
}

type Value = Decimal | string | boolean | null | Value[];

function evaluate(node: jsep.Expression, form: FormValues, fields: Map<string, FieldDef>): Value {
  switch (node.type) {
    case "Identifier": {
      const field = fields.get(node.name as string)!;
      const raw = form[field.key];
      if (raw === undefined || raw === null || raw === "") return null;
      if (numericTypes.has(field.type)) return new Decimal(String(raw));
      if (field.type === "checkbox") return raw === true || raw === "true";
      return String(raw);
    }
    case "Literal": {
      const v = node.value;
      if (typeof v === "number") return new Decimal(node.raw as string);
      if (typeof v === "string" || typeof v === "boolean") return v;
      return null;
    }
    case "ArrayExpression":
      return (node.elements as jsep.Expression[]).map((e) => evaluate(e, form, fields));
    case "UnaryExpression": {
      const arg = evaluate(node.argument as jsep.Expression, form, fields);
      if (node.operator === "-") return arg instanceof Decimal ? arg.neg() : null;
      return !truthy(arg);
    }
    case "BinaryExpression": {
      const op = node.operator as string;
      if (op === "and" || op === "&&")
        return (
          truthy(evaluate(node.left as jsep.Expression, form, fields)) &&
          truthy(evaluate(node.right as jsep.Expression, form, fields))
        );
      if (op === "or" || op === "||")
        return (
          truthy(evaluate(node.left as jsep.Expression, form, fields)) ||
          truthy(evaluate(node.right as jsep.Expression, form, fields))
        );
      const l = evaluate(node.left as jsep.Expression, form, fields);
      const r = evaluate(node.right as jsep.Expression, form, fields);
      if (op === "in") return Array.isArray(r) && r.some((x) => equal(l, x));
      if (op === "==") return equal(l, r);
      if (op === "!=") return !equal(l, r);
      // An empty field never satisfies an ordering comparison.
      if (!(l instanceof Decimal) || !(r instanceof Decimal)) return false;
      const c = l.comparedTo(r);
      return op === ">" ? c > 0 : op === ">=" ? c >= 0 : op === "<" ? c < 0 : c <= 0;
    }
    default:
      return null;
  }
}

function equal(a: Value, b: Value): boolean {
  if (a instanceof Decimal && b instanceof Decimal) return a.eq(b);
  if (a instanceof Decimal || b instanceof Decimal) return false;
  return a === b;
}

function truthy(v: Value): boolean {
  if (v instanceof Decimal) return !v.isZero();
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}
