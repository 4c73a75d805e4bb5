// Requests waiting on an approver with their DMs posted, and the click bodies Slack would send
// to approve them (as test/support/pending.ts, for the bench's harness).
import { ids } from "../handlers/ids.ts";
import { eventually } from "../test/support/bot.ts";
import { captureBodies } from "../test/support/capture.ts";
import { inBatches, type PendingApproval } from "../test/support/pending.ts";
import type { Harness } from "./harness.ts";

export type { PendingApproval } from "../test/support/pending.ts";

/** The sample return form as the engine receives it. */
const returnForm = (i: number) => ({
  customer: "C1001",
  order_no: `SO-LOAD-${i}`,
  type: "return",
  items: "A-100 胶辊 × 1",
  amount: "1000.00",
  reason: "运输破损",
});

/** `n` return requests waiting on the sales admin's order check, each DM posted (by the bot's workers). */
export async function pendingApprovals(h: Harness, n: number): Promise<PendingApproval[]> {
  const requesters = ["USR0001", "USR0002", "USR0003", "USR0004"];
  const db = h.world.database.prisma;
  return inBatches(
    Array.from({ length: n }, (_, i) => i),
    8,
    async (i) => {
      const res = await h.services.engine.submit(
        "return",
        requesters[i % requesters.length]!,
        returnForm(i),
      );
      if (!res.ok) throw new Error(`could not file a request: ${JSON.stringify(res.error)}`);
      const row = await db.assignment.findFirstOrThrow({
        where: { requestId: res.requestId, status: "PENDING" },
      });
      const message = await eventually(
        () =>
          db.slackMessage
            .findUnique({ where: { key: `assignment:${row.id}` } })
            .then((m) => (m?.channel && m.ts ? { channel: m.channel, ts: m.ts } : undefined)),
        `the DM of assignment ${row.id}`,
        120_000,
      );
      return { requestId: res.requestId, assignmentId: row.id, userId: row.assigneeId, message };
    },
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
