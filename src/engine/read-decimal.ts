// Reads a typed amount or number strictly, as a decimal (never a float). Accepted: digits with
// an optional decimal point, commas only as thousands separators (68,000.50), ¥ / ￥ / CNY
// before an amount, full-width digits and punctuation (６８，０００．５０), spaces around. A
// comma anywhere else is refused, saying what could have been meant, instead of being dropped:
// dropping it read 5000,0 as 50000 and 1,2,3 as 123.
import { Decimal } from "decimal.js";
import type { FieldError } from "./types.ts";

export type DecimalReading = { ok: true; value: Decimal } | { ok: false; error: FieldError };

export interface ReadOptions {
  /** An amount: may start with ¥ / ￥ / CNY, and has at most two decimals (never rounded). */
  money: boolean;
  /** Only whole numbers (a number field with `integer`): a comma reading with decimals is not offered. */
  integer?: boolean;
}

const GROUPED = /^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^\d+(\.\d+)?$/;

export function readDecimal(typed: string, opts: ReadOptions): DecimalReading {
  const s = halfWidth(typed).trim();
  const notNumber: FieldError = { type: opts.money ? "not_money" : "not_a_number" };
  const m = (opts.money ? /^(-?)\s*(?:(?:¥|CNY)\s*)?(-?)\s*(.*)$/i : /^(-?)\s*()(.*)$/).exec(s)!;
  if (m[1] && m[2]) return { ok: false, error: notNumber };
  const negative = Boolean(m[1] || m[2]);
  const body = m[3]!;
  if (!/^[\d.,]+$/.test(body) || !PLAIN.test(body.replace(/,/g, "")))
    return { ok: false, error: notNumber };
  let digits: string;
  if (PLAIN.test(body)) digits = body;
  else if (GROUPED.test(body)) digits = body.replace(/,/g, "");
  else return { ok: false, error: commaError(typed.trim(), body, negative, opts) };
  // Decimals as written: 1,000.000 is refused, not read as 1000 (nor 1.000,00 as anything).
  if (opts.money && (digits.split(".")[1] ?? "").length > 2)
    return { ok: false, error: { type: "too_many_decimals" } };
  const value = new Decimal(`${negative ? "-" : ""}${digits}`);
  // "-0" is zero, not a negative amount.
  return { ok: true, value: value.isZero() ? new Decimal(0) : value };
}

/**
 * Full-width forms (what a Chinese input method types: digits, comma, point, the yuan sign
 * U+FFE5, the ideographic space U+3000) as their ASCII characters. Only these: NFKC would
 * also read a superscript two or a circled one as digits.
 */
export function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000\uFFE5]/g, (c) => {
    const code = c.charCodeAt(0);
    return code === 0x3000 ? " " : code === 0xffe5 ? "¥" : String.fromCharCode(code - 0xfee0);
  });
}

/**
 * The commas are not thousands groups. What the person may have meant: the comma as a decimal
 * point (5000,0 → 5000.00), or the commas as misplaced separators (5000,0 → 50,000.00).
 */
function commaError(typed: string, body: string, negative: boolean, opts: ReadOptions): FieldError {
  const input = typed.length > 40 ? `${typed.slice(0, 39)}…` : typed;
  const sign = negative ? "-" : "";
  const fits = (digits: string) =>
    PLAIN.test(digits) &&
    (!opts.money || (digits.split(".")[1] ?? "").length <= 2) &&
    (!opts.integer || new Decimal(digits).isInteger());
  const stripped = body.replace(/,/g, "");
  const asPoint =
    body.split(",").length === 2 && !body.includes(".") ? body.replace(",", ".") : undefined;
  const grouped = fits(stripped) ? sign + group(stripped, opts.money) : undefined;
  const decimal =
    asPoint && fits(asPoint)
      ? sign + (opts.money ? new Decimal(asPoint).toFixed(2) : new Decimal(asPoint).toFixed())
      : undefined;
  if (decimal && grouped) return { type: "ambiguous_comma", input, decimal, grouped };
  if (grouped ?? decimal) return { type: "misplaced_comma", input, meant: (grouped ?? decimal)! };
  return { type: "comma_not_grouping", input };
}

/** 50000 → "50,000" (an amount: "50,000.00"). */
function group(digits: string, money: boolean): string {
  const fixed = money ? new Decimal(digits).toFixed(2) : new Decimal(digits).toFixed();
  const [int, frac] = fixed.split(".");
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac !== undefined ? `.${frac}` : ""}`;
}
