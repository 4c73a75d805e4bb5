// Modals and the App Home, fitted to Slack's view limits: a title of 24 characters, every
// text within its own limit, every mrkdwn text verbatim (verbatim.ts). Their 100 blocks are
// the builders' to keep (which blocks can give way depends on the view: a form's inputs never can).
import type { View } from "@slack/types";
import { clampBlocks, limits } from "./limits.ts";
import { cutText, textLength } from "./slack-text.ts";
import { verbatimText } from "./verbatim.ts";

export function fitView<T extends View>(view: T): T {
  const out = { ...view, blocks: verbatimText(clampBlocks(view.blocks)) } as T &
    Record<string, unknown>;
  for (const key of ["title", "submit", "close"] as const) {
    const text = out[key] as { text?: unknown } | undefined;
    if (typeof text?.text === "string") out[key] = { ...text, text: shortTitle(text.text) };
  }
  return out;
}

/** Where a title may be cut: a space or a separator, so a word is never left half. */
const separators = /[\s,;:/|·、，；：（(—–-]/u;

/**
 * A modal title within Slack's 24 characters that still reads as one: up to the last space or
 * separator that fits ("Demo stock: request, transfer, markdown" → "Demo stock: request…"), or,
 * when that would leave less than half (Chinese has no spaces), the characters that fit; then "…".
 */
export function shortTitle(text: string, max: number = limits.viewTitle): string {
  if (textLength(text) <= max) return text;
  const head = cutText(text, max - 1, "");
  const next = text.slice(head.length, head.length + 2);
  let kept = head;
  if (!separators.test([...next][0] ?? " ")) {
    const chars = [...head];
    const at = chars.findLastIndex((c) => separators.test(c));
    if (at >= Math.floor(max / 2)) kept = chars.slice(0, at).join("");
  }
  return `${kept.replace(/[\s,;:/|·、，；：（(—–-]+$/u, "")}…`;
}

/** A modal's private_metadata must fit Slack's 3,000 characters: this bot only keeps ids there. */
export function metadata(meta: object): string {
  const json = JSON.stringify(meta);
  if (textLength(json) > limits.privateMetadata)
    throw new Error(`private_metadata of ${textLength(json)} characters`);
  return json;
}
