// A body or query that does not fit its schema, as problem details listing each problem
// with a JSON Pointer to where it is.
import type { z } from "zod";
import { describeIssue } from "../src/customers/customer-record.ts";
import { Problem } from "./http.ts";
import type { ProblemCode } from "./problems.ts";

/** `pointer`: a JSON Pointer into the body; `parameter`: a query parameter (as RFC 9457's examples). */
export interface FieldProblem {
  pointer?: string;
  parameter?: string;
  code?: string;
  message: string;
}

export function pointerOf(path: PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** 422: the JSON was read, and is not what the endpoint takes. */
export function bodyProblem(code: ProblemCode, error: z.ZodError, prefix: string): Problem {
  const errors: FieldProblem[] = error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((k) => ({
          pointer: `${prefix}${pointerOf([...issue.path, k])}`,
          code: "unknown",
          message: describeIssue({ ...issue, keys: [k], path: [] }),
        }))
      : // The pointer names the field: the message says what is wrong with it.
        [{ pointer: `${prefix}${pointerOf(issue.path)}`, message: issue.message }],
  );
  return new Problem(422, code, undefined, { errors });
}
