// Whether a step condition can ever be true (or false), over every form the fields allow.
import { describe, expect, it } from "vitest";
import { findUnreachable } from "../../src/definitions/condition-analysis.ts";
import { fieldSchema } from "../../src/definitions/schema.ts";

const n = (s: string) => ({ zh: s, en: s });
const fields = [
  { key: "amount", type: "money", label: n("amount") },
  { key: "refund", type: "money", allow_negative: true, label: n("refund") },
  { key: "qty", type: "number", integer: true, min: 1, max: 10, label: n("qty") },
  { key: "rate", type: "number", required: false, label: n("rate") },
  {
    key: "kind",
    type: "select",
    label: n("kind"),
    options: [
      { value: "a", label: n("a") },
      { value: "b", label: n("b") },
    ],
  },
  {
    key: "maybe",
    type: "select",
    required: false,
    label: n("maybe"),
    options: [{ value: "x", label: n("x") }],
  },
  { key: "flag", type: "checkbox", label: n("flag") },
  { key: "note", type: "text", required: false, label: n("note") },
].map((f) => fieldSchema.parse(f));

describe("findUnreachable", () => {
  it.each([
    ["amount > 50000", "sometimes"],
    ["amount > 50000 and amount < 10000", "never"],
    // Money has cents: nothing lies strictly between 100.001 and 100.009.
    ["amount > 100.001 and amount < 100.009", "never"],
    ["amount > 100.001 and amount < 100.011", "sometimes"],
    ["amount < 0", "never"],
    ["refund < 0", "sometimes"],
    ["amount >= 0", "always"],
    ["amount > -5", "always"],
    ["qty > 10", "never"],
    ["qty > 9.5", "sometimes"],
    ["qty > 9 and qty < 10", "never"],
    ["qty >= 1", "always"],
    ["rate > 1 and rate < 2", "sometimes"],
    ["rate > 1 and rate < 1", "never"],
    ["kind == 'a' and kind == 'b'", "never"],
    ["kind in ['a', 'b']", "always"],
    ["kind != 'a' and kind != 'b'", "never"],
    // An optional select may be left empty.
    ["maybe != 'x'", "sometimes"],
    ["flag and not flag", "never"],
    ["flag or not flag", "always"],
    ["note == 'x'", "sometimes"],
    ["kind == 'a' and amount > 50000 or flag", "sometimes"],
    // Facts about the requester are read like fields.
    ["requester_is_manager and not requester_is_manager", "never"],
    ["not requester_is_manager", "sometimes"],
  ])("%s → %s", (source, verdict) => {
    expect(findUnreachable(source, fields)).toEqual({ unknownOptions: [], verdict });
  });

  it("names a select value that is not an option, in == and in `in`", () => {
    expect(findUnreachable("kind == 'c'", fields)).toEqual({
      unknownOptions: [{ field: "kind", value: "c", options: ["a", "b"] }],
      verdict: "never",
    });
    expect(findUnreachable("kind in ['a', 'z']", fields).unknownOptions).toEqual([
      { field: "kind", value: "z", options: ["a", "b"] },
    ]);
  });
});
