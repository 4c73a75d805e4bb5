// Who reads a message: every builder renders for one person, in their language and time zone.
import type { Locale } from "../../src/i18n/index.ts";

export interface Reader {
  locale: Locale;
  timeZone: string;
}

/** Where a person's language and time zone come from (Services has both). */
export interface ReaderSource {
  localeOf(userId: string): Locale;
  timeZoneOf(userId: string): string;
}

export type ReaderOf = (userId: string) => Reader;

/** The one way a reader is made, so every surface reads a person's settings the same. */
export function readerFor(source: ReaderSource): ReaderOf {
  return (userId) => ({ locale: source.localeOf(userId), timeZone: source.timeZoneOf(userId) });
}
