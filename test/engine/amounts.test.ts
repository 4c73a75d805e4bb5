// Amounts parsed strictly: commas only as thousands groups, never dropped; ¥ / ￥ / CNY,
// full-width digits and spaces around accepted; more than two decimals refused, never rounded.
// Property-based (fast-check): every formatted amount reads back as itself, and nothing
// accepted changes magnitude.

import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FieldDef } from "../../src/definitions/schema.ts";
import { halfWidth } from "../../src/engine/read-decimal.ts";
import type { FieldError } from "../../src/engine/types.ts";
import { parseMoney, parseValue } from "../../src/engine/validate-form.ts";
import { t } from "../../src/i18n/index.ts";

const number = (extra: object = {}) =>
  ({
    key: "qty",
    type: "number",
    integer: false,
    required: true,
    label: { zh: "数量", en: "Quantity" },
    ...extra,
  }) as FieldDef;
const readNumber = (s: string, extra: object = {}) =>
  parseValue(number(extra), s, "USR0001", () => true);
const zh = (e: FieldError) => t("zh-CN", `field.error.${e.type}`, e as never);
const en = (e: FieldError) => t("en", `field.error.${e.type}`, e as never);
const errorOf = (r: ReturnType<typeof parseMoney>) =>
  "error" in r ? r.error : expect.fail(`accepted: ${JSON.stringify(r)}`);

describe("accepted amounts", () => {
  it.each([
    ["68,000.50", "68000.50"],
    ["68000.5", "68000.50"],
    ["¥68,000.50", "68000.50"],
    ["￥68,000.50", "68000.50"],
    ["６８，０００．５０", "68000.50"],
    ["￥６８，０００．５", "68000.50"],
    ["  68,000.50  ", "68000.50"],
    ["\u300068000\u3000", "68000.00"],
    ["¥ 1,234,567", "1234567.00"],
    ["CNY 88.5", "88.50"],
    ["ＣＮＹ８８", "88.00"],
    ["1,000", "1000.00"],
    ["999,999,999,999.99", "999999999999.99"],
  ])("%j → %s", (input, value) => {
    expect(parseMoney(input)).toEqual({ value });
  });
});

describe("refused amounts", () => {
  it("5000,0: the comma is not a thousands separator; both readings offered, in words", () => {
    const e = errorOf(parseMoney("5000,0"));
    expect(e).toEqual({
      type: "ambiguous_comma",
      input: "5000,0",
      decimal: "5000.00",
      grouped: "50,000.00",
    });
    expect(zh(e)).toBe(
      "无法确定「5000,0」是多少：逗号只能用作千位分隔符（每三位一个）。请写成 5000.00 或 50,000.00",
    );
    expect(en(e)).toBe(
      "Cannot tell what “5000,0” is: a comma can only separate thousands (one every three digits). Write 5000.00 or 50,000.00",
    );
  });

  it("1,2,3 and 12,34.5: misplaced separators, with the one reading that fits", () => {
    const e = errorOf(parseMoney("1,2,3"));
    expect(e).toEqual({ type: "misplaced_comma", input: "1,2,3", meant: "123.00" });
    expect(zh(e)).toBe(
      "「1,2,3」中的逗号不是千位分隔符（千位分隔符每三位一个）。如果你指的是 123.00，请这样填写",
    );
    expect(errorOf(parseMoney("12,34.5"))).toEqual({
      type: "misplaced_comma",
      input: "12,34.5",
      meant: "1,234.50",
    });
    expect(errorOf(parseMoney("６８，００．５"))).toEqual({
      type: "misplaced_comma",
      input: "６８，００．５",
      meant: "6,800.50",
    });
  });

  it.each([
    ["0,500", "misplaced_comma"], // a group never starts with 0; 0.500 has three decimals, so only 500.00 is offered
    ["1,234,5", "misplaced_comma"],
    ["1.234,56", "comma_not_grouping"], // a decimal comma after a grouping point: no reading fits cents
    [",", "not_money"],
    ["1,,000", "misplaced_comma"],
    ["1,000.", "not_money"],
    ["68 000", "not_money"],
    ["²5", "not_money"], // only full-width forms fold, not every compatibility character
    ["①", "not_money"],
    ["--5", "not_money"],
    ["-¥-5", "not_money"],
    ["1e5", "not_money"],
  ])("%j → %s", (input, type) => {
    expect(errorOf(parseMoney(input)).type).toBe(type);
  });

  it("more than two decimals is refused, never rounded", () => {
    expect(parseMoney("68,000.505")).toEqual({ error: { type: "too_many_decimals" } });
    expect(parseMoney("0.001")).toEqual({ error: { type: "too_many_decimals" } });
    // Decimals as written: three of them is refused even when they are zeros.
    expect(parseMoney("1,000.000")).toEqual({ error: { type: "too_many_decimals" } });
    expect(parseMoney("68000.500")).toEqual({ error: { type: "too_many_decimals" } });
  });

  it("a negative amount only where allowed; -0 is zero", () => {
    expect(parseMoney("-¥1,000")).toEqual({ error: { type: "negative" } });
    expect(parseMoney("-¥1,000", true)).toEqual({ value: "-1000.00" });
    expect(parseMoney("¥-1,000", true)).toEqual({ value: "-1000.00" });
    expect(parseMoney("-0")).toEqual({ value: "0.00" });
  });
});

describe("number fields, with the same reader", () => {
  it("accepts grouped and full-width numbers, refuses stray commas and currency", () => {
    expect(readNumber("1,234.5")).toEqual({ value: "1234.5" });
    expect(readNumber("１２")).toEqual({ value: "12" });
    expect(readNumber("5000,5")).toEqual({
      error: { type: "ambiguous_comma", input: "5000,5", decimal: "5000.5", grouped: "50,005" },
    });
    expect(readNumber("1,2,3")).toEqual({
      error: { type: "misplaced_comma", input: "1,2,3", meant: "123" },
    });
    expect(readNumber("¥5")).toEqual({ error: { type: "not_a_number" } });
  });

  it("an integer field offers only whole readings; a huge number is refused instead of printed as 1e+21", () => {
    expect(readNumber("5000,5", { integer: true })).toEqual({
      error: { type: "misplaced_comma", input: "5000,5", meant: "50,005" },
    });
    expect(readNumber("1".repeat(25))).toEqual({ error: { type: "above_max", max: 1e15 } });
    expect(readNumber("1234567890123456")).toEqual({ error: { type: "above_max", max: 1e15 } });
    expect(readNumber("12345678901234.5")).toEqual({ value: "12345678901234.5" });
  });
});

// An amount below the trillion cap, in cents, and the ways a person may write it.
const cents = fc.bigInt({ min: 0n, max: 10n ** 14n - 1n });
const style = fc.record({
  grouped: fc.boolean(),
  currency: fc.constantFrom("", "¥", "￥", "CNY ", "¥ "),
  fullWidth: fc.boolean(),
  decimals: fc.constantFrom(0, 1, 2),
  pad: fc.constantFrom("", " ", "  ", "\u3000"),
});

function write(
  value: bigint,
  s: { grouped: boolean; currency: string; fullWidth: boolean; decimals: number; pad: string },
): string {
  const int = (value / 100n).toString();
  const frac = (value % 100n).toString().padStart(2, "0");
  const body =
    (s.grouped ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : int) +
    (s.decimals === 0 ? "" : `.${frac.slice(0, s.decimals)}`);
  const text = s.currency + body;
  const shown = s.fullWidth
    ? text
        .replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
        .replace(/¥/g, "￥")
    : text;
  return `${s.pad}${shown}${s.pad}`;
}

describe("properties (fast-check)", () => {
  it("any formatted amount (grouped or not, with or without ¥, full-width) reads back as itself", () => {
    fc.assert(
      fc.property(cents, style, (value, s) => {
        // What the text says: whole cents with the decimals written (a shorter fraction drops digits).
        const shownCents =
          s.decimals === 2 ? value : s.decimals === 1 ? (value / 10n) * 10n : (value / 100n) * 100n;
        const expected = new Decimal(shownCents.toString()).div(100).toFixed(2);
        expect(parseMoney(write(value, s))).toEqual({ value: expected });
      }),
      { numRuns: 2000 },
    );
  });

  it("nothing accepted changes magnitude: the value is the digits read left to right, with the point where the person put it", () => {
    const piece = fc.constantFrom(
      "0",
      "1",
      "5",
      "9",
      ",",
      ".",
      "，",
      "．",
      "５",
      "０",
      " ",
      "¥",
      "-",
      "\u3000",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const typed = pieces.join("");
        const read = parseMoney(typed, true);
        if ("error" in read) return;
        const ascii = halfWidth(typed);
        const digitsAndPoint = ascii.replace(/[^0-9.]/g, "");
        const sign = ascii.includes("-") ? "-" : "";
        expect(new Decimal(read.value as string).eq(new Decimal(sign + digitsAndPoint))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("the same holds for number fields", () => {
    const piece = fc.constantFrom("0", "3", "7", ",", ".", "，", "７", " ");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const typed = pieces.join("");
        const read = readNumber(typed);
        if ("error" in read) return;
        expect(
          new Decimal(read.value as string).eq(
            new Decimal(halfWidth(typed).replace(/[^0-9.]/g, "")),
          ),
        ).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
