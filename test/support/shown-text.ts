// What a reader sees of the bot's mrkdwn, rendered as the local workspace page renders it
// (packages/slack-local/src/workspace/render/text.ts, slack-markdown): the formatting, the
// mentions and the links it shows, and its visible text.
import { mrkdwn } from "../../packages/slack-local/src/workspace/render/text.ts";

export interface Shown {
  /** The visible text (line breaks kept, entities decoded). */
  text: string;
  /** The text inside each bold, italic, strike, code, code block and quote. */
  formatted: string[];
  /** Each mention (user, channel, group, @here/@channel/@everyone) as shown. */
  mentions: string[];
  links: { href: string; label: string }[];
}

const ctx = { locale: "zh-CN", timeZone: "Asia/Shanghai", users: [], slackBaseUrl: "" } as const;
const formatting = ["strong", "em", "del", "code", "pre", "blockquote"];

export function showMrkdwn(source: string): Shown {
  const html = mrkdwn(source, ctx).value;
  const inner = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, "g"))].map((m) =>
      visible(m[1]!),
    );
  return {
    text: visible(html),
    formatted: formatting.flatMap(inner),
    mentions: [...html.matchAll(/<span class="s-mention[^"]*">([\s\S]*?)<\/span>/g)].map((m) =>
      visible(m[1]!),
    ),
    links: [...html.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
      href: decode(m[1]!),
      label: visible(m[2]!),
    })),
  };
}

function visible(html: string): string {
  return decode(html.replace(/<br\s*\/?>/g, "\n").replace(/<[^>]*>/g, ""));
}

const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot);/gi, (_, e: string) =>
    e.startsWith("#x") || e.startsWith("#X")
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith("#")
        ? String.fromCodePoint(Number(e.slice(1)))
        : named[e.toLowerCase()]!,
  );
}

/** Every mrkdwn text object in `v` (blocks, a view), however deep. */
export function mrkdwnObjects(v: unknown): { text: string; verbatim?: unknown }[] {
  if (Array.isArray(v)) return v.flatMap(mrkdwnObjects);
  if (typeof v !== "object" || v === null) return [];
  const o = v as Record<string, unknown>;
  const own =
    o.type === "mrkdwn" && typeof o.text === "string"
      ? [o as { text: string; verbatim?: unknown }]
      : [];
  return [...own, ...Object.values(o).flatMap(mrkdwnObjects)];
}

/** Every mrkdwn text object's text in `v`. */
export const mrkdwnTexts = (v: unknown): string[] => mrkdwnObjects(v).map((o) => o.text);

/**
 * What a person reads: the look-alikes shown for mrkdwn markers (∗ ˍ ∼ ˋ ﹡) read as the markers,
 * full-width markers as the markers too, and invisible characters (soft hyphen, word joiner,
 * bidirectional controls) are not seen. Apply it to both sides of a comparison.
 */
export function readAs(text: string): string {
  const same: Record<string, string> = {
    "\u2217": "*",
    "\ufe61": "*",
    "\uff0a": "*",
    "\u02cd": "_",
    "\uff3f": "_",
    "\u223c": "~",
    "\u02cb": "`",
    "\uff40": "`",
  };
  return text
    .replace(/[\u00ad\u2060\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[\u2217\ufe61\uff0a\u02cd\uff3f\u223c\u02cb\uff40]/g, (c) => same[c]!);
}

/** Bidirectional controls (embeddings, overrides, isolates, marks). */
export const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
