// Requests waiting on an approver with their DMs posted, and the click bodies Slack would send
// to approve them (harness/pending.ts, with the DMs delivered by the bot's worker processes).
import { ids } from "../handlers/ids.ts";
import { eventually } from "../harness/async.ts";
import { captureBodies } from "../harness/capture.ts";
import { fileReturns, type PendingApproval } from "../harness/pending.ts";
import type { Harness } from "./harness.ts";

export type { PendingApproval } from "../harness/pending.ts";

/** `n` return requests waiting on the sales admin's order check, each DM posted (by the bot's workers). */
export function pendingApprovals(h: Harness, n: number): Promise<PendingApproval[]> {
  const db = h.world.database.prisma;
  return fileReturns(h, n, (row) =>
    eventually(
      () =>
        db.slackMessage
          .findUnique({ where: { key: `assignment:${row.id}` } })
          .then((m) => (m?.channel && m.ts ? { channel: m.channel, ts: m.ts } : undefined)),
      `the DM of assignment ${row.id}`,
      120_000,
    ),
  );
}

/** The signed-request bodies of an approve click on each one (`botUrl`: where the local Slack sends events afterwards). */
export function approveBodies(
  h: Harness,
  botUrl: string,
  pending: PendingApproval[],
): Promise<string[]> {
  return captureBodies(
    h.slack,
    botUrl,
    pending.map(
      (p) => () =>
        h.slack.clickButton({ userId: p.userId, actionId: ids.action.approve, message: p.message }),
    ),
  );
}
