// Message lookup and locale-aware formatting. No user-facing string is written inline elsewhere.
import { DateTime, Duration } from "luxon";
import type { LocalizedText } from "../definitions/schema.ts";
import { en } from "./catalog/en.ts";
import { type MessageKey, zhCN } from "./catalog/zh-CN.ts";
import type { Locale } from "./locale.ts";

export type { MessageKey } from "./catalog/zh-CN.ts";
export type { Locale } from "./locale.ts";

const catalogs: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export type Params = Record<string, string | number>;

export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = catalogs[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Picks the reader's language from a definition label. */
export function pick(locale: Locale, text: LocalizedText): string {
  return locale === "en" ? text.en : text.zh;
}

/** CNY with thousands separators and two decimals, from a decimal string (never a float). */
export function formatMoney(_locale: Locale, amount: string): string {
  const [int = "0", frac = "00"] = amount.replace(/^-/, "").split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${amount.startsWith("-") ? "-" : ""}¥${grouped}.${frac.padEnd(2, "0").slice(0, 2)}`;
}

export function formatDateTime(locale: Locale, at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).setLocale(locale).toFormat("yyyy-MM-dd HH:mm");
}

/**
 * Bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069),
 * marks (U+200E, U+200F) and the Arabic letter mark (U+061C). Typed into a value, they reorder
 * what is shown after them, the bot's own words included ("\u202E…" can make text read
 * backwards), so they are dropped wherever typed text is shown. They are kept where it is
 * stored: the record holds what was typed, and a mark may be needed by whoever shows the value
 * in its own context (the ERP, an export).
 */
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function stripBidi(text: string): string {
  return text.replace(bidiControls, "");
}

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

/** "2天 3小时" / "2 days, 3 hours": how long something has waited (largest two units). */
export function formatWaited(locale: Locale, ms: number): string {
  const d = Duration.fromMillis(Math.max(ms, 1000)).shiftTo("days", "hours", "minutes", "seconds");
  const units = (["days", "hours", "minutes", "seconds"] as const)
    .filter((u) => Math.floor(d.get(u)) > 0)
    .slice(0, 2);
  const shown = Duration.fromObject(
    Object.fromEntries(units.map((u) => [u, Math.floor(d.get(u))])),
    { locale },
  );
  return shown.toHuman({ listStyle: "narrow", unitDisplay: locale === "en" ? "long" : "short" });
}
