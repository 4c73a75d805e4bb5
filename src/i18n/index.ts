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
