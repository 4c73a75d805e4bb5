// Many requests waiting on an approver, as filing them through Slack would leave them: the
// fault suite and the benchmarks need hundreds, or thousands.
import { withPgClient } from "../src/db/open-database.ts";
import type { Services } from "../src/services.ts";
import { inBatches } from "./async.ts";
import { bulkReturnForm } from "./samples.ts";
import type { World } from "./world.ts";

export interface PendingApproval {
  requestId: number;
  assignmentId: number;
  userId: string;
  message: { channel: string; ts: string };
}

/**
 * `n` return requests waiting on the sales admin's order check, filed through the engine,
 * each once `posted` has found the assignee's DM (the caller knows how it is delivered).
 */
export async function fileReturns(
  on: { services: Services; world: World },
  n: number,
  posted: (assignment: { id: number; requestId: number; assigneeId: string }) => Promise<{
    channel: string;
    ts: string;
  }>,
): Promise<PendingApproval[]> {
  const requesters = ["USR0001", "USR0002", "USR0003", "USR0004"];
  return inBatches(
    Array.from({ length: n }, (_, i) => i),
    8,
    async (i) => {
      const res = await on.services.engine.submit(
        "return",
        requesters[i % requesters.length]!,
        bulkReturnForm(i),
      );
      if (!res.ok) throw new Error(`could not file a request: ${JSON.stringify(res.error)}`);
      const row = await on.world.database.prisma.assignment.findFirstOrThrow({
        where: { requestId: res.requestId, status: "PENDING" },
      });
      const { channel, ts } = await posted(row);
      return {
        requestId: res.requestId,
        assignmentId: row.id,
        userId: row.assigneeId,
        message: { channel, ts },
      };
    },
  );
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
