// A step condition as a small tree of clauses ("amount above 50,000 and type is exchange"),
// so the Slack glue can say it in the reader's language instead of showing `amount > 50000`.
// Shapes it cannot put in words come back as `raw` and are shown as written.
import jsep from "jsep";
import "./condition.ts"; // registers the and / or / in / not operators with jsep

export type Comparison = "==" | "!=" | ">" | ">=" | "<" | "<=";

/** A literal as written in the condition: numbers keep their source text (decimals stay exact). */
export type ConditionLiteral =
  | { type: "number"; raw: string }
  | { type: "string"; value: string }
  | { type: "boolean"; value: boolean }
  | { type: "null" };

export type ConditionClause =
  | { type: "compare"; field: string; op: Comparison; value: ConditionLiteral }
  | { type: "in"; field: string; values: ConditionLiteral[] }
  /** A bare field (a ticked checkbox, a filled-in value), or its negation. */
  | { type: "flag"; field: string; negated: boolean }
  | { type: "all"; parts: ConditionClause[] }
  | { type: "any"; parts: ConditionClause[] }
  | { type: "not"; part: ConditionClause }
  | { type: "raw"; source: string };

const comparisons = new Set(["==", "!=", ">", ">=", "<", "<="]);
/** `50000 < amount` reads as `amount > 50000`. */
const flipped: Record<Comparison, Comparison> = {
  "==": "==",
  "!=": "!=",
  ">": "<",
  ">=": "<=",
  "<": ">",
  "<=": ">=",
};

export function describeCondition(source: string): ConditionClause {
  try {
    return clause(jsep(source)) ?? { type: "raw", source };
  } catch {
    return { type: "raw", source };
  }
}

function clause(node: jsep.Expression): ConditionClause | undefined {
  if (node.type === "Identifier")
    return { type: "flag", field: node.name as string, negated: false };
  if (node.type === "UnaryExpression" && (node.operator === "not" || node.operator === "!")) {
    const inner = clause(node.argument as jsep.Expression);
    if (!inner) return undefined;
    return inner.type === "flag"
      ? { ...inner, negated: !inner.negated }
      : { type: "not", part: inner };
  }
  if (node.type !== "BinaryExpression") return undefined;
  const op = node.operator as string;
  const left = node.left as jsep.Expression;
  const right = node.right as jsep.Expression;
  if (op === "and" || op === "&&" || op === "or" || op === "||") {
    const type = op === "and" || op === "&&" ? "all" : "any";
    const parts = [clause(left), clause(right)];
    if (parts.some((p) => !p)) return undefined;
    // a and b and c is one list, not a nested pair.
    return {
      type,
      parts: (parts as ConditionClause[]).flatMap((p) => (p.type === type ? p.parts : [p])),
    };
  }
  if (op === "in") {
    if (left.type !== "Identifier" || right.type !== "ArrayExpression") return undefined;
    const values = (right.elements as jsep.Expression[]).map(literal);
    return values.every(Boolean)
      ? { type: "in", field: left.name as string, values: values as ConditionLiteral[] }
      : undefined;
  }
  if (!comparisons.has(op)) return undefined;
  if (left.type === "Identifier" && literal(right))
    return {
      type: "compare",
      field: left.name as string,
      op: op as Comparison,
      value: literal(right)!,
    };
  if (right.type === "Identifier" && literal(left))
    return {
      type: "compare",
      field: right.name as string,
      op: flipped[op as Comparison],
      value: literal(left)!,
    };
  return undefined;
}

function literal(node: jsep.Expression): ConditionLiteral | undefined {
  if (node.type === "UnaryExpression" && node.operator === "-") {
    const inner = literal(node.argument as jsep.Expression);
    return inner?.type === "number" ? { type: "number", raw: `-${inner.raw}` } : undefined;
  }
  if (node.type !== "Literal") return undefined;
  const v = node.value;
  if (typeof v === "number") return { type: "number", raw: node.raw as string };
  if (typeof v === "string") return { type: "string", value: v };
  if (typeof v === "boolean") return { type: "boolean", value: v };
  if (v === null) return { type: "null" };
  return undefined;
}
