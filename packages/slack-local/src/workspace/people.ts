// Who the page lets a visitor be. The app that starts the page supplies them (e.g. from its
// own org directory); the page only shows them.
import type { Locale } from "./messages.ts";

export interface WorkspacePerson {
  /** The Slack user id, as the local Slack knows it. */
  id: string;
  name: string;
  /** The language the page speaks to them. */
  locale: Locale;
  /** IANA time zone for the times shown. */
  timeZone: string;
  /** What they do, per language, e.g. "区域经理 · 上海区域"; shown next to the name and searched. */
  title: Record<Locale, string>;
}
