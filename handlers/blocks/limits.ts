// Slack's Block Kit limits (docs.slack.dev/reference/block-kit, a page per block and element;
// /work/shared/notes/slack-limits.md), and the last guard that keeps every text within its
// own: a builder shortens what it can sensibly, this makes sure nothing is ever refused.
import { cutText } from "./slack-text.ts";

export const limits = {
  messageBlocks: 50,
  viewBlocks: 100,
  /**
   * All text of a message's blocks together. Slack refuses past about 12,000 characters
   * (msg_blocks_too_long, undocumented; bolt-js#2867 saw it at 11,341): kept well under.
   */
  messageText: 10_000,
  /** Top-level `text`: the notification. Slack truncates its display past 4,000. */
  topText: 3000,
  sectionText: 3000,
  fields: 10,
  field: 2000,
  header: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  optionText: 75,
  options: 100,
  optionGroups: 100,
  placeholder: 150,
  label: 2000,
  hint: 2000,
  inputMaxLength: 3000,
  viewTitle: 24,
  privateMetadata: 3000,
  confirm: { title: 100, text: 300, button: 30 },
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A text object with its text cut to `max` (anything else as it is). */
export function cutTextObject<T>(v: T, max: number): T {
  if (!isObj(v) || typeof v.text !== "string") return v;
  return { ...v, text: cutText(v.text, max) } as T;
}

/** Every block with each text, list and count within Slack's limit for it. */
export function clampBlocks<T>(blocks: readonly T[]): T[] {
  return blocks.map((b) => (isObj(b) ? (clampBlock(b) as T) : b));
}

function clampBlock(b: Obj): Obj {
  switch (b.type) {
    case "header":
      return { ...b, text: cutTextObject(b.text, limits.header) };
    case "section":
      return {
        ...b,
        ...(b.text !== undefined ? { text: cutTextObject(b.text, limits.sectionText) } : {}),
        ...(Array.isArray(b.fields)
          ? { fields: b.fields.slice(0, limits.fields).map((f) => cutTextObject(f, limits.field)) }
          : {}),
        ...(b.accessory !== undefined ? { accessory: clampElement(b.accessory) } : {}),
      };
    case "context":
      return {
        ...b,
        elements: list(b.elements, limits.contextElements).map((e) =>
          cutTextObject(e, limits.contextText),
        ),
      };
    case "actions":
      return { ...b, elements: list(b.elements, limits.actionsElements).map(clampElement) };
    case "input":
      return {
        ...b,
        label: cutTextObject(b.label, limits.label),
        ...(b.hint !== undefined ? { hint: cutTextObject(b.hint, limits.hint) } : {}),
        element: clampElement(b.element),
      };
    default:
      return b;
  }
}

const list = (v: unknown, max: number): unknown[] => (Array.isArray(v) ? v.slice(0, max) : []);

function clampElement(e: unknown): unknown {
  if (!isObj(e)) return e;
  const out: Obj = { ...e };
  if (e.type === "button") out.text = cutTextObject(e.text, limits.buttonText);
  if (e.placeholder !== undefined)
    out.placeholder = cutTextObject(e.placeholder, limits.placeholder);
  if (isObj(e.confirm)) out.confirm = clampConfirm(e.confirm);
  if (Array.isArray(e.options)) out.options = e.options.slice(0, limits.options).map(clampOption);
  if (Array.isArray(e.option_groups)) {
    out.option_groups = e.option_groups.slice(0, limits.optionGroups).map((g) =>
      isObj(g)
        ? {
            ...g,
            label: cutTextObject(g.label, limits.optionText),
            options: list(g.options, limits.options).map(clampOption),
          }
        : g,
    );
  }
  if (e.initial_option !== undefined) out.initial_option = clampOption(e.initial_option);
  if (Array.isArray(e.initial_options)) out.initial_options = e.initial_options.map(clampOption);
  if (e.type === "plain_text_input") clampTextInput(out);
  return out;
}

function clampOption(o: unknown): unknown {
  if (!isObj(o)) return o;
  const description =
    o.description !== undefined
      ? { description: cutTextObject(o.description, limits.optionText) }
      : {};
  return { ...o, text: cutTextObject(o.text, limits.optionText), ...description };
}

function clampConfirm(c: Obj): Obj {
  const { title, text, button } = limits.confirm;
  const cut = (key: string, max: number) => cutTextObject(c[key], max);
  return {
    ...c,
    title: cut("title", title),
    text: cut("text", text),
    confirm: cut("confirm", button),
    deny: cut("deny", button),
  };
}

/** A definition may allow more than Slack's 3,000 characters; an old value may be longer than today's limit. */
function clampTextInput(e: Obj): void {
  if (typeof e.max_length === "number" && e.max_length > limits.inputMaxLength)
    e.max_length = limits.inputMaxLength;
  const max = typeof e.max_length === "number" ? e.max_length : limits.inputMaxLength;
  if (typeof e.initial_value === "string") e.initial_value = cutText(e.initial_value, max, "");
}
