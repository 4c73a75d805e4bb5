// Slack's mrkdwn, written in one place: the catalog holds words and placeholders, and the
// builders put the markup around them (bold(t(locale, "message.path"))). Text that was not
// written as mrkdwn goes in through escapeMrkdwn.
import { stripBidi } from "../../src/i18n/index.ts";

/** `*text*`: bold. */
export const bold = (text: string) => `*${text}*`;

/** `_text_`: italic. */
export const italic = (text: string) => `_${text}_`;

/** `~text~`: struck through (a value an approver or the requester replaced). */
export const strike = (text: string) => `~${text}~`;

/** `` `text` ``: inline code (a command to type, a key). */
export const code = (text: string) => `\`${text}\``;

/** A code block: text shown as is, on lines of its own. */
export const codeBlock = (text: string) => `\`\`\`${text}\`\`\``;

/** `<url|text>`: a link showing `text`. */
export const link = (url: string, text: string) => `<${url}|${text}>`;

/**
 * Each mrkdwn marker and what is shown instead: a look-alike no mrkdwn parser treats as markup.
 * The full-width markers are on the list because Slack reads them as markers too (jsx-slack's
 * escaping handles them for that reason). Code points, not literals: the catalog test keeps
 * full-width punctuation out of string literals.
 */
const lookAlikes = new Map(
  [
    [0x2a, 0x2217], // * → ∗ asterisk operator
    [0x5f, 0x02cd], // _ → ˍ modifier letter low macron
    [0x7e, 0x223c], // ~ → ∼ tilde operator
    [0x60, 0x02cb], // ` → ˋ modifier letter grave accent
    [0xff0a, 0xfe61], // full-width asterisk → small asterisk
    [0xff3f, 0x02cd], // full-width low line → ˍ
    [0xff40, 0x02cb], // full-width grave accent → ˋ
  ].map(([from, to]) => [String.fromCodePoint(from!), String.fromCodePoint(to!)] as const),
);
const markers = /[*_~`\uFF0A\uFF3F\uFF40]/g;
/** Invisible: before a line's `>` so the line no longer starts with it (no quote). */
export const SOFT_HYPHEN = "\u00AD";
/** Invisible: after a URL scheme's colon, so no parser sees a bare URL. */
const WORD_JOINER = "\u2060";

/**
 * Text that was not written as mrkdwn (what people type, values from the database, names from
 * definitions), made inert for a mrkdwn text object: it reads as typed, and never formats,
 * mentions, links or reorders the text around it. Slack's mrkdwn has no backslash escape, and
 * entities exist only for `&`, `<` and `>`, so:
 * - `&`, `<`, `>` become entities (Slack's documented escape): no mention, broadcast or
 *   `<url|label>` link can be typed;
 * - `*`, `_`, `~` and backticks become look-alikes (∗ ˍ ∼ ˋ), which read as the typed characters
 *   and are markup to no parser. An invisible character next to the marker was not chosen:
 *   Slack takes a zero-width space as a word boundary, which is what lets a `*` open bold
 *   (jsx-slack's "exact mode" inserts them to force formatting), and nothing inserted between
 *   two backticks stops slack-markdown (the local page) making them code. A plain_text object
 *   would be exact, but typed text mostly shares its text object with the bot's own mrkdwn (a
 *   bold label above it, a mention of who wrote it);
 * - a `>` at a line start (a quote; Slack reads `&gt;` there as one) gets a soft hyphen before
 *   it: invisible, and the `>` stays the typed character;
 * - a URL's `://` gets a word joiner after the colon, so a typed address is never a link
 *   (`verbatim: true` stops Slack's auto-linking; the local page's slack-markdown links any
 *   bare URL);
 * - bidirectional controls are dropped (stripBidi).
 * The fitting step keeps the soft hyphen with its `&gt;` (handlers/blocks/slack-text.ts).
 */
export function escapeMrkdwn(text: string): string {
  return stripBidi(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(markers, (m) => lookAlikes.get(m)!)
    .replace(/^(?=[ \t]*(?:&gt;|\uFF1E))/gm, SOFT_HYPHEN)
    .replace(/:\/\//g, `:${WORD_JOINER}//`);
}
