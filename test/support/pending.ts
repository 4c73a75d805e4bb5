// Many requests waiting on one approver, their DMs posted, as filing them through Slack
// would leave them (used by the fault suite, where hundreds are needed): harness/pending.ts
// with the DMs looked for in the test bot's local Slack.
import { ids } from "../../handlers/ids.ts";
import { fileReturns, type PendingApproval } from "../../harness/pending.ts";
import { actionMessage, type Bot } from "./bot.ts";

export { inBatches } from "../../harness/async.ts";
export { insertWaiting, type PendingApproval } from "../../harness/pending.ts";

/** `n` return requests waiting on the sales admin's order check, each DM posted. */
export function pendingApprovals(bot: Bot, n: number): Promise<PendingApproval[]> {
  return fileReturns(bot, n, (a) =>
    actionMessage(bot, a.requestId, a.assigneeId, ids.action.approve),
  );
}
