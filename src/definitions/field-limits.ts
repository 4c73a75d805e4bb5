// How long a free-text form value may be, in characters: one place for the request modal
// (its max_length, a hint to Slack's client) and the validator (the limit itself, since a
// forged submission can send anything). A value over the limit is refused on its field,
// never cut short.
import type { FieldDef } from "./schema.ts";

export const defaultMaxLength = {
  /** Unless the field sets `max_length`. */
  text: 200,
  /** Unless the field sets `max_length`. */
  textarea: 3000,
  /** A link field's address (Slack's URL input takes no max_length of its own). */
  link: 2000,
} as const;

/** Slack's plain_text_input takes a max_length of at most 3,000. */
export const slackTextInputMax = 3000;

/** The limit of a free-text field, or undefined for a field whose values are checked otherwise (a select, a date…). */
export function maxLengthOf(field: FieldDef): number | undefined {
  if (field.type === "text" || field.type === "textarea") return field.max_length;
  if (field.type === "link") return defaultMaxLength.link;
  return undefined;
}

/** Characters as a person counts them (an emoji is one), never more than Slack's client counts. */
export function lengthOf(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
