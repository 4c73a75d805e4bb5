// The click bodies Slack would send to approve pending requests (see test/support/pending.ts).
import { ids } from "../handlers/ids.ts";
import type { Bot } from "../test/support/bot.ts";
import { captureBodies } from "../test/support/capture.ts";
import type { PendingApproval } from "../test/support/pending.ts";

export { type PendingApproval, pendingApprovals } from "../test/support/pending.ts";

/** The signed-request bodies of an approve click on each one (`botUrl`: where the stand-in sends events afterwards). */
export function approveBodies(bot: Bot, botUrl: string, pending: PendingApproval[]): Promise<string[]> {
  return captureBodies(bot.slack, botUrl, pending.map((p) => () => bot.slack.clickButton({ userId: p.userId, actionId: ids.action.approve, message: p.message })));
}
