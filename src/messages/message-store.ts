// The outbox of Slack messages: one row per message a request has (kept up to date) or
// sends once (notices, reminders, alerts). The row is written before anything is sent and
// keeps its delivery state, so a message is never lost: it is pending while its delivered
// `revision` is behind `wantedRevision`, and a Slack answer that can never succeed is kept
// as `failure` (shown on the request's status and told to the admins).
import type { Db } from "../db/open-database.ts";
import type { SlackMessage } from "../generated/prisma/client.ts";
import { MessagePurpose } from "../generated/prisma/enums.ts";

/** What a Slack message of a request is for (the schema's enum, for the glue to name). */
export { MessagePurpose };

export interface MessageTarget {
  key: string;
  purpose: MessagePurpose;
  userId: string;
  assignmentId?: number;
}

export interface Delivered {
  hash: string;
  /** The request revision the content was rendered from (1 for a one-off message). */
  revision: number;
  channel?: string;
  ts?: string;
}

export class MessageStore {
  constructor(private readonly db: Db) {}

  forRequest(requestId: number): Promise<SlackMessage[]> {
    return this.db.slackMessage.findMany({ where: { requestId }, orderBy: { id: "asc" } });
  }

  async get(id: number): Promise<SlackMessage | undefined> {
    return (await this.db.slackMessage.findUnique({ where: { id } })) ?? undefined;
  }

  /**
   * The outbox entry of a message, wanted at `revision`. Returns the new row, or undefined
   * when the key exists already (another sync or worker wrote it: it is not posted twice).
   */
  async claim(
    requestId: number,
    target: MessageTarget,
    revision: number,
    data?: object,
  ): Promise<SlackMessage | undefined> {
    const rows = await this.db.slackMessage.createManyAndReturn({
      data: [
        {
          requestId,
          key: target.key,
          purpose: target.purpose,
          userId: target.userId,
          assignmentId: target.assignmentId,
          wantedRevision: revision,
          data,
        },
      ],
      skipDuplicates: true,
    });
    return rows[0];
  }

  async byKey(key: string): Promise<SlackMessage | undefined> {
    return (await this.db.slackMessage.findUnique({ where: { key } })) ?? undefined;
  }

  /** These messages are behind `revision`: pending until a delivery reaches it. */
  async want(ids: number[], revision: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.slackMessage.updateMany({
      where: { id: { in: ids }, wantedRevision: { lt: revision } },
      data: { wantedRevision: revision },
    });
  }

  /**
   * Records a delivery. Conditional on the revision, so a slower delivery of an older render
   * can never overwrite the record of a newer one. False when a newer one is recorded already.
   */
  async delivered(id: number, d: Delivered): Promise<boolean> {
    const res = await this.db.slackMessage.updateMany({
      where: { id, revision: { lte: d.revision } },
      data: {
        hash: d.hash,
        revision: d.revision,
        attempts: 0,
        lastError: null,
        deliveredAt: new Date(),
        ...(d.ts ? { channel: d.channel, ts: d.ts } : {}),
      },
    });
    return res.count === 1;
  }

  /** A transient failure (Slack down, a timeout): retried; the count shows on the status. */
  async attempted(id: number, error: string): Promise<void> {
    await this.db.slackMessage.update({
      where: { id },
      data: { attempts: { increment: 1 }, lastError: error.slice(0, 500) },
    });
  }

  /** An answer that can never succeed: kept, and no longer retried. */
  async failed(id: number, failure: string): Promise<void> {
    await this.db.slackMessage.update({
      where: { id },
      data: { failure: failure.slice(0, 200), failedAt: new Date() },
    });
  }

  /** The message is gone from Slack (e.g. the local Slack restarted): the next delivery posts it anew. */
  async lost(id: number): Promise<void> {
    await this.db.slackMessage.update({
      where: { id },
      data: { channel: null, ts: null, hash: null, permalink: null },
    });
  }

  async rememberPermalink(id: number, permalink: string): Promise<void> {
    await this.db.slackMessage.update({ where: { id }, data: { permalink } });
  }

  /** Messages still pending a while after they were wanted (their delivery job may be lost). */
  async stalled(olderThan: Date, take = 500): Promise<{ id: number; ts: string | null }[]> {
    return this.db.$queryRaw<{ id: number; ts: string | null }[]>`
      SELECT id, ts FROM "SlackMessage"
      WHERE revision < "wantedRevision" AND failure IS NULL AND ("deliveredAt" IS NULL OR "deliveredAt" < ${olderThan}) AND "createdAt" < ${olderThan}
      ORDER BY id LIMIT ${take}`;
  }
}
