// Pure formatting of domain values for Slack mrkdwn, in the reader's language.

import type { FormValue } from "../../src/definitions/condition.ts";
import type { FieldDef, ProcessDef } from "../../src/definitions/schema.ts";
import type { Directory } from "../../src/directory/directory.ts";
import type { AssigneeReason } from "../../src/engine/types.ts";
import { formatMoney, type Locale, pick, stripBidi, t } from "../../src/i18n/index.ts";
import type { CustomerSummary } from "../../src/requests/load-request-view.ts";
import { bold, escapeMrkdwn } from "./mrkdwn.ts";
import { cutText } from "./slack-text.ts";

/** A Slack mention renders the person's name in their workspace and links to their profile. */
export const mention = (userId: string) => `<@${userId}>`;

/**
 * A request named in a sentence, in bold: "*退货/换货申请 #42*". `process` as the sentence
 * shows it (escaped, or not, as the text around it is).
 */
export const requestRef = (locale: Locale, process: string, id: number) =>
  bold(t(locale, "request.ref", { process, id }));

type ValueFormat = (
  field: FieldDef,
  value: FormValue | undefined,
  locale: Locale,
  customers: Map<string, CustomerSummary>,
) => string;

/** A value in mrkdwn: typed text made inert (escapeMrkdwn), a person as a mention, a link as a link. */
export const formatValue: ValueFormat = (field, value, locale, customers) =>
  valueText(field, value, locale, customers, { text: escapeMrkdwn, person: mention, link: linkTo });

/** The same value for a plain_text object (a label, an option), which never formats: as typed, without bidirectional controls. */
export const plainValue: ValueFormat = (field, value, locale, customers) =>
  valueText(field, value, locale, customers, {
    text: stripBidi,
    person: (id) => `@${id}`,
    link: stripBidi,
  });

interface ValueStyle {
  text(s: string): string;
  person(userId: string): string;
  link(url: string): string;
}

function valueText(
  field: FieldDef,
  value: FormValue | undefined,
  locale: Locale,
  customers: Map<string, CustomerSummary>,
  style: ValueStyle,
): string {
  if (value === undefined || value === null || value === "") return t(locale, "message.empty");
  switch (field.type) {
    case "money":
      return formatMoney(locale, String(value));
    case "select": {
      const option = field.options.find((o) => o.value === value);
      return option ? pick(locale, option.label) : style.text(String(value));
    }
    case "checkbox":
      return value === true ? "✔" : "—";
    case "user":
      return style.person(String(value));
    case "customer": {
      const c = customers.get(String(value));
      return style.text(c ? `${c.code} ${c.name}` : String(value));
    }
    case "link":
      return style.link(String(value));
    default:
      return style.text(String(value));
  }
}

/**
 * A link field as a link showing its own address (`<url>`): with `verbatim: true` Slack links
 * nothing by itself, and escapeMrkdwn keeps typed addresses from being links. Only an http(s)
 * address without spaces, as the form accepts; its `|`, `<`, `>` are percent-encoded, so it can
 * never carry a label of its own. Anything else is shown as text.
 */
function linkTo(value: string): string {
  const url = stripBidi(value);
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return escapeMrkdwn(value);
  return `<${url.replace(/&/g, "&amp;").replace(/[|<>]/g, encodeURIComponent)}>`;
}

export function stepName(def: ProcessDef, key: string, locale: Locale): string {
  const step = def.steps.find((s) => s.key === key);
  return step ? pick(locale, step.name) : key;
}

export function roleName(dir: Directory, key: string, locale: Locale): string {
  const role = dir.role(key);
  return role ? pick(locale, role.name) : key;
}

/** Why a person was chosen, e.g. "华东大区经理" / "Regional manager, East China". */
export function reasonText(
  reason: AssigneeReason,
  def: ProcessDef,
  dir: Directory,
  locale: Locale,
): string {
  switch (reason.kind) {
    case "role": {
      const role = roleName(dir, reason.role, locale);
      const unit =
        reason.scope && reason.unit ? dir.unitName(reason.scope, reason.unit) : undefined;
      if (!unit) return t(locale, "reason.role", { role });
      const unitName = pick(locale, unit);
      // Chinese runs the two together: 上海区域 + 区域经理 is 上海区域经理, not 上海区域区域经理.
      const joined = locale === "zh-CN" ? withoutOverlap(unitName, role) : role;
      return t(locale, "reason.role_unit", { role: joined, unit: unitName });
    }
    case "manager":
      return reason.levels === 1
        ? t(locale, "reason.manager.1")
        : t(locale, "reason.manager.n", { levels: reason.levels });
    case "field": {
      const field = def.fields.find((f) => f.key === reason.field);
      return t(locale, "reason.field", { field: field ? pick(locale, field.label) : reason.field });
    }
    case "self_excluded":
      return t(locale, "reason.self_excluded", { role: roleName(dir, reason.role, locale) });
    case "transfer":
      return t(locale, "reason.transfer", { from: mention(reason.from) });
    case "escalation":
      return t(locale, "reason.escalation", { from: mention(reason.from) });
    case "added":
      return t(
        locale,
        reason.position === "before" ? "reason.added.before" : "reason.added.after",
        { by: mention(reason.by) },
      );
    case "cc":
      return t(locale, "reason.cc", { by: mention(reason.by) });
    case "separated":
      return separatedText(reason, reasonText(reason.of, def, dir, locale), locale);
  }
}

/** Why a seat moved away from (or stayed with) the tier before's approver; `of`: why the seat was someone's, in words. */
export function separatedText(
  reason: Extract<AssigneeReason, { kind: "separated" }>,
  of: string,
  locale: Locale,
): string {
  const after = mention(reason.after);
  if (reason.to === "holder") return t(locale, "reason.separated.holder", { after, of });
  if (reason.to === "none") return t(locale, "reason.separated.none", { after });
  return (reason.levels ?? 1) === 1
    ? t(locale, "reason.separated.manager.1", { after })
    : t(locale, "reason.separated.manager.n", { after, levels: reason.levels! });
}

/** Keeps a mrkdwn text under Slack's per-block limit, never cutting a mention or an escape. */
export function clip(text: string, max = 2900): string {
  return cutText(text, max);
}

/** `role` without the start it shares with the end of `unit` (two characters or more). */
export function withoutOverlap(unit: string, role: string): string {
  for (let k = Math.min(unit.length, role.length - 1); k >= 2; k--)
    if (unit.endsWith(role.slice(0, k))) return role.slice(k);
  return role;
}
