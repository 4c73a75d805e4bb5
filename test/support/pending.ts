// Many requests waiting on one approver, their DMs posted, as filing them through Slack
// would leave them (used by the fault suite and the benchmarks, where hundreds are needed).
import { ids } from "../../handlers/ids.ts";
import { withPgClient } from "../../src/db/open-database.ts";
import { actionMessage, type Bot } from "./bot.ts";

export interface PendingApproval {
  requestId: number;
  assignmentId: number;
  userId: string;
  message: { channel: string; ts: string };
}

/** The sample return form as the engine receives it (test/support/forms.ts is the modal's). */
const returnForm = (i: number) => ({
  customer: "C1001",
  order_no: `SO-LOAD-${i}`,
  type: "return",
  items: "A-100 胶辊 × 1",
  amount: "1000.00",
  reason: "运输破损",
});

/** `n` return requests waiting on the sales admin's order check, each DM posted. */
export async function pendingApprovals(bot: Bot, n: number): Promise<PendingApproval[]> {
  const requesters = ["USR0001", "USR0002", "USR0003", "USR0004"];
  return inBatches(
    Array.from({ length: n }, (_, i) => i),
    8,
    async (i) => {
      const res = await bot.services.engine.submit(
        "return",
        requesters[i % requesters.length]!,
        returnForm(i),
      );
      if (!res.ok) throw new Error(`could not file a request: ${JSON.stringify(res.error)}`);
      const message = await actionMessage(bot, res.requestId, "USA0001", ids.action.approve);
      const row = await bot.world.database.prisma.assignment.findFirstOrThrow({
        where: { requestId: res.requestId, status: "PENDING" },
      });
      return {
        requestId: res.requestId,
        assignmentId: row.id,
        userId: row.assigneeId,
        message: { channel: message.channel, ts: message.ts },
      };
    },
  );
}

/** Runs `fn` at most `limit` at a time over `items`, results in order. */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
    }),
  );
  return out;
}

/**
 * Thousands of waiting requests at once, written with plain SQL (the engine would take
 * minutes): one request per assignee, waiting on them at a process's first step since
 * `createdAt`, as the engine leaves a new request. No Slack messages, no timers yet.
 */
export async function insertWaiting(
  url: string,
  w: {
    processKey: string;
    versionId: number;
    stepKey: string;
    requesterId: string;
    assignees: string[];
    createdAt: Date;
  },
): Promise<void> {
  await withPgClient(url, async (c) => {
    await c.query(
      `WITH r AS (
         INSERT INTO "Request" ("processKey", "processVersionId", "requesterId", form, "createdAt", "updatedAt")
         SELECT $1, $2, $3, '{"amount":"1000.00","reason":"批量数据"}'::jsonb, $6, $6 FROM unnest($5::text[]) RETURNING id
       ), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM r)
       INSERT INTO "Assignment" ("requestId", "stepIndex", "stepKey", kind, "assigneeId", reason, "createdAt")
       SELECT numbered.id, 0, $4, 'APPROVAL', a.who, '{"kind":"role","role":"bulk"}'::jsonb, $6
       FROM numbered JOIN unnest($5::text[]) WITH ORDINALITY AS a(who, n) ON a.n = numbered.n`,
      [w.processKey, w.versionId, w.requesterId, w.stepKey, w.assignees, w.createdAt.toISOString()],
    );
  });
}
