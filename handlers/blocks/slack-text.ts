// Measuring and shortening text as Slack counts it: in code points (an emoji is one), and
// never cutting a mention, a link or an escape in half (`<@U1` or `&am` would show as junk).

/** Characters as Slack counts them in its limits. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/**
 * `<@U…>`, `<!here>`, `<url|label>`, `&amp;`, `&lt;`, `&gt;`: shown as one thing, cut as one.
 * So is a typed line's `>` with the soft hyphen escapeMrkdwn put before it: apart, the `>` could
 * start a line of its own (a quote).
 */
const atoms = /<[^<>\n]*>|\u00AD[ \t]*(?:&gt;|\uFF1E)|&(?:amp|lt|gt);/g;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * `text` if it has at most `max` characters; else as much of it as fits with `tail` after it,
 * cut between whole characters (an emoji with its modifiers is kept whole) and never inside an
 * atom, with the spaces before the cut dropped.
 */
export function cutText(text: string, max: number, tail = "…"): string {
  if (textLength(text) <= max) return text;
  const room = max - textLength(tail);
  if (room <= 0) return [...tail].slice(0, max).join("");
  let end = 0;
  let used = 0;
  for (const unit of units(text)) {
    const n = textLength(unit.text);
    if (used + n > room) break;
    used += n;
    end = unit.end;
  }
  return `${text.slice(0, end).trimEnd()}${tail}`;
}

/** A plain_text value (option, button, title): the same cut, with a bare ellipsis. */
export const cutPlain = (text: string, max: number) => cutText(text, max);

/** The text as its smallest uncuttable pieces, in order, each with where it ends (UTF-16 index). */
function* units(text: string): Generator<{ text: string; end: number }> {
  let at = 0;
  for (const m of text.matchAll(atoms)) {
    yield* pieces(text, at, m.index);
    at = m.index + m[0].length;
    yield { text: m[0], end: at };
  }
  yield* pieces(text, at, text.length);
}

function* pieces(text: string, from: number, to: number): Generator<{ text: string; end: number }> {
  if (from >= to) return;
  for (const g of graphemes.segment(text.slice(from, to)))
    yield { text: g.segment, end: from + g.index + g.segment.length };
}
