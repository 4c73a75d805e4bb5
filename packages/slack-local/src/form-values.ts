import { isObject } from "./ids.ts";
import type { Block, StateValues } from "./types.ts";

/** Test-friendly input: plain strings, or a tagged value for non-text elements. */
export type SimpleValue =
  | string
  | string[]
  | { user: string }
  | { users: string[] }
  | { option: string }
  | { options: string[] }
  | { date: string }
  | { time: string }
  | { conversation: string }
  | { channel: string };

export type Element = Record<string, unknown> & { type: string; action_id?: string };

/**
 * Builds Slack's `view.state.values` for a stored modal from simple values keyed
 * by action_id (or block_id). Like Slack, every input block is present; unfilled
 * ones carry null / empty values so the bot's validation sees the real shape.
 * Unknown keys throw, so a typo in a test fails loudly instead of submitting nothing.
 */
export function formValues(
  view: { blocks: Block[] },
  simple: Record<string, SimpleValue>,
): StateValues {
  const values: StateValues = {};
  const unused = new Set(Object.keys(simple));
  for (const { block, element } of interactiveElements(view.blocks)) {
    const blockId = block.block_id ?? "";
    const actionId = element.action_id ?? "";
    const key = actionId in simple ? actionId : blockId in simple ? blockId : undefined;
    // Only input blocks are always reported; actions/section elements when given.
    if (key === undefined && block.type !== "input") continue;
    if (key !== undefined) unused.delete(key);
    values[blockId] ??= {};
    (values[blockId] as Record<string, unknown>)[actionId] = typedValue(
      element,
      key === undefined ? undefined : simple[key],
    );
  }
  if (unused.size > 0) throw new Error(`formValues: no input for ${[...unused].join(", ")}`);
  return values;
}

export function interactiveElements(blocks: Block[]): { block: Block; element: Element }[] {
  const out: { block: Block; element: Element }[] = [];
  for (const block of blocks) {
    const candidates =
      block.type === "actions" && Array.isArray(block.elements)
        ? block.elements
        : [block.element, block.accessory];
    for (const el of candidates)
      if (isObject(el) && typeof el.type === "string") out.push({ block, element: el as Element });
  }
  return out;
}

function pick(v: SimpleValue | undefined, ...keys: string[]): string | null {
  if (v === undefined) return null;
  if (typeof v === "string") return v;
  for (const k of keys) if (k in v) return String((v as Record<string, unknown>)[k]);
  return null;
}

function pickMany(v: SimpleValue | undefined, key: string): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === "string") return [v];
  const list = (v as Record<string, unknown>)[key];
  return Array.isArray(list) ? list.map(String) : [];
}

function typedValue(el: Element, v: SimpleValue | undefined): Record<string, unknown> {
  const type = el.type;
  switch (type) {
    case "static_select":
    case "external_select":
    case "radio_buttons": {
      const value = pick(v, "option");
      return { type, selected_option: value === null ? null : selectedOption(el, value) };
    }
    case "multi_static_select":
    case "multi_external_select":
    case "checkboxes":
      return {
        type,
        selected_options: pickMany(v, "options").map((val) => selectedOption(el, val)),
      };
    case "users_select":
      return { type, selected_user: pick(v, "user") };
    case "multi_users_select":
      return { type, selected_users: pickMany(v, "users") };
    case "conversations_select":
      return { type, selected_conversation: pick(v, "conversation", "channel") };
    case "channels_select":
      return { type, selected_channel: pick(v, "channel", "conversation") };
    case "datepicker":
      return { type, selected_date: pick(v, "date") };
    case "timepicker":
      return { type, selected_time: pick(v, "time") };
    // plain_text_input, number_input, url_text_input, email_text_input, …
    default:
      return { type, value: pick(v, "value") };
  }
}

/** Finds the option by value so selected_option carries the element's own text. */
export function selectedOption(el: Element, value: string): Record<string, unknown> {
  const groups = Array.isArray(el.option_groups) ? el.option_groups : [];
  const all = [el.options, ...groups.map((g) => (isObject(g) ? g.options : undefined))]
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .filter(isObject);
  const found = all.find((o) => o.value === value);
  if (found) return { text: found.text, value };
  if (all.length > 0)
    throw new Error(`formValues: "${value}" is not an option of ${el.action_id ?? el.type}`);
  return { text: { type: "plain_text", text: value, emoji: true }, value };
}
