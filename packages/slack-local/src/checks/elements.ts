// Block Kit composition objects and interactive elements, checked against the limits Slack
// documents for each (docs.slack.dev/reference/block-kit/composition-objects and
// .../block-elements: one page per object or element, the limit under each field).
import { isObject, length, type Problems } from "./problems.ts";

export interface TextRule {
  max: number;
  /** Fields Slack documents as "plain_text only" (header, button and option texts, titles, labels…). */
  plainOnly?: boolean;
  required?: boolean;
}

/**
 * A text object: `{ type: "plain_text" | "mrkdwn", text }`, non-empty, at most `max`
 * characters. Slack refuses an empty text ("must be more than 0 characters").
 */
export function checkText(p: Problems, at: string, v: unknown, rule: TextRule): void {
  if (v === undefined) {
    if (rule.required) p.add(at, "missing required field");
    return;
  }
  if (!isObject(v)) {
    p.add(at, "must be a text object");
    return;
  }
  const allowed = rule.plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
  if (!allowed.includes(String(v.type))) p.add(`${at}/type`, `must be ${allowed.join(" or ")}`);
  checkString(p, `${at}/text`, v.text, { max: rule.max, required: true, min: 1 });
}

/** A plain string field (value, url, action_id…): at most `max` characters. */
export function checkString(
  p: Problems,
  at: string,
  v: unknown,
  rule: { max: number; required?: boolean; min?: number },
): void {
  if (v === undefined) {
    if (rule.required) p.add(at, "missing required field");
    return;
  }
  if (typeof v !== "string") {
    p.add(at, "must be a string");
    return;
  }
  const n = length(v);
  if (rule.min !== undefined && n < rule.min)
    p.add(at, `must be more than ${rule.min - 1} characters`);
  if (n > rule.max) p.add(at, `must be less than ${rule.max + 1} characters`);
}

export function checkCount(
  p: Problems,
  at: string,
  v: unknown,
  rule: { max: number; min?: number; required?: boolean },
): unknown[] {
  if (v === undefined) {
    if (rule.required) p.add(at, "missing required field");
    return [];
  }
  if (!Array.isArray(v)) {
    p.add(at, "must be an array");
    return [];
  }
  if (rule.min !== undefined && v.length < rule.min)
    p.add(at, `must provide at least ${rule.min} items`);
  if (v.length > rule.max) p.add(at, `must provide no more than ${rule.max} items`);
  return v;
}

/** Confirmation dialog object: title ≤ 100, text ≤ 300, confirm and deny ≤ 30. */
export function checkConfirm(p: Problems, at: string, v: unknown): void {
  if (v === undefined) return;
  if (!isObject(v)) {
    p.add(at, "must be a confirmation dialog object");
    return;
  }
  checkText(p, `${at}/title`, v.title, { max: 100, plainOnly: true, required: true });
  checkText(p, `${at}/text`, v.text, { max: 300, required: true });
  checkText(p, `${at}/confirm`, v.confirm, { max: 30, plainOnly: true, required: true });
  checkText(p, `${at}/deny`, v.deny, { max: 30, plainOnly: true, required: true });
}

/**
 * Option object: text ≤ 75, value ≤ 150, description ≤ 75, url ≤ 3000 (overflow menus).
 * In selects and overflow menus text is plain_text only; checkboxes and radio buttons take mrkdwn.
 */
export function checkOption(p: Problems, at: string, v: unknown, plainOnly = true): void {
  if (!isObject(v)) {
    p.add(at, "must be an option object");
    return;
  }
  checkText(p, `${at}/text`, v.text, { max: 75, plainOnly, required: true });
  checkString(p, `${at}/value`, v.value, { max: 150, required: true, min: 1 });
  checkText(p, `${at}/description`, v.description, { max: 75, plainOnly });
  checkString(p, `${at}/url`, v.url, { max: 3000 });
}

function checkOptions(
  p: Problems,
  at: string,
  el: Record<string, unknown>,
  max: number,
  plainOnly = true,
): void {
  if (
    el.options === undefined &&
    el.option_groups === undefined &&
    !["external_select", "multi_external_select"].includes(String(el.type))
  ) {
    p.add(`${at}/options`, "must provide options or option_groups");
  }
  checkCount(p, `${at}/options`, el.options, { max }).forEach((o, i) => {
    checkOption(p, `${at}/options/${i}`, o, plainOnly);
  });
  checkCount(p, `${at}/option_groups`, el.option_groups, { max: 100 }).forEach((g, i) => {
    const gat = `${at}/option_groups/${i}`;
    if (!isObject(g)) {
      p.add(gat, "must be an option group object");
      return;
    }
    checkText(p, `${gat}/label`, g.label, { max: 75, plainOnly: true, required: true });
    checkCount(p, `${gat}/options`, g.options, { max: 100, required: true }).forEach((o, j) => {
      checkOption(p, `${gat}/options/${j}`, o);
    });
  });
  if (el.initial_option !== undefined)
    checkOption(p, `${at}/initial_option`, el.initial_option, plainOnly);
  checkCount(p, `${at}/initial_options`, el.initial_options, { max }).forEach((o, i) => {
    checkOption(p, `${at}/initial_options/${i}`, o, plainOnly);
  });
}

const SELECTS = new Set([
  "static_select",
  "multi_static_select",
  "external_select",
  "multi_external_select",
]);
const PICKERS = new Set([
  "users_select",
  "multi_users_select",
  "conversations_select",
  "multi_conversations_select",
  "channels_select",
  "multi_channels_select",
]);
const TEXT_INPUTS = new Set([
  "plain_text_input",
  "email_text_input",
  "url_text_input",
  "number_input",
]);
const OTHERS = new Set(["datetimepicker", "file_input", "rich_text_input", "workflow_button"]);

/** Any interactive element (or an image element, in a section accessory or context block). */
export function checkElement(p: Problems, at: string, el: unknown): void {
  if (!isObject(el) || typeof el.type !== "string") {
    p.add(at, "must be a block element");
    return;
  }
  const type = el.type;
  if (type !== "image") checkString(p, `${at}/action_id`, el.action_id, { max: 255 });
  checkConfirm(p, `${at}/confirm`, el.confirm);
  if (type !== "button")
    checkText(p, `${at}/placeholder`, el.placeholder, { max: 150, plainOnly: true });
  if (type === "button") {
    checkText(p, `${at}/text`, el.text, { max: 75, plainOnly: true, required: true });
    checkString(p, `${at}/value`, el.value, { max: 2000 });
    checkString(p, `${at}/url`, el.url, { max: 3000 });
    if (el.style !== undefined && el.style !== "primary" && el.style !== "danger")
      p.add(`${at}/style`, "must be primary or danger");
  } else if (SELECTS.has(type)) {
    checkOptions(p, at, el, 100);
  } else if (type === "overflow") {
    checkCount(p, `${at}/options`, el.options, { max: 5, min: 1, required: true }).forEach(
      (o, i) => {
        checkOption(p, `${at}/options/${i}`, o);
      },
    );
  } else if (type === "checkboxes" || type === "radio_buttons") {
    checkOptions(p, at, el, 10, false);
  } else if (type === "datepicker") {
    if (el.initial_date !== undefined && !isDate(el.initial_date))
      p.add(`${at}/initial_date`, "must be a date in the format YYYY-MM-DD");
  } else if (type === "timepicker") {
    if (
      el.initial_time !== undefined &&
      !(typeof el.initial_time === "string" && /^([01]\d|2[0-3]):[0-5]\d$/.test(el.initial_time))
    ) {
      p.add(`${at}/initial_time`, "must be a time in the format HH:mm");
    }
  } else if (TEXT_INPUTS.has(type)) {
    checkTextInput(p, at, el);
  } else if (type === "image") {
    checkString(p, `${at}/image_url`, el.image_url, {
      max: 3000,
      required: el.slack_file === undefined,
    });
    checkString(p, `${at}/alt_text`, el.alt_text, { max: 2000, required: true });
  } else if (!PICKERS.has(type) && !OTHERS.has(type)) {
    p.add(`${at}/type`, `unsupported element type: ${type}`);
  }
}

/** plain_text_input: max_length and min_length ≤ 3000, and an initial_value that fits max_length. */
function checkTextInput(p: Problems, at: string, el: Record<string, unknown>): void {
  if (el.type === "number_input" && typeof el.is_decimal_allowed !== "boolean")
    p.add(`${at}/is_decimal_allowed`, "missing required field");
  if (el.type !== "plain_text_input") return;
  for (const key of ["max_length", "min_length"] as const) {
    const v = el[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      p.add(`${at}/${key}`, "must be a non-negative integer");
    else if (v > 3000) p.add(`${at}/${key}`, "must be less than or equal to 3000");
  }
  const max = typeof el.max_length === "number" && el.max_length <= 3000 ? el.max_length : 3000;
  if (typeof el.min_length === "number" && el.min_length > max)
    p.add(`${at}/min_length`, "must be less than or equal to max_length");
  if (typeof el.initial_value === "string" && length(el.initial_value) > max) {
    p.add(`${at}/initial_value`, `must be less than ${max + 1} characters (max_length)`);
  }
}

function isDate(v: unknown): boolean {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}
