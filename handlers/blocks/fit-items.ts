// Runs of like sections (each approver's answers) when a message has more blocks than Slack's
// 50: first joined into as few sections as their texts allow, then only the first ones kept,
// with one "N more" line in place of the rest. A run is marked by its block ids (fitIds.item).
import { limits } from "./limits.ts";
import { textLength } from "./slack-text.ts";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const itemId = (group: string, key: string | number) => `item:${group}:${key}`;
const groupOf = (b: unknown) =>
  isObj(b) && typeof b.block_id === "string" ? /^item:([^:]+):/.exec(b.block_id)?.[1] : undefined;

/** How many items a joined section stands for (one when absent). */
const counts = new WeakMap<object, number>();
const countOf = (b: unknown) => (isObj(b) ? (counts.get(b) ?? 1) : 1);

/** A section with nothing but mrkdwn text: one that can be joined to the next. */
function plainText(b: unknown): string | undefined {
  if (!isObj(b) || b.type !== "section" || b.fields !== undefined || b.accessory !== undefined)
    return undefined;
  return isObj(b.text) && typeof b.text.text === "string" ? b.text.text : undefined;
}

/** Consecutive item sections of one group become as few sections as their texts allow. */
export function joinItems(blocks: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const b of blocks) {
    const last = out.at(-1);
    const [text, lastText] = [plainText(b), plainText(last)];
    const sameRun = groupOf(b) !== undefined && groupOf(b) === groupOf(last);
    if (
      sameRun &&
      text !== undefined &&
      lastText !== undefined &&
      textLength(lastText) + 1 + textLength(text) <= limits.sectionText
    ) {
      const prev = last as Obj;
      const joined = { ...prev, text: { ...(prev.text as Obj), text: `${lastText}\n${text}` } };
      counts.set(joined, countOf(last) + countOf(b));
      out[out.length - 1] = joined;
    } else out.push(b);
  }
  return out;
}

/**
 * Drops the last sections of the longest runs until the message has `max` blocks, each run's
 * dropped ones replaced by `more(n)` (n: the items they held). A run keeps at least one.
 */
export function capItems(
  blocks: unknown[],
  max: number,
  more: (n: number, blockId: string) => unknown,
): unknown[] {
  let excess = blocks.length - max;
  const dropped = new Map<number, number>();
  for (const run of itemRuns(blocks).sort((a, b) => b.length - a.length)) {
    // The "N more" line takes one place: dropping a single section gains nothing.
    const drop = Math.min(run.length - 1, excess + 1);
    if (excess <= 0 || drop < 2) continue;
    const gone = run.slice(run.length - drop);
    for (const i of gone) dropped.set(i, 0);
    dropped.set(
      gone[0]!,
      gone.reduce((n, i) => n + countOf(blocks[i]), 0),
    );
    excess -= drop - 1;
  }
  return blocks.flatMap((b, i) => {
    const n = dropped.get(i);
    if (n === undefined) return [b];
    return n > 0 ? [more(n, `fit.more:${i}`)] : [];
  });
}

/** Indexes of each run of consecutive sections of one item group. */
function itemRuns(blocks: unknown[]): number[][] {
  const runs: number[][] = [];
  blocks.forEach((b, i) => {
    const g = groupOf(b);
    if (g === undefined) return;
    const run = runs.at(-1);
    if (run && run.at(-1) === i - 1 && groupOf(blocks[i - 1]) === g) run.push(i);
    else runs.push([i]);
  });
  return runs;
}
