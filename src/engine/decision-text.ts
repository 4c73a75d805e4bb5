// How long an approver's words may be: a reject or return reason, or the comment of any
// decision (approve, transfer, 加签, 抄送). The decision modals give their inputs this
// max_length, and the engine refuses anything longer, since the modal's limit is only a hint
// to Slack's client: a forged or replayed submission can carry any length, and a long reason
// is repeated in the requester's notice, every status and the audit export.
import type { EngineError } from "./types.ts";

/** Characters in a reason or a comment (the decision modals' max_length). */
export const DECISION_TEXT_MAX = 1000;

/**
 * The refusal of a reason or comment over DECISION_TEXT_MAX characters, as stored (trimmed), or
 * undefined. Never cut: what an approver wrote is their decision. The error's key names the
 * part of the decision ("reason", "comment"), which the decision modals use as the block id of
 * its input, as they do for a step's inputs (`inputs.<field>`).
 */
export function tooLongText(
  part: "reason" | "comment",
  text: string | undefined,
): EngineError | undefined {
  // Code points, as Slack counts characters in its limits: 1,000 emoji the modal took pass here too.
  const length = [...(text ?? "").trim()].length;
  return length > DECISION_TEXT_MAX
    ? { type: "invalid_decision", errors: { [part]: { type: "too_long", max: DECISION_TEXT_MAX } } }
    : undefined;
}
