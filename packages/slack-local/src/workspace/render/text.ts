// Slack text objects as HTML: plain_text escaped, mrkdwn through slack-markdown.
import { toHTML } from "slack-markdown";
import type { Locale } from "../messages.ts";
import { escapeHtml, type Html, html, raw } from "./html.ts";

/** What rendering needs to know about the reader and the workspace. */
export interface RenderContext {
  locale: Locale;
  timeZone: string;
  /** Everyone a users_select can offer, and whose mentions get a name. */
  users: readonly { id: string; name: string }[];
  /** The local Slack's base URL: its message permalinks point at messages on this page. */
  slackBaseUrl: string;
}

export function userName(ctx: RenderContext, id: string): string {
  return ctx.users.find((u) => u.id === id)?.name ?? id;
}

/** A text object (`{ type: "plain_text" | "mrkdwn", text }`) or a bare string. */
export function textObject(value: unknown, ctx: RenderContext): Html {
  if (typeof value === "string") return html`${value}`;
  if (!isText(value)) return html``;
  return value.type === "mrkdwn" ? mrkdwn(value.text, ctx) : plainText(value.text);
}

/** The text of a plain_text object (titles, labels, button texts), as a string. */
export function plain(value: unknown): string {
  if (typeof value === "string") return value;
  return isText(value) ? value.text : "";
}

function plainText(text: string): Html {
  // Slack keeps line breaks in plain text too.
  return raw(escapeHtml(text).replace(/\n/g, "<br>"));
}

export function mrkdwn(text: string, ctx: RenderContext): Html {
  const out = toHTML(text, {
    hrefTarget: "_blank",
    // The name inside <@U…|name> arrives already escaped; a looked-up one is not.
    slackCallbacks: { user: ({ id, name }) => `@${name || escapeHtml(userName(ctx, id))}` },
  });
  return raw(
    localLinks(fixEntities(out), ctx.slackBaseUrl).replace(
      / target="_blank"/g,
      ' target="_blank" rel="noopener noreferrer"',
    ),
  );
}

/**
 * mrkdwn escapes &, < and > as entities; slack-markdown escapes the & again. Undo that
 * one level so "&lt;" shows as "<", as in Slack (one pass, so "&amp;lt;" stays "&lt;").
 */
function fixEntities(out: string): string {
  return out.replace(/&amp;(lt|gt|amp);/g, "&$1;");
}

/** A permalink of the local Slack (reminders link to the original DM) becomes a jump to it here. */
function localLinks(out: string, baseUrl: string): string {
  if (!baseUrl) return out;
  const base = escapeHtml(baseUrl).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return out.replace(
    new RegExp(`href="${base}/archives/D\\w+/p(\\d+)" target="_blank"`, "g"),
    'href="#msg-$1" data-permalink="true"',
  );
}

function isText(v: unknown): v is { type: string; text: string } {
  return typeof v === "object" && v !== null && typeof (v as { text?: unknown }).text === "string";
}
