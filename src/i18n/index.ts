// Message lookup and locale-aware formatting. No user-facing string is written inline elsewhere.
import { DateTime, Duration } from "luxon";
import type { LocalizedText } from "../definitions/schema.ts";
import { en } from "./catalog/en.ts";
import { type MessageKey, zhCN } from "./catalog/zh-CN.ts";
import type { Locale } from "./locale.ts";

export type { Locale } from "./locale.ts";
export type { MessageKey } from "./catalog/zh-CN.ts";

const catalogs: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export type Params = Record<string, string | number>;

export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = catalogs[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks the reader's language from a definition label. */
export function pick(locale: Locale, text: LocalizedText): string {
  return locale === "en" ? text.en : text.zh;
}

/** CNY with thousands separators and two decimals, from a decimal string (never a float). */
export function formatMoney(locale: Locale, amount: string): string {
  const [int = "0", frac = "00"] = amount.replace(/^-/, "").split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${amount.startsWith("-") ? "-" : ""}¥${grouped}.${frac.padEnd(2, "0").slice(0, 2)}`;
}

export function formatDateTime(locale: Locale, at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).setLocale(locale).toFormat("yyyy-MM-dd HH:mm");
}

/** Escapes user text for mrkdwn so it can never become a mention, a link or a broadcast. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** "2天 3小时" / "2 days, 3 hours": how long something has waited (largest two units). */
export function formatWaited(locale: Locale, ms: number): string {
  const d = Duration.fromMillis(Math.max(ms, 1000)).shiftTo("days", "hours", "minutes", "seconds");
  const units = (["days", "hours", "minutes", "seconds"] as const).filter((u) => Math.floor(d.get(u)) > 0).slice(0, 2);
  const shown = Duration.fromObject(Object.fromEntries(units.map((u) => [u, Math.floor(d.get(u))])), { locale });
  return shown.toHuman({ listStyle: "narrow", unitDisplay: locale === "en" ? "long" : "short" });
}
