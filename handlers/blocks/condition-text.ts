// A step condition in the reader's words: "金额（元）大于 ¥50,000.00" / "Amount (CNY) is above ¥50,000.00".
import { requesterFields } from "../../src/definitions/condition.ts";
import {
  type ConditionClause,
  type ConditionLiteral,
  describeCondition,
} from "../../src/definitions/describe-condition.ts";
import type { FieldDef, ProcessDef } from "../../src/definitions/schema.ts";
import { formatMoney, type Locale, type MessageKey, pick, t } from "../../src/i18n/index.ts";
import { code, escapeMrkdwn } from "./mrkdwn.ts";

const opKeys: Record<string, MessageKey> = {
  ">": "cond.gt",
  ">=": "cond.gte",
  "<": "cond.lt",
  "<=": "cond.lte",
  "==": "cond.eq",
  "!=": "cond.ne",
};

/** mrkdwn: labels and values from the definition are escaped. */
export function conditionText(when: string, def: ProcessDef, locale: Locale): string {
  return say(describeCondition(when), def, locale, true);
}

function say(c: ConditionClause, def: ProcessDef, locale: Locale, top: boolean): string {
  const field = (key: string) =>
    def.fields.find((f) => f.key === key) ?? requesterFields.find((f) => f.key === key);
  const label = (key: string) => escapeMrkdwn(labelOf(field(key), key, locale));
  switch (c.type) {
    case "compare":
      return t(locale, opKeys[c.op]!, {
        field: label(c.field),
        value: literalText(c.value, field(c.field), locale),
      });
    case "in":
      return t(locale, "cond.in", {
        field: label(c.field),
        values: c.values
          .map((v) => literalText(v, field(c.field), locale))
          .join(t(locale, "preview.list_separator")),
      });
    case "flag":
      return t(locale, c.negated ? "cond.flag.not" : "cond.flag", { field: label(c.field) });
    case "not":
      // cond.not brackets its part itself.
      return t(locale, "cond.not", { part: say(c.part, def, locale, true) });
    case "all":
    case "any": {
      const joined = c.parts
        .map((p) => say(p, def, locale, false))
        .join(t(locale, c.type === "all" ? "cond.and" : "cond.or"));
      return top ? joined : t(locale, "cond.group", { part: joined });
    }
    case "raw":
      return code(c.source.replace(/`/g, "'"));
  }
}

function labelOf(field: FieldDef | undefined, key: string, locale: Locale): string {
  return field ? pick(locale, field.label) : key;
}

function literalText(v: ConditionLiteral, field: FieldDef | undefined, locale: Locale): string {
  switch (v.type) {
    case "number": {
      if (field?.type === "money") return formatMoney(locale, v.raw);
      const [int = "", frac] = v.raw.split(".");
      return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac === undefined ? "" : `.${frac}`}`;
    }
    case "string": {
      const option =
        field?.type === "select" ? field.options.find((o) => o.value === v.value) : undefined;
      return t(locale, "cond.value.text", {
        value: escapeMrkdwn(option ? pick(locale, option.label) : v.value),
      });
    }
    case "boolean":
      return t(locale, v.value ? "cond.value.yes" : "cond.value.no");
    case "null":
      return t(locale, "cond.value.empty");
  }
}
