// The one step every message goes through before it is sent: within Slack's 50 blocks and,
// with a margin, the ~12,000 characters of block text Slack accepts (msg_blocks_too_long).
// A message over either is never delivered, so one that would be is made to fit:
//   1. every text within its own limit (limits.ts);
//   2. too many blocks: runs of like sections (answers) are joined, then only the first ones kept,
//      with "N more" after them;
//   3. too much text: the longest texts are shortened first, to one common length, free-text
//      values (marked by their block id) before anything else, each ending with where to read
//      on;
//   4. if that is not enough, trailing blocks give way (never the header or the buttons);
//   5. every mrkdwn text verbatim (verbatim.ts).
import { type Locale, t } from "../../src/i18n/index.ts";
import { capItems, itemId, joinItems } from "./fit-items.ts";
import { clampBlocks, limits } from "./limits.ts";
import { cutText, textLength } from "./slack-text.ts";
import { verbatimText } from "./verbatim.ts";

export interface FitOptions {
  locale: Locale;
  /** Where the reader finds the rest, e.g. "`/approval status 12`"; ends each shortened text. */
  more?: string;
  /** A button that shows the whole (a modal of the request): added, in a block of its own, when anything was cut. */
  fullView?: object;
}

interface Fittable {
  text: string;
  blocks: unknown[];
}

/** Block ids that tell fitMessage what a section holds. */
export const fitIds = {
  /** Mostly text someone typed (a long field, a comment): shortened first. Keys must be unique in a message. */
  value: (key: string | number) => `value:${key}`,
  /** One of a run of like sections (e.g. each approver's answers): joined or capped when blocks run out. */
  item: itemId,
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const idOf = (b: unknown) => (isObj(b) && typeof b.block_id === "string" ? b.block_id : "");

export function fitMessage<T extends Fittable>(rendered: T, opts: FitOptions): T {
  const whole = JSON.stringify(rendered.blocks);
  // The full-view button needs a block of its own, and its text a little room.
  const room = opts.fullView
    ? { blocks: limits.messageBlocks - 1, text: limits.messageText - 200 }
    : { blocks: limits.messageBlocks, text: limits.messageText };
  let blocks = clampBlocks(structuredClone(rendered.blocks));
  if (blocks.length > room.blocks) blocks = joinItems(blocks);
  if (blocks.length > room.blocks) {
    blocks = capItems(blocks, room.blocks, (n, id) => moreLine(moreText(n, opts), id));
  }
  shortenTexts(blocks, opts, room.text);
  blocks = giveWay(blocks, opts, room);
  if (opts.fullView && JSON.stringify(blocks) !== whole)
    blocks.push({ type: "actions", block_id: "fit.full", elements: [opts.fullView] });
  return {
    ...rendered,
    text: cutText(rendered.text, limits.topText),
    blocks: verbatimText(blocks),
  };
}

/** The characters Slack counts towards msg_blocks_too_long: every text object's text, however deep. */
export function shownLength(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + shownLength(x), 0);
  if (!isObj(v)) return 0;
  const own =
    typeof v.text === "string" &&
    ["plain_text", "mrkdwn", "text", "markdown"].includes(String(v.type))
      ? textLength(v.text)
      : 0;
  return (
    own +
    Object.entries(v).reduce(
      (n, [k, x]) => n + (k === "text" && typeof x === "string" ? 0 : shownLength(x)),
      0,
    )
  );
}

const moreLine = (text: string, blockId: string) => ({
  type: "context",
  block_id: blockId,
  elements: [{ type: "mrkdwn", text }],
});
const moreText = (n: number, { locale, more }: FitOptions) =>
  more ? t(locale, "fit.more", { n, where: more }) : t(locale, "fit.more.here", { n });

interface Slot {
  text: string;
  set(text: string): void;
}

/** Texts that may be shortened: section texts and fields, context texts; values first when `valuesOnly`. */
function slots(blocks: unknown[], valuesOnly: boolean): Slot[] {
  return blocks.flatMap((b) => {
    if (!isObj(b) || (valuesOnly && !/^(value|item):/.test(idOf(b)))) return [];
    const fields = Array.isArray(b.fields) ? b.fields : [];
    const elements = b.type === "context" && Array.isArray(b.elements) ? b.elements : [];
    const objs: unknown[] = b.type === "section" ? [b.text, ...fields] : elements;
    return objs
      .filter((o): o is Obj => isObj(o) && typeof o.text === "string" && o.type !== "image")
      .map((o) => ({ text: o.text as string, set: (s: string) => (o.text = s) }));
  });
}

/** Values down to 400 characters each before anything else, then everything down to 120 if need be. */
const rounds = [
  { valuesOnly: true, floor: 400 },
  { valuesOnly: false, floor: 120 },
];

function shortenTexts(blocks: unknown[], opts: FitOptions, maxText: number): void {
  const tail = opts.more ? t(opts.locale, "fit.cut", { where: opts.more }) : "…";
  for (const round of rounds) {
    const over = shownLength(blocks) - maxText;
    if (over <= 0) return;
    const list = slots(blocks, round.valuesOnly);
    const cap = commonLength(
      list.map((s) => textLength(s.text)),
      over,
      round.floor,
    );
    for (const s of list) if (textLength(s.text) > cap) s.set(cutText(s.text, cap, tail));
  }
}

/** The longest length (≥ floor) to which cutting every longer text saves at least `over`. */
function commonLength(lengths: number[], over: number, floor: number): number {
  const saved = (cap: number) => lengths.reduce((n, len) => n + Math.max(0, len - cap), 0);
  if (saved(floor) <= over) return floor;
  let lo = floor;
  let hi = Math.max(floor, ...lengths);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (saved(mid) >= over) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The last resort: trailing blocks other than the header and buttons go, for one line saying so. */
function giveWay(
  blocks: unknown[],
  opts: FitOptions,
  room: { blocks: number; text: number },
): unknown[] {
  const fits = (list: unknown[]) => list.length <= room.blocks && shownLength(list) <= room.text;
  if (fits(blocks)) return blocks;
  const note = moreLine(
    t(opts.locale, opts.more ? "fit.omitted" : "fit.omitted.here", { where: opts.more ?? "" }),
    "fit.omitted",
  );
  const out = [...blocks];
  const movable = (b: unknown) => isObj(b) && b.type !== "header" && b.type !== "actions";
  while (!fits([...out, note])) {
    const i = out.findLastIndex(movable);
    if (i < 0) break;
    out.splice(i, 1);
  }
  const actions = out.findIndex((b) => isObj(b) && b.type === "actions");
  out.splice(actions < 0 ? out.length : actions, 0, note);
  return out;
}
