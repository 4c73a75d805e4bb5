// Every mrkdwn text object the bot sends is `verbatim: true`. With Slack's default (false)
// Slack parses the text first: it links bare URLs, channel names and some mentions written
// in it. Nothing the bot writes needs that: its own mentions and links use the `<@U…>` and
// `<url|label>` syntax, which verbatim text still renders, and its formatting (*bold*, `code`)
// is untouched. Typed text then stays as escapeMrkdwn left it. Set on the way out
// (fitMessage, fitView), so no builder can forget it.

type Obj = Record<string, unknown>;

/** A copy of `v` with `verbatim: true` on every mrkdwn text object in it (plain_text takes no such field). */
export function verbatimText<T>(v: T): T {
  if (Array.isArray(v)) return v.map(verbatimText) as T;
  if (typeof v !== "object" || v === null) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v as Obj)) out[k] = verbatimText(x);
  if (out.type === "mrkdwn" && typeof out.text === "string") out.verbatim = true;
  return out as T;
}
